//! `site.yaml` → a validated `Config`: languages checked as BCP 47 tags, each language's
//! fallback chain resolved (it always ends in the default language), text direction derived
//! from the language unless given. Everything later stages need from the config is decided
//! here, once, so no stage reads raw config keys.

use std::path::Path;
use std::str::FromStr;

use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diag::{Coded, Diagnostics, Location};
use crate::fs::{FsError, SiteFiles};
use crate::lang::{Dir, Lang, direction_of};
use crate::yaml::{self, Schema};

pub const CONFIG_FILE: &str = "site.yaml";
/// A site.yaml is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    default_language: String,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    kiosk: Option<RawKiosk>,
    #[serde(default)]
    allow_raw_html: Option<bool>,
    #[serde(default)]
    directory: Option<DirectoryConfig>,
    #[serde(default)]
    budget_kb: Option<f64>,
    #[serde(default)]
    quick_exit: Option<QuickExit>,
    #[serde(default)]
    zim: Option<RawZim>,
    #[serde(default)]
    cms: Option<crate::cms::CmsSettings>,
    #[serde(default)]
    readability: Option<RawReadability>,
    #[serde(default)]
    images: Option<crate::media::RawImages>,
    #[serde(default)]
    audio: Option<crate::media::RawAudio>,
    #[serde(default)]
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReadability {
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    words_per_sentence: Option<f64>,
    #[serde(default)]
    long_sentence_words: Option<usize>,
    #[serde(default)]
    long_sentences_percent: Option<f64>,
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    min_score: Option<std::collections::BTreeMap<String, f64>>,
}

/// `readability:` in site.yaml: the plain-language thresholds `senda check` warns about, per
/// page. The defaults follow plain-language guidance (at most 20 words a sentence on average,
/// at most one sentence in five over 20 words) and warn when the standard score falls into
/// the "somewhat difficult" (INFLESZ under 55) or "difficult" (Flesch, Kandel-Moles under
/// 50) bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    pub enabled: bool,
    /// The most words per sentence, on average over a page.
    pub words_per_sentence: f64,
    /// A sentence with more words than this is long.
    pub long_sentence_words: usize,
    /// The most long sentences, as a percentage of a page's sentences.
    pub long_sentences_percent: f64,
    /// Pages with fewer words (lists of links, section indexes) are not measured.
    pub min_words: usize,
    /// The least score per language code: INFLESZ (Szigriszt-Pazos) for Spanish, Flesch
    /// reading ease for English, Kandel-Moles for French.
    pub min_score: Vec<(String, f64)>,
}

