//! The machine-readable files: `sitemap.xml` (every translated page with its hreflang
//! alternates; for a site larger than one file may hold, an index of `sitemap-N.xml` files),
//! one Atom feed per language (`/LANG/atom.xml`, dated pages, newest first) and `robots.txt`.
//! Dates come from front matter, never from the clock, so output is deterministic.

use std::fmt::Write as _;

use crate::content::Site;
use crate::diag::{Diagnostic, Location};
use crate::i18n::{I18n, strip_isolation};
use crate::lang::Lang;
use crate::output::OutputFile;
use crate::routes;

/// Entries per feed.
const FEED_ENTRIES: usize = 50;

pub fn escape_xml(s: &str) -> String {
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            || ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
    };
    // Most strings (addresses, language codes) need nothing: copied at once.
    let Some(first) = s.find(special) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The most addresses and bytes one sitemap file may hold (sitemaps.org: 50,000 and 50 MB,
/// uncompressed).
const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 50 * 1024 * 1024;

/// The sitemap: `sitemap.xml` with every address, or, for a site with more than one file
/// holds (`sitemap_parts`), `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, …
/// Each file is `routes::sitemap_file(n)`: 0 the one `robots.txt` names, then the parts.
pub fn sitemaps(site: &Site) -> Vec<OutputFile> {
    let parts = sitemap_parts(site);
    if let [one] = parts.as_slice() {
        return vec![urlset(site, one, routes::sitemap_file(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts.len() {
        let loc = format!("{}/{}", site.config.base_url, routes::sitemap_file(n));
        let _ = writeln!(index, "<sitemap><loc>{}</loc></sitemap>", escape_xml(&loc));
    }
    index.push_str("</sitemapindex>\n");
    let mut out = vec![OutputFile::bytes(
        routes::sitemap_file(0),
        index.into_bytes(),
    )];
    out.extend(
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| urlset(site, part, routes::sitemap_file(i + 1))),
    );
    out
}

/// The pages (indexes into `site.pages`) of each sitemap file, in order: as many pages as fit
/// in `SITEMAP_MAX_URLS` addresses and `SITEMAP_MAX_BYTES` (by `page_entries_size`, which is
/// never less than what is written). Always at least one part, maybe of no pages.
pub fn sitemap_parts(site: &Site) -> Vec<Part> {
    let base = escaped_len(&site.config.base_url);
    let urls = |page: &crate::content::Page| page.versions.iter().flatten().count();
    let sizes = site
        .pages
        .iter()
        .map(|page| (urls(page), page_entries_size(site, page, base)));
    partition(sizes, sitemap_max_urls(), SITEMAP_MAX_BYTES)
}

/// One sitemap file: its pages and about its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pages: std::ops::Range<usize>,
    size: usize,
}

/// Splits pages, each `(addresses, bytes)`, into runs that fit `max_urls` and `max_bytes` (a
/// page alone over them still gets a file of its own: its entries are not split).
fn partition(
    pages: impl Iterator<Item = (usize, usize)>,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<Part> {
    // The urlset's opening and closing tags.
    const FRAME: usize = 256;
    let mut parts = Vec::new();
    let (mut start, mut urls, mut size) = (0, 0, FRAME);
    let mut end = 0;
    for (i, (n, bytes)) in pages.enumerate() {
        if end > start && (urls + n > max_urls || size + bytes > max_bytes) {
            parts.push(Part {
                pages: start..i,
                size,
            });
            (start, urls, size) = (i, 0, FRAME);
        }
        urls += n;
        size += bytes;
        end = i + 1;
    }
    parts.push(Part {
        pages: start..end,
        size,
    });
    parts
}

/// `SITEMAP_MAX_URLS`; test builds (debug assertions on) take `SENDA_TEST_SITEMAP_URLS`
/// instead when it is set, so the tests can make a small site's sitemap an index.
fn sitemap_max_urls() -> usize {
    crate::test_limit("SENDA_TEST_SITEMAP_URLS", SITEMAP_MAX_URLS)
}

/// A `<urlset>` of the pages of `part`, written at `path`.
fn urlset(site: &Site, part: &Part, path: String) -> OutputFile {
    let base = &site.config.base_url;
    // Made at its full size at once: the sitemap of a large site is tens of megabytes, and
    // growing a string by doubling holds the old and the new one together.
    let mut xml = String::with_capacity(part.size);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let default = site.default_lang();
    for page in &site.pages[part.pages.clone()] {
        for lang in site.config.langs() {
            let Some(version) = &page.versions[lang] else {
                continue;
            };
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc>",
                escape_xml(&format!("{base}{}", page.urls[lang]))
            );
            if let Some(d) = version.front.updated.or(version.front.date) {
                let _ = writeln!(xml, "<lastmod>{d}</lastmod>");
            }
            for l in site.config.langs() {
                if page.has_translation(l) {
                    let _ = writeln!(
                        xml,
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        escape_xml(site.config.code(l)),
                        escape_xml(&format!("{base}{}", page.urls[l]))
                    );
                }
            }
            let _ = writeln!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n</url>",
                escape_xml(&format!("{base}{}", page.urls[default]))
            );
        }
    }
    xml.push_str("</urlset>\n");
    // The parts are cut by `page_entries_size`: it must never be less than what is written
    // (every test build checks it on every sitemap it makes).
    debug_assert!(xml.len() <= part.size, "{} > {}", xml.len(), part.size);
    OutputFile::bytes(path, xml.into_bytes())
}

/// At least the bytes of a page's `<url>` entries (`base`: the escaped base URL's length).
fn page_entries_size(site: &Site, page: &crate::content::Page, base: usize) -> usize {
    let default = site.default_lang();
    let url = |l: Lang| base + escaped_len(&page.urls[l]);
    let translated = || site.config.langs().filter(|&l| page.has_translation(l));
    // `<xhtml:link rel="alternate" hreflang="" href=""/>` and a line break.
    let links: usize = translated()
        .map(|l| url(l) + escaped_len(site.config.code(l)) + 50)
        .sum();
    // The same with `x-default`, then `</url>` and two line breaks.
    let x_default = url(default) + 66;
    site.config
        .langs()
        .filter(|&l| page.versions[l].is_some())
        // `<url><loc></loc>` and a line break; `<lastmod>YYYY-MM-DD</lastmod>` and one, with
        // room for a longer year.
        .map(|l| url(l) + 17 + 32 + links + x_default)
        .sum()
}

/// The length of `s` once escaped by `escape_xml` (less where it drops characters XML does
/// not allow: never more).
fn escaped_len(s: &str) -> usize {
    s.len()
        + s.bytes()
            .map(|b| match b {
                b'<' | b'>' => 3,
                b'&' => 4,
                b'"' | b'\'' => 5,
                _ => 0,
            })
            .sum::<usize>()
}

/// `robots.txt`. The base URL is a parsed address (`config::parse_base_url`): it holds no
/// line break, so it cannot add a line.
pub fn robots(site: &Site) -> OutputFile {
    OutputFile::bytes(
        routes::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}/{}\n",
            site.config.base_url,
            routes::sitemap_file(0)
        )
        .into_bytes(),
    )
}

