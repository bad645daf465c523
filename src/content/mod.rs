//! `content/` → the site model. In steps:
//! 1. list the Markdown files under `content/` (`walk`: through `SiteFiles`, so links out of
//!    the site are refused), each file's page and language from its name;
//! 2. read each file, split and parse its front matter, render its body (`parse`), in parallel;
//! 3. group the files into pages and sections, place each page per reader language, resolve
//!    links, build the taxonomies (`assemble`, with `links` and `taxonomy`).
//!
//! The result, `Site`, is immutable for the rest of a build. `update` changes one page in
//! place for `serve`, through the same parsing and link resolution as `load`, so both report
//! the same problems.

mod assemble;
mod error;
mod front;
mod links;
mod model;
mod parse;
mod slug;
mod spill;
mod stub;
mod taxonomy;
mod walk;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

pub use error::ContentError;
pub use front::{
    FRONT_MATTER_SCHEMA, FrontMatter, parse_front_matter, source_hash, split_front_matter,
};
pub use model::{Bodies, Page, PageId, Resolved, Site, TAXONOMIES, Taxonomy, Term, Version};
pub use parse::MAX_PAGE_BYTES;
pub use slug::{clean_alias, url_segment};
pub use walk::CONTENT_DIR;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::markdown::RenderOptions;
use links::{Targets, resolve_all};

/// Loads and checks the site's content. Problems go to `diags`; the returned site holds every
/// page that could be read (the caller decides whether errors stop the build). Without
/// `keep_texts` each file's text is freed once parsed (a build: nothing renders from it), and
/// diagnostics that point into a file are left pending (`Diagnostics::resolve_pending`).
pub fn load(
    files: &SiteFiles,
    config: Config,
    drafts: bool,
    reserved_ids: &[String],
    keep_texts: bool,
    diags: &mut Diagnostics,
) -> Option<Site> {
    if !files.is_dir(Path::new(CONTENT_DIR)) {
        diags.error(&ContentError::NoContentDir, Location::default());
        return None;
    }
    let budget = (!keep_texts).then(|| parse::BodyBudget::new(body_budget(), spill::Spill::new()));
    let (parsed, failed) = parse_all(files, &config, reserved_ids, budget.as_ref(), diags);
    let mut site = assemble::assemble(files.root(), config, parsed, failed, drafts, diags)?;
    site.reserved_ids = reserved_ids.to_vec();
    if let Some(budget) = budget {
        site.bodies = Bodies::Reread(files.clone(), budget.into_spill().map(std::sync::Arc::new));
    }
    Some(site)
}

/// `BODY_BUDGET`; test builds (debug assertions on) take `SENDA_TEST_BODY_BUDGET` (bytes)
/// instead when it is set, so the tests can make a small site parse its bodies again.
fn body_budget() -> usize {
    crate::test_limit("SENDA_TEST_BODY_BUDGET", parse::BODY_BUDGET)
}

/// Step 2 of `load`: every file read and parsed, in parallel; the identities that failed.
/// With a `budget` (a build), bodies beyond it are freed or spilled (see `parse::BodyBudget`).
fn parse_all(
    files: &SiteFiles,
    config: &Config,
    reserved_ids: &[String],
    budget: Option<&parse::BodyBudget>,
    diags: &mut Diagnostics,
) -> (Vec<parse::Parsed>, HashSet<String>) {
    let list = walk::files(files, diags);
    let opts = RenderOptions {
        allow_raw_html: config.allow_raw_html,
        reserved_ids,
    };
    let results: Vec<parse::ParseResult> = list
        .par_iter()
        .map(|rel| parse::parse_file(files, rel, config, opts, budget))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut failed = HashSet::new();
    for (p, d) in results {
        diags.extend(d);
        match p {
            Ok(p) => parsed.push(p),
            Err(Some(identity)) => {
                failed.insert(identity);
            }
            Err(None) => {}
        }
    }
    (parsed, failed)
}

/// Every page whose source could be read, with the versions that could be read, in path
/// order, without assembling a site: for `status` and the translators' tools, which report
/// what they can even when a broken file stops the build (home page included). Links,
/// parents and addresses are not resolved; drafts are left out unless `drafts`. Problems go
/// to `diags`.
pub fn survey(
    files: &SiteFiles,
    config: &Config,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    if !files.is_dir(Path::new(CONTENT_DIR)) {
        diags.error(&ContentError::NoContentDir, Location::default());
        return Vec::new();
    }
    let (parsed, failed) = parse_all(files, config, &[], None, diags);
    let groups = assemble::group(config, parsed, diags);
    assemble::keep_published(config, groups, &failed, drafts, diags).0
}

