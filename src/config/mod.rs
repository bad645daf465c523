//! `site.yaml` → a validated `Config`: languages checked as BCP 47 tags, each language's
//! fallback chain resolved (it always ends in the default language), text direction derived
//! from the language unless given. Everything later stages need from the config is decided
//! here, once, so no stage reads raw config keys.

use std::path::Path;

use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostics, Location};
use crate::fs::{FsError, SiteFiles};
use crate::lang::{Dir, Lang};
use crate::yaml;

mod error;
mod languages;
mod raw;
mod sections;

pub use error::ConfigError;
use languages::{link_fallbacks, parse_languages};
use raw::{RawConfig, SCHEMA};
pub use sections::{DirectoryConfig, QuickExit, Readability, ZimConfig};
use sections::{kiosk_settings, readability_config, zim_config};

pub const CONFIG_FILE: &str = "site.yaml";
/// A site.yaml is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

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
    let at_lang = |i: usize| language_location(text, i);
    let at_key = |key: &str| key_location(text, key);

    if raw.languages.is_empty() {
        diags.error(&ConfigError::NoLanguages, at_key("languages"));
        return None;
    }

    let base_url = checked_base_url(&raw.base_url, &at_key, diags);
    let theme = checked_theme(raw.theme, &at_key, diags);

    let mut languages = parse_languages(&raw.languages, &at_lang, diags);
    let default = default_language(&raw.default_language, &languages, &at_key, diags)?;

    // Fallback chains, now that every code is known.
    link_fallbacks(&raw.languages, &mut languages, default, &at_lang, diags);

    check_quick_exit(raw.quick_exit.as_ref(), &at_key, diags);
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

/// Where the `i`-th language's entry is written in the text of site.yaml, for pointing at it.
fn language_location(text: &str, i: usize) -> Location {
    let start = text.find("languages:").unwrap_or(0);
    match text[start..].match_indices("code:").nth(i) {
        Some((offset, _)) => Location::at_offset(CONFIG_FILE, text, start + offset),
        None => Location::file(CONFIG_FILE),
    }
}

/// `base_url:` checked ([`parse_base_url`]); empty, with its error, when it is not an address.
fn checked_base_url(
    raw: &str,
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) -> String {
    match parse_base_url(raw) {
        Some(url) => url,
        None => {
            diags.error(
                &ConfigError::BadBaseUrl(raw.to_string()),
                at_key("base_url"),
            );
            String::new()
        }
    }
}

/// `theme:` (`default` if not given), which must be a plain folder name.
fn checked_theme(
    raw: Option<String>,
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) -> String {
    let theme = raw.unwrap_or_else(|| "default".to_string());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        diags.error(&ConfigError::BadTheme(theme.clone()), at_key("theme"));
    }
    theme
}

/// The `default_language:`, which must be one of `languages`.
fn default_language(
    code: &str,
    languages: &[Language],
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) -> Option<Lang> {
    let found = languages
        .iter()
        .position(|l| l.code.eq_ignore_ascii_case(code.trim()))
        .map(Lang);
    if found.is_none() {
        diags.error(
            &ConfigError::UnknownDefault(code.to_string()),
            at_key("default_language"),
        );
    }
    found
}

/// `quick_exit.url:` must be an absolute http(s) address.
fn check_quick_exit(
    q: Option<&QuickExit>,
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) {
    if let Some(q) = q
        && parse_base_url(q.url.trim_end_matches('/')).is_none()
    {
        diags.error(
            &ConfigError::BadExitUrl(q.url.clone()),
            at_key("quick_exit"),
        );
    }
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
