//! Search without a server: for each language, an index built at build time and fetched only
//! when someone searches, plus the A–Z list of topics that the search page shows (and that is
//! all a reader without JavaScript gets).
//!
//! Words are folded the same way here and in the browser (`app.js`): lowercase, NFD, combining
//! marks removed (so asilo = Asilo = ASÍLO), and Arabic normalised (hamza forms of alef, waw and
//! yeh to the bare letter, alef maqsura to yeh, teh marbuta to heh, tatweel and harakat removed).
//!
//! The index (`/LANG/search.HASH.json`) is `{"pages": [[title, description, url]], "terms":
//! {term: [page, weight, page, weight, ...]}}`, weight 3 for the title, 2 for description and
//! headings, 1 for the body; `url` is relative to the language's folder.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{PageId, Site, Version};
use crate::markdown::Part;

/// Is this a combining mark removed by folding (Latin, Greek, Cyrillic, Hebrew, Arabic)?
fn is_removed_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Latin-1 letters folded the way NFD + mark removal + lowercase folds them (checked against
/// Python's unicodedata), so most Spanish, French and Creole words skip the normaliser.
fn fold_latin1(c: char) -> Option<char> {
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' | '0'..='9' => c,
        '\u{00C0}'..='\u{00C5}' | '\u{00E0}'..='\u{00E5}' => 'a',
        '\u{00C6}' | '\u{00E6}' => 'æ',
        '\u{00C7}' | '\u{00E7}' => 'c',
        '\u{00C8}'..='\u{00CB}' | '\u{00E8}'..='\u{00EB}' => 'e',
        '\u{00CC}'..='\u{00CF}' | '\u{00EC}'..='\u{00EF}' => 'i',
        '\u{00D0}' | '\u{00F0}' => 'ð',
        '\u{00D1}' | '\u{00F1}' => 'n',
        '\u{00D2}'..='\u{00D6}' | '\u{00F2}'..='\u{00F6}' => 'o',
        '\u{00D8}' | '\u{00F8}' => 'ø',
        '\u{00D9}'..='\u{00DC}' | '\u{00F9}'..='\u{00FC}' => 'u',
        '\u{00DD}' | '\u{00FD}' | '\u{00FF}' => 'y',
        '\u{00DE}' | '\u{00FE}' => 'þ',
        '\u{00DF}' => 'ß',
        _ => return None,
    })
}

/// Folds text for matching. Keep in step with `fold` in themes/default/static/app.js.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if let Some(folded) = text.chars().map(fold_latin1).collect::<Option<String>>() {
        return folded;
    }
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut out = String::with_capacity(nfd.len());
    for c in nfd.chars() {
        if is_removed_mark(c) {
            continue;
        }
        match c {
            '\u{0649}' => out.push('\u{064A}'), // alef maqsura → yeh
            '\u{0629}' => out.push('\u{0647}'), // teh marbuta → heh
            '\u{0621}' => {}                    // a hamza on the line: written or not
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Calls `emit` with each folded word of `text`, two characters or longer; with `html`, tags
/// and entities (`&amp;`) are skipped. An Arabic word with the article (الطوارئ) is also given
/// without it (طوارئ), so either form finds it. One pass, no allocation per ASCII word.
pub fn each_term(text: &str, html: bool, emit: &mut impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    let mut ascii = true;
    let mut flush = |word: &mut String, ascii: &mut bool| {
        if word.len() >= 2 {
            if *ascii {
                emit(word);
            } else {
                let folded = fold(word);
                let mut chars = folded.chars();
                if chars.next().is_some() && chars.next().is_some() {
                    emit(&folded);
                    if let Some(bare) = folded.strip_prefix("\u{0627}\u{0644}")
                        && bare.chars().nth(1).is_some()
                    {
                        emit(bare);
                    }
                }
            }
        }
        word.clear();
        *ascii = true;
    };
    let (mut in_tag, mut in_entity) = (false, false);
    for c in text.chars() {
        if html {
            if in_tag {
                in_tag = c != '>';
                continue;
            }
            if in_entity {
                if c == ';' {
                    in_entity = false;
                    continue;
                }
                if c.is_ascii_alphanumeric() || c == '#' {
                    continue;
                }
                in_entity = false;
            }
            if c == '<' || c == '&' {
                flush(&mut word, &mut ascii);
                in_tag = c == '<';
                in_entity = c == '&';
                continue;
            }
        }
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut word, &mut ascii);
            }
        } else if c.is_alphanumeric() {
            word.push(c);
            ascii = false;
        } else {
            flush(&mut word, &mut ascii);
        }
    }
    flush(&mut word, &mut ascii);
}

