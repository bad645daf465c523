//! What a migrant in danger reads (the safety issue): every emergency number with what it is
//! for and, where the facts sheets are unsure, a visible mark; example listings that cannot be
//! dialled; real lines that name their source; numbers in page text that no data file vouches
//! for; the "forget this site" button on the safety page only. Built hub, all languages, phone
//! and kiosk editions, parsed.

use std::collections::BTreeMap;

use crate::common::*;

/// (number, label, unsure) per country code, read from the hub's data/emergency.yaml.
/// (number, label, unsure).
type Number = (String, String, bool);

fn emergency_data() -> Vec<(String, Vec<Number>)> {
    let text = std::fs::read_to_string(repo().join("data/emergency.yaml")).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    value["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let country_unsure = c["unsure"].as_bool().unwrap_or(false);
            let numbers = c["numbers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    (
                        n["number"].as_str().unwrap().to_string(),
                        n["label"].as_str().unwrap().to_string(),
                        country_unsure || n["unsure"].as_bool().unwrap_or(false),
                    )
                })
                .collect();
            (c["country"].as_str().unwrap().to_string(), numbers)
        })
        .collect()
}

/// `key = value` lines of a language's UI strings (every .ftl file).
fn strings(lang: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(repo().join("locales").join(lang)).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((k, v)) = line.split_once(" = ") {
                out.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    out
}

const LANGS: [&str; 6] = ["es", "en", "fr", "ht", "ar", "pt"];

#[test]
fn every_strip_says_what_each_number_is_for_and_marks_the_unsure_ones() {
    let data = emergency_data();
    assert!(
        data.iter().any(|(_, n)| n.iter().any(|x| x.2)),
        "some numbers are unsure"
    );
    for (edition, site) in [("phone", built_hub()), ("kiosk", built_kiosk())] {
        let out = if edition == "phone" {
            site.public()
        } else {
            site.root().join("public-kiosk")
        };
        let mut pages = 0;
        for (file, bytes) in snapshot(&out) {
            let lang = file.split('/').next().unwrap_or("");
            if !file.ends_with(".html") || !LANGS.contains(&lang) || file.ends_with("offline.html")
            {
                continue;
            }
            let ui = strings(lang);
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            let rows: Vec<_> = doc.select(&sel("details.sos > ul > li")).collect();
            assert_eq!(
                rows.len(),
                data.len(),
                "{edition} {file}: one row per country"
            );
            for (row, (country, numbers)) in rows.iter().zip(&data) {
                let links: Vec<_> = row.select(&sel("a.n")).collect();
                assert_eq!(links.len(), numbers.len(), "{file}: {country}");
                for (a, (number, label, unsure)) in links.iter().zip(numbers) {
                    assert_eq!(
                        a.value().attr("href"),
                        Some(format!("tel:{number}").as_str())
                    );
                    let shown: String = a.select(&sel("small")).flat_map(|s| s.text()).collect();
                    let expected = &ui[&format!("emergency-label-{label}")];
                    assert_eq!(
                        plain(&shown),
                        *expected,
                        "{edition} {file}: {country} {number}"
                    );
                    // The mark follows the number it is about.
                    let next = a
                        .next_siblings()
                        .find_map(scraper::ElementRef::wrap)
                        .filter(|e| {
                            e.value()
                                .has_class("unsure", scraper::CaseSensitivity::CaseSensitive)
                        });
                    assert_eq!(
                        next.is_some(),
                        *unsure,
                        "{edition} {file}: {country} {number} unsure mark"
                    );
                    if let Some(mark) = next {
                        let t: String = mark.text().collect();
                        assert_eq!(plain(&t), ui["emergency-unsure"]);
                    }
                }
            }
            pages += 1;
        }
        assert!(pages > 100, "{edition}: {pages} pages checked");
    }
}

#[test]
fn the_emergency_page_and_the_kiosk_qr_captions_carry_labels_and_marks() {
    let data = emergency_data();
    let kiosk = built_kiosk();
    let site = built_hub();
    for lang in LANGS {
        let ui = strings(lang);
        for (edition, doc) in [
            (
                "phone",
                site.html(&format!("{lang}/help/emergency-numbers/index.html")),
            ),
            (
                "kiosk",
                read_kiosk(&kiosk, &format!("{lang}/help/emergency-numbers/index.html")),
            ),
        ] {
            let items: Vec<_> = doc.select(&sel(".numbers-list > li > ul > li")).collect();
            let expected: Vec<_> = data.iter().flat_map(|(_, n)| n.iter()).collect();
            assert_eq!(items.len(), expected.len(), "{edition} {lang}");
            for (li, (number, label, unsure)) in items.iter().zip(expected) {
                let label_text: String = li.select(&sel(".label")).flat_map(|e| e.text()).collect();
                assert_eq!(plain(&label_text), ui[&format!("emergency-label-{label}")]);
                assert_eq!(
                    li.select(&sel("small.unsure")).count() > 0,
                    *unsure,
                    "{lang} {number}"
                );
                if edition == "kiosk" {
                    let caption: String = li
                        .select(&sel(".qr-caption"))
                        .flat_map(|e| e.text())
                        .collect();
                    let caption = plain(&caption);
                    assert!(
                        caption.contains(number)
                            && caption.contains(&ui[&format!("emergency-label-{label}")]),
                        "{caption}"
                    );
                    assert_eq!(
                        caption.contains(&ui["emergency-unsure"]),
                        *unsure,
                        "{caption}"
                    );
                }
            }
        }
    }
}

/// Every phone number of an example entry in data/services.yaml.
fn example_numbers() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("data/services.yaml")).unwrap();
    let mut out = Vec::new();
    for block in text.split("\n  - id: ").skip(1) {
        if block.contains("\n    example: true") {
            let phones = block
                .split("phones: [")
                .nth(1)
                .unwrap()
                .split(']')
                .next()
                .unwrap();
            out.extend(
                phones
                    .split(',')
                    .map(|p| p.trim().trim_matches('"').to_string()),
            );
        }
    }
    out
}

