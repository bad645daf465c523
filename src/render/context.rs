//! What templates see. Values that never change during a build are made once (`StaticContext`:
//! the config, the languages, plural samples); a page's summary (title, URL, dates, tags...) is
//! made once per (page, language) and shared by every list it appears in; a page's own context
//! starts from its summary and adds its body, table of contents, ancestors and children.
//! The language switcher (`translations`) and the hreflang `alternates` of every kind of page
//! come from the one builder of each below.

use std::sync::{Arc, OnceLock};

use tera::{Context, Value};

use crate::assets::Assets;
use crate::config::Config;
use crate::content::{Page, PageId, Site, Version};
use crate::data::Data;
use crate::directory::{Directory, View};
use crate::i18n::I18n;
use crate::lang::{Lang, PerLang};
use crate::markdown::{Document, Part, TocEntry};

/// Stands for a page's body in the template's output: the page is minified without its body
/// (already compact HTML from Markdown), and the body goes in afterwards.
pub(super) const BODY_TOKEN: &str = "\u{E002}senda-body\u{E003}";

/// What the template functions and the page builders share, behind one `Arc`.
pub(super) struct Shared {
    pub site: Arc<Site>,
    pub i18n: Arc<I18n>,
    pub data: Arc<Data>,
    pub assets: Arc<Assets>,
    pub directory: Option<Arc<Directory>>,
    pub directory_views: Vec<View>,
    pub aliases: Vec<crate::content::Alias>,
    /// A page's summary per language, made when first needed: `summaries[page * langs + lang]`.
    summaries: Vec<OnceLock<Value>>,
    /// `get_section`'s value of a section per language (its summary with its pages and
    /// subsections), made when first asked for: templates ask for the same sections on every
    /// page (a nav of sections).
    sections: Vec<OnceLock<Value>>,
    langs: usize,
}

impl Shared {
    pub fn new(loaded: &crate::Loaded, directory_views: Vec<View>) -> Shared {
        let site = &loaded.site;
        let langs = site.config.languages.len();
        Shared {
            site: Arc::clone(site),
            i18n: Arc::clone(&loaded.i18n),
            data: Arc::clone(&loaded.data),
            assets: Arc::clone(&loaded.assets),
            directory: loaded.directory.clone(),
            directory_views,
            aliases: loaded.aliases.clone(),
            summaries: (0..site.pages.len() * langs)
                .map(|_| OnceLock::new())
                .collect(),
            sections: (0..site.pages.len() * langs)
                .map(|_| OnceLock::new())
                .collect(),
            langs,
        }
    }

    pub fn summary(&self, id: PageId, lang: Lang) -> &Value {
        self.summaries[id * self.langs + lang.index()].get_or_init(|| summary(&self.site, id, lang))
    }

    /// A section's summary with its `pages` and `subsections` (for `get_section`).
    pub fn section(&self, id: PageId, lang: Lang) -> &Value {
        self.sections[id * self.langs + lang.index()].get_or_init(|| {
            let page = &self.site.pages[id];
            let mut m = summary_entries(&self.site, id, lang);
            m.push(("pages", self.list(&page.pages, lang)));
            m.push(("subsections", self.list(&page.subsections, lang)));
            map(m)
        })
    }

    /// The summaries of `ids`, in order.
    pub fn list(&self, ids: &[PageId], lang: Lang) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.summary(i, lang).clone())
                .collect::<Vec<_>>(),
        )
    }
}

