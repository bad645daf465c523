//! One small builder per kind of output rendered from a template: each says which template,
//! with what context, whether the page has a body to put in after minifying (see
//! `BODY_TOKEN`), and whether its links are made relative (pages at a fixed place) or
//! absolute (404 and offline pages, served at any address). Alias redirects are made here too.

use std::borrow::Cow;
use std::path::PathBuf;

use tera::{Context, Value};

use super::RenderError;
use super::context::{
    Shared, StaticContext, alternates, base_context, body_html, map, page_context, translations,
};
use crate::content::{Page, PageId, Version};
use crate::diag::{Diagnostic, Location};
use crate::directory::Filter;
use crate::lang::Lang;
use crate::markdown::Document;
use crate::routes::{self, Target};

/// How a page's site-absolute links are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Links {
    /// Relative to the page (it has a fixed place in the site).
    Relative,
    /// With the base URL's path (the page may be served at any address).
    Absolute,
}

/// What a template needs to render one output.
pub(super) struct Prepared {
    pub template: String,
    pub ctx: Context,
    /// The page's body, put in after the rest is minified.
    pub body: Option<String>,
    /// The content file it is made from, for diagnostics.
    pub source: Option<PathBuf>,
    pub links: Links,
    /// The page is a content page (its template must show its body).
    pub must_show_body: bool,
}

impl Prepared {
    fn new(template: &str, ctx: Context, links: Links) -> Self {
        Prepared {
            template: template.to_string(),
            ctx,
            body: None,
            source: None,
            links,
            must_show_body: false,
        }
    }
}

/// Everything a builder may read.
pub(super) struct Env<'a> {
    pub shared: &'a Shared,
    pub statics: &'a StaticContext,
    /// The search index of a language, by output file name.
    pub search_index: &'a (dyn Fn(Lang) -> String + Sync),
    pub kiosk_body: &'a (dyn Fn(&str, Lang) -> String + Sync),
    /// The document of the version a content page shows, when the caller made it already
    /// (`Renderer::render_all` makes it once for every language that shows it).
    pub doc: Option<&'a Document>,
}

/// The builder for a template target.
pub(super) fn prepare(env: &Env, target: Target) -> Result<Prepared, Box<Diagnostic>> {
    match target {
        Target::Page(id, lang) => content_page(env, id, lang),
        Target::Directory(i) => directory(env, i),
        Target::Search(lang) => Ok(search(env, lang)),
        Target::Offline(lang) => Ok(fixed(
            env,
            lang,
            "offline.html",
            &routes::offline_url(&env.shared.site.config, lang),
        )),
        Target::NotFound(lang) => Ok(fixed(
            env,
            lang,
            "404.html",
            &routes::not_found_url(&env.shared.site.config, lang),
        )),
        Target::RootNotFound => {
            let d = env.shared.site.config.default_language;
            Ok(fixed(env, d, "404.html", "/404.html"))
        }
        Target::Chooser => Ok(chooser(env)),
        Target::TaxonomyList(t, lang) => Ok(taxonomy_list(env, t, lang)),
        Target::Term {
            taxonomy,
            lang,
            term: i,
        } => Ok(term(env, taxonomy, lang, i)),
        _ => Err(Box::new(Diagnostic::error(
            &RenderError::Template("not a template page".into()),
            Location::default(),
        ))),
    }
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

/// The page's body for a reader of `lang` (rewritten for a kiosk when it is one).
fn body(env: &Env, version: &Version, doc: &Document, lang: Lang) -> String {
    let html = body_html(&env.shared.site, version, doc, lang);
    (env.kiosk_body)(&html, lang)
}

/// The version's document with its body (`Site::document`): read again from its file in a
/// build, which fails if the file changed since it was loaded.
pub(super) fn document<'a>(
    site: &crate::content::Site,
    version: &'a Version,
) -> Result<Cow<'a, Document>, Box<Diagnostic>> {
    site.document(version)
        .map_err(|e| Box::new(Diagnostic::error(&e, Location::file(&version.file))))
}

fn content_page(env: &Env, id: PageId, lang: Lang) -> Result<Prepared, Box<Diagnostic>> {
    let page = &env.shared.site.pages[id];
    let version = page.shown_version(lang);
    crate::test_panic("SENDA_TEST_PANIC_RENDER", version.body());
    let doc = match env.doc {
        Some(doc) => Cow::Borrowed(doc),
        None => document(&env.shared.site, version)?,
    };
    let ctx = page_context(env.shared, env.statics, id, lang, &doc.toc);
    let mut p = Prepared::new(&template_for(page, version), ctx, Links::Relative);
    p.body = Some(body(env, version, &doc, lang));
    p.source = Some(version.file.clone());
    p.must_show_body = true;
    Ok(p)
}

fn directory(env: &Env, i: usize) -> Result<Prepared, Box<Diagnostic>> {
    let shared = env.shared;
    let site = &shared.site;
    let config = &site.config;
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
    let doc = document(site, version)?;
    let mut ctx = page_context(shared, env.statics, dir.section, lang, &doc.toc);
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
        let entries = translations(config, lang, |l| (format!("{}{rest}", page.urls[l]), true));
        m.insert("translations".into(), entries);
        let value = Value::from(m);
        ctx.insert_value("page", value.clone());
        ctx.insert_value("section", value);
        ctx.insert_value(
            "canonical",
            Value::from(format!("{}{}", config.base_url, view.url)),
        );
        ctx.insert_value(
            "alternates",
            alternates(config, |l| Some(format!("{}{rest}", page.urls[l]))),
        );
    }
    let mut p = Prepared::new(&template, ctx, Links::Relative);
    p.body = Some(body(env, version, &doc, lang));
    p.source = Some(version.file.clone());
    Ok(p)
}

