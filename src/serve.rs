//! `senda serve`: a live preview for editors.
//! 1. bind (127.0.0.1:1111 by default; a warning when the address is reachable from others);
//! 2. build the site into memory (never to disk) with the server's own address as base URL;
//! 3. serve it (see `http` for the limits): `..` and its encodings get 404, unknown paths the
//!    language's 404 page;
//! 4. watch content/, locales/, data/, themes/, static/ and site.yaml; rebuild on change
//!    (debounced, so an editor's save-by-rename counts once);
//! 5. pages carry a small live-reload script (served only here) that waits for the next
//!    rebuild and reloads; a failed rebuild keeps the last good site and shows its errors, with
//!    file and line, in an overlay on every page until they are fixed.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::http::{Request, Response};
use crate::output::OutputFile;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// Preview the kiosk edition.
    pub kiosk: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(String, String),
    #[error("cannot watch the site's files: {0}")]
    Watch(String),
}

/// The site being served, and the problems of the last rebuild if it failed.
struct State {
    files: Arc<BTreeMap<String, OutputFile>>,
    errors: Vec<Diagnostic>,
    version: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// Longest a live-reload request waits for a rebuild.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// The longest URL accepted.
const MAX_URL: usize = crate::http::MAX_REQUEST_LINE;

const LIVE_JS: &str = r#"(function(){var v=null;function poll(){fetch('/__senda/poll?v='+(v===null?'':v),{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){if(v!==null&&d.version!==v){location.reload();return}v=d.version;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();
"#;

const OVERLAY_CSS: &str = "#senda-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 ui-monospace,monospace;padding:2rem}#senda-overlay h2{color:#ff8a80;font:700 1.3rem system-ui,sans-serif;margin:0 0 1rem}#senda-overlay pre{white-space:pre-wrap;margin:0 0 1.5rem;border-inline-start:4px solid #ff8a80;padding-inline-start:1rem}\n";

/// Builds the site into memory.
fn rebuild(
    root: &Path,
    base_url: &str,
    drafts: bool,
    kiosk: bool,
) -> Result<BTreeMap<String, OutputFile>, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let edition = crate::Edition {
        minify: false,
        kiosk,
    };
    match crate::render_site(
        root,
        Some(base_url),
        drafts,
        edition,
        &crate::Quiet,
        &mut diags,
    ) {
        Some(r) => Ok(r.files),
        None => Err(diags
            .sorted()
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()),
    }
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn serve(opts: &ServeOptions, log: &mut dyn Write) -> Result<(), ServeError> {
    let addr = format!("{}:{}", opts.bind, opts.port);
    let listener = std::net::TcpListener::bind(&addr)
        .map_err(|e| ServeError::Bind(addr.clone(), e.to_string()))?;
    let local: SocketAddr = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(addr.clone(), e.to_string()))?;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        local.ip().to_string()
    };
    let base_url = format!("http://{host}:{}", local.port());
    if !is_loopback(&opts.bind) {
        let _ = writeln!(
            log,
            "warning: listening on {} makes the preview reachable from other computers on the network",
            opts.bind
        );
    }

    let start = Instant::now();
    let (files, errors) = match rebuild(&opts.root, &base_url, opts.drafts, opts.kiosk) {
        Ok(f) => (f, Vec::new()),
        Err(e) => (BTreeMap::new(), e),
    };
    let _ = writeln!(
        log,
        "{} in {:.2} s. Serving the site at {base_url}/ (press Ctrl-C to stop)",
        if errors.is_empty() {
            "Built"
        } else {
            "The site has errors; built nothing"
        },
        start.elapsed().as_secs_f64()
    );
    print_errors(log, &errors);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            files: Arc::new(files),
            errors,
            version: 1,
        }),
        changed: Condvar::new(),
    });

    let _watcher = watch(opts, &base_url, Arc::clone(&shared))?;
    let handler_state = Arc::clone(&shared);
    crate::http::run(
        listener,
        Arc::new(move |request: &Request| handle(request, &handler_state)),
    );
    Ok(())
}

fn print_errors(log: &mut dyn Write, errors: &[Diagnostic]) {
    for d in errors {
        let _ = writeln!(log, "{}", d.render());
    }
}

