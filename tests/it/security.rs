//! Reliability and security, round 2: one test per class the red team found (each failed on
//! the code before its fix), with the neighbours found while fixing them. Every bad input
//! gives exit 1 with a diagnostic naming the file (and line), never a panic, and the previous
//! site stays as it was.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs `senda ARGS` and returns (exit code, the JSON diagnostics, stderr).
fn json(site: &Site, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let out = site.run(&all);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    let list = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (out.status.code(), list, err)
}

fn has(list: &[serde_json::Value], code: &str, file: &str, line: Option<u64>) -> bool {
    list.iter().any(|d| {
        d["code"] == code
            && d["file"].as_str().is_some_and(|f| f.starts_with(file))
            && line.is_none_or(|l| d["line"] == l)
    })
}

#[test]
fn percent_signs_before_any_character_are_broken_links_not_panics() {
    for (i, target) in [
        "descuento-50%–hoy.md",
        "precio%€.md",
        "%🙂.md",
        "x%1é.md",
        "a%bا.md",
        "%",
        "50%.md",
    ]
    .iter()
    .enumerate()
    {
        let file = format!("content/rights/p{i}.md");
        let t = target.to_string();
        fails_cleanly(
            move |s| {
                s.write(
                    &file,
                    &format!("---\ntitle: x\n---\nUna línea.\n\n[x](@/{t})\n"),
                )
            },
            "broken-link",
            &format!("content/rights/p{i}.md"),
            Some(6),
        );
    }
    // check and status report it too, without a panic.
    let site = Site::fixture("basic");
    site.write(
        "content/rights/p.md",
        "---\ntitle: x\n---\n[x](@/descuento-50%–hoy.md)\n",
    );
    let (code, list, _) = json(&site, &["check"]);
    assert_eq!(code, Some(1));
    assert!(has(&list, "broken-link", "content/rights/p.md", Some(4)));
    let out = site.run(&["status"]);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_ne!(out.status.code(), Some(101));
}

#[test]
fn fluent_number_options_are_bounded_at_load() {
    for value in ["99999999999999999999", "4000000000", "99999999", "21"] {
        let v = value.to_string();
        let msg = fails_cleanly(
            move |s| {
                let p = s.root().join("locales/es/main.ftl");
                let mut text = std::fs::read_to_string(&p).unwrap();
                text.push_str(&format!(
                    "\nminutos = {{ NUMBER($minutes, minimumFractionDigits: {v}) }} min\n"
                ));
                // A literal number is formatted while loading (the cycle check): the fluent
                // fuzzer found it aborting there ("capacity overflow").
                text.push_str(&format!(
                    "uno = {{ NUMBER(1, minimumFractionDigits: {v}000000000000000000000000) }}\n"
                ));
                std::fs::write(p, text).unwrap();
            },
            "fluent-option",
            "locales/es/main.ftl",
            None,
        );
        assert!(msg.contains("from 0 to 20"), "{msg}");
    }
}

#[test]
fn base_urls_are_parsed_and_every_use_is_escaped() {
    for bad in [
        "https://x.org/\"><script>alert(1)</script>",
        "https://x.org/' onerror='alert(1)",
        "https://x.org/\nDisallow: /",
        "https://x.org/<meta http-equiv=refresh content=0;url=https://evil.example>",
        "https://user:pass@x.org",
        "javascript:alert(1)",
        "https://x.org/a b",
    ] {
        // In site.yaml (the line of base_url) and on the command line.
        let b = bad.to_string();
        fails_cleanly(
            move |s| {
                let p = s.root().join("site.yaml");
                let text = std::fs::read_to_string(&p).unwrap();
                let yaml_value = serde_json::to_string(&b).unwrap();
                std::fs::write(
                    p,
                    text.replace(
                        "base_url: https://hub.example.org/sub",
                        &format!("base_url: {yaml_value}"),
                    ),
                )
                .unwrap();
            },
            "bad-base-url",
            "site.yaml",
            None,
        );
        let site = Site::fixture("basic");
        let out = site.run(&["build", "--base-url", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&out).contains("error[bad-base-url]"),
            "{}",
            stderr(&out)
        );
        assert!(!site.public().exists());
    }
    // A valid address with characters that need escaping in HTML and XML.
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--base-url", "https://x.org/a&b/hub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "es/404.html",
        "404.html",
        "es/index.html",
        "es/rights/index.html",
    ] {
        let doc = site.html(file);
        for href in attrs(&doc, "[href]", "href") {
            assert!(!href.contains('"') && !href.contains('<'), "{file}: {href}");
        }
    }
    // Pages served at any address link with the base URL's path, read back exactly.
    let doc = site.html("es/404.html");
    let hrefs = attrs(&doc, "a[href]", "href");
    assert!(
        hrefs.iter().any(|h| h.starts_with("/a&b/hub/es/")),
        "{hrefs:?}"
    );
    let robots = site.read("robots.txt");
    assert_eq!(robots.lines().count(), 3, "{robots}");
    roxmltree::Document::parse(&site.read("sitemap.xml")).unwrap();
    roxmltree::Document::parse(&site.read("es/atom.xml")).unwrap();
}

