//! Headings: their ids (from the text, unique in the page) and the table of contents.

use std::collections::HashSet;

/// The ids of a page so far (FxHash: a page's few short ids hash faster than with SipHash).
pub(super) type IdSet = HashSet<String, std::hash::BuildHasherDefault<crate::search::FxHasher>>;

use pulldown_cmark::HeadingLevel;

use super::TocEntry;

/// The number of a heading level (`H2` → 2).
pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// h2 entries with their h3 children (deeper headings are left out; an h3 before any h2 becomes
/// a top entry).
pub(super) fn build_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        match level {
            2 => toc.push(entry),
            3 => match toc.last_mut() {
                Some(parent) if parent.level == 2 => parent.children.push(entry),
                _ => toc.push(entry),
            },
            _ => {}
        }
    }
    toc
}

/// A heading id from its text: lowercase, letters and digits of any script kept, everything
/// else folded into single dashes. "¿Qué es el asilo?" → "qué-es-el-asilo".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == '.' {
            dash = true;
        }
        // other punctuation and marks are dropped
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// `base`, or `base-1`, `base-2`… when the page already has it.
pub(super) fn unique_id(base: &str, used: &mut IdSet) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut n = 1;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}
