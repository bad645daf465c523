//! Templates → HTML, for every route the table says is rendered from a template, in parallel:
//! 1. compile the theme's Tera templates once (`theme`), with senda's functions registered
//!    first (`functions`);
//! 2. for each route, build its template's small context (`pages`, from the shared values of
//!    `context`: a page's summary is made once per language and shared by every list);
//! 3. render it, then make every site-absolute link relative to the page (or absolute with the
//!    base path, for pages served at any address) and minify everything but the page's body,
//!    which goes in afterwards unchanged.
//!
//! Template errors name the template file and line; they are collected, not printed.

mod context;
mod functions;
pub mod pages;
pub mod theme;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Tera, Value};

pub use context::body_html;
pub use theme::Theme;

use crate::content::PageId;
use crate::diag::{Coded, Diagnostic, Diagnostics};
use crate::i18n::{Arg, strip_isolation};
use crate::lang::Lang;
use crate::output::{OutputFile, Sink};
use crate::routes::{Route, Routes, Target};
use crate::{Edition, Loaded, Progress};
use context::{BODY_TOKEN, Shared, StaticContext};
use pages::{Env, Links, Prepared};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the theme `{0}` has no templates folder (themes/{0}/templates)")]
    NoTheme(String),
    #[error("the theme has no `{0}` template")]
    MissingTemplate(String),
    #[error("template error: {0}")]
    Template(String),
    #[error("the page asks for the template `{0}`, which the theme does not have")]
    UnknownTemplate(String),
    #[error("`{0}` makes one of senda's own pages; a content page cannot use it")]
    NotAPageTemplate(String),
    #[error("the template `{0}` does not show the page's text (`page.content`)")]
    NoBody(String),
}

impl Coded for RenderError {
    fn code(&self) -> &'static str {
        match self {
            RenderError::NoTheme(_) | RenderError::MissingTemplate(_) => "theme",
            RenderError::Template(_) | RenderError::NoBody(_) => "template",
            RenderError::UnknownTemplate(_) | RenderError::NotAPageTemplate(_) => {
                "unknown-template"
            }
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            RenderError::NotAPageTemplate(_) | RenderError::UnknownTemplate(_) => Some(
                "leave `template` out (pages use page.html, sections section.html), or name a page template of the theme".into(),
            ),
            RenderError::NoBody(_) => Some("write {{ page.content }} where the text goes".into()),
            _ => None,
        }
    }
}

/// How to render: minified or not, and the edition.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub minify: bool,
    pub edition: Edition,
}

/// The name of each language's search index, known before pages render (a build makes the
/// indexes first; `serve` makes one when its search page is asked for).
pub type SearchIndexNames = Arc<dyn Fn(Lang) -> String + Send + Sync>;

/// Templates compiled, shared values ready: renders any template route of the site, all at
/// once (`build`) or one when asked (`serve`).
pub struct Renderer {
    tera: Tera,
    theme: Theme,
    shared: Arc<Shared>,
    statics: StaticContext,
    settings: Settings,
    search_index: SearchIndexNames,
}

impl Renderer {
    /// Compiles the theme's templates; `None` (with diagnostics) if they cannot be used.
    pub fn new(
        loaded: &Loaded,
        settings: Settings,
        search_index: SearchIndexNames,
        diags: &mut Diagnostics,
    ) -> Option<Renderer> {
        let views = loaded
            .directory
            .as_ref()
            .map(|d| d.views(&loaded.site))
            .unwrap_or_default();
        let shared = Arc::new(Shared::new(loaded, views));
        let tera = loaded.theme.compile(&shared, diags)?;
        Some(Renderer {
            tera,
            theme: loaded.theme.clone(),
            statics: StaticContext::new(
                &loaded.site.config,
                settings.edition,
                loaded.assets.critical.as_ref(),
            ),
            shared,
            settings,
            search_index,
        })
    }