#[cfg(unix)]
#[test]
fn file_names_cannot_add_header_rules() {
    let name = "*\n  Access-Control-Allow-Origin: *\nz.css";
    let msg = fails_cleanly(
        move |s| s.write(&format!("static/{name}"), "a{}"),
        "bad-file-name",
        "static/",
        None,
    );
    assert!(msg.contains("control character"), "{msg}");
}

#[test]
fn kiosk_links_that_leave_the_build_are_refused_or_made_text() {
    // A site-absolute path that climbs out of the site: an error, on every edition.
    fails_cleanly(
        |s| {
            s.write(
                "content/rights/k.md",
                "---\ntitle: k\n---\n[a](/../../../../../etc/passwd)\n",
            )
        },
        "broken-link",
        "content/rights/k.md",
        Some(4),
    );
    // Protocol-relative addresses are other sites: text and a QR code on the kiosk.
    let site = Site::fixture("basic");
    site.write(
        "content/rights/k.md",
        "---\ntitle: k\n---\n[a](//evil.example/) and [b](\\\\\\\\evil.example\\\\x) and [c](https://hub.example.org.evil.example/)\n",
    );
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = read_kiosk(&site, "es/rights/k/index.html");
    let hrefs = attrs(&doc, "main a[href]", "href");
    assert!(hrefs.iter().all(|h| !h.contains("evil")), "{hrefs:?}");
    assert_eq!(doc.select(&sel("main .kiosk-link")).count(), 3);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_refused_in_every_input_tree() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.css"),
        "secret-line-1\nsecret-line-2\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:secret-line\n").unwrap();
    let out = outside.path().to_path_buf();
    type Change = Box<dyn Fn(&Site)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "static/",
            Box::new({
                let o = out.clone();
                move |s: &Site| {
                    std::fs::create_dir_all(s.root().join("static")).unwrap();
                    symlink(&o, s.root().join("static/etc")).unwrap()
                }
            }),
        ),
        (
            "themes/default/static/",
            Box::new({
                let o = out.clone();
                move |s: &Site| symlink(&o, s.root().join("themes/default/static/etc")).unwrap()
            }),
        ),
        (
            "static",
            Box::new({
                let o = out.clone();
                move |s: &Site| {
                    let _ = std::fs::remove_dir_all(s.root().join("static"));
                    symlink(&o, s.root().join("static")).unwrap()
                }
            }),
        ),
        (
            "locales/es/",
            Box::new({
                let o = out.clone();
                move |s: &Site| {
                    symlink(o.join("passwd"), s.root().join("locales/es/extra.ftl")).unwrap()
                }
            }),
        ),
        (
            "data/",
            Box::new({
                let o = out.clone();
                move |s: &Site| symlink(o.join("passwd"), s.root().join("data/extra.yaml")).unwrap()
            }),
        ),
        (
            "themes/default/templates/",
            Box::new({
                let o = out.clone();
                move |s: &Site| {
                    symlink(
                        o.join("passwd"),
                        s.root().join("themes/default/templates/x.html"),
                    )
                    .unwrap()
                }
            }),
        ),
        (
            "content/",
            Box::new({
                let o = out.clone();
                move |s: &Site| symlink(&o, s.root().join("content/rights/etc")).unwrap()
            }),
        ),
    ];
    for (file, change) in cases {
        let site = Site::fixture("basic");
        site.build();
        let before = snapshot(&site.public());
        change(&site);
        let (code, list, err) = json(&site, &["build"]);
        assert_eq!(code, Some(1), "{file}: {err}");
        assert!(has(&list, "symlink", file, None), "{file}: {list:#?}");
        let all = serde_json::to_string(&list).unwrap();
        assert!(
            !all.contains("secret-line"),
            "{file}: a line of the outside file was printed"
        );
        assert_eq!(snapshot(&site.public()), before, "{file}");
    }
}

