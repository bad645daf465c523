//! UI strings: `locales/LANG/*.ftl` loaded into one Fluent bundle per language (the concurrent
//! kind, shared by every rendering thread), and the lookup behind the templates' `t()`:
//! the reader's language first, then its fallback chain. Plural rules come from each bundle's
//! language; numbers are passed to Fluent as numbers so `{ $count ->` selects `one`/`few`/....

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::config::Config;
use crate::diag::{Coded, Diagnostics, Location};

pub const LOCALES_DIR: &str = "locales";
const MAX_FTL_BYTES: u64 = 2 * 1024 * 1024;

/// An argument to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Float(f64),
    Str(String),
}

/// Where a message is defined, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defined {
    pub file: PathBuf,
    pub line: usize,
}

pub struct I18n {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// For each language, the languages to try in order (itself first).
    chains: Vec<Vec<usize>>,
    codes: Vec<String>,
    /// For each language, every message id and where it is defined.
    pub messages: Vec<BTreeMap<String, Defined>>,
    /// When `check` asks: every (reader language, key) looked up while rendering.
    tracking: AtomicBool,
    used: Mutex<BTreeSet<(usize, String)>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").field("codes", &self.codes).finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("Fluent syntax error: {0}")]
    Syntax(String),
    #[error("the message `{0}` is defined twice")]
    Duplicate(String),
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    #[error("the UI string `{key}` is missing in {langs}")]
    Missing { key: String, langs: String },
    #[error("the UI string `{key}` ({lang}) could not be formatted: {problem}")]
    Format {
        key: String,
        lang: String,
        problem: String,
    },
    #[error("no UI strings for `{0}`: the folder locales/{0}/ is missing or empty")]
    NoLocale(String),
    #[error("the UI string `{0}` refers to itself through other strings (a cycle)")]
    Cycle(String),
}

impl Coded for I18nError {
    fn code(&self) -> &'static str {
        match self {
            I18nError::Syntax(_) => "fluent-syntax",
            I18nError::Duplicate(_) => "fluent-duplicate",
            I18nError::Unreadable(_) => "unreadable",
            I18nError::Missing { .. } => "fluent-missing",
            I18nError::Format { .. } => "fluent-format",
            I18nError::NoLocale(_) => "fluent-missing",
            I18nError::Cycle(_) => "fluent-cycle",
        }
    }
}

