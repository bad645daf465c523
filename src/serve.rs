//! `senda serve`: a live preview for editors.
//! 1. bind (127.0.0.1:1111 by default; a warning when the address is reachable from others);
//! 2. load the site (nothing is rendered yet, nothing is written to disk), with the server's
//!    own address as base URL;
//! 3. render each output when it is asked for (found in the route table, like a build), and
//!    keep it until the next change (see `http` for the server's limits): `..` and its
//!    encodings get 404, unknown paths the language's 404 page;
//! 4. watch content/, locales/, data/, themes/, static/ and site.yaml (debounced, so an editor's
//!    save-by-rename counts once): an edited page is updated in place (`content::update`, a few
//!    milliseconds even for tens of thousands of pages); anything else loads the site again;
//! 5. pages carry a small live-reload script (served only here) that waits for the next change
//!    and reloads; if a change breaks the site, the last good version stays and every page shows
//!    the errors, with file and line, in an overlay until they are fixed.
//!
//! Nothing an editor writes can stop the preview: a panic while taking in a change or while
//! rendering a page is caught, reported in the overlay like any error, and the last good
//! version stays; no lock is left poisoned (a poisoned lock is taken over as it is).

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use crate::Loaded;
use crate::content::Update;
use crate::diag::{Coded, Diagnostic, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::http::{Request, Response};
use crate::lang::{Lang, PerLang};
use crate::options::{Edition, LoadOptions, ServeOptions};
use crate::render::{Renderer, SearchIndexNames, Settings as RenderSettings};
use crate::routes::{self, Target};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(String, String),
    #[error("cannot watch the site's files: {0}")]
    Watch(String),
}

/// A panic caught while serving, reported like any other problem.
#[derive(Debug, thiserror::Error)]
#[error(
    "senda hit an internal error {while_}: {message}. This is a bug in senda; the preview shows the last good version"
)]
struct Internal {
    while_: String,
    message: String,
}

impl Coded for Internal {
    fn code(&self) -> &'static str {
        "internal"
    }
    fn help(&self) -> Option<String> {
        Some("undo the last change to go on; please report the file that caused it".into())
    }
}

/// The message of a caught panic.
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

fn internal_error(while_: &str, p: &(dyn std::any::Any + Send)) -> Diagnostic {
    Diagnostic::error(
        &Internal {
            while_: while_.to_string(),
            message: panic_message(p),
        },
        Location::default(),
    )
}

/// Takes a lock even if a thread panicked while holding it: every value behind these locks
/// is replaced whole, so it is never half-changed.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The search index of each language, made when the search page (or the index) is first
/// asked for.
struct SearchCache {
    site: Arc<crate::content::Site>,
    terms: OnceLock<crate::search::SiteTerms>,
    /// (file name, JSON) per language.
    indexes: PerLang<OnceLock<(String, Vec<u8>)>>,
}

impl SearchCache {
    fn new(site: &Arc<crate::content::Site>) -> Arc<SearchCache> {
        Arc::new(SearchCache {
            site: Arc::clone(site),
            terms: OnceLock::new(),
            indexes: site.config.langs().map(|_| OnceLock::new()).collect(),
        })
    }

    fn get(&self, lang: Lang) -> &(String, Vec<u8>) {
        self.indexes[lang].get_or_init(|| {
            let terms = self
                .terms
                .get_or_init(|| crate::search::all_terms(&self.site));
            let json = crate::search::index(&self.site, lang, terms);
            let name = routes::search_index_file(
                &self.site.config,
                lang,
                &crate::content_hash(json.as_bytes()),
            );
            (name, json.into_bytes())
        })
    }
}

/// The site being served. The renderer (and the search cache) hold the model too; they are
/// let go of while the model is changed in place, and made again after.
struct Site {
    loaded: Loaded,
    renderer: Option<Arc<Renderer>>,
    search: Option<Arc<SearchCache>>,
}

struct State {
    /// `None` until the site loads without errors.
    site: Option<Site>,
    /// Rendered outputs, until the next change.
    cache: HashMap<String, Arc<Vec<u8>>>,
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
    load: LoadOptions,
    /// The port of Decap CMS's local backend, for /admin/.
    cms_port: u16,
}

