//! Templates → HTML, for every (page, language) pair and the generated pages (language chooser,
//! taxonomies, 404s, alias redirects), in parallel:
//! 1. load the theme's Tera templates once, with the functions of SPEC §5 registered first;
//! 2. build each page's small summary value once per language (shared by every listing);
//! 3. render each job with its own small context, then make every site-absolute link relative
//!    to the page (so the site works from a sub-path and from `file://`) and minify it.
//!
//! Template errors name the template file and line; they are collected, not printed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::assets::Assets;
use crate::config::Config;
use crate::content::{Page, PageId, Site, Version};
use crate::data::Data;
use crate::diag::{Coded, Diagnostic, Diagnostics, Location};
use crate::directory::{Directory, Filter, View};
use crate::i18n::{Arg, I18n};
use crate::markdown::Part;
use crate::output::{OutputFile, Sink};
use crate::{Loaded, Progress};

pub const TEMPLATES_DIR: &str = "templates";

/// The pages every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "chooser.html",
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
    "404.html",
];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the theme `{0}` has no templates folder (themes/{0}/templates)")]
    NoTheme(String),
    #[error("the theme has no `{0}` template")]
    MissingTemplate(String),
    #[error("template error: {0}")]
    Template(String),
    #[error("cannot read this template: {0}")]
    Unreadable(String),
    #[error("the page asks for the template `{0}`, which the theme does not have")]
    UnknownTemplate(String),
}

impl Coded for RenderError {
    fn code(&self) -> &'static str {
        match self {
            RenderError::NoTheme(_) | RenderError::MissingTemplate(_) => "theme",
            RenderError::Template(_) | RenderError::Unreadable(_) => "template",
            RenderError::UnknownTemplate(_) => "unknown-template",
        }
    }
}

/// Options of one rendering run.
#[derive(Debug, Clone, Default)]
pub struct RenderSettings {
    /// Minify HTML (on unless the `minify` feature is off).
    pub minify: bool,
    /// Per language: the site-absolute path of its search index.
    pub search_index: Vec<String>,
    /// The kiosk edition: QR codes, links rewritten for a touch screen.
    pub kiosk: bool,
    /// The ZIM edition (templates leave out scripts, the service worker and other languages).
    pub zim: bool,
}

/// What the template functions share, behind one `Arc`.
struct Shared {
    site: Arc<Site>,
    i18n: Arc<I18n>,
    data: Arc<Data>,
    assets: Arc<Assets>,
    directory: Option<Arc<Directory>>,
    directory_views: Vec<View>,
    /// A page's summary per language, made when first needed: `summaries[page * langs + lang]`.
    summaries: Vec<OnceLock<Value>>,
    /// A page's parts that do not depend on the reader's language, made when first needed:
    /// the same for its five (or so) renderings.
    per_page: Vec<OnceLock<PageShared>>,
    langs: usize,
}

/// See `Shared::per_page`.
struct PageShared {
    /// `alternates` (see `alternates`).
    alternates: Value,
    /// One entry of `page.translations` per language: `[not current, current]`.
    translations: Vec<[Value; 2]>,
}

impl Shared {
    fn summary(&self, id: PageId, lang: usize) -> &Value {
        self.summaries[id * self.langs + lang].get_or_init(|| summary(&self.site, id, lang))
    }

    fn page_shared(&self, id: PageId) -> &PageShared {
        self.per_page[id].get_or_init(|| {
            let site = &self.site;
            let page = &site.pages[id];
            let translations = site
                .config
                .languages
                .iter()
                .enumerate()
                .map(|(l, language)| {
                    [false, true].map(|current| {
                        map(vec![
                            ("code", Value::from(language.code.as_str())),
                            ("name", Value::from(language.name.as_str())),
                            ("dir", Value::from(language.dir.as_str())),
                            ("url", Value::from(page.urls[l].as_str())),
                            ("exists", Value::from(page.has_translation(l))),
                            ("current", Value::from(current)),
                        ])
                    })
                })
                .collect();
            PageShared {
                alternates: alternates(site, page),
                translations,
            }
        })
    }
}

/// One output to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(PageId, usize),
    TaxonomyList(usize, usize),
    Term(usize, usize, usize),
    NotFound(usize),
    RootNotFound,
    Chooser,
    /// Index into `Shared::directory_views`.
    Directory(usize),
    /// The search page (with the A–Z list) of a language.
    Search(usize),
    /// The page the service worker shows offline when a page was not saved.
    Offline(usize),
}

/// Templates loaded, shared values ready: renders any output of the site, all at once (`build`)
/// or one path when asked (`serve`).
pub struct Renderer {
    tera: Tera,
    shared: Arc<Shared>,
    statics: StaticContext,
    settings: RenderSettings,
    theme_dir: PathBuf,
    jobs: Vec<Job>,
    /// Output path → job.
    by_path: HashMap<String, Job>,
    /// Redirect pages of `aliases`.
    aliases: Vec<OutputFile>,
}

impl Renderer {
    /// Loads the theme's templates; `None` (with diagnostics) if they cannot be used.
    pub fn new(
        loaded: &Loaded,
        settings: &RenderSettings,
        diags: &mut Diagnostics,
    ) -> Option<Renderer> {
        let site = &loaded.site;
        let assets = &loaded.assets;
        let theme_dir = site.root.join("themes").join(&site.config.theme);
        let langs = site.config.languages.len();
        let directory_views = loaded
            .directory
            .as_ref()
            .map(|d| d.views(site))
            .unwrap_or_default();
        let shared = Arc::new(Shared {
            site: Arc::clone(site),
            i18n: Arc::clone(&loaded.i18n),
            data: Arc::clone(&loaded.data),
            assets: Arc::clone(assets),
            directory: loaded.directory.clone(),
            directory_views,
            summaries: (0..site.pages.len() * langs)
                .map(|_| OnceLock::new())
                .collect(),
            per_page: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
            langs,
        });
        let tera = load_templates(&site.root, &theme_dir, &shared, diags)?;
        let mut jobs = jobs(&shared);
        if tera.contains_template("search.html") {
            jobs.extend((0..langs).map(Job::Search));
        }
        if tera.contains_template("offline.html") {
            jobs.extend((0..langs).map(Job::Offline));
        }
        let statics = StaticContext::new(&site.config, assets, settings);
        let mut renderer = Renderer {
            tera,
            shared,
            statics,
            settings: settings.clone(),
            theme_dir,
            jobs: Vec::new(),
            by_path: HashMap::new(),
            aliases: alias_pages(site, diags),
        };
        renderer.by_path = jobs.iter().map(|j| (renderer.job_path(*j), *j)).collect();
        renderer.jobs = jobs;
        Some(renderer)
    }