impl I18n {
    /// Loads every language's `.ftl` files; syntax errors become diagnostics (the rest of the
    /// file is still used, as Fluent recovers entry by entry).
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> I18n {
        let mut sources = Vec::with_capacity(config.languages.len());
        for lang in &config.languages {
            let dir = root.join(LOCALES_DIR).join(&lang.code);
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                    .collect(),
                Err(_) => Vec::new(),
            };
            files.sort();
            if files.is_empty() {
                diags.warning(
                    &I18nError::NoLocale(lang.code.clone()),
                    Location::file(Path::new(LOCALES_DIR).join(&lang.code)),
                );
            }
            let mut texts = Vec::with_capacity(files.len());
            for path in files {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                match crate::content::read_text(&path, MAX_FTL_BYTES) {
                    Ok(t) => texts.push((rel, t)),
                    Err(e) => {
                        diags.error(&I18nError::Unreadable(e.to_string()), Location::file(&rel))
                    }
                }
            }
            sources.push(texts);
        }
        I18n::from_sources(config, sources, diags)
    }

    /// Builds the bundles from the texts of each language's files: `sources[lang]` is a list of
    /// (path for diagnostics, text).
    pub fn from_sources(
        config: &Config,
        sources: Vec<Vec<(PathBuf, String)>>,
        diags: &mut Diagnostics,
    ) -> I18n {
        let mut bundles = Vec::with_capacity(config.languages.len());
        let mut messages = Vec::with_capacity(config.languages.len());
        for (lang, files) in config.languages.iter().zip(sources) {
            let mut bundle = FluentBundle::new_concurrent(vec![lang.id.clone()]);
            // Isolation marks keep RTL and LTR text apart around placeables.
            bundle.set_use_isolating(true);
            if let Err(e) = bundle.add_builtins() {
                diags.error(&I18nError::Syntax(format!("{e:?}")), Location::default());
            }
            let mut defined = BTreeMap::new();
            for (rel, text) in files {
                let resource = match FluentResource::try_new(text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            // Point at the start of the broken entry, not where the parser
                            // gave up on it.
                            let start = e.slice.as_ref().map_or(e.pos.start, |s| s.start);
                            let skipped = text[start.min(text.len())..]
                                .find(|c: char| !c.is_whitespace())
                                .unwrap_or(0);
                            diags.error(
                                &I18nError::Syntax(e.kind.to_string()),
                                Location::at_offset(&rel, &text, start + skipped),
                            );
                        }
                        r
                    }
                };
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        let id = m.id.name.to_string();
                        let line = definition_line(&text, &id);
                        if defined.contains_key(&id) {
                            diags.error(
                                &I18nError::Duplicate(id.clone()),
                                Location::at(&rel, &text, line, 1),
                            );
                            continue;
                        }
                        defined.insert(
                            id,
                            Defined {
                                file: rel.clone(),
                                line,
                            },
                        );
                    }
                }
                // Duplicates were reported above; keep the first definition.
                let _ = bundle.add_resource(resource);
            }
            report_cycles(&bundle, &defined, diags);
            bundles.push(bundle);
            messages.push(defined);
        }
        I18n {
            bundles,
            chains: (0..config.languages.len())
                .map(|l| config.chain(l).collect())
                .collect(),
            codes: config.languages.iter().map(|l| l.code.clone()).collect(),
            messages,
            tracking: AtomicBool::new(false),
            used: Mutex::new(BTreeSet::new()),
        }
    }

    /// Starts recording which keys are looked up, for `check`.
    pub fn track_usage(&self) {
        self.tracking.store(true, Ordering::Relaxed);
    }

    /// The (reader language, key) pairs looked up since `track_usage`.
    pub fn used_keys(&self) -> BTreeSet<(usize, String)> {
        self.used.lock().map(|u| u.clone()).unwrap_or_default()
    }

    pub fn code(&self, lang: usize) -> &str {
        &self.codes[lang]
    }

    /// Does `lang` itself (not its fallbacks) define `key`?
    pub fn defines(&self, lang: usize, key: &str) -> bool {
        let (id, _) = split_key(key);
        self.messages[lang].contains_key(id)
    }

    /// The language whose bundle answers `key` for a reader of `lang`.
    pub fn resolving_language(&self, lang: usize, key: &str) -> Option<usize> {
        self.chains[lang]
            .iter()
            .copied()
            .find(|&l| self.has(l, key))
    }

    fn has(&self, lang: usize, key: &str) -> bool {
        let (id, attr) = split_key(key);
        match self.bundles[lang].get_message(id) {
            None => false,
            Some(m) => match attr {
                None => m.value().is_some(),
                Some(a) => m.get_attribute(a).is_some(),
            },
        }
    }

    /// Formats `key` (or `key.attribute`) for a reader of `lang`, falling back along the chain.
    pub fn format(
        &self,
        lang: usize,
        key: &str,
        args: &[(String, Arg)],
    ) -> Result<String, I18nError> {
        if self.tracking.load(Ordering::Relaxed)
            && let Ok(mut used) = self.used.lock()
        {
            used.insert((lang, key.to_string()));
        }
        let Some(l) = self.resolving_language(lang, key) else {
            let langs: Vec<&str> = self.chains[lang]
                .iter()
                .map(|&l| self.codes[l].as_str())
                .collect();
            return Err(I18nError::Missing {
                key: key.to_string(),
                langs: langs.join(", "),
            });
        };
        let bundle = &self.bundles[l];
        let (id, attr) = split_key(key);
        let message = bundle.get_message(id);
        let pattern = message.and_then(|m| match attr {
            None => m.value(),
            Some(a) => m.get_attribute(a).map(|a| a.value()),
        });
        let Some(pattern) = pattern else {
            return Err(I18nError::Missing {
                key: key.to_string(),
                langs: self.codes[l].clone(),
            });
        };
        let mut fargs = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let v: FluentValue = match value {
                Arg::Int(i) => FluentValue::from(*i),
                Arg::Float(f) => FluentValue::from(*f),
                Arg::Str(s) => FluentValue::from(s.clone()),
            };
            fargs.set(name.clone(), v);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(I18nError::Format {
                key: key.to_string(),
                lang: self.codes[l].clone(),
                problem: e.to_string(),
            });
        }
        Ok(out.into_owned())
    }
}

