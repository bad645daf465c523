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

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

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

/// Folds text for matching. Keep in step with `fold` in themes/default/static/app.js.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
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

/// The folded words of a text, two characters or longer. An Arabic word with the article
/// (الطوارئ) is also indexed without it (طوارئ), so either form finds it.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    let long_enough = |w: &str| w.len() >= 4 || w.chars().nth(1).is_some();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(move |w| long_enough(w))
        .map(fold)
        .filter(move |w| long_enough(w))
        .flat_map(|w| {
            let bare = w
                .strip_prefix("\u{0627}\u{0644}")
                .filter(|rest| rest.chars().count() >= 2)
                .map(str::to_string);
            std::iter::once(w).chain(bare)
        })
}

/// The text of rendered HTML for indexing: tags and entities (`&amp;`) become spaces.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                in_entity = true;
                out.push(' ');
            }
            ';' if in_entity => in_entity = false,
            c if in_entity && (c.is_ascii_alphanumeric() || c == '#') => {}
            c => {
                in_entity = false;
                out.push(c);
            }
        }
    }
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
/// `terms[page][version language]`.
pub type SiteTerms = Vec<Vec<Option<Terms>>>;

#[derive(Serialize)]
struct Index<'a> {
    pages: Vec<(&'a str, &'a str, String)>,
    terms: BTreeMap<&'a str, Vec<u32>>,
}

/// The words of one version (one file), each with its best weight: 3 in the title, 2 in the
/// description and headings, 1 in the body. Computed once per file, shared by every language
/// that shows it.
pub fn version_terms(v: &Version) -> Terms {
    let mut best: FxMap<String, u32> = FxMap::default();
    let mut add = |text: &str, weight: u32| {
        for t in terms(text) {
            let w = best.entry(t).or_insert(0);
            *w = (*w).max(weight);
        }
    };
    add(&v.front.title, 3);
    add(v.front.description.as_deref().unwrap_or(""), 2);
    for h in &v.doc.toc {
        add(&h.title, 2);
        for c in &h.children {
            add(&c.title, 2);
        }
    }
    for part in &v.doc.parts {
        if let Part::Html(h) = part {
            add(&html_text(h), 1);
        }
    }
    let mut list: Terms = best.into_iter().collect();
    list.sort_unstable();
    list
}

/// `terms[page][version language]` for every version, in parallel.
pub fn all_terms(site: &Site) -> SiteTerms {
    site.pages
        .par_iter()
        .map(|p| {
            p.versions
                .iter()
                .map(|v| v.as_ref().map(version_terms))
                .collect()
        })
        .collect()
}

/// The search index of one language, as JSON, from `all_terms`.
pub fn index(site: &Site, lang: usize, terms: &SiteTerms) -> String {
    let prefix = format!("/{}/", site.config.languages[lang].code);
    let mut pages = Vec::with_capacity(site.pages.len());
    let mut postings: FxMap<&str, Vec<u32>> = FxMap::default();
    for (i, page) in site.pages.iter().enumerate() {
        let v = page.shown_version(lang);
        let f = &v.front;
        let url = page.urls[lang]
            .strip_prefix(&prefix)
            .unwrap_or(&page.urls[lang])
            .to_string();
        pages.push((
            f.title.trim(),
            f.description.as_deref().unwrap_or("").trim(),
            url,
        ));
        if let Some(list) = terms
            .get(i)
            .and_then(|t| t.get(page.shown[lang]))
            .and_then(Option::as_ref)
        {
            for (term, weight) in list {
                let p = postings.entry(term.as_str()).or_default();
                p.push(i as u32);
                p.push(*weight);
            }
        }
    }
    let index = Index {
        pages,
        terms: postings.into_iter().collect(),
    };
    serde_json::to_string(&index).unwrap_or_else(|_| "{}".into())
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
    fn folding_normalises_arabic() {
        // hamza on alef, harakat, tatweel, alef maqsura, teh marbuta
        assert_eq!(fold("أَمان"), fold("امان"));
        assert_eq!(fold("إسعاف"), fold("اسعاف"));
        assert_eq!(fold("اللـجوء"), fold("اللجوء"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("مساعدة"), fold("مساعده"));
        assert_eq!(fold("الطوارىء"), fold("الطوارئ"));
        let t: Vec<String> = terms("أرقام الطوارئ").collect();
        assert!(t.contains(&fold("طوارئ")), "{t:?}");
    }

    #[test]
    fn terms_split_on_punctuation() {
        let t: Vec<String> = terms("¿Qué es el asilo? COMAR, 30 días.").collect();
        assert_eq!(t, ["que", "es", "el", "asilo", "comar", "30", "dias"]);
        assert_eq!(
            html_text("<p>a &amp; <b>b&#39;s</b> &lt;c&gt;</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "b", "s", "c"]
        );
    }
}