    /// Renders every output in parallel into `sink`. Problems go to `diags`; the caller does
    /// not publish anything if there are errors.
    pub fn render_all(&self, progress: &dyn Progress, sink: &Sink, diags: &mut Diagnostics) {
        progress.start(self.jobs.len());
        // Each page goes to the sink as soon as it is made; only problems are collected.
        let problems: Vec<Box<Diagnostic>> = self
            .jobs
            .par_iter()
            .filter_map(|job| {
                let r = self.render_job(*job);
                progress.tick();
                match r {
                    Ok(file) => {
                        sink.put(file);
                        None
                    }
                    Err(d) => Some(d),
                }
            })
            .collect();
        progress.finish();
        for d in problems {
            diags.push(*d);
        }
        for f in &self.aliases {
            sink.put(f.clone());
        }
    }

    /// The output at `path` (`es/rights/index.html`), rendered now; `None` if there is none.
    pub fn render_path(&self, path: &str) -> Option<Result<OutputFile, Box<Diagnostic>>> {
        if let Some(job) = self.by_path.get(path) {
            return Some(self.render_job(*job));
        }
        self.aliases
            .iter()
            .find(|a| a.path == path)
            .map(|a| Ok(a.clone()))
    }

    /// Where a job's output goes.
    fn job_path(&self, job: Job) -> String {
        let site = &self.shared.site;
        let code = |lang: usize| &site.config.languages[lang].code;
        match job {
            Job::Page(id, lang) => format!("{}index.html", &site.pages[id].urls[lang][1..]),
            Job::TaxonomyList(t, lang) => {
                format!("{}/{}/index.html", code(lang), site.taxonomies[t].segment)
            }
            Job::Term(t, lang, i) => {
                let tax = &site.taxonomies[t];
                format!(
                    "{}/{}/{}/index.html",
                    code(lang),
                    tax.segment,
                    tax.terms[lang][i].slug
                )
            }
            Job::NotFound(lang) => format!("{}/404.html", code(lang)),
            Job::RootNotFound => "404.html".into(),
            Job::Chooser => "index.html".into(),
            Job::Directory(i) => format!("{}index.html", &self.shared.directory_views[i].url[1..]),
            Job::Search(lang) => format!("{}/search/index.html", code(lang)),
            Job::Offline(lang) => format!("{}/offline.html", code(lang)),
        }
    }

    fn render_job(&self, job: Job) -> Result<OutputFile, Box<Diagnostic>> {
        render_job(
            job,
            &self.tera,
            &self.shared,
            &self.statics,
            &self.settings,
            &self.theme_dir,
        )
    }
}

/// Renders the whole site into `sink`.
pub fn render(
    loaded: &Loaded,
    settings: &RenderSettings,
    progress: &dyn Progress,
    sink: &Sink,
    diags: &mut Diagnostics,
) {
    if let Some(renderer) = Renderer::new(loaded, settings, diags) {
        renderer.render_all(progress, sink, diags);
        // Its caches (every page's summary in every language) are freed while the feeds
        // and the sitemap are made.
        crate::drop_later(renderer);
    }
}

fn jobs(shared: &Shared) -> Vec<Job> {
    let site = &shared.site;
    let n = site.config.languages.len();
    let mut jobs = Vec::with_capacity(site.pages.len() * n + 4 * n);
    jobs.push(Job::Chooser);
    jobs.push(Job::RootNotFound);
    // The directory section is rendered by its views.
    let directory_section = shared.directory.as_ref().map(|d| d.section);
    jobs.extend((0..shared.directory_views.len()).map(Job::Directory));
    for lang in 0..n {
        for page in 0..site.pages.len() {
            if Some(page) != directory_section {
                jobs.push(Job::Page(page, lang));
            }
        }
        jobs.push(Job::NotFound(lang));
        for (t, tax) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyList(t, lang));
            for term in 0..tax.terms[lang].len() {
                jobs.push(Job::Term(t, lang, term));
            }
        }
    }
    jobs
}

/// Values that are the same for every page of a language.
struct StaticContext {
    config: Value,
    languages: Value,
    langs: Vec<Value>,
    /// Per language: a number in each plural category (see `plural_samples`).
    plurals: Vec<Value>,
    search_index: Vec<String>,
    kiosk: bool,
    zim: bool,
}

impl StaticContext {
    fn new(config: &Config, _assets: &Assets, settings: &RenderSettings) -> Self {
        let langs: Vec<Value> = config
            .languages
            .iter()
            .map(|l| {
                map(vec![
                    ("code", Value::from(l.code.as_str())),
                    ("name", Value::from(l.name.as_str())),
                    ("dir", Value::from(l.dir.as_str())),
                    ("url", Value::from(format!("/{}/", l.code))),
                ])
            })
            .collect();
        let config_value = map(vec![
            ("title", Value::from(config.title.as_str())),
            ("base_url", Value::from(config.base_url.as_str())),
            (
                "default_language",
                Value::from(config.default_lang().code.as_str()),
            ),
            ("extra", Value::from_serializable(&config.extra)),
            ("kiosk_idle_seconds", Value::from(config.kiosk.idle_seconds)),
            (
                "kiosk_warning_seconds",
                Value::from(config.kiosk.warning_seconds),
            ),
            ("csp", Value::from(crate::deploy::CSP)),
            (
                "quick_exit",
                match &config.quick_exit {
                    Some(q) => map(vec![
                        ("url", Value::from(q.url.as_str())),
                        ("safety", opt_str(q.safety.as_deref())),
                    ]),
                    None => Value::none(),
                },
            ),
        ]);
        StaticContext {
            config: config_value,
            languages: Value::from(langs.clone()),
            plurals: config
                .languages
                .iter()
                .map(|l| plural_samples(&l.id))
                .collect(),
            langs,
            search_index: settings.search_index.clone(),
            kiosk: settings.kiosk,
            zim: settings.zim,
        }
    }
}