/// An old address of a page (`aliases:`), redirected to the page in its language.
#[derive(Debug, Clone)]
pub struct Alias {
    pub page: PageId,
    pub lang: crate::lang::Lang,
    /// The cleaned path, `es/old-page`.
    pub path: String,
    /// The file that declares it, and where.
    pub file: std::path::PathBuf,
    pub at: Location,
}

/// Every alias of every page version (the ones that cannot be cleaned were reported when the
/// file was read).
pub fn aliases(site: &Site) -> Vec<Alias> {
    let mut out = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        for (lang, version) in page.versions.enumerate() {
            let Some(version) = version else { continue };
            for alias in version.front.aliases.iter().flatten() {
                if let Some(path) = clean_alias(alias) {
                    out.push(Alias {
                        page: id,
                        lang,
                        path,
                        file: version.file.clone(),
                        at: version.key_location("aliases"),
                    });
                }
            }
        }
    }
    out
}

/// What `update` did with a changed file.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The page was updated in place.
    Updated(PageId),
    /// The file has errors (in the diagnostics); the site is unchanged.
    Failed,
    /// The change touches the site's structure (a new or removed file, a slug, a draft, an
    /// alias): load everything again.
    Reload,
}

/// Updates one changed Markdown file in an already loaded site (for `serve`): parse it again,
/// swap its version in, resolve its links, re-sort its section and the taxonomies. Anything
/// that would move pages around asks for a full `load` instead.
pub fn update(
    site: &mut Site,
    files: &SiteFiles,
    rel: &Path,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Update {
    if !rel.starts_with(CONTENT_DIR)
        || rel.extension().is_none_or(|e| e != "md")
        || !files.is_file(rel)
    {
        return Update::Reload;
    }
    let opts = RenderOptions {
        allow_raw_html: site.config.allow_raw_html,
        reserved_ids: &site.reserved_ids,
    };
    let (parsed, problems) = parse::parse_file(files, rel, &site.config, opts, None);
    let errors = problems.iter().any(Diagnostic::is_error);
    diags.extend(problems);
    let parsed = match parsed {
        Ok(p) if !errors => p,
        Ok(_) | Err(Some(_)) => return Update::Failed,
        // An empty translation stub: the page's structure changes (one language fewer).
        Err(None) => return Update::Reload,
    };
    let Some(&id) = site.by_path.get(&parsed.identity) else {
        return Update::Reload;
    };
    let lang = parsed.version.lang;
    let page = &site.pages[id];
    let Some(old) = page.versions[lang].as_ref() else {
        return Update::Reload;
    };
    if moves_pages(&site.config, page, old, &parsed, drafts) {
        return Update::Reload;
    }
    let (a, b) = (&old.front, &parsed.version.front);
    let reorder = (a.weight, a.date, &a.title) != (b.weight, b.date, &b.title);
    let mut version = parsed.version;
    let before = diags.error_count();
    version.resolved = {
        let targets = Targets {
            pages: &site.pages,
            by_path: &site.by_path,
            failed: &site.failed,
            drafts: &site.hidden_drafts,
        };
        resolve_all(&version, &targets, &site.config, diags)
    };
    if diags.error_count() > before {
        return Update::Failed;
    }
    site.pages[id].versions[lang] = Some(version);
    let default = site.config.default_language;
    let order = assemble::display_order(&site.pages, default);
    if reorder && let Some(parent) = site.pages[id].parent {
        let parent = &mut site.pages[parent];
        parent.pages.sort_by_key(|&c| order[c]);
        parent.subsections.sort_by_key(|&c| order[c]);
    }
    let mut taxonomy_diags = Diagnostics::new();
    site.taxonomies = taxonomy::build(&site.pages, &site.config, &order, &mut taxonomy_diags);
    let clash = taxonomy_diags.has_errors();
    diags.extend(taxonomy_diags);
    if clash {
        return Update::Failed;
    }
    assemble::check_config_pages(site, diags);
    Update::Updated(id)
}

/// Whether the new version of a page (`parsed`, replacing `old`) changes the site's structure:
/// the page becomes or stops being a section, its slug, draft flag or aliases change, it is a
/// draft not shown; or it has images or audio, which the media stage makes for the whole site.
fn moves_pages(
    config: &Config,
    page: &Page,
    old: &Version,
    parsed: &parse::Parsed,
    drafts: bool,
) -> bool {
    let lang = parsed.version.lang;
    let (a, b) = (&old.front, &parsed.version.front);
    let is_draft = b.draft == Some(true) && !drafts;
    page.is_section != parsed.is_section
        || a.slug != b.slug
        || a.draft != b.draft
        || a.aliases != b.aliases
        || is_draft
        // Images and audio are made by the media stage, for the whole site.
        || !old.doc.images.is_empty()
        || !parsed.version.doc.images.is_empty()
        || old.audio.is_some()
        || b.audio.is_some()
        || config.media.synthesize.iter().any(|c| c == config.code(lang))
}