    /// Renders every template route and alias in parallel into `sink`. Problems go to
    /// `diags`; the caller does not publish anything if there are errors.
    pub fn render_all(
        &self,
        routes: &Routes,
        progress: &dyn Progress,
        sink: &Sink,
        diags: &mut Diagnostics,
    ) {
        let todo: Vec<&Route> = routes
            .iter()
            .filter(|r| r.target.is_template() || matches!(r.target, Target::Alias(_)))
            .collect();
        progress.start(todo.len());
        // The routes that show the same version of a page (its own language and those that
        // fall back to it) are rendered together, so its body is made once (a build reads
        // bodies again from their files).
        let mut groups: Vec<Vec<&Route>> = Vec::with_capacity(todo.len());
        let mut group_of: HashMap<(PageId, Lang), usize> = HashMap::new();
        for route in todo {
            if let Target::Page(id, lang) = route.target {
                let shown = self.shared.site.pages[id].shown[lang];
                match group_of.entry((id, shown)) {
                    Entry::Occupied(g) => groups[*g.get()].push(route),
                    Entry::Vacant(g) => {
                        g.insert(groups.len());
                        groups.push(vec![route]);
                    }
                }
            } else {
                groups.push(vec![route]);
            }
        }
        drop(group_of);
        // Each page goes to the sink as soon as it is made; only problems are collected.
        let problems: Vec<Box<Diagnostic>> = groups
            .par_iter()
            .flat_map_iter(|group| {
                let doc = match group[0].target {
                    Target::Page(id, lang) => {
                        let version = self.shared.site.pages[id].shown_version(lang);
                        Some(pages::document(&self.shared.site, version))
                    }
                    _ => None,
                };
                let doc = match doc {
                    Some(Err(e)) => {
                        // The file cannot be read again: one error for all its pages.
                        group.iter().for_each(|_| progress.tick());
                        return vec![e];
                    }
                    Some(Ok(doc)) => Some(doc),
                    None => None,
                };
                let mut problems = Vec::new();
                for route in group {
                    let r = self.render_with(route, doc.as_deref());
                    progress.tick();
                    match r {
                        Ok(file) => sink.put(file),
                        Err(d) => problems.push(d),
                    }
                }
                problems
            })
            .collect();
        progress.finish();
        for d in problems {
            diags.push(*d);
        }
    }

    /// The output of one template or alias route, rendered now.
    pub fn render(&self, route: &Route) -> Result<OutputFile, Box<Diagnostic>> {
        self.render_with(route, None)
    }

    /// `render`, with the document of the version a content page shows if the caller has it.
    fn render_with(
        &self,
        route: &Route,
        doc: Option<&crate::markdown::Document>,
    ) -> Result<OutputFile, Box<Diagnostic>> {
        if let Target::Alias(i) = route.target {
            let html = match self.shared.aliases.get(i) {
                Some(a) => pages::alias_page(&self.shared, a),
                None => String::new(),
            };
            return Ok(OutputFile::bytes(route.path.clone(), html.into_bytes()));
        }
        let kiosk_body = |html: &str, lang: Lang| {
            if self.settings.edition == Edition::Kiosk {
                kiosk_links(&self.shared, html, lang)
            } else {
                html.to_string()
            }
        };
        let env = Env {
            shared: &self.shared,
            statics: &self.statics,
            search_index: &*self.search_index,
            kiosk_body: &kiosk_body,
            doc,
        };
        let prepared = pages::prepare(&env, route.target)?;
        self.finish(prepared, &route.path)
    }

