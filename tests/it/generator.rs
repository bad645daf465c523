//! The generator (issue 2): languages, fallbacks, links, Fluent, feeds, errors, atomicity.

use crate::common::*;
use std::process::Command;

#[test]
fn every_language_has_a_prefix_and_the_root_is_a_chooser() {
    let site = Site::fixture("basic");
    site.build();
    for lang in ["es", "en", "fr", "ar"] {
        for page in [
            "index.html",
            "rights/index.html",
            "rights/asylum/index.html",
            "rights/detention/index.html",
            "news/first/index.html",
            "404.html",
        ] {
            assert!(
                site.public().join(lang).join(page).is_file(),
                "{lang}/{page}"
            );
        }
    }
    let chooser = site.html("index.html");
    let links = attrs(&chooser, "ul.tiles a", "href");
    assert_eq!(
        links,
        [
            "es/index.html",
            "en/index.html",
            "fr/index.html",
            "ar/index.html"
        ]
    );
    // Each language is named in its own language and script.
    assert_eq!(
        attrs(&chooser, "ul.tiles a", "lang"),
        ["es", "en", "fr", "ar"]
    );
    assert_eq!(text(&chooser, "ul.tiles a[lang=ar] strong"), "العربية");
    assert_eq!(
        attr(&chooser, "ul.tiles a[lang=ar]", "dir").as_deref(),
        Some("rtl")
    );
    // Drafts are left out.
    assert!(!site.public().join("es/news/draft").exists());
}

#[test]
fn untranslated_page_is_published_with_fallback_notice_marks_canonical_and_hreflang() {
    let site = Site::fixture("basic");
    site.build();
    // rights/detention exists only in Spanish.
    let doc = site.html("en/rights/detention/index.html");
    assert_eq!(attr(&doc, "html", "lang").as_deref(), Some("en"));
    let notice = plain(&text(&doc, ".notice"));
    assert!(
        notice.contains("not yet translated") && notice.contains("Español"),
        "{notice}"
    );
    // The content is marked as Spanish.
    assert_eq!(attr(&doc, ".content", "lang").as_deref(), Some("es"));
    assert_eq!(attr(&doc, ".content", "dir").as_deref(), Some("ltr"));
    // Canonical points at the original.
    assert_eq!(
        attr(&doc, "link[rel=canonical]", "href").as_deref(),
        Some("https://hub.example.org/sub/es/rights/detention/")
    );
    // hreflang only for languages that have the page, plus x-default.
    let hreflangs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
    assert_eq!(hreflangs, ["es", "x-default"]);
    // The switcher marks which languages really have it.
    let untranslated = attrs(&doc, "nav.langs li.untranslated a", "lang");
    assert_eq!(untranslated, ["en", "fr", "ar"]);
    let translated = attrs(&doc, "nav.langs li:not(.untranslated) a", "lang");
    assert_eq!(translated, ["es"]);
    assert_eq!(
        attr(&doc, "nav.langs a[aria-current=page]", "lang").as_deref(),
        Some("en")
    );

    // A translated page has no notice, and hreflang for each translation.
    let doc = site.html("en/rights/asylum/index.html");
    assert!(doc.select(&sel(".notice")).next().is_none());
    assert_eq!(
        attrs(&doc, "link[rel=alternate][hreflang]", "hreflang"),
        ["es", "en", "x-default"]
    );
    assert_eq!(
        attr(&doc, "link[rel=canonical]", "href").as_deref(),
        Some("https://hub.example.org/sub/en/rights/asylum/")
    );
}

#[test]
fn fallback_follows_the_chain() {
    let site = Site::fixture("basic");
    site.build();
    // ar falls back to en, then es: asylum exists in en.
    let doc = site.html("ar/rights/asylum/index.html");
    assert_eq!(attr(&doc, ".content", "lang").as_deref(), Some("en"));
    assert_eq!(text(&doc, "h1"), "Asking for asylum");
    // fr falls back to es.
    let doc = site.html("fr/rights/asylum/index.html");
    assert_eq!(attr(&doc, ".content", "lang").as_deref(), Some("es"));
}

