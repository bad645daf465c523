//! Parsed files → the site model, in named steps (each a function below, in this order):
//! 1. `group`: files by identity, one version per language (two files for one page and
//!    language, or a page and a section at one address, are errors);
//! 2. `keep_published`: drafts out unless asked (a draft source hides its translations);
//!    pages without a default-language version refused, unless that file failed to load;
//! 3. `link_parents`: the home page first, each page under its nearest section, children in
//!    display order (weight, newest date, title, path);
//! 4. `place`: for every page and reader language, the version shown (the language itself or
//!    the first of its fallback chain that has one) and its URL; two pages at one URL, or a
//!    page where a taxonomy lives, are errors;
//! 5. `resolve_links`: every `@/` link of every version (see `links`);
//! 6. the taxonomies (see `taxonomy`), and the config's own references to pages (the quick
//!    exit's safety page).
//!
//! `update` (serve) reuses steps 5 and 6 for one edited file, so serve and build report the
//! same problems.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::links::{Targets, resolve_all};
use super::parse::Parsed;
use super::slug::url_segment;
use super::walk::CONTENT_DIR;
use super::{ContentError, Page, PageId, Site, TAXONOMIES, Version};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostics, Location, display_path};
use crate::lang::{Lang, PerLang};

/// Builds the site from its parsed files (`failed`: identities whose files could not be read).
pub(crate) fn assemble(
    root: &Path,
    config: Config,
    parsed: Vec<Parsed>,
    failed: HashSet<String>,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let groups = group(&config, parsed, diags);
    let (mut pages, hidden_drafts) = keep_published(&config, groups, &failed, drafts, diags);
    let Some(home) = pages.iter().position(|p| p.path.is_empty() && p.is_section) else {
        if !failed.contains("") {
            diags.error(&ContentError::NoHome, Location::file(CONTENT_DIR));
        }
        return None;
    };
    pages.swap(0, home);
    let mut by_path: HashMap<String, PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.clone(), i))
        .collect();
    let order = link_parents(&mut pages, &by_path, config.default_language);
    place(&mut pages, &config, diags);
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages: Vec::new(),
        by_path: HashMap::new(),
        taxonomies: Vec::new(),
        failed,
        hidden_drafts,
        reserved_ids: Vec::new(),
        bodies: super::Bodies::Kept,
    };
    resolve_links(&mut pages, &by_path, &site, diags);
    site.taxonomies = super::taxonomy::build(&pages, &site.config, &order, diags);
    by_path.shrink_to_fit();
    site.pages = pages;
    site.by_path = by_path;
    check_config_pages(&site, diags);
    Some(site)
}

pub(super) type Groups = BTreeMap<String, (bool, PerLang<Option<Version>>)>;

/// Step 1: files by identity.
pub(super) fn group(config: &Config, parsed: Vec<Parsed>, diags: &mut Diagnostics) -> Groups {
    let mut groups: Groups = BTreeMap::new();
    for p in parsed {
        let entry = groups.entry(p.identity.clone()).or_insert_with(|| {
            (
                p.is_section,
                config.langs().map(|_| None).collect::<PerLang<_>>(),
            )
        });
        if entry.0 != p.is_section {
            diags.error(
                &ContentError::DuplicateUrl(
                    format!("/{}/", p.identity),
                    "a page".into(),
                    "a section (_index.md)".into(),
                ),
                Location::file(&p.version.file),
            );
            continue;
        }
        let lang = p.version.lang;
        if let Some(existing) = &entry.1[lang] {
            diags.error(
                &ContentError::DuplicateVersion(
                    display_path(&existing.file),
                    display_path(&p.version.file),
                ),
                Location::file(&p.version.file),
            );
            continue;
        }
        entry.1[lang] = Some(p.version);
    }
    groups
}

/// Step 2: drafts out, pages without a source refused. Returns the pages and the identities
/// left out as drafts.
pub(super) fn keep_published(
    config: &Config,
    groups: Groups,
    failed: &HashSet<String>,
    drafts: bool,
    diags: &mut Diagnostics,
) -> (Vec<Page>, HashSet<String>) {
    let default = config.default_language;
    let mut pages: Vec<Page> = Vec::with_capacity(groups.len());
    let mut hidden_drafts: HashSet<String> = HashSet::new();
    for (path, (is_section, mut versions)) in groups {
        let source_is_draft = versions[default]
            .as_ref()
            .is_some_and(|v| v.front.draft == Some(true));
        if !drafts {
            for v in versions.iter_mut() {
                if v.as_ref().is_some_and(|v| v.front.draft == Some(true)) {
                    *v = None;
                }
            }
        }
        if versions[default].is_none() {
            if source_is_draft {
                hidden_drafts.insert(path);
            } else if !failed.contains(&path)
                && let Some(v) = versions.iter().flatten().next()
            {
                diags.error(
                    &ContentError::NoSource(
                        if path.is_empty() {
                            "/".into()
                        } else {
                            path.clone()
                        },
                        config.code(default).to_string(),
                    ),
                    Location::file(&v.file),
                );
            }
            continue;
        }
        pages.push(Page {
            path,
            is_section,
            parent: None,
            versions,
            pages: Vec::new(),
            subsections: Vec::new(),
            shown: PerLang::default(),
            urls: PerLang::default(),
        });
    }
    (pages, hidden_drafts)
}

/// The display order of a page among its siblings: weight (unset last), newest date first,
/// title, path.
type SortKey = (i64, std::cmp::Reverse<Option<Date>>, String, String);

