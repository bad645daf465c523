//! The functions and filters templates call (SPEC §5 and more), one item each, registered
//! before any template is added (Tera requires it):
//! `t`, `url`, `get_page`, `get_section`, `load_data`, `qr`, `format_date`, the `segment` filter.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::context::Shared;
use crate::config::Config;
use crate::content::{PageId, Site};
use crate::i18n::{Arg, I18nError, strip_isolation};
use crate::lang::Lang;

/// Registers every function on `tera`.
pub(super) fn register(tera: &mut Tera, shared: &Arc<Shared>) {
    tera.register_filter("segment", segment);
    let s = Arc::clone(shared);
    tera.register_function("t", move |k: Kwargs, st: &State| t(&s, &k, st));
    let s = Arc::clone(shared);
    tera.register_function("url", move |k: Kwargs, st: &State| url(&s, &k, st));
    let s = Arc::clone(shared);
    tera.register_function("get_page", move |k: Kwargs, st: &State| {
        get_page(&s, &k, st)
    });
    let s = Arc::clone(shared);
    tera.register_function("get_section", move |k: Kwargs, st: &State| {
        get_section(&s, &k, st)
    });
    let s = Arc::clone(shared);
    tera.register_function("load_data", move |k: Kwargs, _: &State| load_data(&s, &k));
    tera.register_function("qr", |k: Kwargs, _: &State| qr(&k));
    let s = Arc::clone(shared);
    tera.register_function("format_date", move |k: Kwargs, st: &State| {
        format_date(&s, &k, st)
    });
}

/// The URL segment of a taxonomy term, as senda makes it (`Mi tema` → `mi-tema`).
fn segment(value: &str, _: Kwargs, _: &State) -> String {
    crate::content::url_segment(value)
}

/// The reader's language of the page being rendered, or the one named by `lang=`.
fn current_lang(state: &State, kwargs: &Kwargs, config: &Config) -> TeraResult<Lang> {
    if let Some(code) = kwargs.get::<String>("lang")? {
        return config.language_index(&code).ok_or_else(|| {
            tera::Error::message(format!("`{code}` is not one of the site's languages"))
        });
    }
    let lang = state.get::<Value>("lang")?;
    let code = lang
        .as_ref()
        .and_then(|l| l.get_from_path("code"))
        .and_then(|c| c.as_str().map(str::to_string));
    Ok(code
        .and_then(|c| config.language_index(&c))
        .unwrap_or(config.default_language))
}

/// `optional=true`: a missing page or file gives `none` instead of an error.
fn optional(kwargs: &Kwargs) -> TeraResult<bool> {
    Ok(kwargs.get::<bool>("optional")?.unwrap_or(false))
}

/// `@/rights/asylum.md`, `rights/asylum`, `/rights/asylum/` → the page id.
pub(super) fn page_by_ref(site: &Site, r: &str) -> Option<PageId> {
    let r = r.trim();
    let path = r.strip_prefix("@/").unwrap_or(r).trim_matches('/');
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = path.strip_suffix("/_index").unwrap_or(path);
    let path = if path == "_index" { "" } else { path };
    site.by_path.get(path).copied()
}

/// A template value as a Fluent argument: numbers stay numbers (they select plural forms).
fn fluent_arg(v: &Value) -> Option<Arg> {
    if let Some(i) = v.as_i64() {
        Some(Arg::Int(i))
    } else if let Some(f) = v.as_f64() {
        Some(Arg::Float(f))
    } else if let Some(s) = v.as_str() {
        Some(Arg::Str(s.to_string()))
    } else if v.is_none() || v.is_undefined() {
        None
    } else {
        Some(Arg::Str(format!("{v}")))
    }
}

/// `t(key, lang?, default?, ...args)`: a UI string in the reader's language, along the
/// fallback chain; `default` when no language has the key.
fn t(s: &Shared, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let key = kwargs.must_get::<String>("key")?;
    let lang = current_lang(state, kwargs, &s.site.config)?;
    let mut args = Vec::new();
    for (k, v) in kwargs.iter() {
        let Some(name) = k.as_str() else { continue };
        if matches!(name, "key" | "lang" | "default") {
            continue;
        }
        if let Some(arg) = fluent_arg(v) {
            args.push((name.to_string(), arg));
        }
    }
    match s.i18n.format(lang, &key, &args) {
        Ok(text) => Ok(text),
        Err(I18nError::Missing { .. }) if kwargs.get::<String>("default")?.is_some() => {
            Ok(kwargs.get::<String>("default")?.unwrap_or_default())
        }
        Err(e) => Err(tera::Error::message(e.to_string())),
    }
}

