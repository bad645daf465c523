//! senda: a static-site generator for multilingual migration information hubs.
//!
//! The pipeline, in the order of the modules: `config` (site.yaml) → the theme's templates
//! (read early: they say which ids headings may not take) → `content` (Markdown files into an
//! immutable site model, `markdown` rendering each body) → `i18n` (Fluent UI strings) → data,
//! assets, the directory → `routes` (where every output goes, and every clash between two) →
//! `render` (Tera templates, every page and language in parallel) → `output` (the only writer,
//! all-or-nothing). Every input is read through `fs::SiteFiles`, so nothing outside the site's
//! folder is ever read.
//!
//! Every module is private. The library's public API is what the binary, the integration tests
//! and the fuzz targets use, re-exported below in groups: the pipeline (`load`, `render_site`,
//! `build`), the options of each command and the command line, the other commands, the
//! diagnostics, and a few building blocks the tests and fuzz targets call on their own.

mod assets;
mod check;
mod cli;
mod cms;
mod config;
mod content;
mod critical;
mod data;
mod date;
mod deploy;
mod diag;
mod directory;
mod emergency;
mod feeds;
mod fs;
mod html;
mod http;
mod i18n;
mod kiosk;
mod lang;
mod markdown;
mod media;
mod numbers;
mod offline;
mod options;
mod output;
mod po;
mod readability;
mod render;
mod routes;
mod scaffold;
mod search;
mod serve;
mod status;
mod yaml;
mod zim;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The options of each command, each made from the command line's types (`From`).
pub use options::{
    BuildOptions, CheckOptions, Edition, LoadOptions, NewOptions, PoExportOptions, PoImportOptions,
    ServeOptions,
};

/// The command line (clap), parsed by the binary.
pub use cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, NewArgs, PoCommand, PoExportArgs, PoImportArgs,
    ServeArgs, StatusArgs, StatusFormat,
};

/// The other commands (`build` and `load` are defined below): `check`, `new`, `serve`,
/// `status`, `po export` and `po import`, and `build --zim`.
pub use check::check_report;
pub use po::changes::{annotate as annotate_status, diff_report};
pub use po::export::export as po_export;
pub use po::import::import as po_import;
pub use po::{folder as po_folder, shown as po_shown, survey};
pub use scaffold::{Created, new as new_page};
pub use serve::serve;
pub use status::{
    broken_files, status, to_html as status_html, to_json as status_json, to_text as status_text,
};
pub use zim::{build as build_zim, options as zim_options, select as select_zim};

/// Diagnostics (every command collects them; the binary prints them), the files every input
/// is read through, and an output file.
pub use diag::{Diagnostic, Diagnostics, Location, display_path, to_json as diagnostics_json};
pub use fs::SiteFiles;
pub use output::OutputFile;

/// Building blocks the tests and fuzz targets call on their own: the config, front matter,
/// Markdown, UI strings, dates, hashes, the PO catalog, and the web editor's config.
pub use assets::content_hash;
pub use cms::{
    ADMIN_HEADER_CSP, BUNDLE_DIR, Cms, NOT_IN_FORM, PHONE_PATTERN, config_yml, csp as cms_csp,
};
pub use config::{Config, load as load_config, parse as parse_config};
pub use content::{
    FRONT_MATTER_SCHEMA, Version as PageVersion, parse_front_matter, source_hash, url_segment,
};
pub use date::Date;
pub use directory::{KINDS as DIRECTORY_KINDS, tel_uri};
pub use i18n::{Arg, I18n};
pub use markdown::{Part, RenderOptions, render as render_markdown};
pub use po::catalog;
pub use yaml::Schema;

use crate::assets::Assets;
use crate::content::{Alias, Site};
use crate::data::Data;
use crate::render::Theme;
use crate::routes::Routes;

