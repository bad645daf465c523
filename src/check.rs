//! `senda check`: everything `build` would find, plus the checks that need the whole rendered
//! site, without writing anything:
//! 1. load (YAML and schema, links and anchors, malformed addresses, images without alt text,
//!    Fluent syntax, directory entries not verified for a year);
//! 2. pages whose `review_by` date has passed (warnings; errors with `--strict`) and
//!    translations whose `source_hash` no longer matches their source;
//! 3. UI strings, from what the templates refer to (keys written in full, and prefixes of keys
//!    built from data): a string some language has but another lacks (with the fallback
//!    readers see), and strings no template uses;
//! 4. render in memory: template errors, and the page weight budget (gzip size of each page's
//!    HTML plus the CSS it loads);
//! 5. readability, per page and language (`readability`: warnings over the thresholds of
//!    `readability:` in site.yaml).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::content::Site;
use crate::date::Date;
use crate::diag::{Coded, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::i18n::{I18n, LOCALES_DIR};
use crate::options::{CheckOptions, Edition, LoadOptions};
use crate::output::{self, OutputFile};

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("the review date {0} has passed: check this page and set a new `review_by`")]
    ReviewDue(Date),
    #[error(
        "the source has changed since this translation was made (source_hash {old}, now {new})"
    )]
    Outdated { old: String, new: String },
    #[error("this translation has no `source_hash`, so nobody can tell when its source changes")]
    NoSourceHash,
    #[error("the UI string `{key}` is missing in {lang}; readers see the {fallback} text")]
    MissingKey {
        key: String,
        lang: String,
        fallback: String,
    },
    #[error("the UI string `{0}` is not used by any template")]
    UnusedKey(String),
    #[error("{page} weighs {kb:.1} KB (HTML + CSS, gzip), over the budget of {budget} KB")]
    OverBudget { page: String, kb: f64, budget: f64 },
    #[error("the number {0} is in no data file: readers cannot tell it was checked")]
    UnknownNumber(String),
}