fn map(entries: Vec<(&'static str, Value)>) -> Value {
    let mut m = tera::Map::with_capacity(entries.len());
    for (k, v) in entries {
        m.insert(k.into(), v);
    }
    Value::from(m)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

fn string_list(list: Option<&Vec<String>>) -> Value {
    Value::from(
        list.map(|l| l.iter().map(|s| Value::from(s.trim())).collect::<Vec<_>>())
            .unwrap_or_default(),
    )
}

fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// A page as it appears in lists, in one language.
fn summary(site: &Site, id: PageId, lang: usize) -> Value {
    map(summary_entries(site, id, lang))
}

/// The keys and values of `summary`; a page's own context starts with them.
fn summary_entries(site: &Site, id: PageId, lang: usize) -> Vec<(&'static str, Value)> {
    let page = &site.pages[id];
    let v = page.shown_version(lang);
    let f = &v.front;
    vec![
        ("title", Value::from(f.title.trim())),
        ("description", opt_str(f.description.as_deref())),
        ("url", Value::from(page.urls[lang].as_str())),
        (
            "permalink",
            Value::from(format!("{}{}", site.config.base_url, page.urls[lang])),
        ),
        ("path", Value::from(page.path.as_str())),
        (
            "lang",
            Value::from(site.config.languages[v.lang].code.as_str()),
        ),
        ("translated", Value::from(page.has_translation(lang))),
        ("is_section", Value::from(page.is_section)),
        ("date", opt_str(f.date.map(|d| d.to_string()).as_deref())),
        (
            "updated",
            opt_str(f.updated.map(|d| d.to_string()).as_deref()),
        ),
        (
            "review_by",
            opt_str(f.review_by.map(|d| d.to_string()).as_deref()),
        ),
        ("weight", f.weight.map_or_else(Value::none, Value::from)),
        ("tags", string_list(f.tags.as_ref())),
        ("countries", string_list(f.countries.as_ref())),
        (
            "extra",
            f.extra
                .as_ref()
                .map_or_else(|| Value::from(tera::Map::new()), Value::from_serializable),
        ),
        ("word_count", Value::from(v.doc.words)),
        ("reading_time", Value::from(reading_minutes(v.doc.words))),
    ]
}

/// The body of a version, with `@/` links made into site-absolute URLs for a reader of `lang`.
pub fn body_html(site: &Site, version: &Version, lang: usize) -> String {
    let mut html = String::with_capacity(
        version
            .doc
            .parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.len(),
                Part::Link(_) => 40,
            })
            .sum(),
    );
    for part in &version.doc.parts {
        match part {
            Part::Html(h) => html.push_str(h),
            Part::Link(i) => {
                let link = &version.doc.links[*i];
                match version.resolved.get(*i).copied().flatten() {
                    Some((target, explicit)) => {
                        let reader = explicit.unwrap_or(lang);
                        let page = &site.pages[target];
                        html.push_str(&page.urls[reader]);
                        if let Some(anchor) = &link.anchor
                            && page.shown_version(reader).doc.has_id(anchor)
                        {
                            html.push('#');
                            crate::markdown::escape_attr(&mut html, anchor);
                        }
                    }
                    None => html.push('#'),
                }
            }
        }
    }
    html
}

fn toc_value(toc: &[crate::markdown::TocEntry]) -> Value {
    Value::from_serializable(toc)
}

fn load_templates(
    root: &Path,
    theme_dir: &Path,
    shared: &Arc<Shared>,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let dir = theme_dir.join(TEMPLATES_DIR);
    let theme_rel = theme_dir
        .strip_prefix(root)
        .unwrap_or(theme_dir)
        .to_path_buf();
    if !dir.is_dir() {
        diags.error(
            &RenderError::NoTheme(shared.site.config.theme.clone()),
            Location::file(theme_rel.join(TEMPLATES_DIR)),
        );
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".htm"]);
    tera.set_escape_fn(escape_html);
    register_functions(&mut tera, shared);

    let mut templates: Vec<(String, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = crate::diag::display_path(path.strip_prefix(&dir).unwrap_or(path));
        if name.starts_with('.') {
            continue;
        }
        match crate::content::read_text(path, 1024 * 1024) {
            Ok(text) => templates.push((name, text)),
            Err(e) => diags.error(
                &RenderError::Unreadable(e.to_string()),
                Location::file(path.strip_prefix(root).unwrap_or(path)),
            ),
        }
    }
    let sources: HashMap<String, String> = templates.iter().cloned().collect();
    for required in REQUIRED_TEMPLATES {
        if !sources.contains_key(*required) {
            diags.error(
                &RenderError::MissingTemplate((*required).to_string()),
                Location::file(theme_rel.join(TEMPLATES_DIR)),
            );
        }
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        diags.push(template_diagnostic(&e, &theme_rel, &sources));
        return None;
    }
    Some(tera)
}

/// A Tera error as a diagnostic pointing into the template.
fn template_diagnostic(
    e: &tera::Error,
    theme_rel: &Path,
    sources: &HashMap<String, String>,
) -> Diagnostic {
    use std::error::Error as _;
    let (name, line, col, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            (
                Some(r.filename().to_string()),
                Some(span.start_line),
                Some(span.start_col + 1),
                r.message().to_string(),
            )
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain } => (
            Some(tpl.clone()),
            None,
            None,
            format!(
                "templates include each other in a circle: {}",
                include_chain.join(" → ")
            ),
        ),
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => (
            Some(tpl.clone()),
            None,
            None,
            format!(
                "templates extend each other in a circle: {}",
                inheritance_chain.join(" → ")
            ),
        ),
        other => (None, None, None, other.to_string()),
    };
    let mut message = message;
    // A function's own error (a missing UI string, say) is the interesting part.
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = s.source();
    }
    let mut at = match &name {
        Some(n) => Location::file(theme_rel.join(TEMPLATES_DIR).join(n)),
        None => Location::file(theme_rel.join(TEMPLATES_DIR)),
    };
    if let (Some(n), Some(line)) = (&name, line) {
        if let Some(src) = sources.get(n) {
            at = Location::at(
                theme_rel.join(TEMPLATES_DIR).join(n),
                src,
                line,
                col.unwrap_or(1),
            );
        } else {
            at.line = Some(line);
            at.column = col;
        }
    }
    Diagnostic::error(&RenderError::Template(message), at)
}

