//! `senda check`: everything `build` would find, plus the checks that need the whole rendered
//! site, without writing anything:
//! 1. load (YAML and schema, links and anchors, malformed addresses, images without alt text,
//!    Fluent syntax, directory entries not verified for a year);
//! 2. pages whose `review_by` date has passed (warnings; errors with `--strict`) and
//!    translations whose `source_hash` no longer matches their source;
//! 3. render in memory while recording which UI strings are looked up: strings missing in a
//!    language (with the fallback readers see) and strings no template uses;
//! 4. the page weight budget: gzip size of each page's HTML plus the CSS it loads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::{Date, Site};
use crate::diag::{Coded, Diagnostics, Location};
use crate::i18n::{I18n, LOCALES_DIR};
use crate::output::OutputFile;

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
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            CheckError::Outdated { .. } | CheckError::NoSourceHash => Some(
                "update the translation, then run `senda new PATH --lang LANG --refresh`".into(),
            ),
            CheckError::MissingKey { .. } => Some("add the string to the language's .ftl file".into()),
            CheckError::OverBudget { .. } => Some(
                "split the page, or shorten it: a page over 14 KB needs more than one round trip on a slow network"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// Runs every check. `today` decides which review dates have passed.
pub fn check(root: &Path, strict: bool, today: Date) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // Unlike `build`, go on after errors: every problem is worth reporting at once.
    let Some(loaded) = crate::load(root, None, false, &mut diags) else {
        return diags;
    };
    let site = &loaded.site;
    content_checks(site, strict, today, &mut diags);
    loaded.i18n.track_usage();
    let mut render_diags = Diagnostics::new();
    let edition = crate::Edition {
        minify: true,
        kiosk: false,
        zim: false,
    };
    let files = crate::render(&loaded, edition, &crate::Quiet, &mut render_diags);
    let rendered_ok = !render_diags.has_errors();
    diags.extend(render_diags);
    if rendered_ok {
        let (literals, prefixes) = crate::render::template_key_refs(root, &site.config.theme);
        fluent_checks(
            &loaded.i18n,
            site.config.languages.len(),
            &literals,
            &prefixes,
            &mut diags,
        );
        budget_checks(&files, site.config.budget_kb, &mut diags);
    }
    diags
}

/// Review dates and translation hashes.
fn content_checks(site: &Site, strict: bool, today: Date, diags: &mut Diagnostics) {
    let default = site.default_lang();
    for page in &site.pages {
        let source_hash = crate::content::source_hash(page.source(default).body());
        for (lang, version) in page.versions.iter().enumerate() {
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

fn locale_file(i18n: &I18n, lang: usize) -> PathBuf {
    i18n.messages[lang]
        .values()
        .next()
        .map(|d| d.file.clone())
        .unwrap_or_else(|| Path::new(LOCALES_DIR).join(i18n.code(lang)))
}

/// UI strings missing in a language, and strings nothing uses.
fn fluent_checks(
    i18n: &I18n,
    languages: usize,
    literals: &[String],
    prefixes: &[String],
    diags: &mut Diagnostics,
) {
    let used = i18n.used_keys();
    let used_anywhere: BTreeSet<&str> = used
        .iter()
        .map(|(_, k)| k.split('.').next().unwrap_or(k))
        .collect();
    // Each (key, language) once, whatever language the reader was.
    let mut reported: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (reader, key) in &used {
        for lang in 0..languages {
            if lang != *reader || i18n.defines(lang, key) || !reported.insert((lang, key)) {
                continue;
            }
            // A key no language defines was given a default by its template.
            let Some(fallback) = i18n.resolving_language(lang, key) else {
                continue;
            };
            diags.warning(
                &CheckError::MissingKey {
                    key: key.clone(),
                    lang: i18n.code(lang).to_string(),
                    fallback: i18n.code(fallback).to_string(),
                },
                Location::file(locale_file(i18n, lang)),
            );
        }
    }
    let mut unused: BTreeMap<&str, Vec<&crate::i18n::Defined>> = BTreeMap::new();
    for messages in &i18n.messages {
        for (key, defined) in messages {
            let referenced = literals.iter().any(|l| l == key)
                || prefixes.iter().any(|p| key.starts_with(p.as_str()));
            if !used_anywhere.contains(key.as_str()) && !referenced {
                unused.entry(key).or_default().push(defined);
            }
        }
    }
    for (key, places) in unused {
        for d in places {
            let mut at = Location::file(&d.file);
            at.line = Some(d.line);
            at.column = Some(1);
            diags.warning(&CheckError::UnusedKey(key.to_string()), at);
        }
    }
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if enc.write_all(bytes).is_err() {
        return bytes.len();
    }
    enc.finish().map(|v| v.len()).unwrap_or(bytes.len())
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

/// Each page's HTML + CSS, gzipped, against the budget.
fn budget_checks(files: &BTreeMap<String, OutputFile>, budget_kb: f64, diags: &mut Diagnostics) {
    let mut css_sizes: HashMap<String, usize> = HashMap::new();
    for (path, file) in files {
        let Some(source) = &file.source else { continue };
        if !path.ends_with(".html") {
            continue;
        }
        let Ok(bytes) = file.read() else { continue };
        let html = String::from_utf8_lossy(&bytes);
        let mut total = gzip_len(&bytes);
        for css in stylesheets(&html, path) {
            let size = *css_sizes.entry(css.clone()).or_insert_with(|| {
                files
                    .get(&css)
                    .and_then(|f| f.read().ok())
                    .map_or(0, |b| gzip_len(&b))
            });
            total += size;
        }
        let kb = total as f64 / 1024.0;
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
}

/// Per page: (output path, HTML gzip bytes, CSS gzip bytes), for reports and benchmarks.
pub fn page_weights(files: &BTreeMap<String, OutputFile>) -> Vec<(String, usize, usize)> {
    let mut css_sizes: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (path, file) in files {
        if !path.ends_with(".html") {
            continue;
        }
        let Ok(bytes) = file.read() else { continue };
        let html = String::from_utf8_lossy(&bytes);
        let css: usize = stylesheets(&html, path)
            .into_iter()
            .map(|c| {
                *css_sizes.entry(c.clone()).or_insert_with(|| {
                    files
                        .get(&c)
                        .and_then(|f| f.read().ok())
                        .map_or(0, |b| gzip_len(&b))
                })
            })
            .sum();
        out.push((path.clone(), gzip_len(&bytes), css));
    }
    out
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