#[test]
fn example_numbers_are_never_dialable_and_real_lines_show_as_official() {
    let examples = example_numbers();
    assert!(examples.len() >= 20);
    let tel = |n: &str| {
        format!(
            "tel:{}",
            n.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        )
    };
    let forbidden: Vec<String> = examples.iter().map(|n| tel(n)).collect();
    for (edition, out, site) in [
        ("phone", "public", built_hub()),
        ("kiosk", "public-kiosk", built_kiosk()),
    ] {
        for (file, bytes) in snapshot(&site.root().join(out)) {
            if !file.ends_with(".html") {
                continue;
            }
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            for href in attrs(&doc, "a[href^='tel:']", "href") {
                assert!(
                    !forbidden.contains(&href),
                    "{edition} {file}: example number {href} is a link"
                );
            }
            // QR codes of tel: addresses only beside real numbers.
            for qr in doc.select(&sel(".service .qr")) {
                let prev = qr
                    .prev_siblings()
                    .find_map(scraper::ElementRef::wrap)
                    .unwrap();
                assert_eq!(
                    prev.value().name(),
                    "a",
                    "{file}: a QR code without a call link"
                );
            }
        }
        let doc = if edition == "phone" {
            site.html("es/directory/index.html")
        } else {
            read_kiosk(&site, "es/directory/index.html")
        };
        for li in doc.select(&sel("li.service")) {
            let example = li.select(&sel(".kind .example")).next().is_some();
            let html = li.html();
            if example {
                assert!(li.select(&sel(".example-number")).count() >= 1);
                assert_eq!(li.select(&sel("a.tel")).count(), 0);
                // No invented verification date, no "call before you go".
                assert!(li.select(&sel("time")).next().is_none(), "{html}");
                assert!(!html.contains("Llama antes de ir"), "{html}");
            } else {
                assert!(
                    li.select(&sel(".kind .official")).next().is_some(),
                    "{html}"
                );
                assert!(li.select(&sel("a.tel")).count() >= 1, "{html}");
                assert!(li.select(&sel("time")).next().is_some(), "{html}");
            }
        }
    }
}