impl Default for Readability {
    fn default() -> Self {
        Readability {
            enabled: true,
            words_per_sentence: 20.0,
            long_sentence_words: 20,
            long_sentences_percent: 20.0,
            min_words: 50,
            min_score: vec![
                ("es".into(), 55.0),
                ("en".into(), 50.0),
                ("fr".into(), 50.0),
            ],
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZim {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    creator: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
}

/// The ZIM edition's metadata (`senda build --zim`); see `zim.rs`.
#[derive(Debug, Clone, Default)]
pub struct ZimConfig {
    /// The start of each file's name and of its `Name` metadata (`hub` → `hub_es_2026-05.zim`):
    /// lowercase letters, digits and `-`.
    pub name: String,
    /// Who made the content; `None`: the site's title in each language.
    pub creator: Option<String>,
    /// Who made the ZIM file; `None`: the creator.
    pub publisher: Option<String>,
}

/// The "Exit this page" link: where it goes, and the page about staying safe online.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuickExit {
    /// A neutral site, e.g. https://www.google.com/.
    pub url: String,
    /// A content page (path inside content/) on clearing history and staying safe.
    #[serde(default)]
    pub safety: Option<String>,
}

/// Where the services directory is: its data file (inside `data/`) and the content section
/// (inside `content/`) it is shown in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryConfig {
    pub data: String,
    pub section: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    #[serde(default)]
    fallback: Option<Vec<String>>,
    #[serde(default)]
    dir: Option<Dir>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    #[serde(default)]
    idle_seconds: Option<u32>,
    #[serde(default)]
    warning_seconds: Option<u32>,
}

const SCHEMA: Schema = Schema {
    keys: &[
        ("title", "text"),
        (
            "base_url",
            "an absolute address like https://info.example.org",
        ),
        ("default_language", "a language code like es"),
        ("languages", "a list of languages, each { code, name }"),
        ("theme", "the name of a folder in themes/"),
        ("kiosk", "a map like { idle_seconds: 90 }"),
        ("idle_seconds", "a whole number of seconds"),
        ("warning_seconds", "a whole number of seconds, at least 20"),
        ("allow_raw_html", "true or false"),
        ("extra", "a map of free-form values"),
        (
            "directory",
            "a map like { data: services.yaml, section: directory }",
        ),
        ("data", "a file name inside data/, like services.yaml"),
        (
            "section",
            "a section folder inside content/, like directory",
        ),
        ("code", "a language code like es or fr-CA"),
        (
            "name",
            "text: a language's name in its own script, or the ZIM files' name like hub",
        ),
        (
            "zim",
            "a map like { name: hub, creator: ..., publisher: ... }",
        ),
        ("creator", "text: who made the content"),
        ("publisher", "text: who made the ZIM file"),
        (
            "fallback",
            "a list of language codes, ending with the default language",
        ),
        ("dir", "ltr or rtl"),
        (
            "cms",
            "a map like { backend: gitea, repo: ngo/hub, forge_url: https://git.example.org, app_id: ... }",
        ),
        ("backend", "git-gateway, github, gitlab, gitea or forgejo"),
        ("repo", "owner/name of the repository on the forge"),
        ("branch", "a branch name like main"),
        (
            "forge_url",
            "the forge's address, like https://git.example.org",
        ),
        ("app_id", "the OAuth application's client id"),
        (
            "auth_url",
            "the OAuth server's address, like https://auth.example.org",
        ),
        ("editorial_workflow", "true or false"),
        (
            "readability",
            "a map like { words_per_sentence: 15, long_sentences_percent: 10 }",
        ),
        ("enabled", "true or false"),
        (
            "words_per_sentence",
            "a number: the most words per sentence, on average",
        ),
        (
            "long_sentence_words",
            "a whole number: a sentence with more words is long",
        ),
        (
            "long_sentences_percent",
            "a number: the most long sentences, in percent",
        ),
        ("min_words", "a whole number of words"),
        (
            "min_score",
            "a map of language codes to the least score, like { es: 55, en: 60, fr: 60 }",
        ),
        (
            "images",
            "a map like { tap_to_load_kb: 20, widths: [360, 720, 1080], quality: 75 }",
        ),
        (
            "tap_to_load_kb",
            "a number of kilobytes: larger images wait for a tap",
        ),
        (
            "widths",
            "a list of widths in pixels, like [360, 720, 1080]",
        ),
        ("quality", "a whole number from 1 to 100"),
        ("audio", "a map like { synthesize: [ht] }"),
        (
            "synthesize",
            "a list of the site's language codes, like [ht]",
        ),
    ],
};

/// One language of the site.
#[derive(Debug, Clone)]
pub struct Language {
    /// As written in site.yaml; the URL prefix and the file-name suffix.
    pub code: String,
    /// The language's own name ("Español", "العربية").
    pub name: String,
    pub dir: Dir,
    pub id: LanguageIdentifier,
    /// The languages to try after this one, in order; ends with the default language, empty
    /// for the default language itself.
    pub fallback: Vec<Lang>,
}

#[derive(Debug, Clone)]
pub struct Kiosk {
    /// Seconds without a touch before the "Are you still there?" countdown.
    pub idle_seconds: u32,
    /// Length of the countdown (WCAG 2.2.1: at least 20 seconds).
    pub warning_seconds: u32,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// An absolute http(s) address without credentials, query, fragment or trailing slash,
    /// serialised by the URL parser (so it holds no space, quote or angle bracket).
    pub base_url: String,
    pub default_language: Lang,
    /// In the order of the language chooser.
    pub languages: Vec<Language>,
    pub theme: String,
    pub kiosk: Kiosk,
    pub allow_raw_html: bool,
    pub directory: Option<DirectoryConfig>,
    /// The page weight budget: HTML + CSS, gzip, in kilobytes (1 KB = 1024 bytes).
    pub budget_kb: f64,
    pub quick_exit: Option<QuickExit>,
    pub zim: ZimConfig,
    /// The web editor (`cms:`), validated.
    pub cms: Option<crate::cms::Cms>,
    /// `readability:`, the thresholds of `senda check`'s readability warnings.
    pub readability: Readability,
    /// Images and audio (`images:`, `audio:`), validated.
    pub media: crate::media::MediaConfig,
    pub extra: serde_json::Value,
    /// The text of site.yaml, so later stages can point at a key.
    pub source: String,
}

impl Config {
    /// The language whose code is `code` (letter case ignored).
    pub fn language_index(&self, code: &str) -> Option<Lang> {
        self.languages
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))
            .map(Lang)
    }

    /// Every language, in the chooser's order.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + use<> {
        (0..self.languages.len()).map(Lang)
    }

    pub fn language(&self, lang: Lang) -> &Language {
        &self.languages[lang.0]
    }

    /// The code of a language (`es`): its URL prefix and file-name suffix.
    pub fn code(&self, lang: Lang) -> &str {
        &self.languages[lang.0].code
    }

    /// The language codes, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    pub fn default_lang(&self) -> &Language {
        &self.languages[self.default_language.0]
    }

    /// `lang` itself, then its fallback chain.
    pub fn chain(&self, lang: Lang) -> impl Iterator<Item = Lang> + '_ {
        std::iter::once(lang).chain(self.languages[lang.0].fallback.iter().copied())
    }

    /// Where `key:` is first written in site.yaml (the file itself if it is not).
    pub fn at_key(&self, key: &str) -> Location {
        key_location(&self.source, key)
    }

    /// The path part of the base URL (`https://x.org/hub` → `/hub`, `https://x.org` → ``).
    pub fn base_path(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        rest.find('/').map_or("", |i| &rest[i..])
    }
}