/// Messages that refer to themselves (`a = { b }`, `b = { a }`) cannot be shown: report them
/// when loading rather than on every page.
fn report_cycles(
    bundle: &FluentBundle<FluentResource>,
    defined: &BTreeMap<String, Defined>,
    diags: &mut Diagnostics,
) {
    use fluent_bundle::resolver::ResolverError;
    for (id, at) in defined {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let _ = bundle.format_pattern(pattern, None, &mut errors);
        let cyclic = errors.iter().any(|e| {
            matches!(
                e,
                fluent_bundle::FluentError::ResolverError(ResolverError::Cyclic)
            )
        });
        if cyclic {
            let mut loc = Location::file(&at.file);
            loc.line = Some(at.line);
            loc.column = Some(1);
            diags.error(&I18nError::Cycle(id.clone()), loc);
        }
    }
}

fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    }
}

/// The 1-based line where `id = ...` starts.
fn definition_line(text: &str, id: &str) -> usize {
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return i + 1;
        }
    }
    1
}

/// Removes Unicode isolation marks, for text that goes into attributes or URLs.
pub fn strip_isolation(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        let mut d = Diagnostics::new();
        let config = crate::config::parse(
            "title: t\nbase_url: https://x.org\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n  - { code: ar, name: العربية }\n  - { code: fr, name: Français, fallback: [en] }\n",
            &mut d,
        )
        .expect("config");
        (dir, config)
    }

    #[test]
    fn plurals_and_fallback() {
        let (dir, config) = site(&[
            (
                "locales/en/main.ftl",
                "pages = { $count ->\n    [one] { $count } page\n   *[other] { $count } pages\n}\nonly-en = Hello\n",
            ),
            (
                "locales/ar/main.ftl",
                "pages = { $count ->\n    [zero] لا صفحات\n    [one] صفحة واحدة\n    [two] صفحتان\n    [few] { $count } صفحات\n    [many] { $count } صفحة\n   *[other] { $count } صفحة\n}\n",
            ),
        ]);
        let mut d = Diagnostics::new();
        let i = I18n::load(dir.path(), &config, &mut d);
        let n = |lang, c| {
            strip_isolation(
                &i.format(lang, "pages", &[("count".into(), Arg::Int(c))])
                    .unwrap_or_default(),
            )
        };
        assert_eq!(n(0, 1), "1 page");
        assert_eq!(n(0, 3), "3 pages");
        assert_eq!(n(1, 0), "لا صفحات");
        assert_eq!(n(1, 2), "صفحتان");
        assert_eq!(n(1, 3), "3 صفحات");
        assert_eq!(n(1, 11), "11 صفحة");
        // fr has no files: falls back to en
        assert_eq!(n(2, 1), "1 page");
        assert_eq!(i.format(1, "only-en", &[]).ok().as_deref(), Some("Hello"));
        assert!(matches!(
            i.format(1, "nope", &[]),
            Err(I18nError::Missing { .. })
        ));
    }

    #[test]
    fn cycles_are_reported_at_load() {
        let (dir, config) = site(&[(
            "locales/en/main.ftl",
            "ok = fine\na = A { b }\nb = B { a }\n",
        )]);
        let mut d = Diagnostics::new();
        let _ = I18n::load(dir.path(), &config, &mut d);
        let cycles: Vec<_> = d
            .iter()
            .filter(|x| x.code == "fluent-cycle")
            .map(|x| x.line)
            .collect();
        assert_eq!(cycles, [Some(2), Some(3)]);
    }

    #[test]
    fn syntax_errors_have_lines() {
        let (dir, config) = site(&[(
            "locales/en/main.ftl",
            "ok = fine\n\nbad = { $x\nalso-ok = yes\n",
        )]);
        let mut d = Diagnostics::new();
        let i = I18n::load(dir.path(), &config, &mut d);
        let v = d.sorted();
        let syntax: Vec<_> = v.iter().filter(|d| d.code == "fluent-syntax").collect();
        assert_eq!(syntax.len(), 1, "{v:?}");
        assert_eq!(syntax[0].line, Some(3));
        assert_eq!(i.format(0, "also-ok", &[]).ok().as_deref(), Some("yes"));
    }
}