#[test]
fn real_lines_need_a_source_and_a_verification_date() {
    let site = Site::bundled();
    let data = std::fs::read_to_string(site.root().join("data/services.yaml")).unwrap();
    let start = data.find("  - id: mx-national-911").unwrap();
    let source_line = start + data[start..].find("    source:").unwrap();
    let end = source_line + data[source_line..].find('\n').unwrap() + 1;
    let bad = format!("{}{}", &data[..source_line], &data[end..]);
    site.write("data/services.yaml", &bad);
    let out = site.run(&["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let d = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("has no `source`"))
        .unwrap_or_else(|| panic!("{list:#?}"));
    assert_eq!(d["file"], "data/services.yaml");
    let example_line = bad[..bad.find("  - id: mx-national-911").unwrap()]
        .lines()
        .count()
        + bad[bad.find("  - id: mx-national-911").unwrap()..]
            .lines()
            .position(|l| l.contains("example: false"))
            .unwrap()
        + 1;
    assert_eq!(d["line"], example_line);
}

#[test]
fn an_emergency_number_without_a_label_is_an_error_with_its_line() {
    let site = Site::bundled();
    let data = std::fs::read_to_string(site.root().join("data/emergency.yaml")).unwrap();
    let bad = data.replacen(
        r#"{ number: "125", label: red-cross, "#,
        r#"{ number: "125", "#,
        1,
    );
    let bad = bad.replacen("label: disasters", "label: desastres", 1);
    site.write("data/emergency.yaml", &bad);
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let found: Vec<(String, u64)> = list
        .iter()
        .filter(|d| d["code"] == "emergency-number")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0.contains("125 has no `label`"));
    assert_eq!(found[0].1 as usize, line_of(r#"number: "125""#));
    assert!(found[1].0.contains("`desastres` is unknown"));
    assert_eq!(found[1].1 as usize, line_of("desastres"));
}

#[test]
fn a_number_in_page_text_that_no_data_file_has_is_reported() {
    let site = Site::fixture("basic");
    site.write(
        "content/rights/lines.md",
        "---\ntitle: Líneas\n---\nEn México marca 911.\n\nPara mujeres, llama a la Línea Mujeres 55 5658 1111.\n\nO marca 1572.\n",
    );
    site.write(
        "content/rights/allowed.md",
        "---\ntitle: Permitido\nallow_numbers: [\"1572\"]\n---\nMarca 1572, lo revisamos.\n",
    );
    let out = site.run(&["check", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<(&str, u64)> = list
        .iter()
        .filter(|d| d["code"] == "unknown-number")
        .map(|d| (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        unknown,
        [
            ("content/rights/lines.md", 6),
            ("content/rights/lines.md", 8)
        ],
        "{list:#?}"
    );
    assert!(
        list.iter()
            .all(|d| d["severity"] != "error" || d["code"] != "unknown-number")
    );
}

#[test]
fn the_forget_button_is_on_the_safety_page_only_and_not_in_the_kiosk() {
    let site = built_hub();
    for lang in LANGS {
        let doc = site.html(&format!("{lang}/safety/index.html"));
        let button = doc.select(&sel("button#forget-site[hidden]")).next();
        let button = button.unwrap_or_else(|| panic!("{lang}: no button"));
        let ui = strings(lang);
        assert_eq!(plain(&button.text().collect::<String>()), ui["forget-site"]);
        assert_eq!(
            plain(button.value().attr("data-done").unwrap()),
            ui["forget-done"]
        );
        assert!(
            doc.select(&sel("#forget-status[role=status]"))
                .next()
                .is_some()
        );
    }
    let other = site.html("es/help/emergency-numbers/index.html");
    assert!(other.select(&sel("#forget-site")).next().is_none());
    let kiosk = built_kiosk();
    let doc = read_kiosk(&kiosk, "es/safety/index.html");
    assert!(doc.select(&sel("#forget-site")).next().is_none());
    assert!(!kiosk.root().join("public-kiosk/forget.txt").exists());

    // What the button fetches last: forget.txt, which the host sends with Clear-Site-Data (the
    // browser's HTTP cache keeps pages for five minutes, and no script can empty it), never
    // cached and never handled by the service worker.
    assert!(site.root().join("public/forget.txt").is_file());
    let headers = site.read("_headers");
    let rule = headers
        .split("\n/")
        .find(|r| r.starts_with("forget.txt\n"))
        .unwrap_or_else(|| panic!("no /forget.txt rule in _headers:\n{headers}"));
    assert!(
        rule.contains("\n  Clear-Site-Data: \"cache\", \"storage\"\n"),
        "{rule}"
    );
    assert!(rule.contains("\n  Cache-Control: no-store"), "{rule}");
    let sw = site.read("sw.js");
    assert!(
        sw.contains("if (url.href === ROOT + \"forget.txt\") return;"),
        "the service worker must leave forget.txt to the network"
    );
}