/// The UI strings templates refer to: keys written in full (`t(key="home")`), and prefixes of
/// keys built from data (`t(key="tag-" ~ tag)` → `tag-`), with the ones senda itself uses
/// (`month-`, `date-long`, `qr-`). `check` counts keys matching either as used, whether or not
/// this edition rendered them (kiosk-only strings, say).
pub fn template_key_refs(root: &Path, theme: &str) -> (Vec<String>, Vec<String>) {
    let mut literals = Vec::new();
    let mut prefixes = vec![
        "month-".to_string(),
        "date-long".to_string(),
        "qr-".to_string(),
        "site-short-name".to_string(),
    ];
    let dir = root.join("themes").join(theme).join(TEMPLATES_DIR);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut rest = text.as_str();
        while let Some(i) = rest.find("key=") {
            rest = &rest[i + 4..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = rest[1..].find(quote) else {
                break;
            };
            let literal = &rest[1..1 + end];
            let after = rest[1 + end + 1..].trim_start();
            if after.starts_with('~') && !literal.is_empty() {
                prefixes.push(literal.to_string());
            } else if !literal.is_empty() {
                literals.push(literal.to_string());
            }
        }
    }
    prefixes.sort();
    prefixes.dedup();
    literals.sort();
    literals.dedup();
    (literals, prefixes)
}

fn kw_str(kwargs: &Kwargs, name: &str) -> tera::TeraResult<Option<String>> {
    kwargs.get::<String>(name)
}

/// The reader's language of the page being rendered.
fn current_lang(state: &State, kwargs: &Kwargs, config: &Config) -> tera::TeraResult<usize> {
    if let Some(code) = kw_str(kwargs, "lang")? {
        return config.language_index(&code).ok_or_else(|| {
            tera::Error::message(format!("`{code}` is not one of the site's languages"))
        });
    }
    let lang = state.get::<Value>("lang")?;
    let code = lang
        .as_ref()
        .and_then(|l| l.get_from_path("code"))
        .and_then(|c| c.as_str().map(str::to_string));
    match code.and_then(|c| config.language_index(&c)) {
        Some(i) => Ok(i),
        None => Ok(config.default_language),
    }
}

/// `optional=true`: a missing page or file gives `none` instead of an error.
fn optional(kwargs: &Kwargs) -> tera::TeraResult<bool> {
    Ok(kwargs.get::<bool>("optional")?.unwrap_or(false))
}

/// `@/rights/asylum.md`, `rights/asylum`, `/rights/asylum/` → the page id.
fn page_by_ref(site: &Site, r: &str) -> Option<PageId> {
    let r = r.trim();
    let path = r.strip_prefix("@/").unwrap_or(r).trim_matches('/');
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = path.strip_suffix("/_index").unwrap_or(path);
    let path = if path == "_index" { "" } else { path };
    site.by_path.get(path).copied()
}

fn register_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    // The URL segment of a taxonomy term, as senda makes it (`Mi tema` → `mi-tema`).
    tera.register_filter("segment", |value: &str, _: Kwargs, _: &State| {
        crate::content::url_segment(value)
    });

    let s = Arc::clone(shared);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key = kwargs.must_get::<String>("key")?;
            let lang = current_lang(state, &kwargs, &s.site.config)?;
            let mut args = Vec::new();
            for (k, v) in kwargs.iter() {
                let Some(name) = k.as_str() else { continue };
                if matches!(name, "key" | "lang" | "default") {
                    continue;
                }
                let arg = if let Some(i) = v.as_i64() {
                    Arg::Int(i)
                } else if let Some(f) = v.as_f64() {
                    Arg::Float(f)
                } else if let Some(s) = v.as_str() {
                    Arg::Str(s.to_string())
                } else if v.is_none() || v.is_undefined() {
                    continue;
                } else {
                    Arg::Str(format!("{v}"))
                };
                args.push((name.to_string(), arg));
            }
            match s.i18n.format(lang, &key, &args) {
                Ok(text) => Ok(text),
                Err(crate::i18n::I18nError::Missing { .. })
                    if kwargs.get::<String>("default")?.is_some() =>
                {
                    Ok(kwargs.get::<String>("default")?.unwrap_or_default())
                }
                Err(e) => Err(tera::Error::message(e.to_string())),
            }
        },
    );

    let s = Arc::clone(shared);
    tera.register_function(
        "url",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let path = kwargs.must_get::<String>("path")?;
            let lang = current_lang(state, &kwargs, &s.site.config)?;
            if path.starts_with("@/") {
                return match page_by_ref(&s.site, &path) {
                    Some(id) => Ok(s.site.pages[id].urls[lang].clone()),
                    None if optional(&kwargs)? => Ok(String::new()),
                    None => Err(tera::Error::message(format!("url(): no page `{path}`"))),
                };
            }
            if path.starts_with("http://") || path.starts_with("https://") {
                return Ok(path);
            }
            let logical = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            Ok(s.assets.resolve(&logical).to_string())
        },
    );

    let s = Arc::clone(shared);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<String>("path")?;
            let lang = current_lang(state, &kwargs, &s.site.config)?;
            match page_by_ref(&s.site, &path) {
                Some(id) => Ok(s.summary(id, lang).clone()),
                None if optional(&kwargs)? => Ok(Value::none()),
                None => Err(tera::Error::message(format!(
                    "get_page(): no page `{path}`"
                ))),
            }
        },
    );

    let s = Arc::clone(shared);
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<String>("path")?;
            let lang = current_lang(state, &kwargs, &s.site.config)?;
            match page_by_ref(&s.site, &path) {
                Some(id) if s.site.pages[id].is_section => {
                    let page = &s.site.pages[id];
                    let mut m = s.summary(id, lang).as_map().cloned().unwrap_or_default();
                    m.insert("pages".into(), list(&s, &page.pages, lang));
                    m.insert("subsections".into(), list(&s, &page.subsections, lang));
                    Ok(Value::from(m))
                }
                _ if optional(&kwargs)? => Ok(Value::none()),
                _ => Err(tera::Error::message(format!(
                    "get_section(): no section `{path}`"
                ))),
            }
        },
    );

    let s = Arc::clone(shared);
    tera.register_function(
        "load_data",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<String>("path")?;
            match s.data.get(&path) {
                Some(v) => Ok(Value::from_serializable(v)),
                None if optional(&kwargs)? => Ok(Value::none()),
                None => Err(tera::Error::message(format!(
                    "load_data(): no file data/{path}"
                ))),
            }
        },
    );

    tera.register_function(
        "qr",
        |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let text = kwargs.must_get::<String>("text")?;
            let size = kwargs.get::<u32>("size")?.unwrap_or(132);
            match crate::kiosk::qr_svg(&text, size) {
                Some(svg) => Ok(Value::safe_string(&svg)),
                None => Err(tera::Error::message(
                    "qr(): the text is too long for a QR code",
                )),
            }
        },
    );

    let s = Arc::clone(shared);
    tera.register_function(
        "format_date",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let date = kwargs.must_get::<String>("date")?;
            let lang = current_lang(state, &kwargs, &s.site.config)?;
            let Some(d) = crate::content::Date::parse(&date) else {
                return Err(tera::Error::message(format!(
                    "format_date(): `{date}` is not YYYY-MM-DD"
                )));
            };
            let month = s
                .i18n
                .format(lang, &format!("month-{}", d.month), &[])
                .unwrap_or_else(|_| d.month.to_string());
            s.i18n
                .format(
                    lang,
                    "date-long",
                    &[
                        ("day".into(), Arg::Int(i64::from(d.day))),
                        (
                            "month".into(),
                            Arg::Str(crate::i18n::strip_isolation(&month)),
                        ),
                        ("year".into(), Arg::Str(d.year.to_string())),
                    ],
                )
                .map(|s| crate::i18n::strip_isolation(&s))
                .or_else(|_| Ok(d.to_string()))
        },
    );
}