#[test]
fn the_output_folder_is_replaced_only_when_it_is_a_senda_build() {
    let site = Site::fixture("basic");
    let precious = site.root().join("precious");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::write(precious.join("thesis.txt"), "years of work").unwrap();
    let out = site.run(&["build", "--output", precious.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[bad-output]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(precious.join("thesis.txt")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&precious).unwrap().count(), 1);
    // An empty folder, and then the build it holds, may be replaced.
    let empty = site.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for _ in 0..2 {
        let out = site.run(&["build", "--output", empty.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(empty.join(".senda-build").is_file());
    }
    // A build made before the marker existed (its service worker says it is senda's).
    std::fs::remove_file(empty.join(".senda-build")).unwrap();
    let out = site.run(&["build", "--output", empty.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_missing_safety_page_is_an_error() {
    fails_cleanly(
        |s| {
            let p = s.root().join("site.yaml");
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(
                p,
                format!(
                    "{text}quick_exit: {{ url: \"https://www.google.com/\", safety: nope.md }}\n"
                ),
            )
            .unwrap();
        },
        "broken-link",
        "site.yaml",
        Some(10),
    );
}

#[test]
fn theme_templates_that_are_not_page_templates_are_refused() {
    for t in [
        "base.html",
        "chooser.html",
        "404.html",
        "partials/fallback.html",
        "nope.html",
    ] {
        let tt = t.to_string();
        fails_cleanly(
            move |s| {
                s.write(
                    "content/rights/t.md",
                    &format!("---\ntitle: t\ntemplate: {tt}\n---\nBody.\n"),
                )
            },
            "unknown-template",
            "content/rights/t.md",
            Some(3),
        );
    }
}

#[test]
fn site_absolute_links_and_at_links_in_raw_html_are_checked() {
    fails_cleanly(
        |s| {
            s.write(
                "content/rights/l.md",
                "---\ntitle: l\n---\nUno.\n\n[x](/es/nope/)\n",
            )
        },
        "broken-link",
        "content/rights/l.md",
        Some(6),
    );
    fails_cleanly(
        |s| {
            s.write(
                "content/rights/l.md",
                "---\ntitle: l\n---\n<p><a href=\"@/derechos/asilo.md\">x</a></p>\n",
            )
        },
        "broken-link",
        "content/rights/l.md",
        Some(4),
    );
    // A raw HTML link to a page that exists is resolved like a Markdown one.
    let site = Site::fixture("basic");
    site.write("content/rights/l.md", "---\ntitle: l\n---\n<p><a href=\"@/rights/asylum.md\">x</a> <a href=\"/es/rights/\">y</a></p>\n");
    site.build();
    let doc = site.html("es/rights/l/index.html");
    let hrefs = attrs(&doc, ".content a", "href");
    assert_eq!(
        hrefs,
        ["../asylum/index.html", "../index.html"],
        "{hrefs:?}"
    );
    let en = site.html("en/rights/l/index.html");
    assert!(attrs(&en, ".content a", "href")[0].ends_with("asylum/index.html"));
}

#[test]
fn two_tag_names_with_one_address_are_an_error_naming_both() {
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/a.md",
                "---\ntitle: a\ntags: [\"C++\"]\n---\n",
            );
            s.write("content/rights/b.md", "---\ntitle: b\ntags: [C]\n---\n");
        },
        "duplicate-url",
        "content/rights/",
        Some(3),
    );
    assert!(
        msg.contains("C++") && msg.contains("content/rights/a.md") && msg.contains("`C`"),
        "{msg}"
    );
    for name in ["..", ".", "-"] {
        let n = name.to_string();
        fails_cleanly(
            move |s| {
                s.write(
                    "content/rights/a.md",
                    &format!("---\ntitle: a\ntags: [\"{n}\"]\n---\n"),
                )
            },
            "duplicate-url",
            "content/rights/a.md",
            Some(3),
        );
    }
}

#[test]
fn outputs_that_differ_only_in_letter_case_are_an_error() {
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/upper.md",
                "---\ntitle: u\nslug: ASYLUM\n---\n",
            )
        },
        "duplicate-url",
        "content/rights/",
        None,
    );
    assert!(msg.contains("letter case"), "{msg}");
    fails_cleanly(
        |s| {
            s.write(
                "content/rights/old.md",
                "---\ntitle: o\naliases: [/ES/RIGHTS/ASYLUM/]\n---\n",
            )
        },
        "duplicate-url",
        "content/rights/old.md",
        Some(3),
    );
}

