//! senda: a static-site generator for multilingual migration information hubs.
//!
//! The pipeline, in the order of the modules: `config` (site.yaml) → `content` (Markdown files
//! into an immutable site model, with `markdown` rendering each body) → `i18n` (Fluent UI
//! strings) → `render` (Tera templates, every page and language in parallel) → `output` (the
//! only writer, all-or-nothing). `build` below runs it; the binary and the tests both call it.

pub mod assets;
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
pub mod yaml;

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

/// Renders every output file of a loaded site (pages, feeds, sitemap, static files).
pub fn render(loaded: &Loaded, minify: bool, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let settings = render::RenderSettings { minify };
    let mut files = render::render(loaded, &settings, diags);
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
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = build_inner(opts, &mut diags, start);
    Build {
        report,
        diagnostics: diags,
    }
}

fn build_inner(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    start: Instant,
) -> Option<BuildReport> {
    if let Err(e) = output::check_output_dir(&opts.root, &opts.output) {
        diags.error(&e, Location::default());
        return None;
    }
    let loaded = load(&opts.root, opts.base_url.as_deref(), opts.drafts, diags)?;
    if diags.has_errors() {
        return None;
    }
    let files = render(&loaded, opts.minify, diags);
    if diags.has_errors() {
        return None;
    }
    let pages = loaded
        .site
        .config
        .languages
        .iter()
        .map(|l| {
            let prefix = format!("{}/", l.code);
            let n = files
                .iter()
                .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with("index.html"))
                .count();
            (l.code.clone(), n)
        })
        .collect();
    let count = files.len();
    let files = match output::index(files) {
        Ok(f) => f,
        Err(e) => {
            diags.error(&e, Location::default());
            return None;
        }
    };
    if let Err(e) = output::write_site(&opts.output, &files) {
        diags.error(&e, Location::default());
        return None;
    }
    Some(BuildReport {
        pages,
        files: count,
        elapsed: start.elapsed(),
        output: opts.output.clone(),
    })
}