fn list(shared: &Shared, ids: &[PageId], lang: usize) -> Value {
    Value::from(
        ids.iter()
            .map(|&i| shared.summary(i, lang).clone())
            .collect::<Vec<_>>(),
    )
}

/// The context shared by every kind of page.
fn base_context(statics: &StaticContext, lang: usize, current_url: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("config", statics.config.clone());
    ctx.insert_value("languages", statics.languages.clone());
    ctx.insert_value("lang", statics.langs[lang].clone());
    ctx.insert_value("current_url", Value::from(current_url));
    ctx.insert_value("fallback", Value::none());
    ctx.insert_value("page", Value::none());
    ctx.insert_value("section", Value::none());
    ctx.insert_value("kiosk", Value::from(statics.kiosk));
    ctx.insert_value("zim", Value::from(statics.zim));
    ctx.insert_value("plural_samples", statics.plurals[lang].clone());
    ctx.insert_value("qr", Value::none());
    ctx
}

/// `alternates`: the languages that really have the page, and `x-default`.
fn alternates(site: &Site, page: &Page) -> Value {
    let mut list = Vec::new();
    for (l, lang) in site.config.languages.iter().enumerate() {
        if page.has_translation(l) {
            list.push(map(vec![
                ("hreflang", Value::from(lang.code.as_str())),
                (
                    "href",
                    Value::from(format!("{}{}", site.config.base_url, page.urls[l])),
                ),
            ]));
        }
    }
    let d = site.default_lang();
    list.push(map(vec![
        ("hreflang", Value::from("x-default")),
        (
            "href",
            Value::from(format!("{}{}", site.config.base_url, page.urls[d])),
        ),
    ]));
    Value::from(list)
}

/// Stands for a page's body in the template's output: the page is minified without its body
/// (already compact HTML from Markdown), and the body goes in afterwards.
const BODY_TOKEN: &str = "\u{E002}senda-body\u{E003}";

/// A page's context, and its body (kept out of the context: see `BODY_TOKEN`).
fn page_context(
    shared: &Shared,
    statics: &StaticContext,
    id: PageId,
    lang: usize,
) -> (Context, String) {
    let site = &shared.site;
    let page = &site.pages[id];
    let version = page.shown_version(lang);
    let url = &page.urls[lang];
    let mut ctx = base_context(statics, lang, url);

    let mut m = summary_entries(site, id, lang);
    m.reserve(6);
    let mut content = body_html(site, version, lang);
    if statics.kiosk {
        content = kiosk_links(shared, &content, lang);
    }
    m.push(("content", Value::safe_string(BODY_TOKEN)));
    m.push(("toc", toc_value(&version.doc.toc)));
    let shared_parts = shared.page_shared(id);
    let translations: Vec<Value> = shared_parts
        .translations
        .iter()
        .enumerate()
        .map(|(l, entry)| entry[usize::from(l == lang)].clone())
        .collect();
    m.push(("translations", Value::from(translations)));
    // Ancestors are their summaries (title, url, ...), shared with every list they are in.
    let mut ancestors = Vec::new();
    let mut p = page.parent;
    while let Some(a) = p {
        ancestors.push(shared.summary(a, lang).clone());
        p = site.pages[a].parent;
    }
    ancestors.reverse();
    m.push(("ancestors", Value::from(ancestors)));
    if page.is_section {
        m.push(("pages", list(shared, &page.pages, lang)));
        m.push(("subsections", list(shared, &page.subsections, lang)));
    }
    let value = map(m);
    ctx.insert_value("page", value.clone());
    if page.is_section {
        ctx.insert_value("section", value);
    }

    if version.lang != lang {
        ctx.insert_value("fallback", statics.langs[version.lang].clone());
    }
    // The canonical address is the original: the version's own language.
    let canonical = format!("{}{}", site.config.base_url, page.urls[version.lang]);
    ctx.insert_value("canonical", Value::from(canonical));
    ctx.insert_value("alternates", shared_parts.alternates.clone());
    (ctx, content)
}

/// A kiosk's links: external ones as text and QR code, phone numbers with a QR code.
fn kiosk_links(shared: &Shared, html: &str, lang: usize) -> String {
    let i18n = &shared.i18n;
    let text = |key: &str, args: &[(String, Arg)]| {
        i18n.format(lang, key, args)
            .map(|t| crate::i18n::strip_isolation(&t))
            .unwrap_or_default()
    };
    let call = |number: &str| {
        text(
            "qr-call",
            &[("number".into(), Arg::Str(number.to_string()))],
        )
    };
    let link = text("qr-link", &[]);
    let captions = crate::kiosk::Captions {
        call: &call,
        link: &link,
    };
    crate::kiosk::transform_links(html, &shared.site.config.base_url, &captions)
}

fn template_for(page: &Page, version: &Version) -> String {
    if let Some(t) = &version.front.template {
        return t.trim().to_string();
    }
    if page.parent.is_none() {
        "index.html".into()
    } else if page.is_section {
        "section.html".into()
    } else {
        "page.html".into()
    }
}