#[test]
fn every_clash_and_bad_name_names_the_content_file() {
    for (alias, what) in [
        ("/sw.js", "service worker"),
        ("/_headers", "_headers"),
        ("/es/atom.xml", "feed"),
    ] {
        let a = alias.to_string();
        let msg = fails_cleanly(
            move |s| {
                s.write(
                    "content/rights/al.md",
                    &format!("---\ntitle: a\naliases: [{a}]\n---\n"),
                )
            },
            "duplicate-url",
            "content/rights/al.md",
            Some(3),
        );
        assert!(
            msg.contains(what) || msg.contains(alias.trim_start_matches('/')),
            "{msg}"
        );
    }
    for slug in ["index.html", "offline.html"] {
        let sl = slug.to_string();
        fails_cleanly(
            move |s| {
                s.write(
                    "content/sl.md",
                    &format!("---\ntitle: s\nslug: {sl}\n---\n"),
                )
            },
            "duplicate-url",
            "content/sl.md",
            Some(3),
        );
    }
    for name in ["¿", "🙂"] {
        let file = format!("content/rights/{name}.md");
        let f = file.clone();
        let msg = fails_cleanly(
            move |s| s.write(&f, "---\ntitle: x\n---\n"),
            "bad-file-name",
            &file,
            None,
        );
        assert!(msg.contains("no letter or digit"), "{msg}");
    }
    let msg = fails_cleanly(
        |s| s.write("content/rights/e.md", "---\ntitle:\n---\n"),
        "empty-value",
        "content/rights/e.md",
        Some(2),
    );
    assert!(
        !msg.contains("Option<String>") && msg.contains("title"),
        "{msg}"
    );
}

/// `senda serve` on the fixture with a test-build panic hook set; returns the server and its
/// address.
fn serve_with(site: &Site, env: &[(&str, &str)]) -> Server {
    Server::start_with_env(site, &[], env)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

/// Waits until `check` holds for the page at `path`.
fn eventually(addr: &str, path: &str, check: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if check(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out; last: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn serve_survives_panics_and_a_fix_restores_the_preview() {
    let site = Site::fixture("basic");
    let server = serve_with(
        &site,
        &[
            ("SENDA_TEST_PANIC_PARSE", "PANIC-IN-PARSE"),
            ("SENDA_TEST_PANIC_RENDER", "PANIC-IN-RENDER"),
        ],
    );
    let addr = server.base.trim_start_matches("http://").to_string();
    let page = "/es/rights/detention/";
    let good = std::fs::read_to_string(site.root().join("content/rights/detention.md")).unwrap();
    eventually(&addr, page, |s, _| s == 200);
    // A panic while taking in the change: the last good version stays, with the error.
    site.write(
        "content/rights/detention.md",
        &format!("{good}\nPANIC-IN-PARSE\n"),
    );
    let body = eventually(&addr, page, |s, b| s == 200 && b.contains("senda-overlay"));
    assert!(body.contains("internal error"), "{body}");
    // Other pages are still served.
    assert_eq!(get(&addr, "/es/").0, 200);
    // The same with a percent sign that used to kill the watcher.
    site.write(
        "content/rights/detention.md",
        &format!("{good}\n[x](@/descuento-50%–hoy.md)\n"),
    );
    let body = eventually(&addr, page, |s, b| s == 200 && b.contains("broken-link"));
    assert!(body.contains("descuento"), "{body}");
    // A fix restores the preview.
    site.write("content/rights/detention.md", &good);
    eventually(&addr, page, |s, b| s == 200 && !b.contains("senda-overlay"));
    // A panic while rendering a page: that page shows the error, the server goes on.
    site.write(
        "content/rights/detention.md",
        &format!("{good}\nPANIC-IN-RENDER\n"),
    );
    let body = eventually(&addr, page, |s, b| s == 500 && b.contains("internal error"));
    assert!(body.contains("senda-overlay"), "{body}");
    assert_eq!(get(&addr, "/es/").0, 200);
    site.write("content/rights/detention.md", &good);
    eventually(&addr, page, |s, b| s == 200 && !b.contains("senda-overlay"));
}