    /// Renders a prepared page at `out_path`: the kiosk's QR code, the template, links,
    /// minification, the body.
    fn finish(&self, p: Prepared, out_path: &str) -> Result<OutputFile, Box<Diagnostic>> {
        let Prepared {
            template,
            mut ctx,
            body,
            source,
            links,
            must_show_body,
        } = p;
        if !self.tera.contains_template(&template) {
            return Err(Box::new(Diagnostic::error(
                &RenderError::UnknownTemplate(template),
                source
                    .as_deref()
                    .map(crate::diag::Location::file)
                    .unwrap_or_default(),
            )));
        }
        let config = &self.shared.site.config;
        if self.settings.edition == Edition::Kiosk && links == Links::Relative {
            // The same page on the public phone site.
            let path = out_path.strip_suffix("index.html").unwrap_or(out_path);
            if let Some(svg) = crate::kiosk::qr_svg(&format!("{}/{path}", config.base_url), 200) {
                ctx.insert_value("qr", Value::safe_string(&svg));
            }
        }
        let render = |ctx: &tera::Context| {
            self.tera
                .render(&template, ctx)
                .map_err(|e| Box::new(self.theme.diagnostic(&e)))
        };
        let base_path = crate::html::escape(config.base_path());
        let rewrite = |html: &str| match links {
            Links::Absolute => crate::html::absolutize(html, &base_path),
            Links::Relative => crate::html::relativize(html, out_path),
        };
        let finish = |html: &str| {
            let html = rewrite(html);
            if self.settings.minify {
                crate::output::minify(html.as_bytes())
            } else {
                html.into_bytes()
            }
        };
        let html = render(&ctx)?;
        let bytes = match body {
            Some(body) => match html.matches(BODY_TOKEN).count() {
                // The usual case: the body appears once, as it is; minify the rest, then put
                // it in.
                1 => insert_body(&finish(&html), &rewrite(&body))
                    .unwrap_or_else(|| finish(&html.replace(BODY_TOKEN, &body))),
                0 if must_show_body => {
                    return Err(Box::new(Diagnostic::error(
                        &RenderError::NoBody(template),
                        source
                            .as_deref()
                            .map(crate::diag::Location::file)
                            .unwrap_or_default(),
                    )));
                }
                0 => finish(&html),
                // A template that filters or repeats the body: render it with the body inside.
                _ => finish(&render(&with_body(ctx, &body))?),
            },
            None => finish(&html),
        };
        let mut file = OutputFile::bytes(out_path.to_string(), bytes);
        file.source = source;
        Ok(file)
    }
}

/// `chrome` with its body token replaced by `body`; `None` if the minifier moved the token
/// (it never does).
fn insert_body(chrome: &[u8], body: &str) -> Option<Vec<u8>> {
    let at = memchr::memmem::find(chrome, BODY_TOKEN.as_bytes())?;
    let mut out = Vec::with_capacity(chrome.len() + body.len());
    out.extend_from_slice(&chrome[..at]);
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(&chrome[at + BODY_TOKEN.len()..]);
    Some(out)
}

/// The context with the body itself in `page.content` (and `section.content`).
fn with_body(mut ctx: tera::Context, body: &str) -> tera::Context {
    if let Some(page) = ctx.get("page").and_then(|p| p.as_map()).cloned() {
        let mut page = page;
        page.insert("content".into(), Value::safe_string(body));
        let value = Value::from(page);
        if ctx.get("section").is_some_and(|s| !s.is_none()) {
            ctx.insert_value("section", value.clone());
        }
        ctx.insert_value("page", value);
    }
    ctx
}

/// A kiosk's links in a page body: external ones as text and QR code, phone numbers with a QR
/// code, in the page's language.
fn kiosk_links(shared: &Shared, html: &str, lang: Lang) -> String {
    let i18n = &shared.i18n;
    let text = |key: &str, args: &[(String, Arg)]| {
        i18n.format(lang, key, args)
            .map(|t| strip_isolation(&t))
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

/// Renders every template route of a loaded site into `sink`.
pub fn render(
    loaded: &Loaded,
    settings: Settings,
    search_index: SearchIndexNames,
    progress: &dyn Progress,
    sink: &Sink,
    diags: &mut Diagnostics,
) {
    if let Some(renderer) = Renderer::new(loaded, settings, search_index, diags) {
        renderer.render_all(&loaded.routes, progress, sink, diags);
        // Its caches (every page's summary in every language) are freed while the feeds
        // and the sitemap are made.
        crate::drop_later(renderer);
    }
}