fn render_job(
    job: Job,
    tera: &Tera,
    shared: &Shared,
    statics: &StaticContext,
    settings: &RenderSettings,
    theme_dir: &Path,
) -> Result<OutputFile, Box<Diagnostic>> {
    let site = &shared.site;
    let config = &site.config;
    let theme_rel = theme_dir
        .strip_prefix(&site.root)
        .unwrap_or(theme_dir)
        .to_path_buf();
    let mut source: Option<PathBuf> = None;
    let mut body: Option<String> = None;
    let (template, ctx, out_path, absolute_links): (String, Context, String, bool) = match job {
        Job::Page(id, lang) => {
            let page = &site.pages[id];
            let version = page.shown_version(lang);
            let template = template_for(page, version);
            if !tera.contains_template(&template) {
                return Err(Box::new(Diagnostic::error(
                    &RenderError::UnknownTemplate(template),
                    Location::file(&version.file),
                )));
            }
            let (ctx, content) = page_context(shared, statics, id, lang);
            body = Some(content);
            source = Some(version.file.clone());
            (
                template,
                ctx,
                format!("{}index.html", &page.urls[lang][1..]),
                false,
            )
        }
        Job::Directory(i) => {
            let view = &shared.directory_views[i];
            let Some(dir) = shared.directory.as_deref() else {
                return Err(Box::new(Diagnostic::error(
                    &RenderError::Template("directory view without a directory".into()),
                    Location::default(),
                )));
            };
            let lang = view.lang;
            let page = &site.pages[dir.section];
            let version = page.shown_version(lang);
            let template = version
                .front
                .template
                .clone()
                .unwrap_or_else(|| "directory.html".into());
            if !tera.contains_template(&template) {
                return Err(Box::new(Diagnostic::error(
                    &RenderError::UnknownTemplate(template),
                    Location::file(&version.file),
                )));
            }
            let (mut ctx, content) = page_context(shared, statics, dir.section, lang);
            body = Some(content);
            source = Some(version.file.clone());
            ctx.insert_value("current_url", Value::from(view.url.as_str()));
            ctx.insert_value(
                "directory",
                Value::from_serializable(&crate::directory::view_value(dir, site, view)),
            );
            if view.filter != Filter::All {
                // Filter pages exist in every language: the switcher and alternates follow them.
                let rest = view.url[page.urls[lang].len()..].to_string();
                let mut m = ctx
                    .get("page")
                    .and_then(|p| p.as_map().cloned())
                    .unwrap_or_default();
                let translations: Vec<Value> = config
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(l, language)| {
                        map(vec![
                            ("code", Value::from(language.code.as_str())),
                            ("name", Value::from(language.name.as_str())),
                            ("dir", Value::from(language.dir.as_str())),
                            ("url", Value::from(format!("{}{rest}", page.urls[l]))),
                            ("exists", Value::from(true)),
                            ("current", Value::from(l == lang)),
                        ])
                    })
                    .collect();
                m.insert("translations".into(), Value::from(translations));
                let value = Value::from(m);
                ctx.insert_value("page", value.clone());
                ctx.insert_value("section", value);
                ctx.insert_value(
                    "canonical",
                    Value::from(format!("{}{}", config.base_url, view.url)),
                );
                let alternates: Vec<Value> = config
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(l, language)| {
                        map(vec![
                            ("hreflang", Value::from(language.code.as_str())),
                            (
                                "href",
                                Value::from(format!("{}{}{rest}", config.base_url, page.urls[l])),
                            ),
                        ])
                    })
                    .chain(std::iter::once(map(vec![
                        ("hreflang", Value::from("x-default")),
                        (
                            "href",
                            Value::from(format!(
                                "{}{}{rest}",
                                config.base_url, page.urls[config.default_language]
                            )),
                        ),
                    ])))
                    .collect();
                ctx.insert_value("alternates", Value::from(alternates));
            }
            (
                template,
                ctx,
                format!("{}index.html", &view.url[1..]),
                false,
            )
        }
        Job::Search(lang) => {
            let code = &config.languages[lang].code;
            let url = format!("/{code}/search/");
            let mut ctx = base_context(statics, lang, &url);
            let az: Vec<Value> = crate::search::a_to_z(site, lang)
                .into_iter()
                .map(|(letter, ids)| {
                    map(vec![
                        ("letter", Value::from(letter)),
                        ("pages", list(shared, &ids, lang)),
                    ])
                })
                .collect();
            ctx.insert_value("az", Value::from(az));
            ctx.insert_value(
                "search_index",
                Value::from(statics.search_index.get(lang).cloned().unwrap_or_default()),
            );
            ctx.insert_value(
                "canonical",
                Value::from(format!("{}{url}", config.base_url)),
            );
            ctx.insert_value("alternates", taxonomy_alternates(config, "search/"));
            (
                "search.html".into(),
                ctx,
                format!("{}index.html", &url[1..]),
                false,
            )
        }
        Job::Offline(lang) => {
            let url = format!("/{}/offline.html", config.languages[lang].code);
            let mut ctx = base_context(statics, lang, &url);
            ctx.insert_value("canonical", Value::none());
            ctx.insert_value("alternates", Value::from(Vec::<Value>::new()));
            ("offline.html".into(), ctx, url[1..].to_string(), true)
        }
        Job::Chooser => {
            let d = config.default_language;
            let mut ctx = base_context(statics, d, "/");
            let home = &site.pages[0];
            ctx.insert_value("canonical", Value::from(format!("{}/", config.base_url)));
            ctx.insert_value("alternates", alternates(site, home));
            ("chooser.html".into(), ctx, "index.html".into(), false)
        }
        Job::NotFound(lang) => {
            let url = format!("/{}/404.html", config.languages[lang].code);
            let mut ctx = base_context(statics, lang, &url);
            ctx.insert_value("canonical", Value::none());
            ctx.insert_value("alternates", Value::from(Vec::<Value>::new()));
            let out = url[1..].to_string();
            ("404.html".into(), ctx, out, true)
        }
        Job::RootNotFound => {
            let d = config.default_language;
            let mut ctx = base_context(statics, d, "/404.html");
            ctx.insert_value("canonical", Value::none());
            ctx.insert_value("alternates", Value::from(Vec::<Value>::new()));
            ("404.html".into(), ctx, "404.html".into(), true)
        }
        Job::TaxonomyList(t, lang) => {
            let tax = &site.taxonomies[t];
            let code = &config.languages[lang].code;
            let url = format!("/{code}/{}/", tax.segment);
            let mut ctx = base_context(statics, lang, &url);
            let terms: Vec<Value> = tax.terms[lang]
                .iter()
                .map(|term| {
                    map(vec![
                        ("name", Value::from(term.name.as_str())),
                        ("slug", Value::from(term.slug.as_str())),
                        ("url", Value::from(format!("{url}{}/", term.slug))),
                        ("count", Value::from(term.pages.len())),
                    ])
                })
                .collect();
            ctx.insert_value(
                "taxonomy",
                map(vec![
                    ("name", Value::from(tax.name)),
                    ("url", Value::from(url.as_str())),
                    ("terms", Value::from(terms)),
                ]),
            );
            ctx.insert_value(
                "canonical",
                Value::from(format!("{}{url}", config.base_url)),
            );
            ctx.insert_value(
                "alternates",
                taxonomy_alternates(config, &format!("{}/", tax.segment)),
            );
            let out = format!("{}index.html", &url[1..]);
            ("taxonomy_list.html".into(), ctx, out, false)
        }
        Job::Term(t, lang, i) => {
            let tax = &site.taxonomies[t];
            let term = &tax.terms[lang][i];
            let code = &config.languages[lang].code;
            let url = format!("/{code}/{}/{}/", tax.segment, term.slug);
            let mut ctx = base_context(statics, lang, &url);
            ctx.insert_value(
                "taxonomy",
                map(vec![
                    ("name", Value::from(tax.name)),
                    ("url", Value::from(format!("/{code}/{}/", tax.segment))),
                ]),
            );
            ctx.insert_value(
                "term",
                map(vec![
                    ("name", Value::from(term.name.as_str())),
                    ("slug", Value::from(term.slug.as_str())),
                    ("url", Value::from(url.as_str())),
                    ("pages", list(shared, &term.pages, lang)),
                ]),
            );
            ctx.insert_value(
                "canonical",
                Value::from(format!("{}{url}", config.base_url)),
            );
            ctx.insert_value(
                "alternates",
                taxonomy_alternates(config, &format!("{}/{}/", tax.segment, term.slug)),
            );
            let out = format!("{}index.html", &url[1..]);
            ("taxonomy_single.html".into(), ctx, out, false)
        }
    };
    let mut ctx = ctx;
    if statics.kiosk && !absolute_links {
        // The same page on the public phone site.
        let path = out_path.strip_suffix("index.html").unwrap_or(&out_path);
        if let Some(svg) = crate::kiosk::qr_svg(&format!("{}/{path}", config.base_url), 200) {
            ctx.insert_value("qr", Value::safe_string(&svg));
        }
    }
    let sources = HashMap::new();
    let render = |ctx: &Context| {
        tera.render(&template, ctx)
            .map_err(|e| Box::new(template_diagnostic(&e, &theme_rel, &sources)))
    };
    let links = |html: &str| {
        if absolute_links {
            absolutize(html, &base_path(&config.base_url))
        } else {
            relativize(html, &out_path)
        }
    };
    let finish = |html: &str| {
        let html = links(html);
        if settings.minify {
            crate::output::minify(html.as_bytes())
        } else {
            html.into_bytes()
        }
    };
    let mut html = render(&ctx)?;
    let bytes = match body {
        // The usual case: the body appears once, as it is; minify the rest, then put it in.
        Some(body) if html.matches(BODY_TOKEN).count() == 1 => {
            let chrome = finish(&html);
            let body = links(&body);
            let mut out = Vec::with_capacity(chrome.len() + body.len());
            match memchr::memmem::find(&chrome, BODY_TOKEN.as_bytes()) {
                Some(at) => {
                    out.extend_from_slice(&chrome[..at]);
                    out.extend_from_slice(body.as_bytes());
                    out.extend_from_slice(&chrome[at + BODY_TOKEN.len()..]);
                }
                None => {
                    // The minifier moved it (it never does): render the plain way.
                    html = html.replace(BODY_TOKEN, &body);
                    out = finish(&html);
                }
            }
            out
        }
        // A template that filters or repeats the body: render it with the body inside.
        Some(body) => {
            let mut ctx = ctx;
            if let Some(page) = ctx.get("page").and_then(|p| p.as_map()).cloned() {
                let mut page = page;
                page.insert("content".into(), Value::safe_string(&body));
                let value = Value::from(page);
                if ctx.get("section").is_some_and(|s| !s.is_none()) {
                    ctx.insert_value("section", value.clone());
                }
                ctx.insert_value("page", value);
            }
            finish(&render(&ctx)?)
        }
        None => finish(&html),
    };
    let mut file = OutputFile::bytes(out_path, bytes);
    file.source = source;
    Ok(file)
}

