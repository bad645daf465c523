//! The smaller sections of `site.yaml`, their types and checks: `kiosk:`, `zim:`,
//! `readability:`, `quick_exit:` and `directory:`.

use serde::Deserialize;

use super::raw::{RawKiosk, RawReadability, RawZim};
use super::{ConfigError, Kiosk, Language};
use crate::diag::{Diagnostics, Location};

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

/// `kiosk:`: the idle reset and its warning, with their lower bounds.
pub(super) fn kiosk_settings(
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
pub(super) fn zim_config(raw: Option<RawZim>, diags: &mut Diagnostics, at: Location) -> ZimConfig {
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
pub(super) fn readability_config(
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