impl Coded for CheckError {
    fn code(&self) -> &'static str {
        match self {
            CheckError::ReviewDue(_) => "review-due",
            CheckError::Outdated { .. } => "outdated-translation",
            CheckError::NoSourceHash => "no-source-hash",
            CheckError::MissingKey { .. } => "fluent-missing",
            CheckError::UnusedKey(_) => "fluent-unused",
            CheckError::OverBudget { .. } => "page-budget",
            CheckError::UnknownNumber(_) => "unknown-number",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            CheckError::Outdated { .. } | CheckError::NoSourceHash => Some(
                "update the translation, then run `senda new PATH --lang LANG --refresh`".into(),
            ),
            CheckError::MissingKey { .. } => Some("add the string to the language's .ftl file".into()),
            CheckError::UnknownNumber(_) => Some(
                "if it is real and checked, add it to data/emergency.yaml or to data/services.yaml (example: false, with its source); to show it on purpose, list it in the page's `allow_numbers`"
                    .into(),
            ),
            CheckError::OverBudget { .. } => Some(
                "split the page, or shorten it: a page over 14 KB needs more than one round trip on a slow network"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// What one page with images weighs, for `check`'s report: HTML + CSS (gzip) beside the
/// images a 360 px wide phone downloads, in full and before any "Show image" tap.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWeight {
    /// `/es/health/where-to-get-care/`
    pub url: String,
    pub html_css_kb: f64,
    pub images_kb: f64,
    pub untapped_kb: f64,
}

impl PageWeight {
    /// `/es/guide/: 5.1 KB HTML + CSS, 68.2 KB of images at 360 px (12.0 KB before a tap)`
    pub fn line(&self) -> String {
        format!(
            "{}: {:.1} KB HTML + CSS, {:.1} KB of images at 360 px ({:.1} KB before a tap)",
            self.url, self.html_css_kb, self.images_kb, self.untapped_kb
        )
    }
}

/// Every problem, the weight of each page with images, and the readability summary.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Diagnostics,
    pub weights: Vec<PageWeight>,
    /// Each language's readability as a whole (only with `--readability`).
    pub readability: Vec<crate::readability::Summary>,
}

/// `senda check`: every check (`today` decides which review dates have passed), with the
/// weight of each page that has images and, with `opts.readability`, each language's
/// readability as a whole.
pub fn check_report(opts: &CheckOptions) -> Report {
    let mut diags = Diagnostics::new();
    let mut summary = Vec::new();
    let load = LoadOptions {
        base_url: None,
        drafts: false,
        edition: Edition::Web,
        today: opts.today,
    };
    // Unlike `build`, go on after errors: every problem is worth reporting at once.
    let Some(loaded) = crate::load(SiteFiles::disk(&opts.root), &load, &mut diags) else {
        return Report {
            diagnostics: diags,
            weights: Vec::new(),
            readability: summary,
        };
    };
    let site = &loaded.site;
    content_checks(site, opts.strict, opts.today, &mut diags);
    crate::readability::check(site, &mut diags);
    if opts.readability {
        summary = crate::readability::summary(site);
    }
    number_checks(&loaded, &mut diags);
    let (literals, prefixes) = loaded.theme.key_refs();
    fluent_checks(&loaded.i18n, &literals, &prefixes, &mut diags);
    let mut render_diags = Diagnostics::new();
    let sink = crate::output::Sink::memory();
    crate::render_into(
        &loaded,
        true,
        &crate::Quiet,
        &sink,
        &mut render_diags,
        &mut crate::Timings::default(),
    );
    let rendered_ok = !render_diags.has_errors();
    diags.extend(render_diags);
    let mut weights = Vec::new();
    if rendered_ok {
        let sizes = budget_checks(&sink.into_files(), site.config.budget_kb, &mut diags);
        for (url, (full, untapped)) in &loaded.media.weights {
            let file = crate::routes::file_of_url(url);
            weights.push(PageWeight {
                url: url.clone(),
                html_css_kb: sizes.get(&file).copied().unwrap_or(0.0),
                images_kb: *full as f64 / 1024.0,
                untapped_kb: *untapped as f64 / 1024.0,
            });
        }
    }
    Report {
        diagnostics: diags,
        weights,
        readability: summary,
    }
}

/// Review dates and translation hashes.
fn content_checks(site: &Site, strict: bool, today: Date, diags: &mut Diagnostics) {
    let default = site.default_lang();
    for page in &site.pages {
        let source_hash = crate::content::source_hash(page.source(default).body());
        for (lang, version) in page.versions.enumerate() {
            let Some(v) = version else { continue };
            if let Some(review) = v.front.review_by
                && review < today
            {
                let e = CheckError::ReviewDue(review);
                let at = v.key_location("review_by");
                if strict {
                    diags.error(&e, at);
                } else {
                    diags.warning(&e, at);
                }
            }
            if lang == default {
                continue;
            }
            match &v.front.source_hash {
                Some(h) if h.trim() == source_hash => {}
                Some(h) => diags.warning(
                    &CheckError::Outdated {
                        old: h.trim().to_string(),
                        new: source_hash.clone(),
                    },
                    v.key_location("source_hash"),
                ),
                None => diags.warning(&CheckError::NoSourceHash, Location::file(&v.file)),
            }
        }
    }
}

/// Phone-like numbers in page text that no data file vouches for.
fn number_checks(loaded: &crate::Loaded, diags: &mut Diagnostics) {
    let directory: Vec<&str> = loaded
        .directory
        .iter()
        .flat_map(|d| d.entries.iter())
        .filter(|e| !e.example)
        .flat_map(|e| e.phones.iter().map(|(n, _)| n.as_str()))
        .collect();
    let emergency = loaded.emergency.iter().map(String::as_str);
    let known = crate::numbers::known(emergency, directory);
    for page in &loaded.site.pages {
        for v in page.versions.iter().flatten() {
            let allowed: Vec<String> = v
                .front
                .allow_numbers
                .iter()
                .flatten()
                .map(|n| crate::numbers::digits(n))
                .collect();
            for f in crate::numbers::find(v.body()) {
                if !known.contains(&f.digits) && !allowed.contains(&f.digits) {
                    diags.warning(
                        &CheckError::UnknownNumber(f.written.clone()),
                        v.at_body_offset(f.offset),
                    );
                }
            }
        }
    }
}

fn locale_file(i18n: &I18n, lang: crate::lang::Lang) -> PathBuf {
    i18n.messages[lang]
        .values()
        .next()
        .map(|d| d.file.clone())
        .unwrap_or_else(|| Path::new(LOCALES_DIR).join(i18n.code(lang)))
}

/// UI strings the templates use (a key written in full, or one matching a prefix of keys
/// built from data) that some language has and another lacks, and strings nothing uses.
fn fluent_checks(i18n: &I18n, literals: &[String], prefixes: &[String], diags: &mut Diagnostics) {
    let used = |key: &str| {
        literals.iter().any(|l| l == key) || prefixes.iter().any(|p| key.starts_with(p.as_str()))
    };
    let mut all: BTreeMap<&str, Vec<&crate::i18n::Defined>> = BTreeMap::new();
    for messages in &i18n.messages {
        for (key, defined) in messages {
            all.entry(key.as_str()).or_default().push(defined);
        }
    }
    for (key, places) in &all {
        if !used(key) {
            for d in places {
                let mut at = Location::file(&d.file);
                at.line = Some(d.line);
                at.column = Some(1);
                diags.warning(&CheckError::UnusedKey(key.to_string()), at);
            }
            continue;
        }
        for (lang, messages) in i18n.messages.enumerate() {
            if messages.contains_key(*key) {
                continue;
            }
            if let Some(fallback) = i18n.resolving_language(lang, key) {
                diags.warning(
                    &CheckError::MissingKey {
                        key: key.to_string(),
                        lang: i18n.code(lang).to_string(),
                        fallback: i18n.code(fallback).to_string(),
                    },
                    Location::file(locale_file(i18n, lang)),
                );
            } else {
                diags.warning(
                    &CheckError::MissingKey {
                        key: key.to_string(),
                        lang: i18n.code(lang).to_string(),
                        fallback: "key's name (no language in its fallback chain has it)".into(),
                    },
                    Location::file(locale_file(i18n, lang)),
                );
            }
        }
    }
}

/// The stylesheets a page loads, as output paths.
fn stylesheets(html: &str, page: &str) -> Vec<String> {
    let dir: Vec<&str> = {
        let mut v: Vec<&str> = page.split('/').collect();
        v.pop();
        v
    };
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<link") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        rest = &rest[tag_end..];
        if !tag.contains("stylesheet") {
            continue;
        }
        let Some(h) = tag.find("href=") else { continue };
        let value = tag[h + 5..].trim_start_matches(['"', '\'']);
        let href: String = value
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
            .collect();
        let mut parts: Vec<&str> = dir.clone();
        for seg in href.split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        out.push(parts.join("/"));
    }
    out
}

