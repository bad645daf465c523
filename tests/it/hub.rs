//! The bundled hub (issue 3): its real content builds cleanly, is complete in every language,
//! and the services directory groups, filters and links phone numbers as it should.

use std::collections::BTreeSet;

use crate::common::*;

#[test]
fn the_hub_builds_without_warnings_and_every_page_exists_in_every_language() {
    let site = built_hub();
    let es: BTreeSet<String> = snapshot(&site.public().join("es"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with("index.html"))
        .collect();
    // Pages written from content (not taxonomy or directory filter pages).
    let mut d = senda::Diagnostics::new();
    let loaded = load(site.root(), &mut d).expect("loads");
    let content_pages = loaded.site.pages.len();
    assert!(content_pages >= 35, "only {content_pages} pages in Spanish");
    for lang in ["en", "fr", "ht", "ar", "pt"] {
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
    let mut d = senda::Diagnostics::new();
    let loaded = load(site.root(), &mut d).expect("loads");
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
fn translations_cover_what_the_languages_issue_promises() {
    let site = Site::bundled();
    let mut d = senda::Diagnostics::new();
    let loaded = load(site.root(), &mut d).expect("loads");
    let s = &loaded.site;
    let lang = |code: &str| s.config.language_index(code).expect("language");
    let count = |code: &str| {
        s.pages
            .iter()
            .filter(|p| p.has_translation(lang(code)))
            .count()
    };
    let all = s.pages.len();
    assert!(all >= 58, "{all} pages");
    assert_eq!(count("en"), all);
    assert_eq!(count("fr"), all, "French: every page");
    assert_eq!(count("ht"), all, "Haitian Creole: every page");
    assert!(count("pt") >= 20, "Portuguese: {} pages", count("pt"));
    assert!(count("ar") >= 25, "Arabic: {} pages", count("ar"));
    // The pages each partial language must have.
    for (code, paths) in [
        (
            "ar",
            vec![
                "",
                "safety",
                "asylum/mexico-refugee-status",
                "asylum/mexico-humanitarian-visa",
                "risks/trafficking",
                "risks/extortion",
            ],
        ),
        (
            "pt",
            vec![
                "",
                "safety",
                "help",
                "rights",
                "risks",
                "health",
                "asylum",
                "countries",
                "news",
                "directory",
                "help/emergency-numbers",
                "help/report-abuse",
                "asylum/mexico-refugee-status",
                "asylum/mexico-humanitarian-visa",
                "rights/detention",
                "risks/trafficking",
                "risks/extortion",
            ],
        ),
    ] {
        for p in paths {
            let page = &s.pages[s.by_path[p]];
            assert!(page.has_translation(lang(code)), "{code} missing: {p}");
        }
    }
    for page in s.pages.iter().filter(|p| {
        p.path.starts_with("help/")
            || p.path.starts_with("rights/")
            || p.path == "help"
            || p.path == "rights"
    }) {
        assert!(
            page.has_translation(lang("ar")),
            "ar missing: {}",
            page.path
        );
    }
    // Nothing outdated: every translation records its source's current hash.
    let default = s.default_lang();
    for page in &s.pages {
        let hash = senda::source_hash(page.source(default).body());
        for v in page.versions.iter().flatten().filter(|v| v.lang != default) {
            assert_eq!(
                v.front.source_hash.as_deref(),
                Some(hash.as_str()),
                "{}",
                v.file.display()
            );
        }
    }
}

/// The digits of a body, links, anchors and front matter aside.
fn numbers_of(body: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = body;
    // Drop link targets `](...)` and `{#ids}`.
    while let Some(i) = rest.find([']', '{']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        let skip = if tail.starts_with("](") {
            tail.find(')').map_or(tail.len(), |e| e + 1)
        } else if tail.starts_with("{#") {
            tail.find('}').map_or(tail.len(), |e| e + 1)
        } else {
            1
        };
        rest = &tail[skip..];
    }
    text.push_str(rest);
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

#[test]
fn every_translation_has_the_same_numbers_links_and_anchors_as_its_source() {
    let site = Site::bundled();
    let mut d = senda::Diagnostics::new();
    let loaded = load(site.root(), &mut d).expect("loads");
    let s = &loaded.site;
    let default = s.default_lang();
    let mut compared = 0;
    for page in &s.pages {
        let source = page.source(default);
        let links = |v: &senda::PageVersion| {
            let mut l: Vec<(String, Option<String>)> = v
                .doc
                .links
                .iter()
                .map(|l| (l.path.clone(), l.anchor.clone()))
                .collect();
            l.sort();
            l
        };
        let mut ids = source.doc.ids.clone();
        ids.sort();
        let explicit = |v: &senda::PageVersion| {
            let mut e: Vec<String> = v
                .body()
                .match_indices("{#")
                .map(|(i, _)| v.body()[i + 2..].split('}').next().unwrap().to_string())
                .collect();
            e.sort();
            e
        };
        for v in page.versions.iter().flatten().filter(|v| v.lang != default) {
            let file = v.file.display();
            assert_eq!(
                numbers_of(v.body()),
                numbers_of(source.body()),
                "{file}: numbers differ"
            );
            assert_eq!(links(v), links(source), "{file}: links differ");
            assert_eq!(explicit(v), explicit(source), "{file}: anchors differ");
            assert_eq!(v.front.tags, source.front.tags, "{file}: tags");
            assert_eq!(
                v.front.review_by, source.front.review_by,
                "{file}: review_by"
            );
            compared += 1;
        }
    }
    assert!(compared > 200, "{compared} translations compared");
}

#[test]
fn the_new_topics_exist_in_spanish_and_english() {
    let site = Site::bundled();
    let mut d = senda::Diagnostics::new();
    let loaded = load(site.root(), &mut d).expect("loads");
    let s = &loaded.site;
    let en = s.config.language_index("en").unwrap();
    for path in [
        "rights/detention-mexico",
        "asylum/mexico-after-decision",
        "rights/children-alone",
        "help/gender-based-violence",
        "rights/lgbtiq",
        "help/finding-family",
        "help/going-home",
        "risks/money-scams",
        "asylum/mexico-curp",
    ] {
        let page = &s.pages[*s
            .by_path
            .get(path)
            .unwrap_or_else(|| panic!("no page {path}"))];
        for v in [
            page.source(s.default_lang()),
            page.versions[en].as_ref().expect("en"),
        ] {
            let f = &v.front;
            let file = v.file.display();
            assert!(
                f.description
                    .as_deref()
                    .is_some_and(|t| !t.trim().is_empty()),
                "{file}"
            );
            assert!(f.review_by.is_some(), "{file}: review_by");
            assert!(
                f.countries.as_ref().is_some_and(|c| !c.is_empty()),
                "{file}: countries"
            );
            assert!(
                f.tags.as_ref().is_some_and(|t| !t.is_empty()),
                "{file}: tags"
            );
            assert!(v.doc.words >= 250, "{file}: {} words", v.doc.words);
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
    // Every entry is marked: an example, or a real national line.
    let examples = doc.select(&sel("li.service .kind .example")).count();
    let official = doc.select(&sel("li.service .kind .official")).count();
    assert_eq!(examples + official, entries);
    assert!(
        examples >= 20 && official >= 9,
        "{examples} examples, {official} real"
    );
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
    // The long numbers are the examples' placeholders: written with the country code, and
    // never a call link.
    let doc = site.html("es/directory/mx/index.html");
    let long: Vec<String> = doc
        .select(&sel(".example-number"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(
        !long.is_empty() && long.iter().all(|t| t.starts_with("+52 ")),
        "{long:?}"
    );
    assert!(attrs(&doc, "a.tel", "href").iter().all(|t| t.len() <= 10));
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
        .replacen("last_verified: 2026-12-01", "last_verified: 2026-13-01", 1)
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
    let bad = bad.replacen("last_verified: 2026-13-01", "last_verified: 2026-12-01", 1);
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
    let stale = data.replacen("last_verified: 2026-12-01", "last_verified: 2020-01-15", 1);
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