/// Checks and normalises a base URL: an absolute `http` or `https` address with a host, no
/// user name or password, no query or fragment. Returns it serialised by the URL parser
/// (spaces, quotes and angle brackets percent-encoded), without a trailing slash.
pub fn parse_base_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // Characters an address never needs raw: refused rather than silently encoded, so a
    // mistake (or an attack) is reported instead of published.
    if raw.contains(|c: char| {
        c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
            )
    }) {
        return None;
    }
    let url = url::Url::parse(raw).ok()?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none();
    if !ok {
        return None;
    }
    let s = url.as_str().trim_end_matches('/').to_string();
    // What the parser leaves as it is and HTML or a header must not see raw.
    (!s.contains(['"', '<', '>', '\\', '`', '{', '}', '|', '^'])).then_some(s)
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("site.yaml is missing from {0}")]
    Missing(String),
    #[error("`{0}` is not a valid language code (BCP 47, like `es`, `fr-CA` or `prs`)")]
    BadCode(String),
    #[error("the language `{0}` is listed twice")]
    DuplicateLanguage(String),
    #[error("the default language `{0}` is not in `languages`")]
    UnknownDefault(String),
    #[error("the fallback `{fallback}` of `{lang}` is not one of the site's languages")]
    UnknownFallback { lang: String, fallback: String },
    #[error("the fallback chain of `{0}` comes back to `{0}` itself")]
    CircularFallback(String),
    #[error("the fallback chain of `{lang}` must end with the default language `{default}`")]
    FallbackNotEndingInDefault { lang: String, default: String },
    #[error("the default language `{0}` cannot have a fallback")]
    DefaultWithFallback(String),
    #[error("`{0}` is listed twice in a fallback chain")]
    RepeatedFallback(String),
    #[error(
        "base_url must be an absolute http(s) address with no spaces, quotes, user name or password, not `{0}`"
    )]
    BadBaseUrl(String),
    #[error("quick_exit.url must be an absolute http(s) address, not `{0}`")]
    BadExitUrl(String),
    #[error("`languages` is empty: list at least the default language")]
    NoLanguages,
    #[error("the theme name `{0}` must be a plain folder name")]
    BadTheme(String),
    #[error("kiosk.idle_seconds must be at least 10 (it is {0})")]
    IdleTooShort(u32),
    #[error("kiosk.warning_seconds must be at least 20 (WCAG 2.2.1; it is {0})")]
    WarningTooShort(u32),
    #[error("budget_kb must be a positive number of kilobytes (it is {0})")]
    BadBudget(f64),
    #[error("zim.{0} {1}")]
    BadZim(&'static str, &'static str),
    #[error("readability.{0} {1}")]
    BadReadability(String, String),
}