#[test]
fn arabic_pages_are_right_to_left() {
    let site = Site::fixture("basic");
    site.build();
    let doc = site.html("ar/index.html");
    assert_eq!(attr(&doc, "html", "dir").as_deref(), Some("rtl"));
    assert_eq!(attr(&doc, "html", "lang").as_deref(), Some("ar"));
    assert_eq!(attr(&doc, ".content", "dir").as_deref(), Some("rtl"));
    // Arabic page shown with English fallback content keeps an ltr content element.
    let doc = site.html("ar/rights/asylum/index.html");
    assert_eq!(attr(&doc, "html", "dir").as_deref(), Some("rtl"));
    assert_eq!(attr(&doc, ".content", "dir").as_deref(), Some("ltr"));
}

#[test]
fn at_links_resolve_to_the_readers_language_relatively() {
    let site = Site::fixture("basic");
    site.build();
    // Spanish home links to the Spanish asylum page with its anchor.
    let doc = site.html("es/index.html");
    let hrefs = attrs(&doc, ".content a", "href");
    assert_eq!(
        hrefs,
        ["rights/asylum/index.html#steps", "rights/index.html"]
    );
    // The same Spanish body shown to French readers links to French URLs.
    let doc = site.html("fr/index.html");
    assert_eq!(
        attrs(&doc, ".content a", "href")[0],
        "rights/asylum/index.html#steps"
    );
    // Deeper pages use ../ paths; a link to a page not translated stays in the reader's language.
    let doc = site.html("en/rights/asylum/index.html");
    let hrefs = attrs(&doc, ".content a", "href");
    assert_eq!(hrefs[0], "../detention/index.html");
    // A link naming a translation file goes to that language.
    assert_eq!(hrefs[1], "../../../es/rights/asylum/index.html#steps");
    // Resolving every relative link from its file lands on a real file.
    for (file, _) in snapshot(&site.public()) {
        // 404 and offline pages are served at other addresses: their links are absolute.
        if !file.ends_with(".html") || file.ends_with("404.html") || file.ends_with("offline.html")
        {
            continue;
        }
        let doc = site.html(&file);
        let dir = std::path::Path::new(&file).parent().unwrap().to_path_buf();
        for href in attrs(&doc, "a[href], link[rel=stylesheet]", "href") {
            if href.starts_with("http")
                || href.starts_with("tel:")
                || href.starts_with('#')
                || href.starts_with("mailto:")
            {
                continue;
            }
            let path = href.split('#').next().unwrap();
            let target = site.public().join(&dir).join(path);
            assert!(target.is_file(), "{file}: {href} → {}", target.display());
        }
    }
}

#[test]
fn fluent_plurals_in_english_and_arabic() {
    let site = Site::fixture("basic");
    site.build();
    // rights has 2 pages, news 3 (the draft is left out).
    let en = site.html("en/rights/index.html");
    assert_eq!(plain(&text(&en, "h2.count")), "2 pages");
    let en_news = site.html("en/news/index.html");
    assert_eq!(plain(&text(&en_news, "h2.count")), "3 pages");
    let ar = site.html("ar/rights/index.html");
    assert_eq!(plain(&text(&ar, "h2.count")), "صفحتان");
    let ar_news = site.html("ar/news/index.html");
    assert_eq!(plain(&text(&ar_news, "h2.count")), "3 صفحات");
    // A term with one page in English: "1 page".
    let tag = site.html("en/tags/detention/index.html");
    assert_eq!(plain(&text(&tag, "p.count")), "1 page");
    let tag = site.html("ar/tags/detention/index.html");
    assert_eq!(plain(&text(&tag, "p.count")), "صفحة واحدة");
}

#[test]
fn sitemap_lists_translations_with_alternates() {
    let site = Site::fixture("basic");
    site.build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree_like(&xml);
    // asylum exists in es and en: two <url> entries, each with es, en and x-default alternates.
    let asylum: Vec<&(String, Vec<(String, String)>)> = doc
        .iter()
        .filter(|(loc, _)| loc.ends_with("/rights/asylum/"))
        .collect();
    assert_eq!(asylum.len(), 2);
    for (_, alts) in asylum {
        let langs: Vec<&str> = alts.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["es", "en", "x-default"]);
        assert!(
            alts.iter()
                .all(|(_, h)| h.starts_with("https://hub.example.org/sub/"))
        );
    }
    // detention only in es: no English entry.
    assert!(
        !doc.iter()
            .any(|(loc, _)| loc.ends_with("/en/rights/detention/"))
    );
    assert!(
        doc.iter()
            .any(|(loc, _)| loc == "https://hub.example.org/sub/es/rights/detention/")
    );
}