impl Settings {
    /// Loads the whole site and its renderer (a panic is caught and reported).
    fn load(&self) -> Result<Site, Vec<Diagnostic>> {
        catch_unwind(AssertUnwindSafe(|| self.load_unguarded()))
            .unwrap_or_else(|p| Err(vec![internal_error("while loading the site", &*p)]))
    }

    fn load_unguarded(&self) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new();
        match crate::load(SiteFiles::disk(&self.root), &self.load, &mut diags) {
            Some(loaded) if !diags.has_errors() => match renderer(&loaded, &mut diags) {
                Some((renderer, search)) if !diags.has_errors() => Ok(Site {
                    loaded,
                    renderer: Some(renderer),
                    search: Some(search),
                }),
                _ => Err(errors_of(diags)),
            },
            _ => Err(errors_of(diags)),
        }
    }
}

/// A renderer for the preview (not minified), with its search indexes made on demand.
fn renderer(loaded: &Loaded, diags: &mut Diagnostics) -> Option<(Arc<Renderer>, Arc<SearchCache>)> {
    let search = SearchCache::new(&loaded.site);
    let names = Arc::clone(&search);
    let names: SearchIndexNames = Arc::new(move |lang| names.get(lang).0.clone());
    let settings = RenderSettings {
        minify: false,
        edition: loaded.edition,
    };
    let r = Renderer::new(loaded, settings, names, diags)?;
    Some((Arc::new(r), search))
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
        load: LoadOptions {
            base_url: Some(base_url.clone()),
            drafts: opts.drafts,
            edition: opts.edition,
            today: opts.today,
        },
        cms_port: opts.cms_port,
    };
    let start = Instant::now();
    let (site, errors) = match settings.load() {
        Ok(site) => (Some(site), Vec::new()),
        Err(e) => (None, e),
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            site,
            cache: HashMap::new(),
            errors,
            version: 1,
        }),
        changed: Condvar::new(),
        options: settings,
    });

    // Watch before saying the site is served: an edit made right after that line is seen.
    let _watcher = watch(opts, Arc::clone(&shared))?;
    let errors = lock(&shared.state).errors.clone();
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

/// The changed files, relative to the site's folder, without editors' temporary files.
fn changed_files(settings: &Settings, paths: &[PathBuf]) -> Vec<PathBuf> {
    let root = settings
        .root
        .canonicalize()
        .unwrap_or_else(|_| settings.root.clone());
    // Editors save through temporary files and renames: a path that is gone and is not a page
    // was a temporary file, and folders only say that something inside them changed.
    paths
        .iter()
        .filter(|p| p.is_file() || p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            p.strip_prefix(&root)
                .or_else(|_| p.strip_prefix(&settings.root))
                .unwrap_or(p)
                .to_path_buf()
        })
        .collect()
}

/// What taking in edited pages gave.
enum Taken {
    /// (the errors of the change, pages updated)
    Updated(Vec<Diagnostic>, usize),
    /// The change needs a full load.
    Reload,
    /// senda panicked (reported as the change's error).
    Panicked(Diagnostic),
}

/// Updates the edited pages of `site` in place, then makes its renderer again. A panic while
/// reading or parsing a file happens before the model is changed (`content::update` changes it
/// last), so the last good version stays.
fn update_pages(site: &mut Site, settings: &Settings, rel: &[PathBuf]) -> Taken {
    site.renderer = None;
    site.search = None;
    let taken = catch_unwind(AssertUnwindSafe(|| {
        let files = SiteFiles::disk(&settings.root);
        let model = Arc::make_mut(&mut site.loaded.site);
        let mut diags = Diagnostics::new();
        let mut failed = false;
        let mut updated = 0;
        for p in rel {
            match crate::content::update(model, &files, p, settings.load.drafts, &mut diags) {
                Update::Updated(_) => updated += 1,
                Update::Failed => failed = true,
                Update::Reload => return Taken::Reload,
            }
        }
        let errors = if failed || diags.has_errors() {
            errors_of(diags)
        } else {
            Vec::new()
        };
        Taken::Updated(errors, updated)
    }))
    .unwrap_or_else(|p| {
        Taken::Panicked(internal_error(
            &format!("while taking in {}", display_list(rel)),
            &*p,
        ))
    });
    let mut diags = Diagnostics::new();
    if let Ok(Some((r, s))) = catch_unwind(AssertUnwindSafe(|| renderer(&site.loaded, &mut diags)))
    {
        site.renderer = Some(r);
        site.search = Some(s);
    }
    taken
}

