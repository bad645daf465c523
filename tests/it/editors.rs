//! The editors' workflow (issue 4): check, status, new and serve.

use crate::common::*;

/// `senda check --format json` on a site: (exit code, diagnostics).
fn check_json(site: &Site, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), list)
}

fn find<'a>(list: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    list.iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {list:#?}"))
}

fn line_of(site: &Site, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// A fixture whose translations carry up-to-date source hashes, so `check` starts clean.
fn clean_fixture() -> Site {
    let site = Site::fixture("basic");
    for (src, lang) in [
        ("_index.md", "en"),
        ("_index.md", "ar"),
        ("rights/_index.md", "en"),
        ("rights/asylum.md", "en"),
        ("news/second.md", "en"),
    ] {
        let out = site.run(&["new", src, "--lang", lang, "--refresh"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    site
}

#[test]
fn check_of_a_clean_site_passes_and_writes_nothing() {
    let site = clean_fixture();
    let (code, list) = check_json(&site, &[]);
    let errors: Vec<_> = list.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
    assert!(!site.public().exists(), "check never writes the site");
}

#[test]
fn check_reports_schema_errors_with_suggestions() {
    let site = clean_fixture();
    site.write(
        "content/rights/typo.md",
        "---\ntitle: T\ntgas: [asylum]\n---\nx\n",
    );
    let (code, list) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = find(&list, "unknown-key");
    assert_eq!(d["file"], "content/rights/typo.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert_eq!(d["help"], "did you mean `tags`?");
}

#[test]
fn check_reports_broken_links_anchors_and_malformed_addresses() {
    let site = clean_fixture();
    site.write(
        "content/rights/links.md",
        "---\ntitle: L\n---\nA [page](@/nope.md).\n\nAn [anchor](@/rights/asylum.md#nowhere).\n\nA [site](http://exa mple.org) and [another](https:/broken.org).\n\n![](photo.png)\n",
    );
    let (code, list) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let file = "content/rights/links.md";
    let broken = find(&list, "broken-link");
    assert_eq!(
        (
            broken["file"].as_str(),
            broken["line"].as_u64(),
            broken["column"].as_u64()
        ),
        (Some(file), Some(4), Some(3))
    );
    let anchor = find(&list, "missing-anchor");
    assert_eq!(
        (anchor["line"].as_u64(), anchor["column"].as_u64()),
        (Some(6), Some(4))
    );
    let malformed = find(&list, "malformed-url");
    assert_eq!(malformed["line"], 8);
    assert_eq!(malformed["severity"], "warning");
    let alt = find(&list, "image-alt");
    assert_eq!(alt["line"], 10);
}

#[test]
fn check_reports_fluent_syntax_missing_and_unused_strings() {
    let site = clean_fixture();
    // A syntax error, and an unused string, in Arabic.
    let ar = std::fs::read_to_string(site.root().join("locales/ar/main.ftl")).unwrap();
    site.write(
        "locales/ar/main.ftl",
        &format!("{ar}never-used = لا\nbroken = {{ $x\n"),
    );
    let (code, list) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let syntax = find(&list, "fluent-syntax");
    assert_eq!(syntax["file"], "locales/ar/main.ftl");
    assert_eq!(
        syntax["line"],
        line_of(&site, "locales/ar/main.ftl", "broken =")
    );
    let unused = list
        .iter()
        .find(|d| {
            d["code"] == "fluent-unused" && d["message"].as_str().unwrap().contains("never-used")
        })
        .expect("unused key reported");
    assert_eq!(
        unused["line"],
        line_of(&site, "locales/ar/main.ftl", "never-used")
    );
    // The Arabic file of the fixture lacks the month names: missing, with the fallback used.
    let missing = list
        .iter()
        .find(|d| {
            d["code"] == "fluent-missing" && d["message"].as_str().unwrap().contains("`month-5`")
        })
        .expect("missing key reported");
    assert_eq!(missing["severity"], "warning");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("missing in ar; readers see the en text")
    );
    assert_eq!(missing["file"], "locales/ar/main.ftl");
}

#[test]
fn review_dates_warn_and_fail_with_strict() {
    let site = clean_fixture();
    let p = "content/rights/asylum.md";
    let text = std::fs::read_to_string(site.root().join(p)).unwrap();
    site.write(
        p,
        &text.replace("review_by: 2027-06-30", "review_by: 2020-01-31"),
    );
    let (code, list) = check_json(&site, &[]);
    assert_eq!(code, 0, "a passed review date is a warning");
    let d = find(&list, "review-due");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some(p), Some(line_of(&site, p, "review_by") as u64))
    );
    assert_eq!(d["severity"], "warning");
    let (code, list) = check_json(&site, &["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(find(&list, "review-due")["severity"], "error");
}

#[test]
fn outdated_translations_are_reported_and_refreshed() {
    let site = clean_fixture();
    let src = "content/rights/asylum.md";
    let text = std::fs::read_to_string(site.root().join(src)).unwrap();
    site.write(
        src,
        &text.replace("Es gratis.", "Es gratis y confidencial."),
    );
    let (_, list) = check_json(&site, &[]);
    let d = find(&list, "outdated-translation");
    let tr = "content/rights/asylum.en.md";
    assert_eq!(d["file"], tr);
    assert_eq!(d["line"], line_of(&site, tr, "source_hash"));
    // Status shows it as outdated.
    let out = site.run(&["status", "--format", "json", "--lang", "en"]);
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["languages"][0]["outdated"], 1);
    // The translator updates it and refreshes the hash: clean again.
    let out = site.run(&["new", "rights/asylum.md", "--lang", "en", "--refresh"]);
    assert!(out.status.success());
    let (_, list) = check_json(&site, &[]);
    assert!(
        !list.iter().any(|d| d["code"] == "outdated-translation"),
        "{list:#?}"
    );
}

#[test]
fn pages_over_the_budget_are_errors() {
    let site = clean_fixture();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    // Every page carries the theme's critical CSS inline (about 2.4 KB gzip) and the
    // stylesheet (3.4 KB) counts too: the fixture's other pages weigh
    // up to 7.5 KB, the long one about 11.
    site.write("site.yaml", &format!("{config}budget_kb: 9\n"));
    // A long page that compresses badly.
    let mut body = String::new();
    for i in 0..900u32 {
        body.push_str(&format!("w{} ", i.wrapping_mul(2_654_435_761) % 1_000_003));
    }
    site.write(
        "content/rights/long.md",
        &format!("---\ntitle: Long\n---\n{body}\n"),
    );
    let (code, list) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let over: Vec<_> = list.iter().filter(|d| d["code"] == "page-budget").collect();
    assert!(!over.is_empty());
    assert!(
        over.iter().all(|d| d["file"] == "content/rights/long.md"),
        "{over:#?}"
    );
    assert!(
        over[0]["message"]
            .as_str()
            .unwrap()
            .contains("over the budget of 9 KB")
    );
}

#[test]
fn stale_directory_entries_are_reported_by_check() {
    let site = Site::bundled();
    let data = std::fs::read_to_string(site.root().join("data/services.yaml")).unwrap();
    site.write(
        "data/services.yaml",
        &data.replacen("last_verified: 2026-12-01", "last_verified: 2024-10-01", 1),
    );
    let (_, list) = check_json(&site, &[]);
    let d = find(&list, "stale-entry");
    assert_eq!(d["file"], "data/services.yaml");
    assert_eq!(
        d["line"],
        line_of(&site, "data/services.yaml", "2024-10-01")
    );
}

#[test]
fn text_output_points_at_file_line_and_column() {
    let site = clean_fixture();
    site.write(
        "content/rights/typo.md",
        "---\ntitle: T\nweight: ten\n---\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[wrong-type]: `weight` must be a whole number, like 10"),
        "{err}"
    );
    assert!(err.contains("  --> content/rights/typo.md:3:9"), "{err}");
    assert!(err.contains(" 3 | weight: ten"), "{err}");
    assert!(err.contains("Check failed: 1 error(s)"), "{err}");
}

#[test]
fn status_counts_translated_outdated_and_missing() {
    let site = clean_fixture();
    // Make one English translation outdated.
    let p = "content/rights/asylum.en.md";
    let text = std::fs::read_to_string(site.root().join(p)).unwrap();
    site.write(p, &text.replace("source_hash: \"", "source_hash: \"0"));
    let out = site.run(&["status", "--format", "json"]);
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["pages"], 8, "home, rights (3), news (4)");
    let en = &s["languages"][0];
    assert_eq!(en["code"], "en");
    // en: home, rights/_index, news/second translated; asylum outdated; 4 missing.
    assert_eq!(
        (
            en["translated"].as_u64(),
            en["outdated"].as_u64(),
            en["missing"].as_u64()
        ),
        (Some(3), Some(1), Some(4))
    );
    assert_eq!(en["percent"], 37.5);
    let todo: Vec<&str> = en["todo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["file"].as_str().unwrap())
        .collect();
    assert!(todo.contains(&"content/rights/asylum.en.md"));
    assert!(todo.contains(&"content/rights/detention.en.md"));
    let rights = en["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["section"] == "rights")
        .unwrap();
    assert_eq!(
        (rights["translated"].as_u64(), rights["total"].as_u64()),
        (Some(1), Some(3))
    );
    // fr has nothing; ar only the home page.
    assert_eq!(s["languages"][1]["missing"], 8);
    assert_eq!(s["languages"][2]["translated"], 1);

    let text = String::from_utf8(site.run(&["status"]).stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    assert!(
        text.contains("outdated  content/rights/asylum.en.md"),
        "{text}"
    );
    let html = String::from_utf8(
        site.run(&["status", "--format", "html", "--lang", "fr"])
            .stdout,
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.select(&sel("script")).next().is_none());
    assert_eq!(doc.select(&sel("h2")).count(), 1, "only fr");
    assert!(html.contains("content/rights/detention.fr.md"));
}

#[test]
fn new_creates_pages_and_translations_and_never_overwrites() {
    let site = clean_fixture();
    let out = site.run(&["new", "rights/work-permits.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/rights/work-permits.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"Work permits\"\n"), "{text}");
    let review = text.lines().find(|l| l.starts_with("review_by:")).unwrap();
    let year = senda::Date::today().year + 1;
    assert!(review.contains(&year.to_string()), "{review}");
    // Refuses to overwrite.
    let out = site.run(&["new", "rights/work-permits.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"));
    // The new page builds.
    site.build();

    // A translation: the source's text with its hash.
    let out = site.run(&["new", "rights/detention.md", "--lang", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tr = std::fs::read_to_string(site.root().join("content/rights/detention.fr.md")).unwrap();
    let src = std::fs::read_to_string(site.root().join("content/rights/detention.md")).unwrap();
    let body = &src[src[3..].find("---").unwrap() + 7..];
    let hash = senda::source_hash(body);
    assert!(tr.contains(&format!("source_hash: \"{hash}\"")), "{tr}");
    assert!(tr.ends_with(body), "the body is copied");
    let out = site.run(&["new", "rights/detention.md", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(1));
    // Unknown language, default language and --refresh of a missing file are refused.
    assert_eq!(
        site.run(&["new", "rights/detention.md", "--lang", "de"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        site.run(&["new", "rights/detention.md", "--lang", "es"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        site.run(&["new", "rights/asylum.md", "--lang", "fr", "--refresh"])
            .status
            .code(),
        Some(1)
    );
    // The translation is counted as translated.
    let out = site.run(&["status", "--format", "json", "--lang", "fr"]);
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["languages"][0]["translated"], 1);
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_refuses_traversal() {
    let site = clean_fixture();
    let server = Server::start(&site, &[]);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );

    let (status, body) = server.get("/es/rights/asylum/");
    assert_eq!(status, 200);
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(&doc, "h1"), "Pedir asilo");
    // The live-reload script is injected, and served.
    assert!(attrs(&doc, "script", "src").contains(&"/__senda/live.js".to_string()));
    assert_eq!(server.get("/__senda/live.js").0, 200);
    // Nothing was written to disk.
    assert!(!site.public().exists());

    // Edit a page: the new text is served within a few seconds.
    let p = "content/rights/asylum.md";
    let original = std::fs::read_to_string(site.root().join(p)).unwrap();
    site.write(
        p,
        &original.replace("title: Pedir asilo", "title: Pedir asilo hoy"),
    );
    server.wait_for("/es/rights/asylum/", "the rebuilt page", |b| {
        b.contains("Pedir asilo hoy")
    });

    // Break it: the last good page is still served, with the error overlay (file and line).
    site.write(
        p,
        &original.replace("title: Pedir asilo", "title: [Pedir asilo"),
    );
    let body = server.wait_for("/es/rights/asylum/", "the overlay", |b| {
        b.contains("senda-overlay")
    });
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(&doc, "h1"), "Pedir asilo hoy");
    let overlay = text(&doc, "#senda-overlay");
    assert!(overlay.contains("content/rights/asylum.md:2:"), "{overlay}");
    // Fix it: the overlay goes.
    site.write(p, &original);
    server.wait_for("/es/rights/asylum/", "the fixed page", |b| {
        !b.contains("senda-overlay") && b.contains("Pedir asilo<")
    });

    // Paths that escape the site: 404, in every encoding.
    for bad in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/es/../../site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%5csite.yaml",
    ] {
        let (status, body) = server.get(bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("base_url"), "{bad} leaked site.yaml");
    }
    // Unknown paths get the language's 404 page.
    let (status, body) = server.get("/en/no/such/page/");
    assert_eq!(status, 404);
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(attr(&doc, "html", "lang").as_deref(), Some("en"));
    assert_eq!(text(&doc, "h1"), "Page not found");
}

/// The errors' headline and location lines (`error[code]: …`, `--> file:line:column`), in
/// order, from rendered diagnostics (build's stderr, or the serve overlay's text).
fn diagnostic_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(l) = lines.next() {
        if l.starts_with("error[") {
            out.push(l.to_string());
            if let Some(at) = lines.next().filter(|a| a.starts_with("-->")) {
                out.push(at.to_string());
            }
        }
    }
    out
}

#[test]
fn serve_build_and_check_report_the_same_diagnostics() {
    // A link to a draft, and one to a page that does not exist, added while serve runs (the
    // path that updates the model in place), then the same site built and checked.
    let site = clean_fixture();
    let server = Server::start(&site, &[]);
    let p = "content/rights/detention.md";
    let original = std::fs::read_to_string(site.root().join(p)).unwrap();
    site.write(
        p,
        &format!("{original}\nMira el [borrador](@/news/draft.md) y [otra](@/rights/nope.md).\n"),
    );
    let body = server.wait_for("/es/rights/detention/", "the overlay", |b| {
        b.contains("senda-overlay")
    });
    let doc = scraper::Html::parse_document(&body);
    let overlay: Vec<String> = doc
        .select(&sel("#senda-overlay pre"))
        .flat_map(|e| diagnostic_lines(&e.text().collect::<String>()))
        .collect();
    drop(server);

    let build = site.run(&["build"]);
    assert!(!build.status.success());
    let built = diagnostic_lines(&stderr(&build));
    let check = site.run(&["check"]);
    assert!(!check.status.success());
    let checked = diagnostic_lines(&stderr(&check));

    assert!(
        built.iter().any(|l| l.contains("draft")),
        "the draft is named as such: {built:?}"
    );
    assert_eq!(
        built.len(),
        4,
        "two errors, each with its location: {built:?}"
    );
    assert_eq!(overlay, built, "serve and build differ");
    assert_eq!(checked, built, "check and build differ");
}

#[test]
fn a_build_quotes_the_lines_check_quotes_though_it_frees_the_texts() {
    // A build frees each page's text once it is parsed; the problems found later (links,
    // anchors, addresses, templates, images, taxonomies) read the file again for their line,
    // column and snippet, which must be those `check` (which keeps the texts) reports.
    let site = clean_fixture();
    let file = "content/rights/later.md";
    site.write(
        file,
        "---\ntitle: Después\ntemplate: nope.html\ntags: [\"--\"]\n---\n\
         Über [una página](@/nope.md) — ñandú.\n\n\
         Un [ancla](@/rights/asylum.md#ninguna).\n\n\
         Una [dirección](/es/ninguna/).\n\n\
         ![Una foto](no-existe.png)\n",
    );
    let out = site.run(&["build", "--format", "json"]);
    assert!(!out.status.success());
    let built: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let (_, checked) = check_json(&site, &[]);
    let key = |d: &serde_json::Value| {
        (
            d["code"].clone(),
            d["file"].clone(),
            d["line"].clone(),
            d["column"].clone(),
        )
    };
    let in_file: Vec<_> = built.iter().filter(|d| d["file"] == file).collect();
    let codes: Vec<&str> = in_file.iter().filter_map(|d| d["code"].as_str()).collect();
    for code in [
        "broken-link",
        "missing-anchor",
        "unknown-template",
        "duplicate-url",
    ] {
        assert!(codes.contains(&code), "no {code} in {in_file:#?}");
    }
    for d in &in_file {
        assert!(d["line"].as_u64().is_some_and(|l| l > 1), "{d:#?}");
        assert!(
            checked.iter().any(|c| key(c) == key(d)),
            "build and check differ on {d:#?}\ncheck: {checked:#?}"
        );
    }
    let broken = find(&built, "broken-link");
    assert_eq!(
        (broken["line"].as_u64(), broken["column"].as_u64()),
        (Some(6), Some(6)),
        "{broken:#?}"
    );
    // The text output quotes each line, read again from the file.
    let text = stderr(&site.run(&["build"]));
    for line in [
        "template: nope.html",
        "tags: [\"--\"]",
        "Über [una página](@/nope.md) — ñandú.",
        "Un [ancla](@/rights/asylum.md#ninguna).",
    ] {
        assert!(
            text.contains(&format!("| {line}")),
            "{line} not quoted in {text}"
        );
    }
}
