//! `senda serve`: a live preview for editors.
//! 1. bind (127.0.0.1:1111 by default; a warning when the address is reachable from others);
//! 2. load the site (nothing is rendered yet, nothing is written to disk), with the server's
//!    own address as base URL;
//! 3. render each page when it is asked for, and keep it until the next change (see `http` for
//!    the server's limits): `..` and its encodings get 404, unknown paths the language's 404 page;
//! 4. watch content/, locales/, data/, themes/, static/ and site.yaml (debounced, so an editor's
//!    save-by-rename counts once): an edited page is updated in place (`content::update`, a few
//!    milliseconds even for tens of thousands of pages); anything else loads the site again;
//! 5. pages carry a small live-reload script (served only here) that waits for the next change
//!    and reloads; if a change breaks the site, the last good version stays and every page shows
//!    the errors, with file and line, in an overlay until they are fixed.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::Loaded;
use crate::content::Update;
use crate::diag::{Diagnostic, Diagnostics};
use crate::http::{Request, Response};
use crate::render::{RenderSettings, Renderer};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// Preview the kiosk edition.
    pub kiosk: bool,
    /// The port of Decap CMS's local backend (`decap-server`), which /admin/ may talk to.
    pub cms_port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(String, String),
    #[error("cannot watch the site's files: {0}")]
    Watch(String),
}

/// The site being served.
struct Site {
    loaded: Loaded,
    renderer: Arc<Renderer>,
}

struct State {
    /// `None` until the site loads without errors.
    site: Option<Site>,
    /// Rendered outputs, until the next change.
    cache: HashMap<String, Arc<Vec<u8>>>,
    /// Search words of every file, made on the first search.
    terms: Option<Arc<crate::search::SiteTerms>>,
    /// The problems of the last change, shown over every page.
    errors: Vec<Diagnostic>,
    version: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    options: Settings,
}

/// What every (re)load needs.
#[derive(Clone)]
struct Settings {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    kiosk: bool,
    cms_port: u16,
}

impl Settings {
    fn render_settings(&self, loaded: &Loaded) -> RenderSettings {
        RenderSettings {
            minify: false,
            kiosk: self.kiosk,
            search_index: loaded
                .site
                .config
                .languages
                .iter()
                .map(|l| format!("/{}/search.json", l.code))
                .collect(),
        }
    }

    /// Loads the whole site and its renderer.
    fn load(&self) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new();
        let loaded = crate::load(&self.root, Some(&self.base_url), self.drafts, &mut diags);
        match loaded {
            Some(loaded) if !diags.has_errors() => {
                let settings = self.render_settings(&loaded);
                match Renderer::new(&loaded, &settings, &mut diags) {
                    Some(r) if !diags.has_errors() => Ok(Site {
                        loaded,
                        renderer: Arc::new(r),
                    }),
                    _ => Err(errors_of(diags)),
                }
            }
            _ => Err(errors_of(diags)),
        }
    }
}

fn errors_of(diags: Diagnostics) -> Vec<Diagnostic> {
    diags
        .sorted()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Longest a live-reload request waits for a rebuild.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// The longest URL accepted.
const MAX_URL: usize = crate::http::MAX_REQUEST_LINE;

const LIVE_JS: &str = r#"(function(){var v=null;function poll(){fetch('/__senda/poll?v='+(v===null?'':v),{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){if(v!==null&&d.version!==v){location.reload();return}v=d.version;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();
"#;

const OVERLAY_CSS: &str = "#senda-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 ui-monospace,monospace;padding:2rem}#senda-overlay h2{color:#ff8a80;font:700 1.3rem system-ui,sans-serif;margin:0 0 1rem}#senda-overlay pre{white-space:pre-wrap;margin:0 0 1.5rem;border-inline-start:4px solid #ff8a80;padding-inline-start:1rem}\n";

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
    let settings = Settings {
        root: opts.root.clone(),
        base_url: base_url.clone(),
        drafts: opts.drafts,
        kiosk: opts.kiosk,
        cms_port: opts.cms_port,
    };
    let start = Instant::now();
    let (site, errors) = match settings.load() {
        Ok(site) => (Some(site), Vec::new()),
        Err(e) => (None, e),
    };
    let _ = writeln!(
        log,
        "{} in {:.2} s. Serving the site at {base_url}/ (press Ctrl-C to stop)",
        if errors.is_empty() {
            "Loaded"
        } else {
            "The site has errors; fix them and it will load"
        },
        start.elapsed().as_secs_f64()
    );
    print_errors(log, &errors);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            site,
            cache: HashMap::new(),
            terms: None,
            errors,
            version: 1,
        }),
        changed: Condvar::new(),
        options: settings,
    });

    let _watcher = watch(opts, Arc::clone(&shared))?;
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

