//! Reliability and security (issue 8): hostile and malformed input gives a clear diagnostic
//! (exit 1, never a panic) and leaves the previous site untouched; no script gets through;
//! output is written atomically even when the build is killed; serve resists bad clients;
//! output is deterministic.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn invalid_utf8_points_at_the_line() {
    fails_cleanly(
        |s| {
            write_bytes(
                s,
                "content/rights/bad.md",
                b"---\ntitle: x\n---\nline 4\nbad \xff byte\n",
            )
        },
        "not-utf8",
        "content/rights/bad.md",
        Some(5),
    );
}

#[test]
fn bom_and_crlf_just_work() {
    let site = Site::fixture("basic");
    write_bytes(
        &site,
        "content/rights/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\nweight: 5\r\n---\r\nA line.\r\n\r\n## Heading\r\n"
            .as_bytes(),
    );
    site.build();
    let doc = site.html("es/rights/windows/index.html");
    assert_eq!(text(&doc, "h1"), "Windows");
    assert_eq!(attr(&doc, ".content h2", "id").as_deref(), Some("heading"));
}

#[test]
fn empty_file_and_unclosed_front_matter() {
    fails_cleanly(
        |s| s.write("content/rights/empty.md", ""),
        "front-matter",
        "content/rights/empty.md",
        None,
    );
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/open.md",
                "---\ntitle: x\nbody without end\n",
            )
        },
        "front-matter",
        "content/rights/open.md",
        Some(1),
    );
    assert!(msg.contains("never closed"), "{msg}");
}

#[test]
fn yaml_tabs_duplicates_and_alias_bombs() {
    fails_cleanly(
        |s| s.write("content/rights/tab.md", "---\ntitle: x\n\tweight: 3\n---\n"),
        "yaml-syntax",
        "content/rights/tab.md",
        None,
    );
    fails_cleanly(
        |s| s.write("content/rights/dup.md", "---\ntitle: x\ntitle: y\n---\n"),
        "duplicate-key",
        "content/rights/dup.md",
        Some(3),
    );
    let mut bomb = String::from("---\ntitle: x\nextra:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!("  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = n;
    }
    bomb.push_str("---\n");
    let site_bomb = bomb.clone();
    let start = Instant::now();
    fails_cleanly(
        move |s| s.write("content/rights/bomb.md", &site_bomb),
        "yaml-too-large",
        "content/rights/bomb.md",
        None,
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the bomb was refused, not expanded"
    );
}