/// Watches the site's sources and rebuilds on change.
fn watch(
    opts: &ServeOptions,
    base_url: &str,
    shared: Arc<Shared>,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    ServeError,
> {
    use notify::RecursiveMode;
    let root = opts.root.clone();
    let base_url = base_url.to_string();
    let drafts = opts.drafts;
    let kiosk = opts.kiosk;
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(120),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            let Ok(events) = result else { return };
            if events.is_empty() {
                return;
            }
            let start = Instant::now();
            let outcome = rebuild(&root, &base_url, drafts, kiosk);
            let mut err = std::io::stderr().lock();
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            match outcome {
                Ok(files) => {
                    state.files = Arc::new(files);
                    state.errors.clear();
                    let _ = writeln!(err, "Rebuilt in {} ms", start.elapsed().as_millis());
                }
                Err(errors) => {
                    let _ = writeln!(err, "The rebuild failed; still serving the last good site:");
                    print_errors(&mut err, &errors);
                    state.errors = errors;
                }
            }
            state.version += 1;
            shared.changed.notify_all();
        },
    )
    .map_err(|e| ServeError::Watch(e.to_string()))?;
    for dir in ["content", "locales", "data", "themes", "static"] {
        let p = opts.root.join(dir);
        if p.is_dir() {
            debouncer
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch(format!("{}: {e}", p.display())))?;
        }
    }
    let config = opts.root.join(crate::config::CONFIG_FILE);
    debouncer
        .watch(&config, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch(format!("{}: {e}", config.display())))?;
    Ok(debouncer)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `/es/a%20b/` → `es/a b/`; `None` for anything that could leave the site: `..` or `.`
/// segments (encoded or not), backslashes, NUL, bad UTF-8.
pub fn clean_path(url: &str) -> Option<String> {
    if url.len() > MAX_URL {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut segments = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    let mut p = segments.join("/");
    if trailing && !p.is_empty() {
        p.push('/');
    }
    Some(p)
}

fn handle(request: &Request, shared: &Shared) -> Response {
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix("/__senda/") {
        return internal(rest, shared);
    }
    let Ok(state) = shared.state.lock() else {
        return Response::empty(503);
    };
    let (files, errors) = (Arc::clone(&state.files), state.errors.clone());
    drop(state);
    let not_found = |path: &str| {
        let lang = path.split('/').next().unwrap_or("");
        let page = format!("{lang}/404.html");
        let body = files
            .get(&page)
            .or_else(|| files.get("404.html"))
            .and_then(|f| f.read().ok().map(|b| b.into_owned()))
            .unwrap_or_else(|| b"Not found".to_vec());
        (404, "404.html".to_string(), body)
    };
    let (status, served_path, body) = match clean_path(url) {
        None => not_found(""),
        Some(path) => {
            let key = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            match files.get(&key).and_then(|f| f.read().ok()) {
                Some(bytes) => (200, key, bytes.into_owned()),
                // A folder without its slash: send the browser to it.
                None if files.contains_key(&format!("{path}/index.html")) => {
                    return Response::empty(301).header("Location", format!("/{path}/"));
                }
                None => not_found(&path),
            }
        }
    };
    let ctype = content_type(&served_path);
    let body = if ctype.starts_with("text/html") {
        decorate(&body, &errors)
    } else {
        body
    };
    Response::new(status, ctype, body).header("Cache-Control", "no-store")
}

/// Adds the live-reload script, and the error overlay while the last rebuild failed.
fn decorate(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::from("<script src=\"/__senda/live.js\" defer></script>");
    if !errors.is_empty() {
        extra.push_str("<link rel=\"stylesheet\" href=\"/__senda/overlay.css\"><div id=\"senda-overlay\" role=\"alert\"><h2>The last change could not be built. This is the previous version of the site.</h2>");
        for d in errors {
            extra.push_str("<pre>");
            extra.push_str(&crate::render::escape_text(&d.render()));
            extra.push_str("</pre>");
        }
        extra.push_str("</div>");
    }
    let out = match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    };
    out.into_bytes()
}

fn internal(rest: &str, shared: &Shared) -> Response {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (ctype, body): (&str, Vec<u8>) = match path {
        "live.js" => (
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        "overlay.css" => ("text/css; charset=utf-8", OVERLAY_CSS.as_bytes().to_vec()),
        "poll" => {
            let seen: Option<u64> = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("v="))
                .and_then(|v| v.parse().ok());
            let Ok(mut state) = shared.state.lock() else {
                return Response::empty(503);
            };
            if let Some(seen) = seen {
                let deadline = Instant::now() + POLL_WAIT;
                while state.version == seen {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    match shared.changed.wait_timeout(state, left) {
                        Ok((s, _)) => state = s,
                        Err(_) => return Response::empty(503),
                    }
                }
            }
            let body = format!(
                "{{\"version\":{},\"errors\":{}}}",
                state.version,
                state.errors.len()
            );
            ("application/json", body.into_bytes())
        }
        "status" => {
            let Ok(state) = shared.state.lock() else {
                return Response::empty(503);
            };
            (
                "application/json",
                crate::diag::to_json(&state.errors).into_bytes(),
            )
        }
        _ => return Response::empty(404),
    };
    Response::new(200, ctype, body).header("Cache-Control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for bad in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/es/../../site.yaml",
            "/es/%2e%2e/%2e%2e/site.yaml",
            "/..%2fsite.yaml",
            "/..%5csite.yaml",
            "/%00",
            "/%zz",
            "/%c0%ae%c0%ae/site.yaml",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(clean_path("/es/a%20b/?x=1").as_deref(), Some("es/a b/"));
        assert_eq!(clean_path("/").as_deref(), Some(""));
        // Double encoding stays a literal (and unknown) name.
        assert_eq!(clean_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
    }
}