/// Applies a change: updates edited pages in place where it can, loads everything otherwise.
/// Returns what to print.
fn apply_change(shared: &Shared, paths: &[PathBuf]) -> String {
    let start = Instant::now();
    let settings = &shared.options;
    let root = settings
        .root
        .canonicalize()
        .unwrap_or_else(|_| settings.root.clone());
    // Editors save through temporary files and renames: a path that is gone and is not a page
    // was a temporary file, and folders only say that something inside them changed.
    let rel: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_file() || p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            p.strip_prefix(&root)
                .or_else(|_| p.strip_prefix(&settings.root))
                .unwrap_or(p)
                .to_path_buf()
        })
        .collect();
    if rel.is_empty() {
        return String::new();
    }
    let only_pages = rel.iter().all(|p| {
        p.starts_with(crate::content::CONTENT_DIR) && p.extension().is_some_and(|e| e == "md")
    });

    let Ok(mut state) = shared.state.lock() else {
        return String::new();
    };
    let mut outcome = None;
    if only_pages && let Some(site) = state.site.take() {
        let Site {
            mut loaded,
            renderer,
        } = site;
        // Let go of the renderer's hold on the site, so it can be changed without a copy.
        drop(renderer);
        let model = Arc::make_mut(&mut loaded.site);
        let mut diags = Diagnostics::new();
        let mut reload = false;
        let mut failed = false;
        let mut updated = Vec::new();
        for p in &rel {
            match crate::content::update(model, p, settings.drafts, &mut diags) {
                Update::Updated(id) => updated.push(id),
                Update::Failed => failed = true,
                Update::Reload => reload = true,
            }
        }
        let render_settings = settings.render_settings(&loaded);
        let renderer =
            Renderer::new(&loaded, &render_settings, &mut Diagnostics::new()).map(Arc::new);
        if let Some(renderer) = renderer {
            state.site = Some(Site { loaded, renderer });
        }
        if !reload && state.site.is_some() {
            if failed || diags.has_errors() {
                state.errors = errors_of(diags);
                outcome = Some(format!(
                    "The change has errors; still showing the last good version ({} ms)",
                    start.elapsed().as_millis()
                ));
            } else {
                state.errors.clear();
                // The search index is made again on the next search.
                state.terms = None;
                outcome = Some(format!(
                    "Updated {} page(s) in {} ms",
                    updated.len(),
                    start.elapsed().as_millis()
                ));
            }
        }
    }
    let message = match outcome {
        Some(m) => m,
        None => {
            drop(state);
            let loaded = settings.load();
            let Ok(s) = shared.state.lock() else {
                return String::new();
            };
            state = s;
            match loaded {
                Ok(site) => {
                    state.site = Some(site);
                    state.errors.clear();
                    state.terms = None;
                    let what: Vec<String> = rel
                        .iter()
                        .take(3)
                        .map(|p| crate::diag::display_path(p))
                        .collect();
                    format!(
                        "Reloaded the site in {} ms ({} changed)",
                        start.elapsed().as_millis(),
                        what.join(", ")
                    )
                }
                Err(errors) => {
                    state.errors = errors;
                    "The change has errors; still showing the last good version".to_string()
                }
            }
        }
    };
    state.cache.clear();
    state.version += 1;
    shared.changed.notify_all();
    message
}