/// The site's title in a language (the UI string `site-title`, else site.yaml's `title`).
pub fn site_title(site: &Site, i18n: &I18n, lang: Lang) -> String {
    i18n.format(lang, "site-title", &[])
        .map(|t| strip_isolation(&t))
        .unwrap_or_else(|_| site.config.title.clone())
}

/// `/LANG/atom.xml` for every language.
/// Fails only when a page's file, read again for its body (a build), changed since loading.
pub fn feeds(
    site: &Site,
    title: impl Fn(Lang) -> String,
) -> Result<Vec<OutputFile>, Box<Diagnostic>> {
    let base = &site.config.base_url;
    let mut out = Vec::new();
    for lang in site.config.langs() {
        let language = site.config.language(lang);
        let mut dated: Vec<(crate::date::Date, usize)> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_section)
            .filter_map(|(i, p)| p.shown_version(lang).front.date.map(|d| (d, i)))
            .collect();
        dated.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(site.pages[a.1].path.cmp(&site.pages[b.1].path))
        });
        dated.truncate(FEED_ENTRIES);
        let feed_url = format!("{base}{}", routes::feed_url(&site.config, lang));
        let home = format!("{base}{}", routes::home_url(&site.config, lang));
        let updated = dated
            .iter()
            .map(|(_, i)| {
                let f = &site.pages[*i].shown_version(lang).front;
                f.updated.or(f.date)
            })
            .max()
            .flatten();
        let mut xml = String::new();
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}T00:00:00Z</updated>\n",
            escape_xml(&language.code),
            escape_xml(&title(lang)),
            escape_xml(&feed_url),
            escape_xml(&home),
            escape_xml(&feed_url),
            updated.map_or_else(|| "1970-01-01".to_string(), |d| d.to_string()),
        );
        for (date, i) in &dated {
            let page = &site.pages[*i];
            let v = page.shown_version(lang);
            let link = format!("{base}{}", page.urls[lang]);
            let doc = site
                .document(v)
                .map_err(|e| Box::new(Diagnostic::error(&e, Location::file(&v.file))))?;
            let body = crate::render::body_html(site, v, &doc, lang);
            let body = absolute_links(&body, base);
            let _ = write!(
                xml,
                "<entry xml:lang=\"{}\">\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{date}T00:00:00Z</published>\n<updated>{}T00:00:00Z</updated>\n",
                escape_xml(site.config.code(v.lang)),
                escape_xml(v.front.title.trim()),
                escape_xml(&link),
                escape_xml(&link),
                v.front.updated.unwrap_or(*date),
            );
            if let Some(d) = &v.front.description {
                let _ = writeln!(xml, "<summary>{}</summary>", escape_xml(d.trim()));
            }
            let _ = write!(
                xml,
                "<content type=\"html\">{}</content>\n</entry>\n",
                escape_xml(&body)
            );
        }
        xml.push_str("</feed>\n");
        out.push(OutputFile::bytes(
            routes::feed_file(&site.config, lang),
            xml.into_bytes(),
        ));
    }
    Ok(out)
}