/// Everything loaded and checked, ready to render.
#[derive(Debug)]
pub struct Loaded {
    /// The immutable site model.
    pub site: Arc<Site>,
    /// The UI strings of every language.
    pub i18n: Arc<I18n>,
    data: Arc<Data>,
    assets: Arc<Assets>,
    directory: Option<Arc<directory::Directory>>,
    /// The emergency numbers (`data/emergency.yaml`), validated.
    emergency: Vec<String>,
    /// What the media stage made (the files themselves are assets).
    pub(crate) media: media::MediaFiles,
    theme: Theme,
    aliases: Vec<Alias>,
    routes: Routes,
    edition: Edition,
}

/// Loads the site in `files`. Returns `None` when errors make rendering pointless; every
/// problem is in `diags` either way.
pub fn load(files: SiteFiles, opts: &LoadOptions, diags: &mut Diagnostics) -> Option<Loaded> {
    load_inner(&files, opts, true, diags)
}

/// `load`; without `keep_texts` (a build) each file's text and rendered body are freed as soon
/// as it is parsed, and diagnostics that quote a file are left pending
/// (`Diagnostics::resolve_pending`).
fn load_inner(
    files: &SiteFiles,
    opts: &LoadOptions,
    keep_texts: bool,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let mut config = config::load(files, diags)?;
    if let Some(url) = &opts.base_url {
        match config::parse_base_url(url) {
            Some(url) => config.base_url = url,
            None => {
                diags.error(
                    &config::ConfigError::BadBaseUrl(url.clone()),
                    Location::default(),
                );
                return None;
            }
        }
    }
    let theme = Theme::read(files, &config, diags)?;
    let i18n = I18n::load(files, &config, diags);
    let data = data::load(files, diags);
    let mut assets = assets::collect(files, &theme.dir, diags);
    let mut site = content::load(
        files,
        config,
        opts.drafts,
        &theme.reserved_ids,
        keep_texts,
        diags,
    )?;
    let mut media = media::load(files, &mut site, &i18n, opts.edition, diags);
    assets.files.append(&mut media.assets);
    theme.check_page_templates(&site, diags);
    if site.config.cms.is_some() {
        cms::check_layout(&site, diags);
    }
    let directory = directory::load(&site, &data, opts.today, diags);
    let emergency = emergency::load(&data, diags);
    let aliases = content::aliases(&site);
    let routes = routes::table(
        &site,
        &theme,
        directory.as_ref(),
        &aliases,
        &assets,
        opts.edition,
        diags,
    );
    routes::check_links(&site, &routes, diags);
    Some(Loaded {
        directory: directory.map(Arc::new),
        emergency,
        media,
        site: Arc::new(site),
        i18n: Arc::new(i18n),
        data: Arc::new(data),
        assets: Arc::new(assets),
        theme,
        aliases,
        routes,
        edition: opts.edition,
    })
}

/// How long each phase took (printed by the binary when `SENDA_TIMINGS` is set).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Each phase's name and duration, in order.
    pub phases: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub(crate) fn start() -> Self {
        Timings {
            phases: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Ends a phase.
    pub(crate) fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        let since = self.last.unwrap_or(now);
        self.phases.push((phase, now - since));
        self.last = Some(now);
    }
}