/// Watches the site's sources and applies changes.
fn watch(
    opts: &ServeOptions,
    shared: Arc<Shared>,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    ServeError,
> {
    use notify::RecursiveMode;
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(100),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            let Ok(events) = result else { return };
            // Only changes: reading a file (as senda itself does) is not one.
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            paths.sort();
            paths.dedup();
            if paths.is_empty() {
                return;
            }
            let message = apply_change(&shared, &paths);
            if message.is_empty() {
                return;
            }
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{message}");
            if let Ok(state) = shared.state.lock() {
                print_errors(&mut err, &state.errors);
            }
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
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "wasm" => "application/wasm",
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
    let errors = match shared.state.lock() {
        Ok(s) => s.errors.clone(),
        Err(_) => return Response::empty(503),
    };
    let (status, path, body) = match clean_path(url) {
        None => not_found(shared, ""),
        Some(path) => {
            let key = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            match produce(shared, &key) {
                Some(Ok(bytes)) => (200, key, bytes),
                Some(Err(d)) => {
                    // A page the templates could not render: show why, over the page.
                    let mut errors = errors.clone();
                    errors.push(*d);
                    let body = decorate(b"<!doctype html><html><body></body></html>", &errors);
                    return Response::new(500, "text/html; charset=utf-8", body)
                        .header("Cache-Control", "no-store");
                }
                None if matches!(produce(shared, &format!("{path}/index.html")), Some(Ok(_))) => {
                    // A folder without its slash: send the browser to it.
                    return Response::empty(301).header("Location", format!("/{path}/"));
                }
                None => not_found(shared, &path),
            }
        }
    };
    let ctype = content_type(&path);
    // The web editor reloads nothing by itself: it saves files, which would reload it.
    let body = if ctype.starts_with("text/html") && !path.starts_with("admin/") {
        decorate(&body, &errors)
    } else {
        body.to_vec()
    };
    Response::new(status, ctype, body).header("Cache-Control", "no-store")
}

/// The language's 404 page (or the root one).
fn not_found(shared: &Shared, path: &str) -> (u16, String, Arc<Vec<u8>>) {
    let lang = path.split('/').next().unwrap_or("");
    let body = match produce(shared, &format!("{lang}/404.html")) {
        Some(Ok(b)) => b,
        _ => match produce(shared, "404.html") {
            Some(Ok(b)) => b,
            _ => Arc::new(b"Not found".to_vec()),
        },
    };
    (404, "404.html".to_string(), body)
}

/// The output at `key`: from the cache, or made now (a page, a search index, a feed, the
/// sitemap, a web manifest, a static file). `None` if the site has no such file.
fn produce(shared: &Shared, key: &str) -> Option<Result<Arc<Vec<u8>>, Box<Diagnostic>>> {
    let (loaded_site, renderer, i18n, assets, terms) = {
        let state = shared.state.lock().ok()?;
        if let Some(hit) = state.cache.get(key) {
            return Some(Ok(Arc::clone(hit)));
        }
        let site = state.site.as_ref()?;
        (
            Arc::clone(&site.loaded.site),
            Arc::clone(&site.renderer),
            Arc::clone(&site.loaded.i18n),
            Arc::clone(&site.loaded.assets),
            state.terms.clone(),
        )
    };
    let site = &loaded_site;
    let codes = site.config.codes();
    let lang_of = |prefix: &str| codes.iter().position(|c| *c == prefix);
    let (first, rest) = key.split_once('/').unwrap_or(("", key));
    let bytes: Vec<u8> = if let Some(result) = renderer.render_path(key) {
        match result {
            Ok(file) => file.read().ok()?.into_owned(),
            Err(d) => return Some(Err(d)),
        }
    } else if rest == "search.json"
        && let Some(lang) = lang_of(first)
    {
        let terms = match terms {
            Some(t) => t,
            None => {
                let t = Arc::new(crate::search::all_terms(site));
                if let Ok(mut state) = shared.state.lock() {
                    state.terms = Some(Arc::clone(&t));
                }
                t
            }
        };
        crate::search::index(site, lang, &terms).into_bytes()
    } else if rest == "atom.xml"
        && let Some(lang) = lang_of(first)
    {
        let feeds = crate::feeds::feeds(site, |l| {
            i18n.format(l, "site-title", &[])
                .map(|t| crate::i18n::strip_isolation(&t))
                .unwrap_or_else(|_| site.config.title.clone())
        });
        feeds.into_iter().nth(lang)?.read().ok()?.into_owned()
    } else if rest == "manifest.webmanifest"
        && let Some(lang) = lang_of(first)
    {
        let manifests = crate::offline::web_manifests(site, &i18n, &[]);
        manifests.into_iter().nth(lang)?.read().ok()?.into_owned()
    } else if let Some(rest) = key.strip_prefix("admin/")
        && let Some(cms) = site.config.cms.as_ref().filter(|_| !shared.options.kiosk)
    {
        let parts = crate::cms::Parts {
            site,
            i18n: &i18n,
            assets: &assets,
        };
        crate::cms::serve_file(&parts, cms, rest, shared.options.cms_port)?
    } else if key == "sitemap.xml" {
        crate::feeds::sitemap(site).read().ok()?.into_owned()
    } else if key == "robots.txt" {
        crate::feeds::robots(site).read().ok()?.into_owned()
    } else {
        let asset = assets.files.iter().find(|a| a.out == key)?;
        match &asset.bytes {
            Some(b) => b.clone(),
            None => std::fs::read(&asset.source).ok()?,
        }
    };
    let bytes = Arc::new(bytes);
    if let Ok(mut state) = shared.state.lock() {
        state.cache.insert(key.to_string(), Arc::clone(&bytes));
    }
    Some(Ok(bytes))
}

/// Adds the live-reload script, and the error overlay while the last rebuild failed.
fn decorate(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    if !html.starts_with(b"<!") && !html.starts_with(b"<html") {
        return html.to_vec();
    }
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