/// The folded words of a text (see `each_term`).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, false, &mut |w| out.push(w.to_string()));
    out
}

/// FxHash (rustc's hasher): fast for the many short words of the index; order never leaks
/// into the output (terms are sorted).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The words of one file, with their weights.
pub type Terms = Vec<(String, u32)>;

/// A file's words as (word number, weight).
pub type Numbered = Vec<(u32, u32)>;

/// The words of every file, by number: `vocab` is the whole site's sorted vocabulary, and
/// `files[page][version language]` lists (word number, weight) for each file.
#[derive(Debug, Clone, Default)]
pub struct SiteTerms {
    pub vocab: Vec<String>,
    pub files: Vec<Vec<Option<Numbered>>>,
}

/// The words of one version (one file), each with its best weight: 3 in the title, 2 in the
/// description and headings, 1 in the body. Computed once per file, shared by every language
/// that shows it.
pub fn version_terms(v: &Version) -> Terms {
    let mut best: FxMap<String, u32> = FxMap::default();
    let mut add = |text: &str, html: bool, weight: u32| {
        each_term(text, html, &mut |t| match best.get_mut(t) {
            Some(w) => *w = (*w).max(weight),
            None => {
                best.insert(t.to_string(), weight);
            }
        });
    };
    add(&v.front.title, false, 3);
    add(v.front.description.as_deref().unwrap_or(""), false, 2);
    for h in &v.doc.toc {
        add(&h.title, false, 2);
        for c in &h.children {
            add(&c.title, false, 2);
        }
    }
    for part in &v.doc.parts {
        if let Part::Html(h) = part {
            add(h, true, 1);
        }
    }
    best.into_iter().collect()
}

/// Every file's words, numbered against one vocabulary (in parallel).
pub fn all_terms(site: &Site) -> SiteTerms {
    let raw: Vec<Vec<Option<Terms>>> = site
        .pages
        .par_iter()
        .map(|p| {
            p.versions
                .iter()
                .map(|v| v.as_ref().map(version_terms))
                .collect()
        })
        .collect();
    // The vocabulary: the distinct words of all files (sets merged in parallel), sorted.
    let words: FxMap<&str, ()> = raw
        .par_iter()
        .fold(FxMap::default, |mut set: FxMap<&str, ()>, versions| {
            for t in versions.iter().flatten() {
                for (w, _) in t {
                    set.insert(w.as_str(), ());
                }
            }
            set
        })
        .reduce(FxMap::default, |mut a, b| {
            if a.len() < b.len() {
                return b.into_iter().fold(a, |mut acc, (k, v)| {
                    acc.insert(k, v);
                    acc
                });
            }
            a.extend(b);
            a
        });
    let mut vocab: Vec<&str> = words.into_keys().collect();
    vocab.par_sort_unstable();
    let ids: FxMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, i as u32))
        .collect();
    let files = raw
        .par_iter()
        .map(|versions| {
            versions
                .iter()
                .map(|t| {
                    t.as_ref().map(|t| {
                        let mut list: Numbered = t
                            .iter()
                            .filter_map(|(w, weight)| ids.get(w.as_str()).map(|id| (*id, *weight)))
                            .collect();
                        list.sort_unstable();
                        list
                    })
                })
                .collect()
        })
        .collect();
    SiteTerms {
        vocab: vocab.into_iter().map(str::to_string).collect(),
        files,
    }
}

fn push_json_str(out: &mut String, s: &str) {
    // serde_json escapes exactly as JSON needs; writing into a String cannot fail.
    if let Ok(quoted) = serde_json::to_string(s) {
        out.push_str(&quoted);
    }
}

