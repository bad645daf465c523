//! The bundled hub (issue 3): its real content builds cleanly, is complete in every language,
//! and the services directory groups, filters and links phone numbers as it should.

use std::collections::BTreeSet;

use crate::common::*;

fn built_hub() -> Site {
    let site = Site::bundled();
    let out = site.build();
    let err = stderr(&out);
    assert!(
        !err.contains("warning[") && !err.contains("error["),
        "the bundled hub must build without warnings:\n{err}"
    );
    site
}

#[test]
fn the_hub_builds_without_warnings_and_every_page_exists_in_every_language() {
    let site = built_hub();
    let es: BTreeSet<String> = snapshot(&site.public().join("es"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with("index.html"))
        .collect();
    // Pages written from content (not taxonomy or directory filter pages).
    let mut d = senda::diag::Diagnostics::new();
    let loaded = senda::load(site.root(), None, false, &mut d).expect("loads");
    let content_pages = loaded.site.pages.len();
    assert!(content_pages >= 35, "only {content_pages} pages in Spanish");
    for lang in ["en", "fr", "ht", "ar"] {
        let other: BTreeSet<String> = snapshot(&site.public().join(lang))
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p.ends_with("index.html"))
            .collect();
        assert_eq!(other, es, "{lang} has different pages from es");
    }
}

#[test]
fn every_page_has_the_required_front_matter() {
    let site = Site::bundled();
    let mut d = senda::diag::Diagnostics::new();
    let loaded = senda::load(site.root(), None, false, &mut d).expect("loads");
    assert!(!d.has_errors(), "{:?}", d.sorted());
    let countries = ["mx", "gt", "bz", "hn", "sv", "cr", "pa"];
    for page in &loaded.site.pages {
        for v in page.versions.iter().flatten() {
            let f = &v.front;
            let file = v.file.display();
            assert!(
                f.description
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty()),
                "{file}: description"
            );
            assert!(f.review_by.is_some(), "{file}: review_by");
            let c = f
                .countries
                .as_ref()
                .unwrap_or_else(|| panic!("{file}: countries"));
            assert!(
                !c.is_empty() && c.iter().all(|c| countries.contains(&c.as_str())),
                "{file}: countries {c:?}"
            );
            assert!(
                f.tags.as_ref().is_some_and(|t| !t.is_empty()),
                "{file}: tags"
            );
            // A translation says the same things as its source.
            let source = &page.source(loaded.site.default_lang()).front;
            assert_eq!(
                f.countries, source.countries,
                "{file}: countries differ from the source"
            );
            assert_eq!(
                f.weight, source.weight,
                "{file}: weight differs from the source"
            );
        }
    }
}

#[test]
fn translations_cover_what_the_content_issue_promises() {
    let site = Site::bundled();
    let mut d = senda::diag::Diagnostics::new();
    let loaded = senda::load(site.root(), None, false, &mut d).expect("loads");
    let s = &loaded.site;
    let lang = |code: &str| s.config.language_index(code).expect("language");
    let (en, fr, ht, ar) = (lang("en"), lang("fr"), lang("ht"), lang("ar"));
    for page in &s.pages {
        assert!(page.has_translation(en), "en missing: {}", page.path);
        let must_fr_ht = page.is_section
            || page.path.starts_with("countries/")
            || page.path == "help/emergency-numbers"
            || page.path == "help/report-abuse";
        if must_fr_ht {
            assert!(page.has_translation(fr), "fr missing: {}", page.path);
            assert!(page.has_translation(ht), "ht missing: {}", page.path);
        }
        if page.path.is_empty() || page.path == "help/emergency-numbers" {
            assert!(page.has_translation(ar), "ar missing: {}", page.path);
        }
    }
}

#[test]
fn directory_lists_entries_grouped_by_country_and_city() {
    let site = built_hub();
    let doc = site.html("es/directory/index.html");
    let entries = doc.select(&sel("li.service")).count();
    assert!(entries >= 20, "{entries} entries");
    let countries: Vec<String> = attrs(&doc, "section.country", "aria-labelledby");
    assert!(countries.len() >= 5, "{countries:?}");
    // Every entry sits under a city heading inside its country's section.
    for section in doc.select(&sel("section.country")) {
        assert!(section.select(&sel("h3")).count() >= 1);
        assert!(section.select(&sel("li.service")).count() >= 1);
    }
    // Every entry is marked as an example, on the page.
    assert_eq!(doc.select(&sel("li.service .example")).count(), entries);
    assert!(text(&doc, ".example-notice").contains("EJEMPLOS"));
}