impl Coded for ConfigError {
    fn code(&self) -> &'static str {
        match self {
            ConfigError::Missing(_) => "config-missing",
            ConfigError::BadCode(_) => "bad-language-code",
            ConfigError::DuplicateLanguage(_) => "duplicate-language",
            ConfigError::UnknownDefault(_)
            | ConfigError::UnknownFallback { .. }
            | ConfigError::CircularFallback(_)
            | ConfigError::FallbackNotEndingInDefault { .. }
            | ConfigError::DefaultWithFallback(_)
            | ConfigError::RepeatedFallback(_) => "bad-fallback",
            ConfigError::BadBaseUrl(_) | ConfigError::BadExitUrl(_) => "bad-base-url",
            ConfigError::NoLanguages => "no-languages",
            ConfigError::BadTheme(_) => "bad-theme",
            ConfigError::IdleTooShort(_) | ConfigError::WarningTooShort(_) => "bad-kiosk",
            ConfigError::BadBudget(_) => "bad-budget",
            ConfigError::BadZim(..) => "bad-zim",
            ConfigError::BadReadability(..) => "bad-readability",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            ConfigError::FallbackNotEndingInDefault { default, .. } => {
                Some(format!("add `{default}` at the end of the list"))
            }
            ConfigError::DefaultWithFallback(_) => Some("remove its `fallback`".into()),
            _ => None,
        }
    }
}

/// Reads and validates the site's `site.yaml`. All problems are pushed to `diags`; `None` if
/// the config cannot be used.
pub fn load(files: &SiteFiles, diags: &mut Diagnostics) -> Option<Config> {
    let text = match files.read_text(Path::new(CONFIG_FILE), MAX_CONFIG_BYTES) {
        Ok(t) => t,
        Err(FsError::NotFound) => {
            diags.error(
                &ConfigError::Missing(files.root().display().to_string()),
                Location::default(),
            );
            return None;
        }
        Err(e) => {
            diags.error(&e, e.location(Path::new(CONFIG_FILE)));
            return None;
        }
    };
    parse(&text, diags)
}

/// Validates the text of a site.yaml.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawConfig = match yaml::parse(text, &SCHEMA) {
        Ok(r) => r,
        Err(e) => {
            let at = Location::at(CONFIG_FILE, text, e.line, e.column);
            diags.error(&e, at);
            return None;
        }
    };
    let before = diags.error_count();
    // Where the i-th language's entry is written, for pointing at it.
    let at_lang = |i: usize| -> Location {
        let start = text.find("languages:").unwrap_or(0);
        match text[start..].match_indices("code:").nth(i) {
            Some((offset, _)) => Location::at_offset(CONFIG_FILE, text, start + offset),
            None => Location::file(CONFIG_FILE),
        }
    };
    let at_key = |key: &str| key_location(text, key);

    if raw.languages.is_empty() {
        diags.error(&ConfigError::NoLanguages, at_key("languages"));
        return None;
    }

    let base_url = match parse_base_url(&raw.base_url) {
        Some(url) => url,
        None => {
            diags.error(
                &ConfigError::BadBaseUrl(raw.base_url.clone()),
                at_key("base_url"),
            );
            String::new()
        }
    };

    let theme = raw.theme.unwrap_or_else(|| "default".to_string());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        diags.error(&ConfigError::BadTheme(theme.clone()), at_key("theme"));
    }

    let mut languages = parse_languages(&raw.languages, &at_lang, diags);

    let Some(default) = languages
        .iter()
        .position(|l| l.code.eq_ignore_ascii_case(raw.default_language.trim()))
        .map(Lang)
    else {
        diags.error(
            &ConfigError::UnknownDefault(raw.default_language.clone()),
            at_key("default_language"),
        );
        return None;
    };

    // Fallback chains, now that every code is known.
    link_fallbacks(&raw.languages, &mut languages, default, &at_lang, diags);

    if let Some(q) = &raw.quick_exit
        && parse_base_url(q.url.trim_end_matches('/')).is_none()
    {
        diags.error(
            &ConfigError::BadExitUrl(q.url.clone()),
            at_key("quick_exit"),
        );
    }
    let budget_kb = raw.budget_kb.unwrap_or(14.0);
    if !(budget_kb > 0.0 && budget_kb.is_finite()) {
        diags.error(&ConfigError::BadBudget(budget_kb), at_key("budget_kb"));
    }
    let kiosk = kiosk_settings(raw.kiosk.as_ref(), &at_key, diags);

    let zim = zim_config(raw.zim, diags, at_key("zim"));
    let readability = readability_config(raw.readability, &languages, diags, at_key("readability"));
    let cms = raw
        .cms
        .as_ref()
        .and_then(|c| crate::cms::validate(c, &at_key("cms"), diags));
    let media = crate::media::config(
        raw.images.as_ref(),
        raw.audio.as_ref(),
        &languages,
        &at_key,
        diags,
    );

    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        title: raw.title,
        base_url,
        default_language: default,
        languages,
        theme,
        kiosk,
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        directory: raw.directory,
        budget_kb,
        quick_exit: raw.quick_exit,
        zim,
        cms,
        readability,
        media,
        extra: raw
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        source: text.to_string(),
    })
}

