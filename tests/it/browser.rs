//! Browser tests: the bundled hub, built with `--precompress`, served by nginx with the documented
//! configuration (deploy/nginx/), checked in Debian's Chromium by tests/browser/phones.mjs
//! (pages without JavaScript, offline reading, search, "Listen", no third-party requests, no
//! sideways scroll on a phone, axe-core, screenshots in a temporary folder, or docs/screenshots/ with SENDA_SCREENSHOTS=1); then served by nginx
//! and by Caddy with the shipped deploy/Caddyfile, each checked by tests/browser/servers.mjs
//! (security headers and CSP, caching, brotli and gzip from the precompressed files, the 404
//! page of the reader's language).
//!
//! Needs `chromium`, `node` (and `npm` when tests/browser/node_modules is missing), `nginx` with
//! Debian's brotli module (libnginx-mod-http-brotli-static) and `caddy`. When one is missing the
//! test is skipped, unless SENDA_REQUIRE_BROWSER=1 (CI), where it fails.

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
}

/// The web servers the deployment files are for.
pub(crate) struct Servers {
    nginx: PathBuf,
    /// Debian's ngx_http_brotli_static_module.so.
    brotli_module: PathBuf,
    caddy: PathBuf,
}

/// Where Debian's libnginx-mod-http-brotli-static puts the module.
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Skips the test (returns `None`) when a tool is missing, unless SENDA_REQUIRE_BROWSER=1,
/// where it fails naming what to install.
pub(crate) fn missing(what: &[&str], install: &str) -> Option<()> {
    if what.is_empty() {
        return Some(());
    }
    let what = what.join(", ");
    if std::env::var("SENDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "SENDA_REQUIRE_BROWSER=1 but the test cannot run: {what} not found (install {install})"
        );
    }
    println!("skipping: {what} not found (install {install})");
    None
}

/// Chromium and Node, or None (test skipped) when one is missing and SENDA_REQUIRE_BROWSER
/// is not 1.
pub(crate) fn tools() -> Option<Tools> {
    let chromium_env = std::env::var("CHROMIUM").ok();
    let mut chromium_names: Vec<&str> = chromium_env.iter().map(String::as_str).collect();
    chromium_names.extend(["/usr/bin/chromium", "chromium", "chromium-browser"]);
    let chromium = find_program(&chromium_names);
    let node = find_program(&["node", "nodejs"]);
    let npm = find_program(&["npm"]);
    let node_modules = repo().join("tests/browser/node_modules").is_dir();
    let mut not_found = Vec::new();
    if chromium.is_none() {
        not_found.push("chromium");
    }
    if node.is_none() {
        not_found.push("node");
    }
    if npm.is_none() && !node_modules {
        not_found.push("npm (tests/browser/node_modules is not installed)");
    }
    missing(&not_found, "chromium, nodejs and npm")?;
    Some(Tools {
        chromium: chromium.unwrap(),
        node: node.unwrap(),
        npm,
    })
}

/// nginx with the brotli module, and Caddy, or None (test skipped) as in `tools`.
pub(crate) fn servers() -> Option<Servers> {
    let nginx = find_program(&["nginx"]);
    let brotli_module = find_program(&[BROTLI_MODULE]);
    let caddy = find_program(&["caddy"]);
    let mut not_found = Vec::new();
    if nginx.is_none() {
        not_found.push("nginx");
    }
    if brotli_module.is_none() {
        not_found.push(BROTLI_MODULE);
    }
    if caddy.is_none() {
        not_found.push("caddy");
    }
    missing(
        &not_found,
        "nginx-light, libnginx-mod-http-brotli-static and caddy",
    )?;
    Some(Servers {
        nginx: nginx.unwrap(),
        brotli_module: brotli_module.unwrap(),
        caddy: caddy.unwrap(),
    })
}

/// Installs tests/browser/node_modules (playwright-core, axe-core) if it is not there.
pub(crate) fn npm_ci(tools: &Tools) {
    let browser_dir = repo().join("tests/browser");
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
}

/// Runs tests/browser/SCRIPT with ARGS in Node (the checks print ✓ or ✗ lines) and fails with
/// the failed checks and `logs()` if any failed.
pub(crate) fn run_checks(tools: &Tools, script: &str, args: &[&str], logs: impl Fn() -> String) {
    let started = Instant::now();
    let (ok, log) = run_with_limit(
        Command::new(&tools.node)
            .arg(repo().join("tests/browser").join(script))
            .args(args)
            .env("CHROMIUM", &tools.chromium)
            .current_dir(repo()),
        Duration::from_secs(540),
    );
    println!("{log}");
    println!("{script} took {:.1} s", started.elapsed().as_secs_f64());
    if !ok {
        let failed: Vec<&str> = log
            .lines()
            .filter(|l| l.starts_with('✗') || l.starts_with("    - "))
            .collect();
        panic!(
            "{script} failed:\n{}\n\nserver log:\n{}",
            if failed.is_empty() {
                log.clone()
            } else {
                failed.join("\n")
            },
            logs()
        );
    }
}

