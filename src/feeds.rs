//! The machine-readable files: `sitemap.xml` (every translated page with its hreflang
//! alternates), one Atom feed per language (`/LANG/atom.xml`, dated pages, newest first) and
//! `robots.txt`. Dates come from front matter, never from the clock, so output is deterministic.

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

pub fn sitemap(site: &Site) -> OutputFile {
    let base = &site.config.base_url;
    // Made at its full size at once: the sitemap of a large site is tens of megabytes (66 MB
    // at 20,000 × 5), and growing a string by doubling holds the old and the new one together.
    let mut xml = String::with_capacity(sitemap_size(site));
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let default = site.default_lang();
    for page in &site.pages {
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
    OutputFile::bytes(routes::SITEMAP, xml.into_bytes())
}

/// About the size of the sitemap (a little more: addresses are rarely escaped).
fn sitemap_size(site: &Site) -> usize {
    let base = site.config.base_url.len();
    let default = site.default_lang();
    let page_size = |page: &crate::content::Page| {
        let links: usize = site
            .config
            .langs()
            .filter(|&l| page.has_translation(l))
            .map(|l| base + page.urls[l].len() + 56)
            .sum();
        let x_default = base + page.urls[default].len() + 72;
        site.config
            .langs()
            .filter(|&l| page.has_translation(l))
            .map(|l| base + page.urls[l].len() + 48 + links + x_default)
            .sum::<usize>()
    };
    let size: usize = site.pages.iter().map(page_size).sum::<usize>() + 256;
    size + size / 32
}

/// `robots.txt`. The base URL is a parsed address (`config::parse_base_url`): it holds no
/// line break, so it cannot add a line.
pub fn robots(site: &Site) -> OutputFile {
    OutputFile::bytes(
        routes::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}/{}\n",
            site.config.base_url,
            routes::SITEMAP
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
    }
}
