//! UI strings: `locales/LANG/*.ftl` loaded into one Fluent bundle per language (the concurrent
//! kind, shared by every rendering thread), and the lookup behind the templates' `t()`:
//! the reader's language first, then its fallback chain. Plural rules come from each bundle's
//! language; numbers are passed to Fluent as numbers so `{ $count ->` selects `one`/`few`/....

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::config::Config;
use crate::diag::{Coded, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::lang::{Lang, PerLang};

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
    bundles: PerLang<FluentBundle<FluentResource>>,
    /// For each language, the languages to try in order (itself first).
    chains: PerLang<Vec<Lang>>,
    codes: PerLang<String>,
    /// For each language, every message id and where it is defined.
    pub messages: PerLang<BTreeMap<String, Defined>>,
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
    #[error(
        "`{option}: {value}` in `{message}`: {option} must be a whole number from {min} to {max}"
    )]
    BadOption {
        message: String,
        option: String,
        value: String,
        min: u32,
        max: u32,
    },
}

impl Coded for I18nError {
    fn code(&self) -> &'static str {
        match self {
            I18nError::Syntax(_) => "fluent-syntax",
            I18nError::Duplicate(_) => "fluent-duplicate",
            I18nError::Missing { .. } => "fluent-missing",
            I18nError::Format { .. } => "fluent-format",
            I18nError::NoLocale(_) => "fluent-missing",
            I18nError::Cycle(_) => "fluent-cycle",
            I18nError::BadOption { .. } => "fluent-option",
        }
    }
}

impl I18n {
    /// Loads every language's `.ftl` files; syntax errors become diagnostics (the rest of the
    /// file is still used, as Fluent recovers entry by entry).
    pub fn load(files: &SiteFiles, config: &Config, diags: &mut Diagnostics) -> I18n {
        let mut sources = Vec::with_capacity(config.languages.len());
        for lang in &config.languages {
            let dir = Path::new(LOCALES_DIR).join(&lang.code);
            let walked = files.walk(&dir);
            for (path, problem) in &walked.problems {
                diags.error(problem, problem.location(path));
            }
            let ftl: Vec<PathBuf> = walked
                .files
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect();
            if ftl.is_empty() {
                diags.warning(
                    &I18nError::NoLocale(lang.code.clone()),
                    Location::file(&dir),
                );
            }
            let mut texts = Vec::with_capacity(ftl.len());
            for rel in ftl {
                match files.read_text(&rel, MAX_FTL_BYTES) {
                    Ok(t) => texts.push((rel, t)),
                    Err(e) => diags.error(&e, e.location(&rel)),
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
                let unsafe_options = check_options(&resource, &rel, &text, diags);
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
                // A file with an unbounded NUMBER() option is reported and kept out of the
                // bundle: nothing may format it, not even the cycle check below (Fluent turns
                // `minimumFractionDigits: 1e30` into a string of usize::MAX zeros and aborts).
                if unsafe_options {
                    continue;
                }
                // Duplicates were reported above; keep the first definition.
                let _ = bundle.add_resource(resource);
            }
            report_cycles(&bundle, &defined, diags);
            bundles.push(bundle);
            messages.push(defined);
        }
        I18n {
            bundles: PerLang::from_vec(bundles),
            chains: config.langs().map(|l| config.chain(l).collect()).collect(),
            codes: config.languages.iter().map(|l| l.code.clone()).collect(),
            messages: PerLang::from_vec(messages),
        }
    }

    pub fn code(&self, lang: Lang) -> &str {
        &self.codes[lang]
    }

    /// The language whose bundle answers `key` for a reader of `lang`.
    pub fn resolving_language(&self, lang: Lang, key: &str) -> Option<Lang> {
        self.chains[lang]
            .iter()
            .copied()
            .find(|&l| self.has(l, key))
    }

    fn has(&self, lang: Lang, key: &str) -> bool {
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
        lang: Lang,
        key: &str,
        args: &[(String, Arg)],
    ) -> Result<String, I18nError> {
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

/// The numeric options of `NUMBER()` and the bounds Fluent can format in reasonable time and
/// memory (those of ECMA-402's `Intl.NumberFormat`).
const NUMBER_OPTIONS: &[(&str, u32, u32)] = &[
    ("minimumIntegerDigits", 1, 21),
    ("minimumFractionDigits", 0, 20),
    ("maximumFractionDigits", 0, 20),
    ("minimumSignificantDigits", 1, 21),
    ("maximumSignificantDigits", 1, 21),
];

/// Refuses function options no formatter should be given (`minimumFractionDigits:
/// 99999999999999999999` would make a 100 MB string or abort): checked when the file is
/// loaded, with the line of the option. True when the file has one.
fn check_options(
    resource: &FluentResource,
    file: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> bool {
    let mut found = false;
    for entry in resource.entries() {
        let (id, patterns): (&str, Vec<&ast::Pattern<&str>>) = match entry {
            ast::Entry::Message(m) => (
                m.id.name,
                m.value
                    .iter()
                    .chain(m.attributes.iter().map(|a| &a.value))
                    .collect(),
            ),
            ast::Entry::Term(t) => (
                t.id.name,
                std::iter::once(&t.value)
                    .chain(t.attributes.iter().map(|a| &a.value))
                    .collect(),
            ),
            _ => continue,
        };
        let mut bad = Vec::new();
        for p in patterns {
            options_in_pattern(p, &mut bad);
        }
        for (option, value, min, max) in bad {
            found = true;
            let start = definition_line(text, id);
            let line = text
                .lines()
                .enumerate()
                .skip(start.saturating_sub(1))
                .find(|(_, l)| l.contains(option))
                .map_or(start, |(i, _)| i + 1);
            diags.error(
                &I18nError::BadOption {
                    message: id.to_string(),
                    option: option.to_string(),
                    value: value.to_string(),
                    min,
                    max,
                },
                Location::at(file, text, line, 1),
            );
        }
    }
    found
}

type BadOption<'a> = (&'a str, &'a str, u32, u32);

fn options_in_pattern<'a>(p: &ast::Pattern<&'a str>, bad: &mut Vec<BadOption<'a>>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            options_in_expression(expression, bad);
        }
    }
}

fn options_in_expression<'a>(e: &ast::Expression<&'a str>, bad: &mut Vec<BadOption<'a>>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            options_in_inline(selector, bad);
            for v in variants {
                options_in_pattern(&v.value, bad);
            }
        }
        ast::Expression::Inline(i) => options_in_inline(i, bad),
    }
}