/// `url(path, lang?, optional?)`: `@/rights/asylum.md` → the page's URL in the language;
/// `/style.css` → the hashed asset's name; absolute addresses unchanged.
fn url(s: &Shared, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let path = kwargs.must_get::<String>("path")?;
    let lang = current_lang(state, kwargs, &s.site.config)?;
    if path.starts_with("@/") {
        return match page_by_ref(&s.site, &path) {
            Some(id) => Ok(s.site.pages[id].urls[lang].clone()),
            None if optional(kwargs)? => Ok(String::new()),
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
}

/// `get_page(path)`: a page's summary in the reader's language.
fn get_page(s: &Shared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let path = kwargs.must_get::<String>("path")?;
    let lang = current_lang(state, kwargs, &s.site.config)?;
    match page_by_ref(&s.site, &path) {
        Some(id) => Ok(s.summary(id, lang).clone()),
        None if optional(kwargs)? => Ok(Value::none()),
        None => Err(tera::Error::message(format!(
            "get_page(): no page `{path}`"
        ))),
    }
}

/// `get_section(path)`: a section's summary with its pages and subsections.
fn get_section(s: &Shared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let path = kwargs.must_get::<String>("path")?;
    let lang = current_lang(state, kwargs, &s.site.config)?;
    match page_by_ref(&s.site, &path) {
        Some(id) if s.site.pages[id].is_section => Ok(s.section(id, lang).clone()),
        _ if optional(kwargs)? => Ok(Value::none()),
        _ => Err(tera::Error::message(format!(
            "get_section(): no section `{path}`"
        ))),
    }
}

/// `load_data(path, optional?)`: a file from `data/`.
fn load_data(s: &Shared, kwargs: &Kwargs) -> TeraResult<Value> {
    let path = kwargs.must_get::<String>("path")?;
    match s.data.get(&path) {
        Some(v) => Ok(Value::from_serializable(v)),
        None if optional(kwargs)? => Ok(Value::none()),
        None => Err(tera::Error::message(format!(
            "load_data(): no file data/{path}"
        ))),
    }
}

/// The largest QR code a template may ask for, in CSS pixels.
const MAX_QR_SIZE: u32 = 2048;

/// `qr(text, size?)`: an inline SVG QR code.
fn qr(kwargs: &Kwargs) -> TeraResult<Value> {
    let text = kwargs.must_get::<String>("text")?;
    let size = kwargs.get::<u32>("size")?.unwrap_or(132);
    if !(16..=MAX_QR_SIZE).contains(&size) {
        return Err(tera::Error::message(format!(
            "qr(): size must be between 16 and {MAX_QR_SIZE} pixels, not {size}"
        )));
    }
    match crate::kiosk::qr_svg(&text, size) {
        Some(svg) => Ok(Value::safe_string(&svg)),
        None => Err(tera::Error::message(
            "qr(): the text is too long for a QR code",
        )),
    }
}

/// `format_date(date)`: "14 de mayo de 2018", from the Fluent keys `date-long` and `month-N`.
fn format_date(s: &Shared, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let date = kwargs.must_get::<String>("date")?;
    let lang = current_lang(state, kwargs, &s.site.config)?;
    let Some(d) = crate::date::Date::parse(&date) else {
        return Err(tera::Error::message(format!(
            "format_date(): `{date}` is not YYYY-MM-DD"
        )));
    };
    let month = s
        .i18n
        .format(lang, &format!("month-{}", d.month), &[])
        .unwrap_or_else(|_| d.month.to_string());
    Ok(s.i18n
        .format(
            lang,
            "date-long",
            &[
                ("day".into(), Arg::Int(i64::from(d.day))),
                ("month".into(), Arg::Str(strip_isolation(&month))),
                ("year".into(), Arg::Str(d.year.to_string())),
            ],
        )
        .map(|s| strip_isolation(&s))
        .unwrap_or_else(|_| d.to_string()))
}
