//! Valid HTML: every page of the bundled hub, phone and kiosk editions, passes the Nu HTML
//! Checker (`vnu-jar` from npm, in tests/browser, run with the machine's Java). Needs `java`;
//! skipped with a notice without it, unless SENDA_REQUIRE_BROWSER=1 (CI).

use std::process::Command;

use crate::common::*;

#[test]
fn every_page_is_valid_html_for_the_nu_checker() {
    let Some(java) = find_program("java") else {
        if std::env::var("SENDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("SENDA_REQUIRE_BROWSER=1 but java is not installed");
        }
        eprintln!(
            "skipping the HTML check: java not found (apt-get install openjdk-17-jre-headless)"
        );
        return;
    };
    ensure_node_modules();
    let vnu = repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let site = built_hub();
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pages = snapshot(&site.public())
        .iter()
        .chain(snapshot(&site.root().join("public-kiosk")).iter())
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert!(pages > 1000, "{pages} pages");
    let out = Command::new(java)
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(site.public())
        .arg(site.root().join("public-kiosk"))
        .output()
        .unwrap();
    // vnu writes its report to stderr; exit 0 when there is no error.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("vnu: {}", String::from_utf8_lossy(&out.stderr)));
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| format!("{}: {}", m["url"], m["message"]))
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors, e.g. {:#?}",
        errors.len(),
        &errors[..errors.len().min(10)]
    );
}