/// The one builder of the language switcher, for a reader of `lang`: for each language, its
/// entry (this page's address in it, whether the page really exists in it, whether it is the
/// reader's). Made for each rendering: kept for every page, the entries of a large site were
/// 8 KB a page (167 MB at 20,000 × 5).
pub(super) fn translations(
    config: &Config,
    lang: Lang,
    mut url: impl FnMut(Lang) -> (String, bool),
) -> Value {
    Value::from(
        config
            .langs()
            .map(|l| {
                let language = config.language(l);
                let (url, exists) = url(l);
                map(vec![
                    ("code", Value::from(language.code.as_str())),
                    ("name", Value::from(language.name.as_str())),
                    ("dir", Value::from(language.dir.as_str())),
                    ("url", Value::from(url.as_str())),
                    ("exists", Value::from(exists)),
                    ("current", Value::from(l == lang)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// The one builder of `alternates`: an hreflang link for each language where the page exists
/// (`url` gives its site-absolute address there), and `x-default` (the default language's).
pub(super) fn alternates(config: &Config, mut url: impl FnMut(Lang) -> Option<String>) -> Value {
    let mut list = Vec::new();
    let mut default_url = None;
    for l in config.langs() {
        let Some(u) = url(l) else { continue };
        if l == config.default_language {
            default_url = Some(u.clone());
        }
        list.push(map(vec![
            ("hreflang", Value::from(config.code(l))),
            ("href", Value::from(format!("{}{u}", config.base_url))),
        ]));
    }
    if let Some(u) = default_url {
        list.push(map(vec![
            ("hreflang", Value::from("x-default")),
            ("href", Value::from(format!("{}{u}", config.base_url))),
        ]));
    }
    Value::from(list)
}

/// Values that are the same for every page of a language.
pub(super) struct StaticContext {
    pub config: Value,
    pub languages: Value,
    pub langs: PerLang<Value>,
    /// Per language: a number in each plural category (see `plural_samples`).
    pub plurals: PerLang<Value>,
    pub kiosk: bool,
    pub zim: bool,
}

impl StaticContext {
    /// `critical`: the stylesheet's critical CSS, inlined in the editions that take it (see
    /// `critical::for_edition`), as `config.critical_style`, with its hash in `config.csp`.
    pub fn new(
        config: &Config,
        edition: crate::Edition,
        critical: Option<&crate::critical::Critical>,
    ) -> Self {
        let critical = crate::critical::for_edition(critical, edition);
        let langs: PerLang<Value> = config
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
            ("csp", Value::from(crate::deploy::csp(critical))),
            (
                "critical_style",
                critical.map_or_else(Value::none, |c| Value::safe_string(&c.element())),
            ),
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
            languages: Value::from(langs.iter().cloned().collect::<Vec<_>>()),
            plurals: config
                .languages
                .iter()
                .map(|l| plural_samples(&l.id))
                .collect(),
            langs,
            kiosk: edition == crate::Edition::Kiosk,
            zim: edition == crate::Edition::Zim,
        }
    }
}

/// A template map of `entries`, in order. Made through Tera's serializer, which builds the map
/// once (`Value::from(Map)` inserts every entry into a new map again) and takes each `Value`
/// as it is (an `Arc` clone).
pub(super) fn map(entries: Vec<(&'static str, Value)>) -> Value {
    Value::try_from_serializable(&Entries(&entries)).unwrap_or_else(|_| {
        let mut m = tera::Map::with_capacity(entries.len());
        for (k, v) in entries {
            m.insert(k.into(), v);
        }
        Value::from(m)
    })
}

/// Key-value pairs serialized as a map (see `map`).
struct Entries<'a>(&'a [(&'static str, Value)]);

impl serde::Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("map", self.0.len())?;
        for (k, v) in self.0 {
            st.serialize_field(k, v)?;
        }
        st.end()
    }
}

pub(super) fn opt_str(s: Option<&str>) -> Value {
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

/// The `extra` of the pages without one: one empty map that every summary shares (an `Arc`
/// clone), rather than one for each page in each language (about 12 MB at 20,000 × 5).
static EMPTY_MAP: std::sync::LazyLock<Value> =
    std::sync::LazyLock::new(|| Value::from(tera::Map::new()));

/// A page as it appears in lists, in one language.
fn summary(site: &Site, id: PageId, lang: Lang) -> Value {
    map(summary_entries(site, id, lang))
}

/// The keys and values of `summary`; a page's own context starts with them.
pub(super) fn summary_entries(site: &Site, id: PageId, lang: Lang) -> Vec<(&'static str, Value)> {
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
        ("lang", Value::from(site.config.code(v.lang))),
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
                .map_or_else(|| EMPTY_MAP.clone(), Value::from_serializable),
        ),
        ("word_count", Value::from(v.doc.words)),
        ("reading_time", Value::from(reading_minutes(v.doc.words))),
    ]
}

/// The body of a version (made from its document, `Site::document`), with `@/` links made
/// into site-absolute URLs for a reader of `lang`.
pub fn body_html(site: &Site, version: &Version, doc: &Document, lang: Lang) -> String {
    let mut html = String::with_capacity(
        doc.parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.len(),
                Part::Link(_) => 40,
                Part::Image(_) => 600,
            })
            .sum(),
    );
    for part in &doc.parts {
        match part {
            Part::Html(h) => html.push_str(h),
            Part::Image(i) => {
                if let Some(h) = version.images_html.get(*i).and_then(|p| p.get(lang)) {
                    html.push_str(h);
                }
            }
            Part::Link(i) => {
                let anchor = doc.links.get(*i).and_then(|l| l.anchor.as_ref());
                match version.resolved.get(*i).copied().flatten() {
                    Some((target, explicit)) => {
                        let reader = explicit.unwrap_or(lang);
                        let page = &site.pages[target];
                        html.push_str(&page.urls[reader]);
                        if let Some(anchor) = anchor
                            && page.shown_version(reader).doc.has_id(anchor)
                        {
                            html.push('#');
                            crate::html::escape_into(&mut html, anchor);
                        }
                    }
                    None => html.push('#'),
                }
            }
        }
    }
    html
}

/// The context shared by every kind of page.
pub(super) fn base_context(statics: &StaticContext, lang: Lang, current_url: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("config", statics.config.clone());
    ctx.insert_value("languages", statics.languages.clone());
    ctx.insert_value("lang", statics.langs[lang].clone());
    ctx.insert_value("current_url", Value::from(current_url));
    ctx.insert_value("fallback", Value::none());
    ctx.insert_value("partial", Value::none());
    ctx.insert_value("page", Value::none());
    ctx.insert_value("section", Value::none());
    ctx.insert_value("kiosk", Value::from(statics.kiosk));
    ctx.insert_value("zim", Value::from(statics.zim));
    ctx.insert_value("plural_samples", statics.plurals[lang].clone());
    ctx.insert_value("qr", Value::none());
    ctx
}

/// A page's context without its body (see `BODY_TOKEN`): its summary, content token, table
/// of contents, switcher, ancestors, children, fallback language, canonical and alternates.
pub(super) fn page_context(
    shared: &Shared,
    statics: &StaticContext,
    id: PageId,
    lang: Lang,
    toc: &[TocEntry],
) -> Context {
    let site = &shared.site;
    let page: &Page = &site.pages[id];
    let version = page.shown_version(lang);
    let mut ctx = base_context(statics, lang, &page.urls[lang]);

    let mut m = summary_entries(site, id, lang);
    m.reserve(6);
    m.push(("content", Value::safe_string(BODY_TOKEN)));
    m.push(("toc", Value::from_serializable(toc)));
    m.push((
        "audio",
        crate::media::audio_value(version.audio.as_ref(), lang),
    ));
    m.push((
        "translations",
        translations(&site.config, lang, |l| {
            (page.urls[l].clone(), page.has_translation(l))
        }),
    ));
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
        m.push(("pages", shared.list(&page.pages, lang)));
        m.push(("subsections", shared.list(&page.subsections, lang)));
    }
    let value = map(m);
    ctx.insert_value("page", value.clone());
    if page.is_section {
        ctx.insert_value("section", value);
    }
    if version.lang != lang {
        ctx.insert_value("fallback", statics.langs[version.lang].clone());
    } else if version.partial {
        // Blocks `senda po import --partial` left in the source language.
        ctx.insert_value("partial", statics.langs[site.default_lang()].clone());
    }
    // The canonical address is the original: the version's own language.
    let canonical = format!("{}{}", site.config.base_url, page.urls[version.lang]);
    ctx.insert_value("canonical", Value::from(canonical));
    ctx.insert_value(
        "alternates",
        alternates(&site.config, |l| {
            page.has_translation(l).then(|| page.urls[l].clone())
        }),
    );
    ctx
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
