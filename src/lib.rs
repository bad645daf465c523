//! senda: a static-site generator for multilingual migration information hubs.
//!
//! The pipeline, in the order of the modules: `config` (site.yaml) → `content` (Markdown files
//! into an immutable site model, with `markdown` rendering each body) → `i18n` (Fluent UI
//! strings) → `render` (Tera templates, every page and language in parallel) → `output` (the
//! only writer, all-or-nothing). `build` below runs it; the binary and the tests both call it.

pub mod assets;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diag;
pub mod directory;
pub mod feeds;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod status;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            minify: cfg!(feature = "minify"),
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

/// Told about rendering progress (a terminal progress bar in the binary; nothing in tests).
pub trait Progress: Sync {
    fn start(&self, _total: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// No progress reporting.
pub struct Quiet;
impl Progress for Quiet {}

/// Renders every output file of a loaded site (pages, feeds, sitemap, static files).
pub fn render(
    loaded: &Loaded,
    minify: bool,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let settings = render::RenderSettings { minify };
    let mut files = render::render(loaded, &settings, progress, diags);
    let site = &loaded.site;
    files.push(feeds::sitemap(site));
    files.push(feeds::robots(site));
    let i18n = &loaded.i18n;
    files.extend(feeds::feeds(site, |lang| {
        i18n.format(lang, "site-title", &[])
            .map(|t| i18n::strip_isolation(&t))
            .unwrap_or_else(|_| site.config.title.clone())
    }));
    files.extend(output::asset_files(&loaded.assets));
    files
}

/// A site loaded and rendered in memory.
#[derive(Debug)]
pub struct Rendered {
    pub loaded: Loaded,
    pub files: BTreeMap<String, OutputFile>,
}

impl Rendered {
    /// (language code, HTML pages in it).
    pub fn pages_per_language(&self) -> Vec<(String, usize)> {
        self.loaded
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                let prefix = format!("{}/", l.code);
                let n = self
                    .files
                    .keys()
                    .filter(|p| p.starts_with(&prefix) && p.ends_with("index.html"))
                    .count();
                (l.code.clone(), n)
            })
            .collect()
    }
}

/// Loads and renders into memory; `None` if there are errors (all of them in `diags`).
pub fn render_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    minify: bool,
    track_keys: bool,
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let loaded = load(root, base_url, drafts, diags)?;
    if diags.has_errors() {
        return None;
    }
    if track_keys {
        loaded.i18n.track_usage();
    }
    let files = render(&loaded, minify, progress, diags);
    if diags.has_errors() {
        return None;
    }
    match output::index(files) {
        Ok(files) => Some(Rendered { loaded, files }),
        Err(e) => {
            diags.error(&e, Location::default());
            None
        }
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// (language code, HTML pages written in it).
    pub pages: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
}

/// A build's result: the report if it succeeded, and every diagnostic.
#[derive(Debug)]
pub struct Build {
    pub report: Option<BuildReport>,
    pub diagnostics: Diagnostics,
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
    let rendered = render_site(
        &opts.root,
        opts.base_url.as_deref(),
        opts.drafts,
        opts.minify,
        false,
        progress,
        diags,
    )?;
    let pages = rendered.pages_per_language();
    if let Err(e) = output::write_site(&opts.output, &rendered.files) {
        diags.error(&e, Location::default());
        return None;
    }
    Some(BuildReport {
        pages,
        files: rendered.files.len(),
        elapsed: start.elapsed(),
        output: opts.output.clone(),
    })
}