/// nginx as a child process, killed when dropped.
pub(crate) struct Nginx {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl Drop for Nginx {
    /// A fast shutdown (SIGTERM), so the master stops its workers; SIGKILL would leave them
    /// running. SIGKILL only if it has not stopped within 5 s.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
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
pub(crate) fn replace_once(text: &str, from: &str, to: &str, file: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{file} should contain `{from}` exactly once (the browser test rewrites it)"
    );
    text.replacen(from, to, 1)
}

impl Nginx {
    /// Serves `public` with deploy/nginx/senda.conf and security-headers.conf, as documented,
    /// with Debian's brotli module loaded (as its package does in /etc/nginx/modules-enabled/).
    pub(crate) fn start(servers: &Servers, dir: &Path, public: &Path) -> Nginx {
        let nginx = &servers.nginx;
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
            "load_module {};\n\
             daemon off;\n\
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
             }}\n",
            servers.brotli_module.display()
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
        };
        wait_for_port(&mut server.child, port, "nginx", || server_logs(dir));
        server
    }

    pub(crate) fn logs(&self) -> String {
        server_logs(&self.dir)
    }
}

/// What a server started by these tests wrote in `dir` (nginx.out, error.log, caddy.out).
fn server_logs(dir: &Path) -> String {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    format!(
        "{}{}{}",
        read("nginx.out"),
        read("error.log"),
        read("caddy.out")
    )
}

/// Waits until something listens on `port` (10 s at most), failing if `child` exits first.
pub(crate) fn wait_for_port(child: &mut Child, port: u16, name: &str, logs: impl Fn() -> String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{name} exited ({status}):\n{}", logs());
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{name} did not listen on port {port} within 10 s:\n{}",
            logs()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Caddy as a child process, killed when dropped.
struct Caddy {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Caddy {
    /// Serves `public` with the shipped deploy/Caddyfile: only its address (plain HTTP on a
    /// loopback port instead of the HTTPS host name) and its root are changed, and Caddy's
    /// admin endpoint is turned off.
    fn start(caddy: &Path, dir: &Path, public: &Path) -> Caddy {
        let port = free_port();
        let file = std::fs::read_to_string(repo().join("deploy/Caddyfile")).unwrap();
        let file = replace_once(
            &file,
            "info.example.org {",
            &format!("{{\n\tadmin off\n}}\n\nhttp://127.0.0.1:{port} {{"),
            "deploy/Caddyfile",
        );
        let file = replace_once(
            &file,
            "root * /srv/hub/public",
            &format!("root * {}", public.display()),
            "deploy/Caddyfile",
        );
        std::fs::write(dir.join("Caddyfile"), file).unwrap();
        let log = std::fs::File::create(dir.join("caddy.out")).unwrap();
        // Caddy keeps its state under HOME / XDG folders: the test's own.
        let child = Command::new(caddy)
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(dir.join("Caddyfile"))
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", caddy.display()));
        let mut server = Caddy {
            child,
            port,
            dir: dir.to_path_buf(),
        };
        wait_for_port(&mut server.child, port, "caddy", || server_logs(dir));
        server
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
fn the_hub_works_on_a_phone_in_chromium_served_by_nginx_and_caddy() {
    let (Some(tools), Some(servers)) = (tools(), servers()) else {
        return;
    };

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
    npm_ci(&tools);

    let nginx_dir = work.path().join("nginx");
    std::fs::create_dir_all(&nginx_dir).unwrap();
    let nginx = Nginx::start(&servers, &nginx_dir, &public);
    let base = format!("http://127.0.0.1:{}/", nginx.port);
    let shots = screenshots_dir();
    run_checks(
        &tools,
        "phones.mjs",
        &["--base", &base, "--shots", shots.to_str().unwrap()],
        || nginx.logs(),
    );
    let public_arg = public.to_str().unwrap();
    run_checks(
        &tools,
        "servers.mjs",
        &["--base", &base, "--name", "nginx", "--public", public_arg],
        || nginx.logs(),
    );
    drop(nginx);

    let caddy_dir = work.path().join("caddy");
    std::fs::create_dir_all(&caddy_dir).unwrap();
    let caddy = Caddy::start(&servers.caddy, &caddy_dir, &public);
    let base = format!("http://127.0.0.1:{}/", caddy.port);
    run_checks(
        &tools,
        "servers.mjs",
        &["--base", &base, "--name", "caddy", "--public", public_arg],
        || server_logs(&caddy.dir),
    );
}