#[test]
fn a_sitemap_over_the_limit_of_addresses_becomes_an_index_of_sitemaps() {
    // sitemaps.org allows 50,000 addresses (and 50 MB) a file; a larger site's sitemap.xml
    // lists files that each hold fewer. Test builds take the limit from the environment.
    let site = Site::fixture("basic");
    site.build();
    let whole = roxmltree_like(&site.read("sitemap.xml"));
    assert!(whole.len() > 6, "{}", whole.len());
    let out = Command::new(env!("CARGO_BIN_EXE_senda"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("SENDA_TEST_SITEMAP_URLS", "3")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let index = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&index).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "sitemapindex");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() >= whole.len() / 3, "{locs:?}");
    let mut parts = Vec::new();
    for (i, loc) in locs.iter().enumerate() {
        let file = format!("sitemap-{}.xml", i + 1);
        assert_eq!(*loc, format!("https://hub.example.org/sub/{file}"));
        let part = roxmltree_like(&site.read(&file));
        // A page's languages stay together; none has more than 3 here.
        assert!((1..=3).contains(&part.len()), "{file}: {}", part.len());
        parts.extend(part);
    }
    // The parts hold every address of the whole, in order, with the same alternates.
    assert_eq!(parts, whole);
    assert!(
        !site
            .public()
            .join(format!("sitemap-{}.xml", locs.len() + 1))
            .exists()
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://hub.example.org/sub/sitemap.xml")
    );
    // serve makes the same files, at its own address.
    let server = Server::start_with_env(&site, &[], &[("SENDA_TEST_SITEMAP_URLS", "3")]);
    let local = |xml: String| xml.replace("https://hub.example.org/sub", &server.base);
    let (status, body) = server.get("/sitemap-2.xml");
    assert_eq!(status, 200);
    assert_eq!(body, local(site.read("sitemap-2.xml")));
    assert_eq!(server.get("/sitemap.xml").1, local(index));
    // A smaller site again: one sitemap, and the parts of the last build are gone.
    site.build();
    assert_eq!(roxmltree_like(&site.read("sitemap.xml")), whole);
    assert!(!site.public().join("sitemap-1.xml").exists());
}

/// (loc, [(hreflang, href)]) for each <url> of a sitemap.
fn roxmltree_like(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let loc = url
                .children()
                .find(|c| c.has_tag_name("loc"))
                .and_then(|l| l.text())
                .unwrap_or_default()
                .to_string();
            let alts = url
                .children()
                .filter(|c| c.tag_name().name() == "link")
                .map(|l| {
                    (
                        l.attribute("hreflang").unwrap_or("").to_string(),
                        l.attribute("href").unwrap_or("").to_string(),
                    )
                })
                .collect();
            (loc, alts)
        })
        .collect()
}