/// The languages of `site.yaml`, each code checked (BCP 47, no repeats); a bad one is left out
/// with its error.
fn parse_languages(
    raw: &[RawLanguage],
    at_lang: &dyn Fn(usize) -> Location,
    diags: &mut Diagnostics,
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::with_capacity(raw.len());
    for (index, l) in raw.iter().enumerate() {
        let code = l.code.trim().to_string();
        let id = match LanguageIdentifier::from_str(&code) {
            Ok(id) if valid_code_chars(&code) => id,
            _ => {
                diags.error(&ConfigError::BadCode(code.clone()), at_lang(index));
                continue;
            }
        };
        if languages.iter().any(|x| x.code.eq_ignore_ascii_case(&code)) {
            diags.error(
                &ConfigError::DuplicateLanguage(code.clone()),
                at_lang(index),
            );
            continue;
        }
        let dir = l.dir.unwrap_or_else(|| direction_of(&id));
        languages.push(Language {
            code,
            name: l.name.clone(),
            dir,
            id,
            fallback: Vec::new(),
        });
    }

    languages
}

/// Each language's fallback chain, by index: it must name known languages, not itself, none
/// twice, and end in the default language (which has none).
fn link_fallbacks(
    raw: &[RawLanguage],
    languages: &mut [Language],
    default: Lang,
    at_lang: &dyn Fn(usize) -> Location,
    diags: &mut Diagnostics,
) {
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    let find = |c: &str| {
        codes
            .iter()
            .position(|x| x.eq_ignore_ascii_case(c.trim()))
            .map(Lang)
    };
    for (index, l) in raw.iter().enumerate() {
        let Some(me) = find(&l.code) else { continue };
        let code = &codes[me.0];
        let chain = match &l.fallback {
            None if me == default => Vec::new(),
            None => vec![default],
            Some(list) if me == default => {
                if !list.is_empty() {
                    diags.error(
                        &ConfigError::DefaultWithFallback(code.clone()),
                        at_lang(index),
                    );
                }
                Vec::new()
            }
            Some(list) => {
                let mut chain = Vec::new();
                let mut ok = true;
                for f in list {
                    match find(f) {
                        Some(i) if i == me => {
                            diags.error(
                                &ConfigError::CircularFallback(code.clone()),
                                at_lang(index),
                            );
                            ok = false;
                        }
                        Some(i) if chain.contains(&i) => {
                            diags.error(&ConfigError::RepeatedFallback(f.clone()), at_lang(index));
                            ok = false;
                        }
                        Some(i) => chain.push(i),
                        None => {
                            diags.error(
                                &ConfigError::UnknownFallback {
                                    lang: code.clone(),
                                    fallback: f.clone(),
                                },
                                at_lang(index),
                            );
                            ok = false;
                        }
                    }
                }
                if ok && chain.last() != Some(&default) {
                    diags.error(
                        &ConfigError::FallbackNotEndingInDefault {
                            lang: code.clone(),
                            default: codes[default.0].clone(),
                        },
                        at_lang(index),
                    );
                }
                chain
            }
        };
        languages[me.0].fallback = chain;
    }
}

/// `kiosk:`: the idle reset and its warning, with their lower bounds.
fn kiosk_settings(
    raw: Option<&RawKiosk>,
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) -> Kiosk {
    let idle_seconds = raw.and_then(|k| k.idle_seconds).unwrap_or(90);
    if idle_seconds < 10 {
        diags.error(
            &ConfigError::IdleTooShort(idle_seconds),
            at_key("idle_seconds"),
        );
    }
    let warning_seconds = raw.and_then(|k| k.warning_seconds).unwrap_or(30);
    if warning_seconds < 20 {
        diags.error(
            &ConfigError::WarningTooShort(warning_seconds),
            at_key("warning_seconds"),
        );
    }

    Kiosk {
        idle_seconds,
        warning_seconds,
    }
}

