//! The ZIM edition (`senda build --zim`): what goes into each language's ZIM (checked on the
//! rendered files, everywhere), a clear error without zimwriterfs, and, with Debian's zim-tools
//! and kiwix-tools, the real thing: every ZIM of the bundled hub passes zimcheck, kiwix-serve
//! serves them on loopback with the right metadata, and Chromium reads them through it
//! (tests/browser/kiwix.mjs: pages, links, no request off loopback, Kiwix's full-text search).

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use senda::Diagnostics;

use crate::browser::{
    find_program, free_port, missing, npm_ci, open_up, run_checks, run_with_limit, tools,
    wait_for_port,
};
use crate::common::*;

const LANGS: [&str; 6] = ["es", "en", "fr", "ht", "ar", "pt"];

/// The ZIM edition of a site, rendered in memory.
fn zim_edition(site: &Site) -> BTreeMap<String, senda::OutputFile> {
    render_in_memory(site, senda::Edition::Zim, false)
}

/// Where a relative URL in the file at `from` leads (`None`: another site or scheme, or this
/// page).
fn resolve(from: &str, url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with(['#', '?']) || url.starts_with("//") {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or_default();
    if path.split('/').next().unwrap_or_default().contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{url} in {from} goes above the root");
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        joined.push_str("/index.html");
    }
    Some(joined)
}

#[test]
fn each_language_s_zim_has_its_pages_no_scripts_and_only_links_that_resolve_inside_it() {
    let site = Site::bundled();
    // A link to another language on purpose: in the Spanish ZIM it must become plain text.
    let page = site.root().join("content/rights/detention.md");
    let mut source = std::fs::read_to_string(&page).unwrap();
    source.push_str("\nLee [esta página en inglés](@/rights/detention.en.md).\n");
    std::fs::write(&page, source).unwrap();
    let files = zim_edition(&site);

    for code in LANGS {
        let mut diags = Diagnostics::new();
        let zim = senda::select_zim(&files, code, &mut diags);
        assert!(diags.is_empty(), "{code}: {:?}", diags.sorted());
        assert!(
            zim.contains_key(&format!("{code}/index.html")),
            "{code}: no home page"
        );
        assert!(zim.contains_key(&format!("{code}/rights/detention/index.html")));
        assert!(zim.contains_key(&format!("{code}/help/emergency-numbers/index.html")));
        let pages = zim.keys().filter(|p| p.ends_with(".html")).count();
        assert!(pages > 80, "{code}: only {pages} pages");
        for path in zim.keys() {
            let inside = path.starts_with(&format!("{code}/"));
            // Besides the language's own folder: the stylesheet, the icon and the images its
            // pages show (media/, shared by the languages), nothing else.
            assert!(
                inside
                    || (!path.contains('/') && (path.ends_with(".css") || path.ends_with(".svg")))
                    || path.starts_with("media/"),
                "{code}: {path} should not be in this ZIM"
            );
            assert!(!path.ends_with(".js"), "{code}: a script {path}");
            for left_out in [
                "404.html",
                "offline.html",
                "atom.xml",
                "manifest.webmanifest",
                "offline.json",
            ] {
                assert_ne!(path, &format!("{code}/{left_out}"));
            }
            assert!(
                !path.starts_with(&format!("{code}/search.")),
                "{path}: our search index"
            );
        }
        for (path, file) in zim.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8(file.read().unwrap().into_owned()).unwrap();
            let doc = scraper::Html::parse_document(&html);
            for (what, selector) in [
                ("a script", "script"),
                ("a web app manifest", "link[rel=manifest]"),
                ("the language switcher", "nav.langs"),
                ("the quick exit", "[data-quick-exit]"),
                ("Save for offline", "#save-offline"),
                ("a form (our search)", "form"),
                ("the Listen button", ".listen"),
            ] {
                assert!(
                    doc.select(&sel(selector)).next().is_none(),
                    "{path}: {what} in the ZIM edition"
                );
            }
            for (selector, attr) in [
                ("a[href]", "href"),
                ("link[href]", "href"),
                ("[src]", "src"),
            ] {
                for url in attrs(&doc, selector, attr) {
                    if let Some(target) = resolve(path, &url) {
                        assert!(
                            zim.contains_key(&target),
                            "{path}: {url} leads to {target}, which is not in the {code} ZIM"
                        );
                    }
                }
            }
        }
    }

    // The link to the English page is text in the Spanish ZIM, with nothing else lost.
    let es = senda::select_zim(&files, "es", &mut Diagnostics::new());
    let html = String::from_utf8(
        es["es/rights/detention/index.html"]
            .read()
            .unwrap()
            .into_owned(),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(
        text(&doc, "main").contains("Lee esta página en inglés ."),
        "{}",
        text(&doc, "main")
    );
    assert!(
        attrs(&doc, "a[href]", "href")
            .iter()
            .all(|h| !h.contains("/en/")),
        "a link into the English pages is left"
    );
    // The web edition keeps it as a link.
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let web = site.html("es/rights/detention/index.html");
    assert!(
        attrs(&web, "main a", "href")
            .iter()
            .any(|h| h == "../../../en/rights/detention/index.html")
    );
}

