//! Browser tests: the bundled hub, built with `--precompress`, served by nginx with the documented
//! configuration (deploy/nginx/), checked in Debian's Chromium by tests/browser/phones.mjs
//! (pages without JavaScript, offline reading, search, "Listen", no third-party requests, no
//! sideways scroll on a phone, axe-core, screenshots in docs/screenshots/, response headers).
//!
//! Needs `chromium`, `node` (and `npm` when tests/browser/node_modules is missing) and `nginx`.
//! When one is missing the test is skipped, unless SENDA_REQUIRE_BROWSER=1 (CI), where it fails.

use std::io::Read as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A program by absolute path (if it exists) or by name on PATH, then in the sbin folders
/// (nginx lives in /usr/sbin, which is not on every user's PATH).
pub(crate) fn find_program(names: &[&str]) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/local/sbin", "/usr/sbin", "/sbin"].map(PathBuf::from));
    for name in names {
        let p = Path::new(name);
        if p.is_absolute() {
            if p.is_file() {
                return Some(p.to_path_buf());
            }
            continue;
        }
        if let Some(found) = dirs.iter().map(|d| d.join(name)).find(|c| c.is_file()) {
            return Some(found);
        }
    }
    None
}

pub(crate) struct Tools {
    pub chromium: PathBuf,
    pub node: PathBuf,
    pub npm: Option<PathBuf>,
    pub nginx: PathBuf,
}

/// The tools, or None (test skipped) when one is missing and SENDA_REQUIRE_BROWSER is not 1.
pub(crate) fn tools() -> Option<Tools> {
    let chromium_env = std::env::var("CHROMIUM").ok();
    let mut chromium_names: Vec<&str> = chromium_env.iter().map(String::as_str).collect();
    chromium_names.extend(["/usr/bin/chromium", "chromium", "chromium-browser"]);
    let chromium = find_program(&chromium_names);
    let node = find_program(&["node", "nodejs"]);
    let npm = find_program(&["npm"]);
    let nginx = find_program(&["nginx"]);
    let node_modules = repo().join("tests/browser/node_modules").is_dir();
    let mut missing = Vec::new();
    if chromium.is_none() {
        missing.push("chromium");
    }
    if node.is_none() {
        missing.push("node");
    }
    if npm.is_none() && !node_modules {
        missing.push("npm (tests/browser/node_modules is not installed)");
    }
    if nginx.is_none() {
        missing.push("nginx");
    }
    if missing.is_empty() {
        return Some(Tools {
            chromium: chromium.unwrap(),
            node: node.unwrap(),
            npm,
            nginx: nginx.unwrap(),
        });
    }
    let what = missing.join(", ");
    if std::env::var("SENDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "SENDA_REQUIRE_BROWSER=1 but the browser tests cannot run: {what} not found \
             (install chromium, nodejs, npm and nginx)"
        );
    }
    println!("skipping browser tests: {what} not found");
    None
}