/// Told about rendering progress (a terminal progress bar in the binary; nothing in tests).
pub trait Progress: Sync {
    fn start(&self, _total: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// No progress reporting.
pub(crate) struct Quiet;
impl Progress for Quiet {}

/// Renders every output file of a loaded site into `sink`, file by file as each is made:
/// search indexes first (pages name them by their hash), pages, feeds, sitemap, static files,
/// web app manifests, offline manifests, `_headers`, and last the service worker (its version
/// is a hash of everything else).
pub(crate) fn render_into(
    loaded: &Loaded,
    minify: bool,
    progress: &dyn Progress,
    sink: &output::Sink,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) {
    let site = &loaded.site;
    let config = &site.config;
    let terms = search::all_terms(site);
    timings.lap("search: words of every file");
    let indexes: Vec<String> = config
        .langs()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|lang| {
            let json = search::index(site, lang, &terms);
            let path = routes::search_index_file(config, lang, &content_hash(json.as_bytes()));
            sink.put(OutputFile::bytes(path.clone(), json.into_bytes()));
            path
        })
        .collect();
    drop(terms);
    timings.lap("search: one index per language");
    let settings = render::Settings {
        minify,
        edition: loaded.edition,
    };
    let names = Arc::new(indexes);
    let search_names: render::SearchIndexNames =
        Arc::new(move |lang| names.get(lang.index()).cloned().unwrap_or_default());
    render::render(loaded, settings, search_names, progress, sink, diags);
    timings.lap("render pages");
    for f in generated_files(loaded, diags) {
        sink.put(f);
    }
    // The web editor: on the published site only (not on kiosks or in ZIM files), outside
    // offline reading.
    let cms = site
        .config
        .cms
        .as_ref()
        .filter(|_| loaded.edition == Edition::Web);
    if let Some(c) = cms {
        for f in cms::admin_files(&loaded.into(), c, None, diags) {
            sink.put(f);
        }
    }
    timings.lap("feeds, sitemap, assets, manifests");
    // What needs the whole build. The kiosk runs from local files, with no network: no service
    // worker, no host headers.
    if loaded.edition == Edition::Web {
        let meta = sink.meta();
        for f in offline::offline_manifests(site, &meta, &loaded.media) {
            sink.put(f);
        }
        sink.put(offline::forget_file());
        let admin_csp = cms.map(|c| cms::csp(c, None));
        let csp = deploy::csp(critical::for_edition(
            loaded.assets.critical.as_ref(),
            loaded.edition,
        ));
        sink.put(deploy::headers_file(
            meta.keys(),
            &csp,
            admin_csp.as_deref(),
        ));
        let meta = sink.meta();
        sink.put(offline::service_worker(
            site,
            &meta,
            cms.map(|_| cms::ADMIN_DIR),
        ));
        timings.lap("offline manifests, headers, service worker");
    }
    for e in sink.take_errors() {
        diags.error(&e, Location::default());
    }
}

/// The files made in code that do not need the rest of the build: sitemap, feeds, robots.txt,
/// static files and (on the web) the web app manifests.
fn generated_files(loaded: &Loaded, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let site = &loaded.site;
    let i18n = &loaded.i18n;
    // The sitemap on one core, the feeds on the other.
    let (sitemaps, feeds) = rayon::join(
        || feeds::sitemaps(site),
        || feeds::feeds(site, |lang| feeds::site_title(site, i18n, lang)),
    );
    let mut out = sitemaps;
    out.push(feeds::robots(site));
    match feeds {
        Ok(feeds) => out.extend(feeds),
        Err(d) => diags.push(*d),
    }
    out.extend(output::asset_files(&loaded.assets));
    if loaded.edition == Edition::Web {
        out.extend(offline::web_manifests(site, i18n, &loaded.assets));
    }
    out
}

/// A site loaded and rendered in memory.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file, by its path.
    pub files: BTreeMap<String, OutputFile>,
    pub(crate) loaded: Loaded,
    pub(crate) timings: Timings,
}

/// Loads and renders into memory; `None` if there are errors (all of them in `diags`).
pub fn render_site(
    files: SiteFiles,
    opts: &LoadOptions,
    minify: bool,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let mut timings = Timings::start();
    let loaded = load(files, opts, diags)?;
    timings.lap("load (config, content, markdown, UI strings, data)");
    if diags.has_errors() {
        return None;
    }
    let sink = output::Sink::memory();
    render_into(&loaded, minify, &Quiet, &sink, diags, &mut timings);
    if diags.has_errors() {
        return None;
    }
    Some(Rendered {
        loaded,
        files: sink.into_files(),
        timings,
    })
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// (language code, HTML pages written in it).
    pub pages: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub timings: Timings,
    /// Images and audio made or taken from the cache.
    pub media: media::Stats,
}

