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

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{PageId, Site};
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
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut out = String::with_capacity(nfd.len());
    for c in nfd.chars() {
        if is_removed_mark(c) {
            continue;
        }
        match c {
            '\u{0649}' => out.push('\u{064A}'), // alef maqsura → yeh
            '\u{0629}' => out.push('\u{0647}'), // teh marbuta → heh
            '\u{0621}' => {}                     // a hamza on the line: written or not
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded words of a text, two characters or longer. An Arabic word with the article
/// (الطوارئ) is also indexed without it (طوارئ), so either form finds it.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(fold)
        .filter(|w| w.chars().count() >= 2)
        .flat_map(|w| {
            let bare = w
                .strip_prefix("\u{0627}\u{0644}")
                .filter(|rest| rest.chars().count() >= 2)
                .map(str::to_string);
            std::iter::once(w).chain(bare)
        })
}

/// The text of rendered HTML: tags dropped, the common entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[derive(Serialize)]
struct Index<'a> {
    pages: Vec<(&'a str, &'a str, String)>,
    terms: BTreeMap<String, Vec<u32>>,
}

/// The search index of one language, as JSON.
pub fn index(site: &Site, lang: usize) -> String {
    let prefix = format!("/{}/", site.config.languages[lang].code);
    let mut pages = Vec::with_capacity(site.pages.len());
    // term → page → best weight
    let mut postings: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
    for (i, page) in site.pages.iter().enumerate() {
        let v = page.shown_version(lang);
        let f = &v.front;
        let url = page.urls[lang]
            .strip_prefix(&prefix)
            .unwrap_or(&page.urls[lang])
            .to_string();
        let id = i as u32;
        pages.push((
            f.title.trim(),
            f.description.as_deref().unwrap_or("").trim(),
            url,
        ));
        let mut add = |text: &str, weight: u32| {
            for t in terms(text) {
                let w = postings.entry(t).or_default().entry(id).or_insert(0);
                *w = (*w).max(weight);
            }
        };
        add(&f.title, 3);
        add(f.description.as_deref().unwrap_or(""), 2);
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
    }
    let index = Index {
        pages,
        terms: postings
            .into_iter()
            .map(|(t, p)| (t, p.into_iter().flat_map(|(page, w)| [page, w]).collect()))
            .collect(),
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
            html_text("<p>a &amp; <b>b</b></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "&", "b"]
        );
    }
}