/// Each page's HTML + CSS, gzipped, against the budget: the kilobytes of each page.
fn budget_checks(
    files: &BTreeMap<String, OutputFile>,
    budget_kb: f64,
    diags: &mut Diagnostics,
) -> HashMap<String, f64> {
    let mut sizes = HashMap::new();
    let mut css_sizes: HashMap<String, usize> = HashMap::new();
    for (path, file) in files {
        let Some(source) = &file.source else { continue };
        if !path.ends_with(".html") {
            continue;
        }
        let Ok(bytes) = file.read() else { continue };
        let html = String::from_utf8_lossy(&bytes);
        let mut total = output::gzip(&bytes).len();
        for css in stylesheets(&html, path) {
            let size = *css_sizes.entry(css.clone()).or_insert_with(|| {
                files
                    .get(&css)
                    .and_then(|f| f.read().ok())
                    .map_or(0, |b| output::gzip(&b).len())
            });
            total += size;
        }
        let kb = total as f64 / 1024.0;
        sizes.insert(path.clone(), kb);
        if kb > budget_kb {
            diags.error(
                &CheckError::OverBudget {
                    page: format!("/{path}"),
                    kb,
                    budget: budget_kb,
                },
                Location::file(source),
            );
        }
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_stylesheets_relative_to_the_page() {
        let html = r#"<link href=../../style.1.css rel=stylesheet><link rel="stylesheet" href="x.css"><link rel=icon href=i.png>"#;
        assert_eq!(
            stylesheets(html, "es/a/index.html"),
            ["style.1.css", "es/a/x.css"]
        );
    }
}