/// A build's result: the report if it succeeded, and every diagnostic.
#[derive(Debug)]
pub struct Build {
    pub report: Option<BuildReport>,
    pub diagnostics: Diagnostics,
}

/// Test builds only (debug assertions on, as `cargo test` builds the binary): panics when
/// `text` holds the marker named by the environment variable `var`, so the tests can prove
/// that a panic anywhere is survived (`serve`) or reported (`build`). Release builds have no
/// such hook.
#[cfg(debug_assertions)]
pub(crate) fn test_panic(var: &str, text: &str) {
    if let Some(marker) = std::env::var_os(var)
        && let Some(marker) = marker.to_str()
        && !marker.is_empty()
        && text.contains(marker)
    {
        panic!("injected by {var} for a test");
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn test_panic(_: &str, _: &str) {}

/// A limit the tests may set: the number in the environment variable `var` in test builds
/// (debug assertions on), else `limit`. Release builds always take `limit`.
pub(crate) fn test_limit(var: &str, limit: usize) -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var(var).ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    let _ = var;
    limit
}

/// Frees a large value on a thread of its own: freeing the model of 25,000 pages takes about
/// 0.1 s of one core, which nobody needs to wait for (the process may even exit first).
/// If no thread can be started, the value is freed here.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("senda-free".into())
        .spawn(move || drop(value));
}

/// `senda build`: load, render, write all-or-nothing.
pub fn build(opts: &BuildOptions) -> Build {
    build_with_progress(opts, &Quiet)
}

/// `build`, telling `progress` about each page rendered (the binary's progress bar).
pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Progress) -> Build {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = build_inner(opts, progress, &mut diags, start);
    // A build frees each file's text once parsed (see `content::Bodies`): the diagnostics that
    // quote a line read their file again, once, here.
    let files = SiteFiles::disk(&opts.root);
    diags.resolve_pending(|file| files.read_text(file, content::MAX_PAGE_BYTES).ok());
    Build {
        report,
        diagnostics: diags,
    }
}

/// (language code, HTML pages) for the summary line.
fn pages_per_language<'a>(
    config: &config::Config,
    paths: impl Iterator<Item = &'a String> + Clone,
) -> Vec<(String, usize)> {
    config
        .languages
        .iter()
        .map(|l| {
            let prefix = format!("{}/", l.code);
            let n = paths
                .clone()
                .filter(|p| p.starts_with(&prefix) && p.ends_with("index.html"))
                .count();
            (l.code.clone(), n)
        })
        .collect()
}

fn build_inner(
    opts: &BuildOptions,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
    start: Instant,
) -> Option<BuildReport> {
    if let Err(e) = output::check_output_dir(&opts.root, &opts.output) {
        diags.error(&e, Location::default());
        return None;
    }
    let mut timings = Timings::start();
    // Without the texts: each is freed once its file is parsed.
    let loaded = load_inner(&SiteFiles::disk(&opts.root), &opts.load, false, diags)?;
    timings.lap("load (config, content, markdown, UI strings, data)");
    if diags.has_errors() {
        return None;
    }
    // Files are written into a staging folder as they are made, then swapped in.
    let staging = match output::begin(&opts.output, opts.precompress) {
        Ok(s) => s,
        Err(e) => {
            diags.error(&e, Location::default());
            return None;
        }
    };
    render_into(
        &loaded,
        opts.minify,
        progress,
        &staging.sink,
        diags,
        &mut timings,
    );
    if diags.has_errors() {
        staging.abandon();
        return None;
    }
    let meta = staging.sink.meta();
    let pages = pages_per_language(&loaded.site.config, meta.keys());
    if let Err(e) = staging.commit() {
        diags.error(&e, Location::default());
        return None;
    }
    timings.lap("swap");
    let media = loaded.media.stats.clone();
    drop_later(loaded);
    Some(BuildReport {
        media,
        pages,
        files: meta.len(),
        elapsed: start.elapsed(),
        output: opts.output.clone(),
        timings,
    })
}
