//! The taxonomies (`tags`, `countries`): per reader language, the terms of the pages shown in
//! it, each with its pages in display order. A term's URL segment is made from its name;
//! two different names that would share one address (`C++` and `C`), or a name with no letter
//! or digit (`..`), are errors naming the pages, never a silent merge.

use std::collections::BTreeMap;

use super::slug::{has_letters, url_segment};
use super::{ContentError, Page, PageId, TAXONOMIES, Taxonomy, Term};
use crate::config::Config;
use crate::diag::{Diagnostics, display_path};
use crate::lang::{Lang, PerLang};

/// Builds the taxonomies from the shown versions of pages (not sections). `order` gives each
/// page's place among all pages (see `assemble::sort_key`).
pub(crate) fn build(
    pages: &[Page],
    config: &Config,
    order: &[usize],
    diags: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for (name, segment) in TAXONOMIES {
        let mut terms = Vec::with_capacity(config.languages.len());
        for lang in config.langs() {
            terms.push(terms_in(pages, lang, name, segment, order, diags));
        }
        taxonomies.push(Taxonomy {
            name,
            segment,
            terms: PerLang::from_vec(terms),
        });
    }
    taxonomies
}

fn terms_in(
    pages: &[Page],
    lang: Lang,
    name: &'static str,
    segment: &'static str,
    order: &[usize],
    diags: &mut Diagnostics,
) -> Vec<Term> {
    // slug → (the term, the file that first used the name)
    let mut map: BTreeMap<String, (Term, String)> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if p.is_section {
            continue;
        }
        let version = p.shown_version(lang);
        let front = &version.front;
        let list = if name == "tags" {
            &front.tags
        } else {
            &front.countries
        };
        for t in list.iter().flatten() {
            let term_name = t.trim();
            let slug = url_segment(term_name);
            // Problems are found in every language the page is shown in; the same diagnostic
            // twice is reported once.
            if !has_letters(&slug) {
                diags.error(
                    &ContentError::EmptyTerm {
                        taxonomy: name,
                        name: term_name.to_string(),
                    },
                    version.key_location(name),
                );
                continue;
            }
            let file = display_path(&version.file);
            let (term, first_file) = map.entry(slug.clone()).or_insert_with(|| {
                (
                    Term {
                        name: term_name.to_string(),
                        slug: slug.clone(),
                        pages: Vec::new(),
                    },
                    file.clone(),
                )
            });
            if term.name.to_lowercase() != term_name.to_lowercase() {
                diags.error(
                    &ContentError::TermClash(Box::new(super::error::TermClash {
                        taxonomy: name,
                        segment,
                        slug,
                        a: term.name.clone(),
                        a_file: first_file.clone(),
                        b: term_name.to_string(),
                        b_file: file,
                    })),
                    version.key_location(name),
                );
                continue;
            }
            if !term.pages.contains(&i) {
                term.pages.push(i);
            }
        }
    }
    let mut list: Vec<Term> = map.into_values().map(|(t, _)| t).collect();
    for t in &mut list {
        t.pages.sort_by_key(|&p: &PageId| order[p]);
    }
    list
}