fn display_list(rel: &[PathBuf]) -> String {
    rel.iter()
        .take(3)
        .map(|p| crate::diag::display_path(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies a change: updates edited pages in place where it can, loads everything otherwise.
/// Returns what to print.
fn apply_change(shared: &Shared, paths: &[PathBuf]) -> String {
    let start = Instant::now();
    let settings = &shared.options;
    let rel = changed_files(settings, paths);
    if rel.is_empty() {
        return String::new();
    }
    let only_pages = rel.iter().all(|p| {
        p.starts_with(crate::content::CONTENT_DIR) && p.extension().is_some_and(|e| e == "md")
    });
    let mut outcome = None;
    if only_pages {
        let mut state = lock(&shared.state);
        if let Some(site) = state.site.as_mut() {
            outcome = match update_pages(site, settings, &rel) {
                Taken::Updated(errors, updated) if errors.is_empty() => {
                    state.errors.clear();
                    Some(format!(
                        "Updated {updated} page(s) in {} ms",
                        start.elapsed().as_millis()
                    ))
                }
                Taken::Updated(errors, _) => {
                    state.errors = errors;
                    Some(format!(
                        "The change has errors; still showing the last good version ({} ms)",
                        start.elapsed().as_millis()
                    ))
                }
                Taken::Panicked(d) => {
                    state.errors = vec![d];
                    Some(
                        "The change could not be taken in; still showing the last good version"
                            .into(),
                    )
                }
                Taken::Reload => None,
            };
        }
    }
    let message = match outcome {
        Some(m) => m,
        None => {
            let loaded = settings.load();
            let mut state = lock(&shared.state);
            match loaded {
                Ok(site) => {
                    state.site = Some(site);
                    state.errors.clear();
                    format!(
                        "Reloaded the site in {} ms ({} changed)",
                        start.elapsed().as_millis(),
                        display_list(&rel)
                    )
                }
                Err(errors) => {
                    state.errors = errors;
                    "The change has errors; still showing the last good version".to_string()
                }
            }
        }
    };
    let mut state = lock(&shared.state);
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
            // Whatever happens here, the watcher thread goes on watching.
            let message = catch_unwind(AssertUnwindSafe(|| apply_change(&shared, &paths)))
                .unwrap_or_else(|p| {
                    let mut state = lock(&shared.state);
                    state.errors = vec![internal_error("while taking in a change", &*p)];
                    state.version += 1;
                    shared.changed.notify_all();
                    "The change could not be taken in; still showing the last good version"
                        .to_string()
                });
            if message.is_empty() {
                return;
            }
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{message}");
            print_errors(&mut err, &lock(&shared.state).errors);
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

fn handle(request: &Request, shared: &Shared) -> Response {
    // A page that makes senda panic is shown as an error; the server goes on.
    catch_unwind(AssertUnwindSafe(|| respond(request, shared))).unwrap_or_else(|p| {
        let errors = vec![internal_error(
            &format!("while making {}", request.target),
            &*p,
        )];
        let body = decorate(b"<!doctype html><html><body></body></html>", &errors);
        Response::new(500, "text/html; charset=utf-8", body).header("Cache-Control", "no-store")
    })
}

fn respond(request: &Request, shared: &Shared) -> Response {
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix("/__senda/") {
        return internal(rest, shared);
    }
    let errors = lock(&shared.state).errors.clone();
    let (status, path, body) = match clean_path(url) {
        None => not_found(shared, ""),
        Some(path) => {
            let key = routes::file_of_url(&format!("/{path}"));
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
        _ => match produce(shared, routes::ROOT_NOT_FOUND) {
            Some(Ok(b)) => b,
            _ => Arc::new(b"Not found".to_vec()),
        },
    };
    (404, "404.html".to_string(), body)
}

/// The output at `key`, as the route table says: from the cache, or made now. `None` if the
/// site has no such file (or it is one the preview does not serve: the service worker,
/// `_headers`, the offline lists).
fn produce(shared: &Shared, key: &str) -> Option<Result<Arc<Vec<u8>>, Box<Diagnostic>>> {
    let (loaded_site, renderer, i18n, assets, search, route) = {
        let state = lock(&shared.state);
        if let Some(hit) = state.cache.get(key) {
            return Some(Ok(Arc::clone(hit)));
        }
        let site = state.site.as_ref()?;
        (
            Arc::clone(&site.loaded.site),
            site.renderer.clone()?,
            Arc::clone(&site.loaded.i18n),
            Arc::clone(&site.loaded.assets),
            site.search.clone()?,
            site.loaded.routes.get(key).cloned(),
        )
    };
    let site = &loaded_site;
    let bytes: Vec<u8> = match route.map(|r| (r.target, r)) {
        Some((t, r)) if t.is_template() || matches!(t, Target::Alias(_)) => {
            match renderer.render(&r) {
                Ok(file) => file.read().ok()?.into_owned(),
                Err(d) => return Some(Err(d)),
            }
        }
        Some((Target::Feed(lang), _)) => {
            let feeds = crate::feeds::feeds(site, |l| crate::feeds::site_title(site, &i18n, l));
            feeds
                .into_iter()
                .nth(lang.index())?
                .read()
                .ok()?
                .into_owned()
        }
        Some((Target::WebManifest(lang), _)) => {
            let manifests = crate::offline::web_manifests(site, &i18n, &assets);
            manifests
                .into_iter()
                .nth(lang.index())?
                .read()
                .ok()?
                .into_owned()
        }
        Some((Target::Sitemap, _)) => crate::feeds::sitemap(site).read().ok()?.into_owned(),
        Some((Target::Robots, _)) => crate::feeds::robots(site).read().ok()?.into_owned(),
        Some((Target::Asset(i), _)) => {
            let asset = assets.files.get(i)?;
            match (&asset.bytes, &asset.disk) {
                (Some(b), _) => b.clone(),
                (None, Some(disk)) => std::fs::read(disk).ok()?,
                (None, None) => return None,
            }
        }
        Some(_) => return None,
        None if key.starts_with("admin/") => {
            let rest = &key["admin/".len()..];
            let cms = site
                .config
                .cms
                .as_ref()
                .filter(|_| shared.options.load.edition == Edition::Web)?;
            let parts = crate::cms::Parts {
                site,
                i18n: &i18n,
                assets: &assets,
            };
            crate::cms::serve_file(&parts, cms, rest, shared.options.cms_port)?
        }
        None => {
            let lang = routes::search_index_language(&site.config, key)?;
            let (name, json) = search.get(lang);
            if name != key {
                return None;
            }
            json.clone()
        }
    };
    let bytes = Arc::new(bytes);
    lock(&shared.state)
        .cache
        .insert(key.to_string(), Arc::clone(&bytes));
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
            extra.push_str(&crate::html::escape(&d.render()));
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
            let mut state = lock(&shared.state);
            if let Some(seen) = seen {
                let deadline = Instant::now() + POLL_WAIT;
                while state.version == seen {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    state = match shared.changed.wait_timeout(state, left) {
                        Ok((s, _)) => s,
                        Err(poisoned) => poisoned.into_inner().0,
                    };
                }
            }
            let body = format!(
                "{{\"version\":{},\"errors\":{}}}",
                state.version,
                state.errors.len()
            );
            ("application/json", body.into_bytes())
        }
        "status" => (
            "application/json",
            crate::diag::to_json(&lock(&shared.state).errors).into_bytes(),
        ),
        _ => return Response::empty(404),
    };
    Response::new(200, ctype, body).header("Cache-Control", "no-store")
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
/// segments (encoded or not), backslashes, NUL, a `%` that is not an escape, bad UTF-8.
pub fn clean_path(url: &str) -> Option<String> {
    if url.len() > MAX_URL {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
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
            "/%",
            "/%2",
            "/%c0%ae%c0%ae/site.yaml",
            "/descuento-50%–hoy/",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(clean_path("/es/a%20b/?x=1").as_deref(), Some("es/a b/"));
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(clean_path("/es/se%C3%B1al/").as_deref(), Some("es/señal/"));
        // Double encoding stays a literal (and unknown) name.
        assert_eq!(clean_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
    }

    #[test]
    fn a_poisoned_lock_is_taken_over() {
        let m = Arc::new(Mutex::new(1));
        let m2 = Arc::clone(&m);
        let _ = std::thread::spawn(move || {
            let _g = m2.lock();
            panic!("boom");
        })
        .join();
        assert!(m.is_poisoned());
        assert_eq!(*lock(&m), 1);
    }
}