/// nginx as a child process, stopped when dropped.
pub(crate) struct Nginx {
    child: Child,
    pub port: u16,
    dir: PathBuf,
    program: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `nginx -s stop` stops the workers too; killing the master alone would leave them.
        let _ = Command::new(&self.program)
            .arg("-p")
            .arg(&self.dir)
            .arg("-e")
            .arg(self.dir.join("error.log"))
            .arg("-c")
            .arg(self.dir.join("nginx.conf"))
            .args(["-s", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Replaces exactly one occurrence of `from`: the documented file must still have it.
fn replace_once(text: &str, from: &str, to: &str, file: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{file} should contain `{from}` exactly once (the browser test rewrites it)"
    );
    text.replacen(from, to, 1)
}

impl Nginx {
    /// Serves `public` with deploy/nginx/senda.conf and security-headers.conf, as documented.
    pub(crate) fn start(nginx: &Path, dir: &Path, public: &Path) -> Nginx {
        let deploy = repo().join("deploy/nginx");
        let headers = dir.join("security-headers.conf");
        std::fs::copy(deploy.join("security-headers.conf"), &headers).unwrap();
        let port = free_port();
        let conf = std::fs::read_to_string(deploy.join("senda.conf")).unwrap();
        let conf = replace_once(
            &conf,
            "listen 80;",
            &format!("listen 127.0.0.1:{port};"),
            "senda.conf",
        );
        let conf = replace_once(
            &conf,
            "root /srv/hub/public;",
            &format!("root {};", public.display()),
            "senda.conf",
        );
        let include = "include security-headers.conf;";
        assert!(conf.contains(include), "senda.conf should `{include}`");
        let conf = conf.replace(include, &format!("include {};", headers.display()));
        let admin = dir.join("admin-headers.conf");
        std::fs::copy(deploy.join("admin-headers.conf"), &admin).unwrap();
        let conf = replace_once(
            &conf,
            "include admin-headers.conf;",
            &format!("include {};", admin.display()),
            "senda.conf",
        );
        std::fs::write(dir.join("senda.conf"), conf).unwrap();
        let d = dir.display();
        let main = format!(
            "daemon off;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log;\n\
             worker_processes 1;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n\
             \x20 access_log {d}/access.log;\n\
             \x20 client_body_temp_path {d}/body;\n\
             \x20 proxy_temp_path {d}/proxy;\n\
             \x20 fastcgi_temp_path {d}/fastcgi;\n\
             \x20 uwsgi_temp_path {d}/uwsgi;\n\
             \x20 scgi_temp_path {d}/scgi;\n\
             \x20 include {d}/senda.conf;\n\
             }}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let log = std::fs::File::create(dir.join("nginx.out")).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", nginx.display()));
        let mut server = Nginx {
            child,
            port,
            dir: dir.to_path_buf(),
            program: nginx.to_path_buf(),
        };
        let start = Instant::now();
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("nginx exited ({status}):\n{}", server.logs());
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nginx did not listen on port {port} within 10 s:\n{}",
                server.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub(crate) fn logs(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.join(name)).unwrap_or_default();
        format!("{}{}", read("nginx.out"), read("error.log"))
    }
}

/// nginx's workers run as an unprivileged user when the tests run as root: let them in.
pub(crate) fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Runs `cmd`, killing it after `limit`; returns (success, stdout + stderr).
pub(crate) fn run_with_limit(cmd: &mut Command, limit: Duration) -> (bool, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let text = format!(
        "{}{}",
        out_reader.join().unwrap_or_default(),
        err_reader.join().unwrap_or_default()
    );
    match status {
        Some(s) => (s.success(), text),
        None => (false, format!("{text}\nkilled after {} s", limit.as_secs())),
    }
}

#[test]
fn the_hub_works_on_a_phone_in_chromium_served_by_nginx() {
    let Some(tools) = tools() else {
        return;
    };
    let browser_dir = repo().join("tests/browser");

    // The bundled hub, built as it is deployed.
    let site = Site::bundled();
    let work = tempfile::tempdir().unwrap();
    open_up(work.path());
    let public = work.path().join("public");
    let out = site.run(&[
        "build",
        "--precompress",
        "--output",
        public.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));

    let server_dir = work.path().join("nginx");
    std::fs::create_dir_all(&server_dir).unwrap();
    let server = Nginx::start(&tools.nginx, &server_dir, &public);

    if !browser_dir.join("node_modules").is_dir() {
        let npm = tools.npm.as_ref().unwrap();
        let (ok, log) = run_with_limit(
            Command::new(npm)
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&browser_dir),
            Duration::from_secs(300),
        );
        assert!(ok, "npm ci in tests/browser failed:\n{log}");
    }

    let started = Instant::now();
    let (ok, log) = run_with_limit(
        Command::new(&tools.node)
            .arg(browser_dir.join("phones.mjs"))
            .arg("--base")
            .arg(format!("http://127.0.0.1:{}/", server.port))
            .arg("--shots")
            .arg(repo().join("docs/screenshots"))
            .env("CHROMIUM", &tools.chromium)
            .current_dir(repo()),
        Duration::from_secs(360),
    );
    println!("{log}");
    println!(
        "browser checks took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if !ok {
        let failed: Vec<&str> = log
            .lines()
            .filter(|l| l.starts_with('✗') || l.starts_with("    - "))
            .collect();
        panic!(
            "browser checks failed:\n{}\n\nnginx log:\n{}",
            if failed.is_empty() {
                log.clone()
            } else {
                failed.join("\n")
            },
            server.logs()
        );
    }
}