/// The search index of one language, as JSON, from `all_terms`.
pub fn index(site: &Site, lang: usize, terms: &SiteTerms) -> String {
    use std::fmt::Write as _;
    let prefix = format!("/{}/", site.config.languages[lang].code);
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); terms.vocab.len()];
    let mut out = String::with_capacity(site.pages.len() * 200);
    out.push_str("{\"pages\":[");
    for (i, page) in site.pages.iter().enumerate() {
        let v = page.shown_version(lang);
        let f = &v.front;
        let url = page.urls[lang]
            .strip_prefix(&prefix)
            .unwrap_or(&page.urls[lang]);
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_str(&mut out, f.title.trim());
        out.push(',');
        push_json_str(&mut out, f.description.as_deref().unwrap_or("").trim());
        out.push(',');
        push_json_str(&mut out, url);
        out.push(']');
        if let Some(list) = terms
            .files
            .get(i)
            .and_then(|t| t.get(page.shown[lang]))
            .and_then(Option::as_ref)
        {
            for (id, weight) in list {
                let p = &mut postings[*id as usize];
                p.push(i as u32);
                p.push(*weight);
            }
        }
    }
    out.push_str("],\"terms\":{");
    let mut first = true;
    for (id, list) in postings.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        push_json_str(&mut out, &terms.vocab[id]);
        out.push_str(":[");
        for (k, n) in list.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let _ = write!(out, "{n}");
        }
        out.push(']');
    }
    out.push_str("}}");
    out
}

/// The A–Z list: (letter, pages) sorted by folded title in the reader's language.
pub fn a_to_z(site: &Site, lang: usize) -> Vec<(String, Vec<PageId>)> {
    let mut titled: Vec<(String, PageId)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let title = p.shown_version(lang).front.title.trim().to_string();
            // Sort by the first letter or digit (titles may start with ¿ or «).
            let key: String = fold(title.trim_start_matches(|c: char| !c.is_alphanumeric()));
            (key, i)
        })
        .collect();
    titled.sort();
    let mut groups: Vec<(String, Vec<PageId>)> = Vec::new();
    for (key, id) in titled {
        let letter: String = key
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_else(|| "#".into());
        match groups.last_mut() {
            Some((l, ids)) if *l == letter => ids.push(id),
            _ => groups.push((letter, vec![id])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("ASÍLO"), "asilo");
        assert_eq!(fold("Asilo"), fold("asílo"));
        assert_eq!(fold("Niñez"), "ninez");
        assert_eq!(fold("Kreyòl"), "kreyol");
    }

    #[test]
    fn the_latin1_fast_path_agrees_with_the_normaliser() {
        for cp in 0xC0u32..=0xFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !c.is_alphanumeric() {
                continue;
            }
            let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
                .normalize(&c.to_string())
                .into_owned();
            let slow: String = nfd
                .chars()
                .filter(|c| !is_removed_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold_latin1(c).map(String::from), Some(slow), "{c}");
        }
    }

    #[test]
    fn folding_normalises_arabic() {
        // hamza on alef, harakat, tatweel, alef maqsura, teh marbuta
        assert_eq!(fold("أَمان"), fold("امان"));
        assert_eq!(fold("إسعاف"), fold("اسعاف"));
        assert_eq!(fold("اللـجوء"), fold("اللجوء"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("مساعدة"), fold("مساعده"));
        assert_eq!(fold("الطوارىء"), fold("الطوارئ"));
        let t: Vec<String> = terms("أرقام الطوارئ");
        assert!(t.contains(&fold("طوارئ")), "{t:?}");
    }

    #[test]
    fn terms_split_on_punctuation() {
        let t: Vec<String> = terms("¿Qué es el asilo? COMAR, 30 días.");
        assert_eq!(t, ["que", "es", "el", "asilo", "comar", "30", "dias"]);
        let mut html = Vec::new();
        each_term(
            "<p>an &amp; <b>bb&#39;ss</b> &lt;cc&gt;<a href=\"x\">dd</a></p>",
            true,
            &mut |w| html.push(w.to_string()),
        );
        assert_eq!(html, ["an", "bb", "ss", "cc", "dd"]);
    }
}