/// `zim:` checked: the name goes into file names, the texts into the ZIM's metadata.
fn zim_config(raw: Option<RawZim>, diags: &mut Diagnostics, at: Location) -> ZimConfig {
    let raw = raw.unwrap_or(RawZim {
        name: None,
        creator: None,
        publisher: None,
    });
    let name = raw
        .name
        .map_or_else(|| "hub".to_string(), |n| n.trim().to_string());
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-');
    if !name_ok {
        diags.error(
            &ConfigError::BadZim(
                "name",
                "must be 1 to 64 lowercase letters, digits and `-` (it starts each file name)",
            ),
            at.clone(),
        );
    }
    let mut text = |value: Option<String>, key: &'static str| -> Option<String> {
        let v = value?.trim().to_string();
        if v.is_empty() || v.chars().count() > 200 || v.contains(char::is_control) {
            diags.error(
                &ConfigError::BadZim(key, "must be one line of 1 to 200 characters"),
                at.clone(),
            );
            return None;
        }
        Some(v)
    };
    let creator = text(raw.creator, "creator");
    let publisher = text(raw.publisher, "publisher");
    ZimConfig {
        name,
        creator,
        publisher,
    }
}

/// `readability:` checked: positive numbers, and scores for the site's languages.
fn readability_config(
    raw: Option<RawReadability>,
    languages: &[Language],
    diags: &mut Diagnostics,
    at: Location,
) -> Readability {
    let mut r = Readability::default();
    let Some(raw) = raw else { return r };
    let mut bad = |key: &str, what: &str| {
        diags.error(
            &ConfigError::BadReadability(key.to_string(), what.to_string()),
            at.clone(),
        );
    };
    if let Some(e) = raw.enabled {
        r.enabled = e;
    }
    if let Some(w) = raw.words_per_sentence {
        if w.is_finite() && w > 0.0 && w <= 1000.0 {
            r.words_per_sentence = w;
        } else {
            bad("words_per_sentence", "must be a number of words above 0");
        }
    }
    if let Some(w) = raw.long_sentence_words {
        if (1..=1000).contains(&w) {
            r.long_sentence_words = w;
        } else {
            bad("long_sentence_words", "must be 1 to 1000 words");
        }
    }
    if let Some(p) = raw.long_sentences_percent {
        if p.is_finite() && (0.0..=100.0).contains(&p) {
            r.long_sentences_percent = p;
        } else {
            bad("long_sentences_percent", "must be a percentage, 0 to 100");
        }
    }
    if let Some(m) = raw.min_words {
        r.min_words = m;
    }
    if let Some(scores) = raw.min_score {
        r.min_score.clear();
        for (code, score) in scores {
            if !languages.iter().any(|l| l.code.eq_ignore_ascii_case(&code)) {
                bad(
                    &format!("min_score.{code}"),
                    "names a language the site does not have",
                );
            } else if !(score.is_finite() && (-1000.0..=1000.0).contains(&score)) {
                bad(&format!("min_score.{code}"), "must be a number");
            } else {
                r.min_score.push((code.to_ascii_lowercase(), score));
            }
        }
    }
    r
}