#[test]
fn without_zimwriterfs_a_zim_build_names_the_package_and_writes_nothing() {
    let site = Site::fixture("basic");
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_senda"))
        .args(["build", "--zim", "--root"])
        .arg(site.root())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error[zim-tool-missing]"), "{err}");
    assert!(err.contains("`zimwriterfs` was not found"), "{err}");
    assert!(err.contains("apt-get install zim-tools"), "{err}");
    assert!(!site.root().join("public-zim").exists());
}

#[test]
fn a_language_without_an_iso_639_3_code_is_an_error() {
    if find_program(&["zimwriterfs"]).is_none() {
        return; // the tool is looked for first; the test below needs it anyway
    }
    let site = Site::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("{ code: fr, name: Français", "{ code: xx, name: Xx"),
    );
    std::fs::create_dir_all(site.root().join("locales/xx")).unwrap();
    let out = site.run(&["build", "--zim"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no ISO 639-3 code is known for the language `xx`"),
        "{}",
        stderr(&out)
    );
    assert!(!site.root().join("public-zim").exists());
}

/// kiwix-serve as a child process, killed when dropped.
struct KiwixServe {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for KiwixServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl KiwixServe {
    fn start(program: &Path, zims: &[PathBuf], dir: &Path) -> KiwixServe {
        let port = free_port();
        let log = dir.join("kiwix-serve.out");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(program)
            .arg("--address=127.0.0.1")
            .arg(format!("--port={port}"))
            .args(zims)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let mut server = KiwixServe { child, port, log };
        let log = server.log.clone();
        wait_for_port(&mut server.child, port, "kiwix-serve", || {
            std::fs::read_to_string(&log).unwrap_or_default()
        });
        server
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GET `path` (HTTP/1.0): (status, body).
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let end = memchr_find(&raw, b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, raw[end + 4..].to_vec())
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A UI string of the bundled hub, as written in locales/LANG/main.ftl.
fn ui_string(lang: &str, key: &str) -> String {
    let ftl = std::fs::read_to_string(repo().join("locales").join(lang).join("main.ftl")).unwrap();
    ftl.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("{key} in {lang}"))
        .trim()
        .to_string()
}

/// A 48×48 PNG's size.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    (reader.info().width, reader.info().height)
}

#[test]
fn the_hub_s_zim_files_pass_zimcheck_and_read_in_chromium_through_kiwix_serve() {
    let Some(tools) = tools() else {
        return;
    };
    let programs: Vec<(&str, Option<PathBuf>)> = ["zimwriterfs", "zimcheck", "kiwix-serve"]
        .into_iter()
        .map(|p| (p, find_program(&[p])))
        .collect();
    let not_found: Vec<&str> = programs
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| *n)
        .collect();
    if missing(&not_found, "zim-tools and kiwix-tools").is_none() {
        return;
    }
    let program = |name: &str| {
        programs
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, p)| p.clone())
            .unwrap()
    };

    let site = Site::bundled();
    open_up(site.root());
    let out = site.run(&["build", "--zim"]);
    assert!(out.status.success(), "{}", stderr(&out));
    println!("{}", stderr(&out));
    let dir = site.root().join("public-zim");
    // The folder also holds the marker every build writes (`.senda-build`).
    let mut zims: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zim"))
        .collect();
    zims.sort();
    let names: Vec<String> = zims
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), LANGS.len(), "{names:?}");
    // hub_LANG_YYYY-MM.zim; kiwix-serve names each book after its file.
    let mut books = Vec::new();
    for lang in LANGS {
        let name = names
            .iter()
            .find(|n| n.starts_with(&format!("hub_{lang}_")))
            .unwrap_or_else(|| panic!("no ZIM for {lang}: {names:?}"));
        let month = &name[format!("hub_{lang}_").len()..name.len() - ".zim".len()];
        assert!(
            month.len() == 7
                && month.as_bytes()[4] == b'-'
                && month.chars().filter(char::is_ascii_digit).count() == 6,
            "{name}"
        );
        books.push((lang, name.trim_end_matches(".zim").to_string()));
    }

    // zimcheck, every check, on every ZIM.
    for zim in &zims {
        let (ok, log) = run_with_limit(
            Command::new(program("zimcheck")).arg(zim),
            Duration::from_secs(120),
        );
        assert!(
            ok && log.contains("Overall Test Status: Pass"),
            "zimcheck {}:\n{log}",
            zim.display()
        );
    }
    // ... and zimcheck does fail a ZIM with a dead link in the way senda writes links.
    let bad = tempfile::tempdir().unwrap();
    let html_dir = bad.path().join("html");
    std::fs::create_dir_all(html_dir.join("es")).unwrap();
    std::fs::write(
        html_dir.join("es/index.html"),
        "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>Inicio</title></head>\
         <body><p><a href=\"rights/index.html\">derechos</a></p></body></html>",
    )
    .unwrap();
    std::fs::copy(
        repo().join("themes/default/static/icon-192.png"),
        html_dir.join("icon.png"),
    )
    .unwrap();
    let bad_zim = bad.path().join("bad.zim");
    let (ok, log) = run_with_limit(
        Command::new(program("zimwriterfs"))
            .args([
                "--welcome=es/index.html",
                "--illustration=icon.png",
                "--language=spa",
                "--title=t",
                "--description=d",
                "--creator=c",
                "--publisher=p",
                "--name=bad",
                "--withoutFTIndex",
            ])
            .arg(&html_dir)
            .arg(&bad_zim),
        Duration::from_secs(60),
    );
    assert!(ok, "zimwriterfs on the control folder:\n{log}");
    let (ok, log) = run_with_limit(
        Command::new(program("zimcheck"))
            .arg("--url_internal")
            .arg(&bad_zim),
        Duration::from_secs(60),
    );
    assert!(
        !ok && log.contains("rights/index.html"),
        "zimcheck missed a dead link:\n{log}"
    );

    // kiwix-serve on loopback, with every ZIM.
    let server = KiwixServe::start(&program("kiwix-serve"), &zims, site.root());
    let (status, catalog) = server.get("/catalog/v2/entries");
    assert_eq!(status, 200, "{}", server.logs());
    let catalog = String::from_utf8(catalog).unwrap();
    let xml = roxmltree::Document::parse(&catalog).unwrap();
    let entries: Vec<roxmltree::Node> = xml
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), LANGS.len(), "{catalog}");
    let child = |e: &roxmltree::Node, tag: &str| -> String {
        e.descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let iso = [
        ("es", "spa"),
        ("en", "eng"),
        ("fr", "fra"),
        ("ht", "hat"),
        ("ar", "ara"),
        ("pt", "por"),
    ];
    for (lang, book) in &books {
        let e = entries
            .iter()
            .find(|e| child(e, "name") == format!("hub_{lang}"))
            .unwrap_or_else(|| panic!("no catalog entry named hub_{lang}:\n{catalog}"));
        let want_iso = iso.iter().find(|(l, _)| l == lang).unwrap().1;
        assert_eq!(child(e, "language"), want_iso, "{lang}");
        let title = ui_string(lang, "site-title");
        assert_eq!(child(e, "title"), title, "{lang}");
        assert_eq!(
            child(e, "summary"),
            ui_string(lang, "site-tagline"),
            "{lang}"
        );
        // Creator and publisher default to the hub's title.
        let author = e.descendants().find(|n| n.has_tag_name("author")).unwrap();
        assert_eq!(child(&author, "name"), title, "{lang}");
        assert!(
            child(e, "tags").contains("_ftindex:yes"),
            "{lang}: no full-text index"
        );
        let today = senda::Date::today();
        assert!(
            child(e, "updated").starts_with(&format!("{:04}-{:02}", today.year, today.month)),
            "{lang}: dated {}",
            child(e, "updated")
        );
        let (status, png) = server.get(&format!("/catalog/v2/illustration/{book}/?size=48"));
        assert_eq!(status, 200, "{lang}: no illustration");
        assert_eq!(png_size(&png), (48, 48), "{lang}");
    }

    // Chromium reads each ZIM through kiwix-serve.
    npm_ci(&tools);
    let base = format!("http://127.0.0.1:{}/", server.port);
    let list: Vec<String> = books.iter().map(|(l, b)| format!("{b}:{l}")).collect();
    run_checks(
        &tools,
        "kiwix.mjs",
        &["--base", &base, "--books", &list.join(",")],
        || server.logs(),
    );
}
