//! Taking in a change: the watcher, the changed files, edited pages updated in place, or the
//! whole site loaded again; then every page's cache is dropped and the browsers told.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{
    ServeError, Settings, Shared, Site, errors_of, internal_error, lock, print_errors, renderer,
};
use crate::content::Update;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::SiteFiles;
use crate::options::ServeOptions;

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

/// The first three of the changed files, for a message.
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
pub(super) fn watch(
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