#[test]
fn atom_feed_per_language_with_dated_pages_newest_first() {
    let site = Site::fixture("basic");
    site.build();
    let xml = site.read("en/atom.xml");
    assert!(xml.starts_with("<?xml"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let child = |e: &roxmltree::Node, name: &str| {
        e.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let titles: Vec<String> = entries.iter().map(|e| child(e, "title")).collect();
    // Newest first; the second item is translated, the others fall back to Spanish.
    assert_eq!(
        titles,
        ["Tercera noticia", "Second news item", "Primera noticia"]
    );
    let langs: Vec<String> = entries
        .iter()
        .map(|e| {
            e.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(langs, ["es", "en", "es"]);
    let ids: Vec<String> = entries.iter().map(|e| child(e, "id")).collect();
    assert_eq!(ids[1], "https://hub.example.org/sub/en/news/second/");
    assert!(xml.contains("<updated>2018-06-01T00:00:00Z</updated>"));
    assert!(site.public().join("es/atom.xml").is_file());
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://hub.example.org/sub/sitemap.xml")
    );
}

#[test]
fn unknown_front_matter_key_is_an_error_with_file_line_and_suggestion() {
    let site = Site::fixture("basic");
    site.write(
        "content/rights/bad.md",
        "---\ntitle: Malo\ndescripton: typo here\n---\nBody\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-key]: unknown key `descripton`"),
        "{err}"
    );
    assert!(err.contains("--> content/rights/bad.md:3:1"), "{err}");
    assert!(err.contains("did you mean `description`?"), "{err}");
    assert!(!site.public().exists(), "nothing is written on error");
}

#[test]
fn wrong_type_and_malformed_yaml_point_at_the_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/rights/weight.md",
        "---\ntitle: x\nweight: heavy\n---\n",
    );
    site.write("content/rights/broken.md", "---\ntitle: 'unclosed\n---\n");
    let out = site.run(&["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    let find = |file: &str| {
        list.iter()
            .find(|d| d["file"] == file)
            .unwrap_or_else(|| panic!("no diagnostic for {file}: {json}"))
    };
    let w = find("content/rights/weight.md");
    assert_eq!(w["code"], "wrong-type");
    assert_eq!(w["line"], 3);
    assert_eq!(w["severity"], "error");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("`weight` must be a whole number")
    );
    let b = find("content/rights/broken.md");
    assert_eq!(b["code"], "yaml-syntax");
    assert_eq!(b["line"], 2);
}

#[test]
fn broken_links_and_anchors_are_errors() {
    let site = Site::fixture("basic");
    site.write(
        "content/rights/links.md",
        "---\ntitle: Links\n---\nSee [x](@/rights/nope.md) and\n[y](@/rights/asylum.md#nope).\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[broken-link]: the link target `@/rights/nope.md` does not exist"),
        "{err}"
    );
    assert!(err.contains("--> content/rights/links.md:4:5"), "{err}");
    assert!(err.contains("error[missing-anchor]"), "{err}");
    assert!(err.contains("--> content/rights/links.md:5:1"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = Site::fixture("basic");
    site.build();
    let before = snapshot(&site.public());
    site.write("content/rights/bad.md", "---\ntitle: [unclosed\n---\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&site.public()), before);
    // No staging folder is left behind.
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("senda"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = Site::fixture("basic");
    site.build();
    let first = snapshot(&site.public());
    site.build();
    assert_eq!(snapshot(&site.public()), first);
    // And another copy of the same input, elsewhere, gives the same bytes too.
    let other = Site::fixture("basic");
    other.build();
    assert_eq!(snapshot(&other.public()), first);
}

#[test]
fn bad_config_is_reported_with_its_line() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("fallback: [en, es]", "fallback: [en]"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[bad-fallback]"), "{err}");
    assert!(err.contains("--> site.yaml:8:"), "{err}");
    assert!(err.contains("add `es` at the end"), "{err}");
}

#[test]
fn bad_usage_exits_with_2() {
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn html_is_minified_and_assets_are_hashed() {
    let site = Site::fixture("basic");
    site.build();
    let html = site.read("es/index.html");
    assert!(!html.contains("\n\n"), "minified");
    let css = attr(&site.html("es/index.html"), "link[rel=stylesheet]", "href").unwrap();
    assert!(
        css.starts_with("../style.") && css.ends_with(".css"),
        "{css}"
    );
    assert!(site.public().join(css.trim_start_matches("../")).is_file());
}

#[test]
fn precompress_writes_gzip_and_brotli_copies_that_decode_to_each_file() {
    use std::io::Read as _;
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--precompress"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut checked = 0;
    for (path, bytes) in snapshot(&site.public()) {
        let text_file = [
            ".html",
            ".css",
            ".js",
            ".json",
            ".xml",
            ".txt",
            ".svg",
            ".webmanifest",
        ]
        .iter()
        .any(|ext| path.ends_with(ext));
        let gz = site.public().join(format!("{path}.gz"));
        let br = site.public().join(format!("{path}.br"));
        if !text_file {
            assert!(
                !gz.exists() && !br.exists(),
                "{path} is not text: no copies"
            );
            continue;
        }
        let mut from_gz = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap())
            .read_to_end(&mut from_gz)
            .unwrap();
        assert_eq!(from_gz, bytes, "{path}.gz");
        let mut from_br = Vec::new();
        brotli::Decompressor::new(std::fs::File::open(&br).unwrap(), 4096)
            .read_to_end(&mut from_br)
            .unwrap();
        assert_eq!(from_br, bytes, "{path}.br");
        if bytes.len() > 2048 {
            assert!(
                std::fs::metadata(&br).unwrap().len() < std::fs::metadata(&gz).unwrap().len(),
                "{path}: brotli should beat gzip"
            );
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} text files");
}