#[test]
fn directory_filters_by_country_and_kind_without_javascript() {
    let site = built_hub();
    let all = site.html("es/directory/index.html");
    let country_links = attrs(&all, "nav.filters ul:nth-of-type(1) a", "href");
    let kind_links = attrs(&all, "nav.filters ul:nth-of-type(2) a", "href");
    assert!(
        country_links.contains(&"mx/index.html".to_string()),
        "{country_links:?}"
    );
    assert!(
        kind_links.contains(&"kind/shelter/index.html".to_string()),
        "{kind_links:?}"
    );
    // The Mexico page lists only Mexican entries, and all of them.
    let mx = site.html("es/directory/mx/index.html");
    let sections = attrs(&mx, "section.country", "aria-labelledby");
    assert_eq!(sections, ["c-mx"]);
    let data = std::fs::read_to_string(repo().join("data/services.yaml")).unwrap();
    let mx_count = data.matches("country: mx").count();
    assert_eq!(mx.select(&sel("li.service")).count(), mx_count);
    assert_eq!(
        attr(&mx, "nav.filters a[aria-current=page]", "href").as_deref(),
        Some("index.html")
    );
    // The shelter page lists only shelters.
    let shelters = site.html("es/directory/kind/shelter/index.html");
    let kinds: BTreeSet<String> = shelters
        .select(&sel("li.service .kind"))
        .map(|k| k.text().collect::<String>())
        .map(|k| k.split('·').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["Albergue"]);
    // Filter pages exist in every language, and the switcher keeps the filter.
    let en = site.html("en/directory/kind/shelter/index.html");
    let fr_link = attr(&en, "nav.langs a[lang=fr]", "href").unwrap();
    assert_eq!(fr_link, "../../../../fr/directory/kind/shelter/index.html");
}

#[test]
fn phone_numbers_are_well_formed_tel_links() {
    let site = built_hub();
    for page in [
        "es/directory/index.html",
        "en/directory/index.html",
        "ar/index.html",
    ] {
        let doc = site.html(page);
        let tels = attrs(&doc, "a[href^='tel:']", "href");
        assert!(!tels.is_empty(), "{page}");
        for t in tels {
            let n = t.trim_start_matches("tel:");
            let digits = n.trim_start_matches('+');
            assert!(digits.chars().all(|c| c.is_ascii_digit()), "{page}: {t}");
            if n.starts_with('+') {
                assert!((8..=15).contains(&digits.len()), "{page}: {t}");
            } else {
                assert!((2..=6).contains(&digits.len()), "{page}: {t}");
            }
        }
    }
    // Entries with a full number carry the country code.
    let doc = site.html("es/directory/mx/index.html");
    let long: Vec<String> = attrs(&doc, "a.tel", "href")
        .into_iter()
        .filter(|t| t.len() > 10)
        .collect();
    assert!(
        !long.is_empty() && long.iter().all(|t| t.starts_with("tel:+52")),
        "{long:?}"
    );
}

#[test]
fn directory_data_is_validated_with_lines() {
    let site = Site::bundled();
    let data = std::fs::read_to_string(site.root().join("data/services.yaml")).unwrap();
    let bad = data
        .replacen(
            "phones: [\"+52 962 000 0000\"]",
            "phones: [\"962-CALL-NOW\"]",
            1,
        )
        .replacen("last_verified: 2026-10-01", "last_verified: 2026-13-01", 1)
        .replacen("    kind: shelter\n", "    kind: shelterr\n", 1);
    site.write("data/services.yaml", &bad);
    let out = site.run(&["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let date = list
        .iter()
        .find(|d| d["file"] == "data/services.yaml")
        .unwrap();
    // The YAML reader stops at the bad date first.
    assert_eq!(date["line"], line_of("2026-13-01"));
    // Fix the date: now the phone and kind are reported, each on its own line.
    let bad = bad.replacen("last_verified: 2026-13-01", "last_verified: 2026-10-01", 1);
    site.write("data/services.yaml", &bad);
    let out = site.run(&["build", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let phone = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("962-CALL-NOW"))
        .unwrap();
    assert_eq!(phone["line"], line_of("962-CALL-NOW"));
    let kind = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("shelterr"))
        .unwrap();
    assert_eq!(kind["line"], line_of("kind: shelterr"));
    assert!(
        kind["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `shelter`")
    );
    // An unknown key.
    let bad = bad.replacen(
        "    city: Tapachula\n",
        "    city: Tapachula\n    ciudad: Tapachula\n",
        1,
    );
    site.write("data/services.yaml", &bad);
    let out = site.run(&["build", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let unknown = list.iter().find(|d| d["code"] == "unknown-key").unwrap();
    assert_eq!(unknown["line"], line_of("city: Tapachula") + 1);
}

#[test]
fn stale_entries_are_flagged_to_editors() {
    let site = Site::bundled();
    let data = std::fs::read_to_string(site.root().join("data/services.yaml")).unwrap();
    let stale = data.replacen("last_verified: 2026-10-01", "last_verified: 2020-01-15", 1);
    site.write("data/services.yaml", &stale);
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "a stale entry is a warning, not an error"
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning[stale-entry]: this entry was last verified on 2020-01-15"),
        "{err}"
    );
    let line = stale
        .lines()
        .position(|l| l.contains("2020-01-15"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("--> data/services.yaml:{line}:")),
        "{err}"
    );
}