#[test]
fn huge_strings_and_pages_are_refused() {
    // A 10 MB string in the front matter, and a 50 MB page.
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/big.md",
                &format!("---\ntitle: \"{}\"\n---\n", "x".repeat(10 * 1024 * 1024)),
            )
        },
        "too-large",
        "content/rights/big.md",
        None,
    );
    assert!(msg.contains("too large"), "{msg}");
    fails_cleanly(
        |s| {
            s.write(
                "content/rights/huge.md",
                &format!("---\ntitle: x\n---\n{}", "word ".repeat(10 * 1024 * 1024)),
            )
        },
        "too-large",
        "content/rights/huge.md",
        None,
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for (name, body) in [
        ("quotes", ">".repeat(100_000) + " x\n"),
        ("lists", "- ".repeat(100_000) + "x\n"),
        ("html", "<div>".repeat(100_000)),
    ] {
        let file = format!("content/rights/{name}.md");
        let body2 = body.clone();
        let f = file.clone();
        fails_cleanly(
            move |s| s.write(&f, &format!("---\ntitle: x\n---\n{body2}")),
            "too-deep",
            &file,
            Some(4),
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_outside_the_site() {
    fails_cleanly(
        |s| {
            std::os::unix::fs::symlink(
                s.root().join("content"),
                s.root().join("content/rights/loop"),
            )
            .unwrap()
        },
        "symlink",
        "content/rights/loop",
        None,
    );
    fails_cleanly(
        |s| {
            let outside = s.root().join("../outside-secret.md");
            std::fs::write(&outside, "---\ntitle: secret\n---\n").unwrap();
            std::os::unix::fs::symlink(&outside, s.root().join("content/rights/secret.md"))
                .unwrap();
        },
        "symlink",
        "content/rights/secret.md",
        None,
    );
}

#[test]
fn odd_file_names() {
    // Spaces and Unicode: published, with a clean URL segment.
    let site = Site::fixture("basic");
    site.write(
        "content/rights/Mi Página Nueva.md",
        "---\ntitle: Nueva\n---\nHola.\n",
    );
    // An uppercase language suffix: a warning, and the page is English.
    site.write(
        "content/rights/detention.EN.md",
        "---\ntitle: Detention\n---\nText.\n",
    );
    let out = site.build();
    assert!(
        stderr(&out).contains("warning[language-case]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        text(&site.html("es/rights/mi-página-nueva/index.html"), "h1"),
        "Nueva"
    );
    assert_eq!(
        text(&site.html("en/rights/detention/index.html"), "h1"),
        "Detention"
    );
    // An unknown language code: an error naming it.
    let msg = fails_cleanly(
        |s| s.write("content/rights/asylum.pt.md", "---\ntitle: Asilo\n---\n"),
        "unknown-language",
        "content/rights/asylum.pt.md",
        None,
    );
    assert!(msg.contains("`pt`"), "{msg}");
}

#[test]
fn same_url_twice_and_bad_slugs() {
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/other.md",
                "---\ntitle: Other\nslug: asylum\n---\n",
            )
        },
        "duplicate-url",
        "content/rights/",
        None,
    );
    assert!(msg.contains("/rights/asylum/"), "{msg}");
    for slug in ["a/b", "..", "../../etc"] {
        let s2 = slug.to_string();
        fails_cleanly(
            move |s| {
                s.write(
                    "content/rights/slug.md",
                    &format!("---\ntitle: x\nslug: \"{s2}\"\n---\n"),
                )
            },
            "bad-slug",
            "content/rights/slug.md",
            Some(3),
        );
    }
}

#[test]
fn duplicate_languages_and_circular_fallbacks() {
    let config = std::fs::read_to_string(repo().join("tests/fixtures/basic/site.yaml")).unwrap();
    let c = config.clone();
    fails_cleanly(
        move |s| {
            s.write(
                "site.yaml",
                &c.replace("code: en, name: English", "code: es, name: Otra"),
            )
        },
        "duplicate-language",
        "site.yaml",
        Some(6),
    );
    let c = config.clone();
    fails_cleanly(
        move |s| {
            s.write(
                "site.yaml",
                &c.replace("fallback: [es] }", "fallback: [fr, es] }"),
            )
        },
        "bad-fallback",
        "site.yaml",
        Some(7),
    );
}

#[test]
fn a_template_that_includes_itself() {
    let msg = fails_cleanly(
        |s| {
            let p = s
                .root()
                .join("themes/default/templates/partials/fallback.html");
            let t = std::fs::read_to_string(&p).unwrap();
            std::fs::write(p, format!("{t}{{% include \"partials/fallback.html\" %}}")).unwrap();
        },
        "template",
        "themes/default/templates",
        None,
    );
    assert!(
        msg.contains("circle") || msg.to_lowercase().contains("circular"),
        "{msg}"
    );
}

#[test]
fn fluent_syntax_errors_and_cycles() {
    fails_cleanly(
        |s| {
            let p = s.root().join("locales/ar/main.ftl");
            let t = std::fs::read_to_string(&p).unwrap();
            std::fs::write(p, format!("{t}broken = {{ $x\n")).unwrap();
        },
        "fluent-syntax",
        "locales/ar/main.ftl",
        None,
    );
    fails_cleanly(
        |s| {
            let p = s.root().join("locales/ar/main.ftl");
            let t = std::fs::read_to_string(&p).unwrap();
            std::fs::write(
                p,
                format!("{t}loop-a = {{ loop-b }}\nloop-b = {{ loop-a }}\n"),
            )
            .unwrap();
        },
        "fluent-cycle",
        "locales/ar/main.ftl",
        None,
    );
}

#[test]
fn unreadable_files() {
    // A dangling symbolic link can never be read (chmod would not stop a root user).
    #[cfg(unix)]
    fails_cleanly(
        |s| {
            std::os::unix::fs::symlink(
                s.root().join("nowhere.md"),
                s.root().join("content/rights/gone.md"),
            )
            .unwrap()
        },
        "unreadable",
        "content/rights/gone.md",
        None,
    );
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let site = Site::fixture("basic");
    let blocker = site.root().join("not-a-folder");
    std::fs::write(&blocker, "a file").unwrap();
    let out = site.run(&[
        "build",
        "--output",
        blocker.join("public").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[write-failed]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "a file");
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap().to_string();
    for out in [
        root.clone(),
        format!("{root}/content"),
        format!("{root}/.."),
        "/".to_string(),
    ] {
        let o = site.run(&["build", "--output", &out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(
            stderr(&o).contains("error[bad-output]: refusing to build into"),
            "{out}: {}",
            stderr(&o)
        );
    }
    assert!(
        site.root().join("content/_index.md").is_file(),
        "nothing was deleted"
    );
}

// ---- No script injection -------------------------------------------------------------------

const EVIL: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

/// Every element and attribute a page has, checked for anything that could run a script.
fn assert_no_script(doc: &scraper::Html, file: &str) {
    for el in doc.select(&sel("*")) {
        let name = el.value().name();
        assert!(
            !matches!(
                name,
                "iframe" | "object" | "embed" | "frame" | "applet" | "base"
            ),
            "{file}: <{name}>"
        );
        if name == "script" {
            let src = el.value().attr("src").unwrap_or("");
            assert!(
                src.contains("app.") || src.contains("kiosk."),
                "{file}: a script {src:?}: {}",
                el.html()
            );
            assert!(el.inner_html().trim().is_empty(), "{file}: inline script");
        }
        if name == "meta"
            && let Some(h) = el.value().attr("http-equiv")
        {
            assert_eq!(
                h.to_ascii_lowercase(),
                "content-security-policy",
                "{file}: meta http-equiv={h}"
            );
        }
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{file}: {attr}={value}"
            );
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(
                attr,
                "href" | "src" | "action" | "formaction" | "xlink:href" | "data-href"
            ) {
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:")
                        && !v.starts_with("vbscript:"),
                    "{file}: {attr}={value}"
                );
            }
        }
    }
}

#[test]
fn user_text_is_escaped_everywhere_and_raw_html_is_sanitised() {
    let site = Site::bundled();
    site.write(
        "content/rights/evil.md",
        &format!(
            "---\ntitle: '{t}'\ndescription: '{t}'\ntags: ['{t}', asylum]\ncountries: [mx]\nextra: {{ x: '{t}' }}\n---\n\
Text {t}\n\n\
<script>alert(3)</script>\n\n\
<p onclick=\"alert(4)\" style=\"background:url(javascript:alert(5))\">click</p>\n\n\
<a href=\"javascript:alert(6)\">js</a> <a href=\"data:text/html,<script>alert(7)</script>\">data</a> <a href=\"JaVaScRiPt&colon;alert(8)\">mixed</a>\n\n\
<iframe src=\"https://evil.example/\"></iframe><object data=\"x.swf\"></object><embed src=\"x.swf\">\n\n\
<svg><script>alert(9)</script><a xlink:href=\"javascript:alert(10)\">s</a></svg>\n\n\
<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n\
<img src=\"x\" onerror=\"alert(11)\" alt=\"i\">\n\n\
[md link](javascript:alert(12)) ![md image](data:image/svg+xml;base64,PHN2Zy8+) [ok](https://example.org/)\n\n\
## Heading {{onclick=alert(13) href=javascript:alert(14) autofocus onfocus=alert(15)}}\n",
            t = EVIL.replace('\'', "''")
        ),
    );
    // A malicious directory entry and UI string.
    let data = std::fs::read_to_string(site.root().join("data/services.yaml")).unwrap();
    site.write(
        "data/services.yaml",
        &data.replacen(
            "name: \"Centro de información",
            &format!(
                "name: \"{} Centro de información",
                EVIL.replace('"', "\\\"")
            ),
            1,
        ),
    );
    let ftl = std::fs::read_to_string(site.root().join("locales/es/main.ftl")).unwrap();
    site.write(
        "locales/es/main.ftl",
        &ftl.replace("home = Inicio", &format!("home = Inicio {EVIL}")),
    );
    let out = site.build();
    assert!(
        stderr(&out).contains("warning[raw-html]"),
        "{}",
        stderr(&out)
    );

    for (file, bytes) in snapshot(&site.public()) {
        if file.ends_with(".html") {
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            assert_no_script(&doc, &file);
        }
    }
    // The text is shown, as text.
    let doc = site.html("es/rights/evil/index.html");
    assert_eq!(text(&doc, "h1"), EVIL);
    assert_eq!(
        attr(&doc, "meta[name=description]", "content").as_deref(),
        Some(EVIL)
    );
    assert!(text(&doc, ".content").contains("click"));
    // JSON for search: valid JSON holding the text.
    let index_name = snapshot(&site.public().join("es"))
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.starts_with("search.") && p.ends_with(".json"))
        .unwrap();
    let index: serde_json::Value =
        serde_json::from_str(&site.read(&format!("es/{index_name}"))).unwrap();
    assert!(
        index["pages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0] == EVIL)
    );
    // XML for the feed and the sitemap: well-formed.
    for xml in ["sitemap.xml", "es/atom.xml"] {
        roxmltree::Document::parse(&site.read(xml)).unwrap_or_else(|e| panic!("{xml}: {e}"));
    }
    // The CSP stays as second line of defence.
    let csp = attr(&doc, "meta[http-equiv=Content-Security-Policy]", "content").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
}

// ---- Atomic output --------------------------------------------------------------------------

#[test]
fn killing_a_build_at_any_moment_leaves_the_old_or_the_new_site() {
    let site = Site::bundled();
    let sibling = site.root().join("keep-me.txt");
    std::fs::write(&sibling, "untouched").unwrap();
    site.build();
    let v1 = snapshot(&site.public());
    // Version 2 changes every page (the site title is on all of them).
    let ftl = std::fs::read_to_string(site.root().join("locales/es/main.ftl")).unwrap();
    site.write(
        "locales/es/main.ftl",
        &ftl.replace("site-title = ", "site-title = v2 "),
    );
    let start = Instant::now();
    site.build();
    let full = start.elapsed();
    let v2 = snapshot(&site.public());
    assert_ne!(v1, v2);
    // Back to version 1 on disk, then kill builds of version 2 at points spread over a build.
    site.write("locales/es/main.ftl", &ftl);
    site.build();
    site.write(
        "locales/es/main.ftl",
        &ftl.replace("site-title = ", "site-title = v2 "),
    );
    let steps = 14u32;
    for i in 0..steps {
        let delay = full.mul_f64(f64::from(i) / f64::from(steps - 2));
        let mut child = Command::new(env!("CARGO_BIN_EXE_senda"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&site.public());
        assert!(
            now == v1 || now == v2,
            "after a kill at {delay:?} the site is mixed or empty ({} files)",
            now.len()
        );
        assert_eq!(std::fs::read_to_string(&sibling).unwrap(), "untouched");
    }
    // The next build cleans what killed builds left, and completes.
    site.build();
    assert_eq!(snapshot(&site.public()), v2);
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("senda-staging") || n.contains("senda-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---- Determinism ----------------------------------------------------------------------------

#[test]
fn output_is_identical_with_one_or_two_threads_and_across_runs() {
    let site = Site::bundled();
    let build = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_senda"))
            .args(["build", "--output"])
            .arg(site.root().join(out))
            .arg("--root")
            .arg(site.root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        snapshot(&site.root().join(out))
    };
    let one = build("1", "one");
    let two = build("2", "two");
    let again = build("2", "again");
    assert_eq!(one.len(), two.len());
    for ((p1, b1), (p2, b2)) in one.iter().zip(&two) {
        assert_eq!(p1, p2);
        assert!(b1 == b2, "{p1} differs between 1 and 2 threads");
    }
    assert!(two == again, "two runs differ");
}

// ---- serve ------------------------------------------------------------------------------------

fn raw_request(addr: &str, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serve_refuses_oversized_requests_and_keeps_serving_many_clients() {
    let site = Site::fixture("basic");
    let p = Server::start(&site, &[]);
    let ok = |path: &str| {
        status_of(&raw_request(
            p.addr(),
            format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        ))
    };
    assert_eq!(ok("/es/"), 200);
    // Oversized request line and headers.
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000));
    assert_eq!(status_of(&raw_request(p.addr(), long.as_bytes())), 414);
    let big_header = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(100_000));
    assert_eq!(
        status_of(&raw_request(p.addr(), big_header.as_bytes())),
        431
    );
    let many: String = (0..500).map(|i| format!("X-{i}: y\r\n")).collect();
    assert_eq!(
        status_of(&raw_request(
            p.addr(),
            format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()
        )),
        431
    );
    assert_eq!(
        status_of(&raw_request(p.addr(), b"POST / HTTP/1.1\r\n\r\n")),
        405
    );
    assert_eq!(status_of(&raw_request(p.addr(), b"garbage\r\n\r\n")), 400);
    // Traversal in more encodings.
    for bad in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%252e%252e/site.yaml",
        "/.%2e/site.yaml",
        "/es/..%2f..%2fsite.yaml",
        "/es/%5c..%5csite.yaml",
    ] {
        let r = raw_request(p.addr(), format!("GET {bad} HTTP/1.1\r\n\r\n").as_bytes());
        assert_eq!(status_of(&r), 404, "{bad}");
        assert!(!r.contains("base_url:"), "{bad}");
    }
    // 200 clients that connect and say nothing (or half a request), and 200 that ask for pages.
    let mut idle: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut s = TcpStream::connect(p.addr()).unwrap();
            if i % 2 == 0 {
                let _ = s.write_all(b"GET /es/ HTTP/1.1\r\nHost: slow\r\n");
            }
            s
        })
        .collect();
    let start = Instant::now();
    let handles: Vec<_> = (0..200)
        .map(|_| {
            let addr = p.addr().to_string();
            std::thread::spawn(move || {
                status_of(&raw_request(
                    &addr,
                    b"GET /es/rights/ HTTP/1.1\r\nHost: x\r\n\r\n",
                ))
            })
        })
        .collect();
    let codes: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(codes.iter().all(|c| *c == 200), "{codes:?}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "served in {:?}",
        start.elapsed()
    );
    assert_eq!(ok("/es/"), 200);
    idle.clear();
}

