//! senda: a static-site generator for multilingual migration information hubs.
//!
//! The pipeline, in the order of the modules: `config` (site.yaml) → `content` (Markdown files
//! into an immutable site model, with `markdown` rendering each body) → `i18n` (Fluent UI
//! strings) → `render` (Tera templates, every page and language in parallel) → `output` (the
//! only writer, all-or-nothing). `build` below runs it; the binary and the tests both call it.

pub mod assets;
pub mod check;
pub mod cli;
pub mod cms;
pub mod config;
pub mod content;
pub mod data;
pub mod deploy;
pub mod diag;
pub mod directory;
pub mod feeds;
pub mod http;
pub mod i18n;
pub mod kiosk;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod status;
pub mod stub;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::Assets;
use crate::content::Site;
use crate::data::Data;
use crate::diag::{Diagnostics, Location};
use crate::i18n::I18n;
use crate::output::OutputFile;

/// What `senda build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where the site goes; `root/public` by default.
    pub output: PathBuf,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Minify HTML (default on; off makes debugging templates easier).
    pub minify: bool,
    /// Write `.gz` copies of text files.
    pub precompress: bool,
    /// Build the kiosk edition.
    pub kiosk: bool,
}

impl BuildOptions {
    /// The kiosk edition, into `root/public-kiosk` by default.
    pub fn kiosk(root: impl Into<PathBuf>) -> Self {
        let mut o = BuildOptions::new(root);
        o.output = o.root.join("public-kiosk");
        o.kiosk = true;
        o
    }

    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            minify: cfg!(feature = "minify"),
            precompress: false,
            kiosk: false,
        }
    }
}

/// Everything loaded and checked, ready to render.
#[derive(Debug)]
pub struct Loaded {
    pub site: Arc<Site>,
    pub i18n: Arc<I18n>,
    pub data: Arc<Data>,
    pub assets: Arc<Assets>,
    pub directory: Option<Arc<directory::Directory>>,
}

/// Loads the site at `root`. Returns `None` when errors make rendering pointless; every
/// problem is in `diags` either way.
pub fn load(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let mut config = config::load(root, diags)?;
    if let Some(url) = base_url {
        let url = url.trim().trim_end_matches('/');
        if url.starts_with("http://") || url.starts_with("https://") {
            config.base_url = url.to_string();
        } else {
            diags.error(
                &config::ConfigError::BadBaseUrl(url.to_string()),
                Location::default(),
            );
            return None;
        }
    }
    let i18n = I18n::load(root, &config, diags);
    let data = data::load(root, diags);
    let assets = assets::collect(root, &config.theme, diags);
    let site = content::load(root, config, drafts, diags)?;
    if site.config.cms.is_some() {
        cms::check_layout(&site, diags);
    }
    let directory = directory::load(&site, &data, diags);
    if let Some(d) = &directory {
        d.check_urls(&site, diags);
    }
    Some(Loaded {
        directory: directory.map(Arc::new),
        site: Arc::new(site),
        i18n: Arc::new(i18n),
        data: Arc::new(data),
        assets: Arc::new(assets),
    })
}