/// Site-absolute links in a feed body made absolute with the base URL (escaped for the
/// attribute; the whole body is escaped again for XML).
fn absolute_links(html: &str, base: &str) -> String {
    let base = crate::html::escape(base);
    html.replace("href=\"/", &format!("href=\"{base}/"))
        .replace("src=\"/", &format!("src=\"{base}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        for s in ["", "plain", "<a href=\"x\">&'", "&&&", "ñandú's"] {
            assert_eq!(escaped_len(s), escape_xml(s).len(), "{s}");
        }
        assert!(escaped_len("a\u{1}\u{FFFF}") >= escape_xml("a\u{1}\u{FFFF}").len());
    }

    fn ranges(parts: &[Part]) -> Vec<std::ops::Range<usize>> {
        parts.iter().map(|p| p.pages.clone()).collect()
    }

    #[test]
    fn pages_are_split_where_a_file_would_hold_too_many_addresses_or_bytes() {
        let pages = [(5, 100), (5, 100), (5, 100), (1, 10)];
        // Everything fits one file.
        assert_eq!(
            ranges(&partition(pages.into_iter(), 16, 10_000)),
            vec![0..4]
        );
        // 10 addresses a file: 5 + 5, 5 + 1.
        assert_eq!(
            ranges(&partition(pages.into_iter(), 10, 10_000)),
            [0..2, 2..4]
        );
        // 9 addresses: a file each for the first three, the last with the third.
        assert_eq!(
            ranges(&partition(pages.into_iter(), 9, 10_000)),
            [0..1, 1..2, 2..4]
        );
        // Bytes: the frame (256) and two pages fit 460, not three.
        assert_eq!(
            ranges(&partition(pages.into_iter(), 100, 460)),
            [0..2, 2..4]
        );
        // A page over the limits alone still has its file; no pages, one empty file.
        assert_eq!(
            ranges(&partition([(7, 10)].into_iter(), 3, 10_000)),
            vec![0..1]
        );
        assert_eq!(ranges(&partition(std::iter::empty(), 3, 10)), vec![0..0]);
        // Every part's addresses within the limit, in order, none lost.
        let many = (0..1000).map(|i| (i % 6, 50 + i % 7));
        let parts = partition(many.clone(), 20, 2_000);
        let sizes: Vec<(usize, usize)> = many.collect();
        assert_eq!(parts.first().map(|p| p.pages.start), Some(0));
        assert_eq!(parts.last().map(|p| p.pages.end), Some(1000));
        for w in parts.windows(2) {
            assert_eq!(w[0].pages.end, w[1].pages.start);
        }
        for p in &parts {
            let urls: usize = sizes[p.pages.clone()].iter().map(|s| s.0).sum();
            let bytes: usize = sizes[p.pages.clone()].iter().map(|s| s.1).sum();
            assert!(
                urls <= 20 && bytes + 256 <= 2_000 && bytes + 256 == p.size,
                "{p:?}"
            );
        }
    }
}
