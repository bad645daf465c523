//! The first paint (README "The first paint"): every page of the web and ZIM editions carries
//! the critical CSS in one `<style>`, allowed by its SHA-256 in the Content-Security-Policy (the
//! page's meta tag, `_headers`, and the shipped nginx and Caddy files), never by
//! 'unsafe-inline', with the whole stylesheet linked at the end of the body; the kiosk links its
//! stylesheets in the head and inlines nothing; a stylesheet without marks inlines nothing; marks
//! that do not pair up are an error with the file and line. Hashes are computed here from the
//! text in the built pages, as a browser does, not taken from senda.

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine as _;
use scraper::Html;
use sha2::{Digest as _, Sha256};

use crate::common::*;

/// The CSP source a browser accepts for an inline element with this exact text.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The sources of one directive of a policy (`None` if the policy lacks it).
fn directive(csp: &str, name: &str) -> Option<Vec<String>> {
    csp.split(';').map(str::trim).find_map(|d| {
        let mut words = d.split_whitespace();
        (words.next() == Some(name)).then(|| words.map(str::to_string).collect())
    })
}

/// Every HTML file under `dir`, as (path relative to `dir`, text).
fn pages(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("admin/"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

fn meta_csp(doc: &Html) -> Option<String> {
    attr(doc, "meta[http-equiv=Content-Security-Policy]", "content")
}

/// The page's inline style texts and where its stylesheets are linked: (in head, in body).
struct Styles {
    inline: Vec<String>,
    head_links: Vec<String>,
    body_links: Vec<String>,
    /// Is the body's last element the stylesheet link?
    link_last: bool,
}

fn styles(doc: &Html) -> Styles {
    let links = |s: &str| attrs(doc, s, "href");
    let body = doc.select(&sel("body")).next().unwrap();
    let last = body.children().filter_map(scraper::ElementRef::wrap).last();
    Styles {
        inline: doc
            .select(&sel("style"))
            .map(|e| e.text().collect::<String>())
            .collect(),
        head_links: links("head link[rel=stylesheet]"),
        body_links: links("body link[rel=stylesheet]"),
        link_last: last.is_some_and(|e| {
            e.value().name() == "link" && e.value().attr("rel") == Some("stylesheet")
        }),
    }
}

/// The Content-Security-Policy value of the first `add_header Content-Security-Policy "…"` or
/// Caddy `Content-Security-Policy "…"` line in a shipped server file.
fn shipped_csp(file: &str) -> String {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    let line = text
        .lines()
        .find(|l| {
            let l = l.trim_start();
            l.starts_with("add_header Content-Security-Policy ")
                || l.starts_with("Content-Security-Policy ")
        })
        .unwrap_or_else(|| panic!("{file} has no Content-Security-Policy"));
    let start = line.find('"').unwrap() + 1;
    let end = line.rfind('"').unwrap();
    line[start..end].to_string()
}

/// Checks one edition's pages: each with the one `<style>` allowed by its hash, the stylesheet
/// last in the body; returns the policy (the same on every page) and the style text.
fn check_inlined(dir: &Path) -> (String, String) {
    let mut policies = BTreeSet::new();
    let mut texts = BTreeSet::new();
    let mut checked = 0;
    for (path, html) in pages(dir) {
        let doc = Html::parse_document(&html);
        let Some(csp) = meta_csp(&doc) else {
            // Only the redirect pages of aliases have no policy: they show nothing.
            assert!(html.contains("http-equiv=\"refresh\""), "{path}: no CSP");
            continue;
        };
        let s = styles(&doc);
        assert_eq!(
            s.inline.len(),
            1,
            "{path}: {} <style> elements",
            s.inline.len()
        );
        assert!(
            doc.select(&sel("head style")).next().is_some(),
            "{path}: the <style> is not in the head"
        );
        assert!(
            doc.select(&sel("[style]")).next().is_none(),
            "{path}: a style attribute"
        );
        let allowed = vec!["'self'".to_string(), hash_source(&s.inline[0])];
        assert_eq!(
            directive(&csp, "style-src"),
            Some(allowed),
            "{path}: the policy does not allow the page's own <style> by its hash"
        );
        assert!(!csp.contains("unsafe-"), "{path}: {csp}");
        assert!(
            s.head_links.is_empty(),
            "{path}: a stylesheet blocks the first paint: {:?}",
            s.head_links
        );
        assert_eq!(s.body_links.len(), 1, "{path}: {:?}", s.body_links);
        assert!(
            s.link_last,
            "{path}: the stylesheet is not the body's last element"
        );
        // Relative links from the page's folder; the root 404 page's are site-absolute (it is
        // served at any address).
        let href = &s.body_links[0];
        let target = match href.strip_prefix('/') {
            Some(abs) => Path::new(abs).to_path_buf(),
            None => Path::new(&path).parent().unwrap().join(href),
        };
        let css = std::fs::read_to_string(dir.join(&target))
            .unwrap_or_else(|e| panic!("{path}: {}: {e}", target.display()));
        assert!(
            s.body_links[0]
                .rsplit('/')
                .next()
                .unwrap()
                .starts_with("style."),
            "{path}: {:?}",
            s.body_links
        );
        assert!(
            css.contains("critical: start"),
            "{path}: not the whole stylesheet"
        );
        policies.insert(csp);
        texts.insert(s.inline[0].clone());
        checked += 1;
    }
    assert!(
        checked > 400,
        "only {checked} pages checked in {}",
        dir.display()
    );
    assert_eq!(policies.len(), 1, "{policies:#?}");
    assert_eq!(texts.len(), 1, "the pages inline different CSS");
    (policies.pop_first().unwrap(), texts.pop_first().unwrap())
}

#[test]
fn every_page_inlines_the_critical_css_allowed_by_its_hash_in_every_policy() {
    let site = built_hub();
    let (csp, css) = check_inlined(&site.public());
    // Small enough for every page; the pages' weight is `senda check`'s budget (hub tests).
    assert!(
        css.len() > 2000 && css.len() < 16 * 1024,
        "{} bytes",
        css.len()
    );
    assert!(
        css.contains(".exit-bar{") && css.contains(".sos summary{"),
        "{css}"
    );
    assert!(
        !css.contains("@media print"),
        "print rules are not for the first screen"
    );
    assert!(!css.contains("/*"), "comments are dropped");

    // The host's headers: the same policy, plus what only a header can say.
    let want = format!("{csp}; frame-ancestors 'none'");
    let headers = site.read("_headers");
    assert!(
        headers.contains(&format!("/*\n  Content-Security-Policy: {want}\n")),
        "_headers:\n{headers}"
    );
    assert!(!headers.contains("unsafe-inline"), "{headers}");
    // The shipped server files: a theme change without their new hash fails here.
    for file in ["deploy/nginx/security-headers.conf", "deploy/Caddyfile"] {
        assert_eq!(
            shipped_csp(file),
            want,
            "{file}: copy the policy from the built _headers"
        );
    }
}

#[test]
fn the_zim_edition_inlines_it_too_and_the_kiosk_links_its_stylesheets_in_the_head() {
    let site = Site::bundled();
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kiosk = site.root().join("public-kiosk");
    let mut checked = 0;
    for (path, html) in pages(&kiosk) {
        let doc = Html::parse_document(&html);
        let Some(csp) = meta_csp(&doc) else { continue };
        let s = styles(&doc);
        assert!(s.inline.is_empty(), "{path}: a <style> on a kiosk");
        assert_eq!(
            directive(&csp, "style-src"),
            Some(vec!["'self'".to_string()]),
            "{path}"
        );
        // kiosk.css comes after the whole stylesheet, which it overrides.
        assert_eq!(s.head_links.len(), 2, "{path}: {:?}", s.head_links);
        assert!(s.head_links[0].ends_with(".css") && s.head_links[0].contains("style."));
        assert!(
            s.head_links[1].contains("kiosk."),
            "{path}: {:?}",
            s.head_links
        );
        assert!(s.body_links.is_empty(), "{path}");
        checked += 1;
    }
    assert!(checked > 400, "{checked}");

    // The ZIM edition (rendered in memory, as `senda build --zim` packs it).
    let dir = tempfile::tempdir().unwrap();
    for (path, file) in &render_in_memory(&site, senda::Edition::Zim, false) {
        let to = dir.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, file.read().unwrap()).unwrap();
    }
    let (csp, _) = check_inlined(dir.path());
    assert!(!csp.contains("unsafe-"), "{csp}");
}

#[test]
fn the_theme_author_marks_the_critical_css_and_without_marks_nothing_is_inlined() {
    let theme_css =
        std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let site = Site::fixture("basic");
    // A site's static/style.css replaces the theme's: marks of its own.
    site.write(
        "static/style.css",
        &format!(
            "{theme_css}\n/* critical: start */\n/* mine */\n.brand  {{ color : #123456 ; }}\n/* critical: end */\nfooter {{ color: red }}\n"
        ),
    );
    site.build();
    let doc = site.html("es/index.html");
    let s = styles(&doc);
    assert_eq!(s.inline.len(), 1);
    // A space before `:` is kept (in a selector it means something).
    assert!(
        s.inline[0].ends_with("}.brand{color :#123456;}"),
        "{}",
        s.inline[0]
    );
    assert!(!s.inline[0].contains("footer{color:red}"));
    let csp = meta_csp(&doc).unwrap();
    assert_eq!(
        directive(&csp, "style-src"),
        Some(vec!["'self'".into(), hash_source(&s.inline[0])])
    );
    assert!(site.read("_headers").contains(&hash_source(&s.inline[0])));

    // Without marks: the stylesheet in the head, as before, and no hash in any policy.
    site.write("static/style.css", "body { color: #222; }\n");
    site.build();
    for page in ["es/index.html", "index.html", "es/rights/index.html"] {
        let doc = site.html(page);
        let s = styles(&doc);
        assert!(s.inline.is_empty(), "{page}");
        assert_eq!(s.head_links.len(), 1, "{page}");
        assert!(s.body_links.is_empty(), "{page}");
        let csp = meta_csp(&doc).unwrap();
        assert_eq!(directive(&csp, "style-src"), Some(vec!["'self'".into()]));
    }
    assert!(!site.read("_headers").contains("sha256-"));
}

#[test]
fn marks_that_do_not_pair_up_are_an_error_at_their_line() {
    let message = fails_cleanly(
        |site| {
            site.write(
                "static/style.css",
                "body { margin: 0 }\n/* critical: start */\nh1 { font-size: 2rem }\n",
            )
        },
        "critical-css",
        "static/style.css",
        Some(2),
    );
    assert!(message.contains("never closed"), "{message}");
    let message = fails_cleanly(
        |site| {
            site.write(
                "static/style.css",
                "/* critical: start */\n.a::after { content: \"</style><script>\" }\n/* critical: end */\n",
            )
        },
        "critical-css",
        "static/style.css",
        Some(2),
    );
    assert!(message.contains('<'), "{message}");
}