/// How long each phase took (printed by the binary when `SENDA_TIMINGS` is set).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            phases: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Ends a phase.
    pub fn lap(&mut self, phase: &'static str) {
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
pub struct Quiet;
impl Progress for Quiet {}

/// Renders every output file of a loaded site: pages, search indexes, feeds, sitemap, static
/// files, web app manifests, offline manifests, `_headers`, and last the service worker (its
/// version is a hash of everything else).
/// How to render: minified or not, phone or kiosk edition.
#[derive(Debug, Clone, Copy)]
pub struct Edition {
    pub minify: bool,
    pub kiosk: bool,
}

pub fn render(
    loaded: &Loaded,
    edition: Edition,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> BTreeMap<String, OutputFile> {
    let sink = output::Sink::memory();
    render_into(
        loaded,
        edition,
        progress,
        &sink,
        diags,
        &mut Timings::default(),
    );
    sink.into_files()
}

/// Renders everything into `sink`, file by file as each is made.
pub fn render_into(
    loaded: &Loaded,
    edition: Edition,
    progress: &dyn Progress,
    sink: &output::Sink,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) {
    let site = &loaded.site;
    let i18n = &loaded.i18n;
    let codes = site.config.codes();

    // Search indexes first: pages name them (with their content hash).
    let terms = search::all_terms(site);
    timings.lap("search: words of every file");
    let indexes: Vec<(String, String)> = (0..codes.len())
        .into_par_iter()
        .map(|lang| {
            let json = search::index(site, lang, &terms);
            let path = format!(
                "{}/search.{}.json",
                codes[lang],
                assets::content_hash(json.as_bytes())
            );
            (path, json)
        })
        .collect();
    drop(terms);
    let settings = render::RenderSettings {
        minify: edition.minify,
        kiosk: edition.kiosk,
        search_index: indexes.iter().map(|(p, _)| format!("/{p}")).collect(),
    };
    for (p, json) in indexes {
        sink.put(OutputFile::bytes(p, json.into_bytes()));
    }
    timings.lap("search: one index per language");
    render::render(loaded, &settings, progress, sink, diags);
    timings.lap("render pages");
    // The sitemap on one core, the feeds on the other.
    let (sitemap, feeds) = rayon::join(
        || feeds::sitemap(site),
        || {
            feeds::feeds(site, |lang| {
                i18n.format(lang, "site-title", &[])
                    .map(|t| i18n::strip_isolation(&t))
                    .unwrap_or_else(|_| site.config.title.clone())
            })
        },
    );
    sink.put(sitemap);
    sink.put(feeds::robots(site));
    for f in feeds {
        sink.put(f);
    }
    for f in output::asset_files(&loaded.assets) {
        sink.put(f);
    }
    let icons: Vec<(&str, &str, &str)> = [
        ("icon-192.png", "192x192", "image/png"),
        ("icon-512.png", "512x512", "image/png"),
        ("icon.svg", "any", "image/svg+xml"),
    ]
    .into_iter()
    .filter(|(name, _, _)| loaded.assets.files.iter().any(|a| a.out == *name))
    .collect();
    if !edition.kiosk {
        for f in offline::web_manifests(site, i18n, &icons) {
            sink.put(f);
        }
    }
    timings.lap("feeds, sitemap, assets, manifests");

    // The web editor: on the published site only (not on kiosks), outside offline reading.
    let cms = site.config.cms.as_ref().filter(|_| !edition.kiosk);
    if let Some(c) = cms {
        for f in cms::admin_files(&loaded.into(), c, None, diags) {
            sink.put(f);
        }
    }

    // What needs the whole build. The kiosk runs from local files, with no network: no service
    // worker, no host headers.
    if !edition.kiosk {
        let meta = sink.meta();
        for f in offline::offline_manifests(site, &meta) {
            sink.put(f);
        }
        let admin_csp = cms.map(|c| cms::csp(c, None));
        sink.put(deploy::headers_file(meta.keys(), admin_csp.as_deref()));
        let meta = sink.meta();
        let version = offline::build_version(&meta);
        let mut precache: Vec<String> = codes
            .iter()
            .map(|c| format!("{c}/offline.html"))
            .filter(|p| meta.contains_key(p))
            .collect();
        precache.extend(
            meta.keys()
                .filter(|p| !p.contains('/') && (p.ends_with(".css") || p.ends_with(".js")))
                .cloned(),
        );
        let skip = cms.map(|_| cms::ADMIN_DIR);
        sink.put(offline::service_worker(&version, &codes, &precache, skip));
        timings.lap("offline manifests, headers, service worker");
    }
    for e in sink.take_errors() {
        diags.error(&e, Location::default());
    }
}

/// A site loaded and rendered in memory.
#[derive(Debug)]
pub struct Rendered {
    pub loaded: Loaded,
    pub files: BTreeMap<String, OutputFile>,
    pub timings: Timings,
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

/// Loads and renders into memory; `None` if there are errors (all of them in `diags`).
pub fn render_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    edition: Edition,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let mut timings = Timings::start();
    let loaded = load(root, base_url, drafts, diags)?;
    timings.lap("load (config, content, markdown, UI strings, data)");
    if diags.has_errors() {
        return None;
    }
    let sink = output::Sink::memory();
    render_into(&loaded, edition, progress, &sink, diags, &mut timings);
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
}

/// A build's result: the report if it succeeded, and every diagnostic.
#[derive(Debug)]
pub struct Build {
    pub report: Option<BuildReport>,
    pub diagnostics: Diagnostics,
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

pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Progress) -> Build {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = build_inner(opts, progress, &mut diags, start);
    Build {
        report,
        diagnostics: diags,
    }
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
    let loaded = load(&opts.root, opts.base_url.as_deref(), opts.drafts, diags)?;
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
    let edition = Edition {
        minify: opts.minify,
        kiosk: opts.kiosk,
    };
    render_into(
        &loaded,
        edition,
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
    drop_later(loaded);
    Some(BuildReport {
        pages,
        files: meta.len(),
        elapsed: start.elapsed(),
        output: opts.output.clone(),
        timings,
    })
}