/// For each plural category of a language, a number in it: templates render a message once
/// per category and scripts pick the right one with `Intl.PluralRules`.
fn plural_samples(id: &unic_langid::LanguageIdentifier) -> Value {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let Ok(rules) = PluralRules::create(id.clone(), PluralRuleType::CARDINAL) else {
        return Value::from(vec![map(vec![
            ("category", Value::from("other")),
            ("sample", Value::from(7)),
        ])]);
    };
    let mut seen: Vec<(PluralCategory, u32)> = Vec::new();
    // 0 last: it is the sample only where it has a category of its own (Arabic "zero").
    for n in [1u32, 2, 3, 5, 7, 11, 21, 100, 101, 0] {
        if let Ok(c) = rules.select(n)
            && !seen.iter().any(|(x, _)| *x == c)
        {
            seen.push((c, n));
        }
    }
    let name = |c: PluralCategory| match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    };
    Value::from(
        seen.into_iter()
            .map(|(c, n)| {
                map(vec![
                    ("category", Value::from(name(c))),
                    ("sample", Value::from(n)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// Taxonomy pages exist in every language: each is an alternate of the others.
fn taxonomy_alternates(config: &Config, rest: &str) -> Value {
    let mut list: Vec<Value> = config
        .languages
        .iter()
        .map(|l| {
            map(vec![
                ("hreflang", Value::from(l.code.as_str())),
                (
                    "href",
                    Value::from(format!("{}/{}/{rest}", config.base_url, l.code)),
                ),
            ])
        })
        .collect();
    list.push(map(vec![
        ("hreflang", Value::from("x-default")),
        (
            "href",
            Value::from(format!(
                "{}/{}/{rest}",
                config.base_url,
                config.default_lang().code
            )),
        ),
    ]));
    Value::from(list)
}

/// The path part of the base URL (`https://x.org/hub` → `/hub`), for 404 pages whose links
/// must work whatever address they are served at.
fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// The attributes whose site-absolute values are rewritten.
const URL_ATTRS: [&str; 5] = ["href", "src", "action", "poster", "data-href"];

/// Rewrites each `href="/x/y/"` into a path relative to the output file `out_path`, ending in
/// `index.html` where it names a folder, so links work from any sub-path and from `file://`.
pub fn relativize(html: &str, out_path: &str) -> String {
    let from_dirs: Vec<&str> = {
        let mut v: Vec<&str> = out_path.split('/').collect();
        v.pop();
        v
    };
    rewrite_urls(html, |url| relative_url(&from_dirs, url))
}

fn absolutize(html: &str, base_path: &str) -> String {
    rewrite_urls(html, |url| {
        let (path, rest) = split_suffix(url);
        let path = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        format!("{base_path}{path}{rest}")
    })
}

/// One pass over the HTML: each `="/` is checked for one of `URL_ATTRS` before it.
fn rewrite_urls(html: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // `html[..done]` is in `out`; a match inside a value already copied is skipped.
    let mut done = 0;
    for i in memchr::memmem::find_iter(html.as_bytes(), b"=\"/") {
        if i < done {
            continue;
        }
        let before = &html[done..i];
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |p| p + 1);
        let is_url_attr = URL_ATTRS.contains(&&before[name_start..])
            && before[..name_start].ends_with(char::is_whitespace);
        let value_start = i + 2; // at the `/`
        out.push_str(&html[done..value_start]);
        let after = &html[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        if is_url_attr && !url.starts_with("//") {
            out.push_str(&f(url));
        } else {
            out.push_str(url); // another attribute, or protocol-relative: another host
        }
        done = value_start + end;
    }
    out.push_str(&html[done..]);
    out
}

/// (`/a/b/`, `#x`) from `/a/b/#x`.
fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

fn relative_url(from_dirs: &[&str], url: &str) -> String {
    let (path, suffix) = split_suffix(url);
    let is_dir = path.ends_with('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (dirs, file): (&[&str], Option<&str>) = if is_dir || segments.is_empty() {
        (&segments[..], None)
    } else {
        (&segments[..segments.len() - 1], segments.last().copied())
    };
    let common = from_dirs
        .iter()
        .zip(dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dirs.len() {
        out.push_str("../");
    }
    for d in &dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(file.unwrap_or("index.html"));
    out.push_str(suffix);
    out
}

/// Redirect pages for `aliases`: a tiny page with a meta refresh and a link.
fn alias_pages(site: &Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let real: std::collections::HashSet<String> = site
        .pages
        .iter()
        .flat_map(|p| p.urls.iter().map(|u| u.trim_matches('/').to_string()))
        .collect();
    for page in &site.pages {
        for (lang, version) in page.versions.iter().enumerate() {
            let Some(version) = version else { continue };
            for alias in version.front.aliases.iter().flatten() {
                let Some(clean) = crate::content::clean_alias(alias) else {
                    continue; // reported when the page was read
                };
                if real.contains(&clean) || taken.contains_key(&clean) {
                    diags.error(
                        &crate::content::ContentError::DuplicateUrl(
                            format!("/{clean}/"),
                            "an alias".into(),
                            "another page or alias".into(),
                        ),
                        Location::file(&version.file),
                    );
                    continue;
                }
                taken.insert(clean.clone(), version.file.clone());
                let out_path = format!("{clean}/index.html");
                let target = format!("{}{}", site.config.base_url, page.urls[lang]);
                let code = &site.config.languages[lang].code;
                let html = format!(
                    "<!doctype html><html lang=\"{code}\"><meta charset=\"utf-8\"><title>{t}</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={rel}\"><a href=\"{rel}\">{t}</a></html>",
                    t = escape_text(version.front.title.trim()),
                    rel = relative_url(
                        &out_path.split('/').collect::<Vec<_>>()[..out_path.split('/').count() - 1],
                        &page.urls[lang]
                    ),
                );
                out.push(OutputFile::bytes(out_path, html.into_bytes()));
            }
        }
    }
    out
}

/// Tera's own escaping (the same five characters, the same entities), written a run at a
/// time: Tera's writes each byte on its own, a twentieth of a large build's time.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut done = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[done..i])?;
        out.write_all(entity)?;
        done = i + 1;
    }
    out.write_all(&bytes[done..])
}

pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::markdown::escape_attr(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_the_same_as_teras() {
        for s in [
            "",
            "plain",
            "a & b < c > d \" e ' f",
            "&&<<>>\"\"''",
            "ñandú «comillas» & 'señal' <b>",
            "<script>alert('x')</script>",
            "عربي & \"نص\"",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(s, &mut ours).expect("vec");
            tera::escape_html(s, &mut teras).expect("vec");
            assert_eq!(ours, teras, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_the_same_as_teras_for_any_text(s in "[a-z&<>\"' ñ€]{0,40}|\\PC{0,40}") {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(&s, &mut ours).expect("vec");
            tera::escape_html(&s, &mut teras).expect("vec");
            proptest::prop_assert_eq!(ours, teras);
        }
    }

    #[test]
    fn relative_urls() {
        let from = ["es", "rights", "asylum"];
        assert_eq!(
            relative_url(&from, "/es/health/"),
            "../../health/index.html"
        );
        assert_eq!(relative_url(&from, "/es/rights/asylum/#x"), "index.html#x");
        assert_eq!(relative_url(&from, "/style.1.css"), "../../../style.1.css");
        assert_eq!(relative_url(&[], "/es/"), "es/index.html");
        assert_eq!(relative_url(&[], "/"), "index.html");
        assert_eq!(relative_url(&["es"], "/en/"), "../en/index.html");
    }

    #[test]
    fn rewrites_only_site_absolute_attributes() {
        let html = "<a href=\"/es/x/\">a</a><a href=\"https://o.org/\">b</a><img src=\"/i.png\"><a href=\"//cdn/x\">c</a><p>href=\"/no\"</p>";
        let out = relativize(html, "es/y/index.html");
        assert!(out.contains("href=\"../x/index.html\""), "{out}");
        assert!(out.contains("href=\"https://o.org/\""));
        assert!(out.contains("src=\"../../i.png\""));
        assert!(out.contains("href=\"//cdn/x\""));
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.org"), "");
        assert_eq!(base_path("https://x.org/hub"), "/hub");
        assert_eq!(
            absolutize("<a href=\"/es/\">", "/hub"),
            "<a href=\"/hub/es/index.html\">"
        );
    }
}