pub(crate) fn sort_key(p: &Page, default: Lang) -> SortKey {
    let v = p.source(default);
    (
        v.front.weight.unwrap_or(i64::MAX),
        std::cmp::Reverse(v.front.date),
        v.front.title.to_lowercase(),
        p.path.clone(),
    )
}

/// Each page's rank in display order among all pages (for ordering any list of pages).
pub(crate) fn display_order(pages: &[Page], default: Lang) -> Vec<usize> {
    let keys: Vec<SortKey> = pages.iter().map(|p| sort_key(p, default)).collect();
    let mut ids: Vec<PageId> = (0..pages.len()).collect();
    ids.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    let mut rank = vec![0; pages.len()];
    for (r, id) in ids.into_iter().enumerate() {
        rank[id] = r;
    }
    rank
}

/// Step 3: parents, children in display order. Returns the display order.
fn link_parents(
    pages: &mut [Page],
    by_path: &HashMap<String, PageId>,
    default: Lang,
) -> Vec<usize> {
    for i in 1..pages.len() {
        let mut parent_path = pages[i].path.as_str();
        let parent = loop {
            parent_path = parent_path.rsplit_once('/').map_or("", |(p, _)| p);
            if let Some(&p) = by_path.get(parent_path)
                && pages[p].is_section
            {
                break p;
            }
            if parent_path.is_empty() {
                break 0;
            }
        };
        pages[i].parent = Some(parent);
    }
    for i in 1..pages.len() {
        if let Some(parent) = pages[i].parent {
            if pages[i].is_section {
                pages[parent].subsections.push(i);
            } else {
                pages[parent].pages.push(i);
            }
        }
    }
    let order = display_order(pages, default);
    for p in pages.iter_mut() {
        p.pages.sort_by_key(|&c| order[c]);
        p.subsections.sort_by_key(|&c| order[c]);
    }
    order
}

/// Step 4: the version shown and the URL, per page and reader language; clashes reported.
fn place(pages: &mut [Page], config: &Config, diags: &mut Diagnostics) {
    // Parents come before children when processed by depth.
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by_key(|&i| {
        (
            pages[i].path.matches('/').count() + usize::from(!pages[i].path.is_empty()),
            i,
        )
    });
    for &i in &order {
        let mut shown = Vec::with_capacity(config.languages.len());
        let mut urls = Vec::with_capacity(config.languages.len());
        for lang in config.langs() {
            let s = config
                .chain(lang)
                .find(|&l| pages[i].versions[l].is_some())
                .unwrap_or(config.default_language);
            shown.push(s);
            let url = match pages[i].parent {
                None => crate::routes::home_url(config, lang),
                Some(parent) => {
                    let slug = pages[i].versions[s]
                        .as_ref()
                        .and_then(|v| v.front.slug.as_deref())
                        .map(|s| s.trim().to_string())
                        .unwrap_or_else(|| {
                            url_segment(pages[i].path.rsplit('/').next().unwrap_or(""))
                        });
                    crate::routes::child_url(&pages[parent].urls[lang], &slug)
                }
            };
            urls.push(url);
        }
        pages[i].shown = PerLang::from_vec(shown);
        pages[i].urls = PerLang::from_vec(urls);
    }

    let default = config.default_language;
    let mut seen: HashMap<&str, PageId> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        for url in &p.urls {
            match seen.get(url.as_str()) {
                Some(&other) if other != i => diags.error(
                    &ContentError::DuplicateUrl(
                        url.clone(),
                        display_path(&pages[other].source(default).file),
                        display_path(&p.source(default).file),
                    ),
                    Location::file(&p.source(default).file),
                ),
                Some(_) => {}
                None => {
                    seen.insert(url, i);
                }
            }
        }
    }
    // Taxonomy folders must not clash with content.
    for (_, segment) in TAXONOMIES {
        for lang in &config.languages {
            let url = format!("/{}/{segment}/", lang.code);
            if let Some(&i) = seen.get(url.as_str()) {
                diags.error(
                    &ContentError::TaxonomyClash(url),
                    Location::file(&pages[i].source(default).file),
                );
            }
        }
    }
}

/// Step 5: every link of every version.
fn resolve_links(
    pages: &mut [Page],
    by_path: &HashMap<String, PageId>,
    site: &Site,
    diags: &mut Diagnostics,
) {
    let resolved: Vec<Vec<Vec<_>>> = {
        let targets = Targets {
            pages: &*pages,
            by_path,
            failed: &site.failed,
            drafts: &site.hidden_drafts,
        };
        pages
            .iter()
            .map(|p| {
                p.versions
                    .iter()
                    .map(|v| match v {
                        None => Vec::new(),
                        Some(v) => resolve_all(v, &targets, &site.config, diags),
                    })
                    .collect()
            })
            .collect()
    };
    for (p, per_lang) in pages.iter_mut().zip(resolved) {
        for (v, r) in p.versions.iter_mut().zip(per_lang) {
            if let Some(v) = v {
                v.resolved = r;
            }
        }
    }
}

/// Step 6: pages the config names must exist.
pub(crate) fn check_config_pages(site: &Site, diags: &mut Diagnostics) {
    let Some(safety) = site
        .config
        .quick_exit
        .as_ref()
        .and_then(|q| q.safety.as_deref())
    else {
        return;
    };
    let path = safety.trim().trim_start_matches("@/").trim_matches('/');
    let identity = path.strip_suffix(".md").unwrap_or(path);
    let identity = identity.strip_suffix("/_index").unwrap_or(identity);
    let identity = if identity == "_index" { "" } else { identity };
    if !site.by_path.contains_key(identity) && !site.failed.contains(identity) {
        diags.error(
            &ContentError::NoSafetyPage(safety.to_string()),
            site.config.at_key("safety"),
        );
    }
}