fn search(env: &Env, lang: Lang) -> Prepared {
    let shared = env.shared;
    let config = &shared.site.config;
    let url = routes::search_url(config, lang);
    let mut ctx = base_context(env.statics, lang, &url);
    let az: Vec<Value> = crate::search::a_to_z(&shared.site, lang)
        .into_iter()
        .map(|(letter, ids)| {
            map(vec![
                ("letter", Value::from(letter)),
                ("pages", shared.list(&ids, lang)),
            ])
        })
        .collect();
    ctx.insert_value("az", Value::from(az));
    ctx.insert_value(
        "search_index",
        Value::from(format!("/{}", (env.search_index)(lang))),
    );
    ctx.insert_value(
        "canonical",
        Value::from(format!("{}{url}", config.base_url)),
    );
    ctx.insert_value(
        "alternates",
        alternates(config, |l| Some(routes::search_url(config, l))),
    );
    Prepared::new("search.html", ctx, Links::Relative)
}

/// A page served at any address (404, offline): no canonical, no alternates.
fn fixed(env: &Env, lang: Lang, template: &str, url: &str) -> Prepared {
    let mut ctx = base_context(env.statics, lang, url);
    ctx.insert_value("canonical", Value::none());
    ctx.insert_value("alternates", Value::from(Vec::<Value>::new()));
    Prepared::new(template, ctx, Links::Absolute)
}

fn chooser(env: &Env) -> Prepared {
    let site = &env.shared.site;
    let config = &site.config;
    let d = config.default_language;
    let mut ctx = base_context(env.statics, d, "/");
    ctx.insert_value("canonical", Value::from(format!("{}/", config.base_url)));
    let home = &site.pages[0];
    ctx.insert_value(
        "alternates",
        alternates(config, |l| {
            home.has_translation(l).then(|| home.urls[l].clone())
        }),
    );
    Prepared::new("chooser.html", ctx, Links::Relative)
}

fn taxonomy_list(env: &Env, t: usize, lang: Lang) -> Prepared {
    let site = &env.shared.site;
    let config = &site.config;
    let tax = &site.taxonomies[t];
    let url = routes::taxonomy_url(config, lang, tax.segment);
    let mut ctx = base_context(env.statics, lang, &url);
    let terms: Vec<Value> = tax.terms[lang]
        .iter()
        .map(|term| {
            map(vec![
                ("name", Value::from(term.name.as_str())),
                ("slug", Value::from(term.slug.as_str())),
                (
                    "url",
                    Value::from(routes::term_url(config, lang, tax.segment, &term.slug)),
                ),
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
        alternates(config, |l| {
            Some(routes::taxonomy_url(config, l, tax.segment))
        }),
    );
    Prepared::new("taxonomy_list.html", ctx, Links::Relative)
}

fn term(env: &Env, t: usize, lang: Lang, i: usize) -> Prepared {
    let shared = env.shared;
    let config = &shared.site.config;
    let tax = &shared.site.taxonomies[t];
    let term = &tax.terms[lang][i];
    let url = routes::term_url(config, lang, tax.segment, &term.slug);
    let mut ctx = base_context(env.statics, lang, &url);
    ctx.insert_value(
        "taxonomy",
        map(vec![
            ("name", Value::from(tax.name)),
            (
                "url",
                Value::from(routes::taxonomy_url(config, lang, tax.segment)),
            ),
        ]),
    );
    ctx.insert_value(
        "term",
        map(vec![
            ("name", Value::from(term.name.as_str())),
            ("slug", Value::from(term.slug.as_str())),
            ("url", Value::from(url.as_str())),
            ("pages", shared.list(&term.pages, lang)),
        ]),
    );
    ctx.insert_value(
        "canonical",
        Value::from(format!("{}{url}", config.base_url)),
    );
    ctx.insert_value(
        "alternates",
        alternates(config, |l| {
            Some(routes::term_url(config, l, tax.segment, &term.slug))
        }),
    );
    Prepared::new("taxonomy_single.html", ctx, Links::Relative)
}

/// A redirect page for an alias: a tiny page with a meta refresh and a link.
pub(super) fn alias_page(shared: &Shared, alias: &crate::content::Alias) -> String {
    let site = &shared.site;
    let page = &site.pages[alias.page];
    let version = page.versions[alias.lang]
        .as_ref()
        .unwrap_or_else(|| page.shown_version(alias.lang));
    let out_path = routes::alias_file(&alias.path);
    let dirs: Vec<&str> = {
        let mut v: Vec<&str> = out_path.split('/').collect();
        v.pop();
        v
    };
    let target = format!("{}{}", site.config.base_url, page.urls[alias.lang]);
    let rel = crate::html::relative_url(&dirs, &page.urls[alias.lang]);
    let title = crate::html::escape(version.front.title.trim());
    let (target, rel) = (crate::html::escape(&target), crate::html::escape(&rel));
    format!(
        "<!doctype html><html lang=\"{code}\"><meta charset=\"utf-8\"><title>{title}</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={rel}\"><a href=\"{rel}\">{title}</a></html>",
        code = site.config.code(alias.lang),
    )
}