/// Where `key:` is first written in the text of site.yaml.
fn key_location(text: &str, key: &str) -> Location {
    let needle = format!("{key}:");
    let found = text
        .match_indices(&needle)
        .find(|(i, _)| *i == 0 || !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
    match found {
        Some((offset, _)) => Location::at_offset(CONFIG_FILE, text, offset),
        None => Location::file(CONFIG_FILE),
    }
}

/// Language codes become URL prefixes and file-name suffixes: letters, digits and `-` only.
fn valid_code_chars(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !code.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "title: Hub\nbase_url: https://info.example.org/\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n  - { code: en, name: English }\n  - { code: fr, name: Français, fallback: [es] }\n  - { code: ht, name: Kreyòl, fallback: [fr, es] }\n  - { code: ar, name: العربية }\n";

    #[test]
    fn parses_and_derives() {
        let mut d = Diagnostics::new();
        let c = parse(OK, &mut d).expect("valid config");
        assert!(d.is_empty());
        assert_eq!(c.base_url, "https://info.example.org");
        assert_eq!(c.languages[4].dir, Dir::Rtl);
        assert_eq!(c.languages[0].dir, Dir::Ltr);
        let ht: Vec<_> = c.chain(Lang(3)).map(|i| c.code(i)).collect();
        assert_eq!(ht, ["ht", "fr", "es"]);
        assert_eq!(c.languages[1].fallback, vec![Lang(0)]);
        assert!(c.languages[0].fallback.is_empty());
        assert_eq!(c.kiosk.idle_seconds, 90);
    }

    #[test]
    fn chain_must_end_in_default() {
        let bad = OK.replace("fallback: [fr, es]", "fallback: [fr]");
        let mut d = Diagnostics::new();
        assert!(parse(&bad, &mut d).is_none());
        let v = d.sorted();
        assert_eq!(v[0].code, "bad-fallback");
        assert_eq!(v[0].line, Some(8));
    }

    #[test]
    fn circular_and_duplicate_and_bad_codes() {
        let bad = OK
            .replace("fallback: [fr, es]", "fallback: [ht, es]")
            .replace("code: en", "code: en_US!");
        let mut d = Diagnostics::new();
        assert!(parse(&bad, &mut d).is_none());
        let codes: Vec<_> = d.iter().map(|x| x.code).collect();
        assert!(codes.contains(&"bad-fallback"), "{codes:?}");
        assert!(codes.contains(&"bad-language-code"), "{codes:?}");
        let dup = OK.replace("code: en", "code: es");
        let mut d = Diagnostics::new();
        assert!(parse(&dup, &mut d).is_none());
        assert_eq!(d.iter().next().map(|x| x.code), Some("duplicate-language"));
    }

    #[test]
    fn base_urls_are_parsed_not_trusted() {
        assert_eq!(
            parse_base_url("https://x.org/hub/").as_deref(),
            Some("https://x.org/hub")
        );
        assert_eq!(parse_base_url("https://x.org/a b"), None);
        assert_eq!(
            parse_base_url("https://Example.ORG/señal").as_deref(),
            Some("https://example.org/se%C3%B1al")
        );
        for bad in [
            "https://x.org/\"><script>alert(1)</script>",
            "https://x.org/\nDisallow: /",
            "javascript:alert(1)",
            "ftp://x.org",
            "https://user:pw@x.org",
            "https://x.org/?q=1",
            "https://x.org/#f",
            "//x.org",
            "x.org",
            "https://",
        ] {
            assert_eq!(parse_base_url(bad), None, "{bad}");
        }
        let mut d = Diagnostics::new();
        let bad = OK.replace(
            "https://info.example.org/",
            "\"https://x.org/'><img src=x onerror=alert(1)>\"",
        );
        assert!(parse(&bad, &mut d).is_none());
        assert_eq!(d.iter().next().map(|x| x.code), Some("bad-base-url"));
    }

    #[test]
    fn zim_metadata() {
        let mut d = Diagnostics::new();
        let c = parse(OK, &mut d).expect("valid config");
        assert_eq!(
            (c.zim.name.as_str(), c.zim.creator.as_deref()),
            ("hub", None)
        );
        let with = format!("{OK}zim: {{ name: mx-hub, creator: Red de apoyo, publisher: CIM }}\n");
        let c = parse(&with, &mut d).expect("valid config");
        assert_eq!(c.zim.name, "mx-hub");
        assert_eq!(c.zim.creator.as_deref(), Some("Red de apoyo"));
        assert_eq!(c.zim.publisher.as_deref(), Some("CIM"));
        for bad in ["name: Hub_2", "name: ../x", "creator: \"\""] {
            let mut d = Diagnostics::new();
            assert!(
                parse(&format!("{OK}zim: {{ {bad} }}\n"), &mut d).is_none(),
                "{bad}"
            );
            let v = d.sorted();
            assert_eq!((v[0].code, v[0].line), ("bad-zim", Some(10)), "{bad}");
        }
    }

    #[test]
    fn unknown_key_points_at_line() {
        let bad = OK.replace("title: Hub", "titel: Hub");
        let mut d = Diagnostics::new();
        assert!(parse(&bad, &mut d).is_none());
        let v = d.sorted();
        assert_eq!((v[0].code, v[0].line), ("unknown-key", Some(1)));
        assert_eq!(v[0].help.as_deref(), Some("did you mean `title`?"));
    }
}