#[test]
fn serve_warns_when_reachable_from_the_network() {
    let site = Site::fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_senda"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    std::io::BufRead::read_line(&mut stderr, &mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("warning: listening on 0.0.0.0"),
        "{first}"
    );
}

/// The bundled hub's output, file by file, against the hashes recorded in
/// `tests/snapshots/hub-output.txt`: an optimisation must not change a byte of what senda
/// writes. When the content, the theme or the output is meant to change, record the new hashes
/// with `SENDA_BLESS=1 cargo test --test it bundled_hub_output` and commit the file with the
/// change (its diff shows which pages changed).
#[test]
fn bundled_hub_output_matches_the_recorded_hashes() {
    let site = Site::bundled();
    let mut lines = Vec::new();
    for (edition, args) in [("public", &[][..]), ("kiosk", &["--kiosk"][..])] {
        let out = site.root().join(edition);
        let o = Command::new(env!("CARGO_BIN_EXE_senda"))
            .arg("build")
            .args(args)
            .arg("--output")
            .arg(&out)
            .arg("--root")
            .arg(site.root())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        for (file, bytes) in snapshot(&out) {
            lines.push(format!(
                "{} {:>7} {edition}/{file}",
                senda::content_hash(&bytes),
                bytes.len()
            ));
        }
    }
    let actual = lines.join("\n") + "\n";
    let recorded = repo().join("tests/snapshots/hub-output.txt");
    if std::env::var_os("SENDA_BLESS").is_some() {
        std::fs::create_dir_all(recorded.parent().unwrap()).unwrap();
        std::fs::write(&recorded, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&recorded).unwrap_or_default();
    if actual != expected {
        let path_of = |l: &str| l.split_whitespace().nth(2).map(str::to_string);
        let old: std::collections::BTreeMap<_, _> = expected
            .lines()
            .filter_map(|l| Some((path_of(l)?, l.to_string())))
            .collect();
        let new: std::collections::BTreeMap<_, _> = actual
            .lines()
            .filter_map(|l| Some((path_of(l)?, l.to_string())))
            .collect();
        let mut report = Vec::new();
        for (p, l) in &new {
            match old.get(p) {
                None => report.push(format!("new      {p}")),
                Some(o) if o != l => report.push(format!("changed  {p}")),
                _ => {}
            }
        }
        for p in old.keys().filter(|p| !new.contains_key(*p)) {
            report.push(format!("gone     {p}"));
        }
        let shown = report.len().min(40);
        panic!(
            "the bundled hub's output differs from tests/snapshots/hub-output.txt in {} files:\n{}{}\n\
             If the change is meant (content, theme or output changed on purpose), record it:\n  \
             SENDA_BLESS=1 cargo test --test it bundled_hub_output",
            report.len(),
            report[..shown].join("\n"),
            if report.len() > shown { "\n..." } else { "" }
        );
    }
}

#[test]
fn a_build_that_parses_bodies_again_writes_what_one_that_keeps_them_makes() {
    // `senda build` frees each page's text once parsed, and its body too beyond a memory
    // budget: it writes the body to a temporary file and reads it back when the page is
    // rendered, or, where that file cannot be made, parses the file again. `serve` and the
    // ZIM edition keep them (`render_site`). Both ways must make the same files, byte for
    // byte, fallbacks and partial translations included.
    // The hub's bodies fit the memory budget of a build: a budget of 0 takes every body out
    // of memory, as a large site's build does.
    let site = Site::bundled();
    let rendered = render_in_memory(&site, senda::Edition::Web, cfg!(feature = "minify"));
    for (way, spill) in [("read back", true), ("parsed again", false)] {
        let out = site.root().join(format!("public-{}", u8::from(spill)));
        let mut build = Command::new(env!("CARGO_BIN_EXE_senda"));
        build
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .env("SENDA_TEST_BODY_BUDGET", "0");
        if !spill {
            // No temporary file can be made in a folder that does not exist.
            build.env("TMPDIR", site.root().join("no-such-folder"));
        }
        let o = build.output().unwrap();
        assert!(o.status.success(), "{way}: {}", stderr(&o));
        let built: std::collections::BTreeMap<String, Vec<u8>> =
            snapshot(&out).into_iter().collect();
        let mut pages = 0;
        for (path, file) in &rendered {
            let kept = file.read().unwrap();
            let made = built
                .get(path)
                .unwrap_or_else(|| panic!("{way}: {path} is not in the build"));
            assert!(kept.as_ref() == made.as_slice(), "{way}: {path} differs");
            pages += usize::from(path.ends_with(".html"));
        }
        assert!(pages > 200, "{pages}");
    }
}
