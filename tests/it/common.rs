//! Test helpers: copy a fixture to a temporary folder (with the repository's theme and UI
//! strings where the fixture has none), run `senda`, read and parse what it wrote.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the browser tests put their screenshots: a temporary folder, so a test run never
/// changes a tracked file; `docs/screenshots/` (the README's pictures) only when asked with
/// `SENDA_SCREENSHOTS=1` (see README, Tests).
pub fn screenshots_dir() -> PathBuf {
    let dir = if std::env::var_os("SENDA_SCREENSHOTS").is_some_and(|v| v == "1") {
        repo().join("docs/screenshots")
    } else {
        std::env::temp_dir().join(format!("senda-screenshots-{}", std::process::id()))
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A fixture site in a fresh temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        let site = Site { dir };
        if !site.root().join("themes").exists() {
            copy_dir(&repo().join("themes"), &site.root().join("themes"));
        }
        for lang in ["es", "en", "fr", "ht", "ar", "pt"] {
            let theirs = site.root().join("locales").join(lang);
            let ours = repo().join("locales").join(lang);
            if !theirs.exists() && ours.exists() {
                copy_dir(&ours, &theirs);
            }
        }
        site
    }

    /// The bundled hub (the repository's own site), copied.
    pub fn bundled() -> Site {
        let dir = tempfile::tempdir().unwrap();
        for part in [
            "site.yaml",
            "content",
            "locales",
            "themes",
            "data",
            "static",
        ] {
            let from = repo().join(part);
            if from.is_dir() {
                copy_dir(&from, &dir.path().join(part));
            } else if from.is_file() {
                std::fs::copy(&from, dir.path().join(part)).unwrap();
            }
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs `senda ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_senda"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap()
    }

    pub fn build(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.public().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

/// What every command loads a site with: no drafts, today's date.
pub fn load_options(edition: senda::Edition) -> senda::LoadOptions {
    senda::LoadOptions {
        base_url: None,
        drafts: false,
        edition,
        today: senda::Date::today(),
    }
}

/// Renders a site in memory, keeping every body (`render_site`, as `serve` and the ZIM
/// edition do): every output file by its path. Panics with the diagnostics if it fails.
pub fn render_in_memory(
    site: &Site,
    edition: senda::Edition,
    minify: bool,
) -> std::collections::BTreeMap<String, senda::OutputFile> {
    let mut diags = senda::Diagnostics::new();
    senda::render_site(
        senda::SiteFiles::disk(site.root()),
        &load_options(edition),
        minify,
        &mut diags,
    )
    .unwrap_or_else(|| panic!("{:?}", diags.sorted()))
    .files
}

/// Loads a site as every command does (the phone edition, today's date).
pub fn load(root: &Path, d: &mut senda::Diagnostics) -> Option<senda::Loaded> {
    senda::load(
        senda::SiteFiles::disk(root),
        &load_options(senda::Edition::Web),
        d,
    )
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text of the first element matching `selector`, whitespace collapsed.
pub fn text(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Text of every element matching `selector`, whitespace collapsed.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

pub fn attr(doc: &Html, selector: &str, name: &str) -> Option<String> {
    doc.select(&sel(selector))
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

pub fn attrs(doc: &Html, selector: &str, name: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

/// Unicode isolation marks removed (Fluent puts them around arguments).
pub fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A program on the PATH (or at an absolute path), if it is there.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let p = std::path::Path::new(name);
    if p.is_absolute() {
        return p.is_file().then(|| p.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|c| c.is_file())
    })
}

/// Node, when Chromium and Node are both present. When one is missing the browser tests are
/// skipped with a notice, unless SENDA_REQUIRE_BROWSER=1 (set by .ci/run) makes it a failure.
pub fn browser_tools() -> Option<PathBuf> {
    let chromium = find_program("/usr/bin/chromium");
    let node = find_program("node");
    if chromium.is_some() && node.is_some() {
        return node;
    }
    let missing = if chromium.is_none() {
        "/usr/bin/chromium"
    } else {
        "node"
    };
    if std::env::var("SENDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("SENDA_REQUIRE_BROWSER=1 but {missing} is not installed");
    }
    eprintln!("skipping browser tests: {missing} not found (apt-get install chromium nodejs)");
    None
}

/// Installs tests/browser's npm packages (playwright-core, axe-core, vnu-jar) once per test run.
pub fn ensure_node_modules() {
    static ONCE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = repo().join("tests/browser");
        if dir.join("node_modules/playwright-core").is_dir()
            && dir.join("node_modules/axe-core").is_dir()
            && dir.join("node_modules/vnu-jar").is_dir()
        {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in tests/browser");
    });
}

/// A running `senda serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `senda serve --port 0 EXTRA --root SITE` and waits for its address.
    #[allow(clippy::zombie_processes)] // killed and waited for in Drop
    pub fn start(site: &Site, extra: &[&str]) -> Server {
        Server::start_with_env(site, extra, &[])
    }

    /// The same, with environment variables set for the server.
    #[allow(clippy::zombie_processes)] // killed and waited for in Drop
    pub fn start_with_env(site: &Site, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_senda"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .arg("--root")
            .arg(site.root())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve started");
            if let Some(i) = line.find("http://") {
                let base = line[i..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_string();
                return Server {
                    child,
                    base,
                    log: rx,
                };
            }
        }
    }

    /// `127.0.0.1:PORT`
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// GET a raw path (sent as is, not normalised): (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let hostport = self.addr();
        let mut s = TcpStream::connect(hostport).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {hostport}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Waits until `f(body of path)` holds.
    pub fn wait_for(&self, path: &str, what: &str, f: impl Fn(&str) -> bool) -> String {
        // Generous: the machine may be busy with other builds.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (_, body) = self.get(path);
            if f(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; log: {:?}",
                self.log.try_iter().collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Builds the fixture once (the "previous site"), applies `change`, builds again: the second
/// build must fail with `code` at `file` (and `line` if given), exit 1, and leave the first
/// site as it was.
pub fn fails_cleanly(
    change: impl FnOnce(&Site),
    code: &str,
    file: &str,
    line: Option<usize>,
) -> String {
    let site = Site::fixture("basic");
    site.build();
    let before = snapshot(&site.public());
    change(&site);
    let out = site.run(&["build", "--format", "json"]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code (101 would be a panic): {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let d = list
        .iter()
        .find(|d| d["code"] == code && d["file"].as_str().is_some_and(|f| f.starts_with(file)))
        .unwrap_or_else(|| panic!("no {code} for {file} in {list:#?}"));
    if let Some(line) = line {
        assert_eq!(d["line"], line, "{d:#}");
    }
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the previous site changed"
    );
    d["message"].as_str().unwrap_or_default().to_string()
}

pub fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    let p = site.root().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The bundled hub, built: without a single warning.
pub fn built_hub() -> Site {
    let site = Site::bundled();
    let out = site.build();
    let err = stderr(&out);
    assert!(
        !err.contains("warning[") && !err.contains("error["),
        "the bundled hub must build without warnings:\n{err}"
    );
    site
}

/// The bundled hub's kiosk edition, built (into `public-kiosk/`).
pub fn built_kiosk() -> Site {
    let site = Site::bundled();
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

pub fn read_kiosk(site: &Site, rel: &str) -> scraper::Html {
    let text = std::fs::read_to_string(site.root().join("public-kiosk").join(rel)).unwrap();
    scraper::Html::parse_document(&text)
}