fn options_in_inline<'a>(e: &ast::InlineExpression<&'a str>, bad: &mut Vec<BadOption<'a>>) {
    match e {
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                options_in_inline(a, bad);
            }
            for n in &arguments.named {
                let Some(&(name, min, max)) =
                    NUMBER_OPTIONS.iter().find(|(o, _, _)| *o == n.name.name)
                else {
                    continue;
                };
                if let ast::InlineExpression::NumberLiteral { value } = &n.value {
                    let ok = value.parse::<u32>().is_ok_and(|v| (min..=max).contains(&v));
                    if !ok {
                        bad.push((name, value, min, max));
                    }
                }
            }
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for n in &arguments.named {
                options_in_inline(&n.value, bad);
            }
        }
        ast::InlineExpression::Placeable { expression } => options_in_expression(expression, bad),
        _ => {}
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

    fn l(config: &Config, code: &str) -> Lang {
        config.language_index(code).unwrap_or_default()
    }

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
        let i = I18n::load(&SiteFiles::disk(dir.path()), &config, &mut d);
        let n = |lang, c| {
            strip_isolation(
                &i.format(lang, "pages", &[("count".into(), Arg::Int(c))])
                    .unwrap_or_default(),
            )
        };
        let (en, ar, fr) = (l(&config, "en"), l(&config, "ar"), l(&config, "fr"));
        assert_eq!(n(en, 1), "1 page");
        assert_eq!(n(en, 3), "3 pages");
        assert_eq!(n(ar, 0), "لا صفحات");
        assert_eq!(n(ar, 2), "صفحتان");
        assert_eq!(n(ar, 3), "3 صفحات");
        assert_eq!(n(ar, 11), "11 صفحة");
        // fr has no files: falls back to en
        assert_eq!(n(fr, 1), "1 page");
        assert_eq!(i.format(ar, "only-en", &[]).ok().as_deref(), Some("Hello"));
        assert!(matches!(
            i.format(ar, "nope", &[]),
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
        let _ = I18n::load(&SiteFiles::disk(dir.path()), &config, &mut d);
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
        let i = I18n::load(&SiteFiles::disk(dir.path()), &config, &mut d);
        let v = d.sorted();
        let syntax: Vec<_> = v.iter().filter(|d| d.code == "fluent-syntax").collect();
        assert_eq!(syntax.len(), 1, "{v:?}");
        assert_eq!(syntax[0].line, Some(3));
        assert_eq!(
            i.format(l(&config, "en"), "also-ok", &[]).ok().as_deref(),
            Some("yes")
        );
    }

    #[test]
    fn number_options_are_bounded_at_load() {
        for (value, ok) in [
            ("2", true),
            ("20", true),
            ("21", false),
            ("99999999", false),
            ("4000000000", false),
            ("99999999999999999999", false),
        ] {
            let (dir, config) = site(&[(
                "locales/en/main.ftl",
                &format!(
                    "ok = fine\nmins = {{ NUMBER($minutes, minimumFractionDigits: {value}) }} min\nlit = {{ NUMBER(1, minimumFractionDigits: {value}) }}\n"
                ),
            )]);
            let mut d = Diagnostics::new();
            // Loading formats every message once (to find cycles): a literal number with a
            // huge option panicked there ("capacity overflow"; found by the fluent fuzzer).
            let i = I18n::load(&SiteFiles::disk(dir.path()), &config, &mut d);
            let bad: Vec<_> = d.iter().filter(|x| x.code == "fluent-option").collect();
            assert_eq!(bad.is_empty(), ok, "{value}: {bad:?}");
            if !ok {
                assert_eq!(bad[0].line, Some(2));
                assert_eq!(bad[1].line, Some(3));
                // Nothing of the refused file reaches a formatter, whoever asks.
                let en = l(&config, "en");
                assert!(
                    i.format(en, "mins", &[("minutes".into(), Arg::Int(3))])
                        .is_err()
                );
                assert!(i.format(en, "lit", &[]).is_err());
            } else {
                let out = i.format(l(&config, "en"), "mins", &[("minutes".into(), Arg::Int(3))]);
                assert!(out.is_ok_and(|o| o.len() < 64));
            }
        }
    }
}
