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
use std::time::Instant;

use crate::Loaded;
use crate::diag::{Coded, Diagnostic, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::http::Request;
use crate::lang::{Lang, PerLang};
use crate::options::{LoadOptions, ServeOptions};
use crate::render::{Renderer, SearchIndexNames, Settings as RenderSettings};
use crate::routes;

mod changes;
mod respond;

use changes::watch;
use respond::handle;

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

#[cfg(test)]
mod tests {
    use super::respond::clean_path;
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
