//! `languages:` checked: each code a BCP 47 tag used once, each language's text direction,
//! and each fallback chain resolved (it always ends in the default language).

use std::str::FromStr;

use unic_langid::LanguageIdentifier;

use super::raw::RawLanguage;
use super::{ConfigError, Language};
use crate::diag::{Diagnostics, Location};
use crate::lang::{Lang, direction_of};

/// The languages of `site.yaml`, each code checked (BCP 47, no repeats); a bad one is left out
/// with its error.
pub(super) fn parse_languages(
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
pub(super) fn link_fallbacks(
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

/// Language codes become URL prefixes and file-name suffixes: letters, digits and `-` only.
fn valid_code_chars(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !code.starts_with('-')
}
