//! `@/` links between pages: each link written in a page (`@/rights/asylum.md#steps`, or
//! `@/rights/asylum.en.md` for one language) is resolved to the page it names, and its anchor
//! checked in the version the author can see. A link to a page that does not exist, that is
//! a draft, or whose file failed to load (reported once, where it failed) is an error here.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::walk::identity_of;
use super::{ContentError, Page, PageId, Resolved, Version};
use crate::config::Config;
use crate::diag::Diagnostics;

/// What a link may point at.
pub(crate) struct Targets<'a> {
    pub pages: &'a [Page],
    pub by_path: &'a HashMap<String, PageId>,
    /// Identities whose files failed to load (their errors are reported already).
    pub failed: &'a HashSet<String>,
    /// Identities left out as drafts.
    pub drafts: &'a HashSet<String>,
}

pub(crate) fn resolve_link(
    raw: &str,
    anchor: Option<&str>,
    from: &Version,
    index: usize,
    targets: &Targets,
    config: &Config,
    diags: &mut Diagnostics,
) -> Resolved {
    let pages = targets.pages;
    // Where the link is, for an error: computed only when there is one.
    let at = || from.at_body_offset(from.doc.links[index].offset);
    let decoded = crate::html::percent_decode(raw);
    let path = decoded.trim();
    if !path.ends_with(".md")
        || path.starts_with('/')
        || path
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
    {
        diags.error(&ContentError::BadLinkPath(raw.to_string()), at());
        return None;
    }
    let (identity, _, lang, _) = match identity_of(Path::new(path), config) {
        Ok(x) => x,
        Err(_) => {
            diags.error(&ContentError::BrokenLink(raw.to_string()), at());
            return None;
        }
    };
    let explicit_lang = path
        .strip_suffix(".md")
        .and_then(|s| s.rsplit_once('.'))
        .is_some_and(|(_, suffix)| config.language_index(suffix).is_some());
    let Some(&target) = targets.by_path.get(&identity) else {
        if targets.drafts.contains(&identity) {
            diags.error(&ContentError::LinkToDraft(raw.to_string()), at());
        } else if !targets.failed.contains(&identity) {
            diags.error(&ContentError::BrokenLink(raw.to_string()), at());
        }
        return None;
    };
    if explicit_lang && pages[target].versions[lang].is_none() {
        diags.error(&ContentError::BrokenLink(raw.to_string()), at());
        return None;
    }
    if let Some(anchor) = anchor {
        // The anchor must exist where the author can see it: in the version of the target
        // shown in the language the link is written in.
        let reader = if explicit_lang { lang } else { from.lang };
        let shown = pages[target].shown_version(reader);
        if !shown.doc.has_id(anchor) {
            diags.error(
                &ContentError::MissingAnchor {
                    page: crate::diag::display_path(&shown.file),
                    anchor: anchor.to_string(),
                },
                at(),
            );
        }
    }
    Some((target, explicit_lang.then_some(lang)))
}

/// Resolves every link of `version` (just parsed, or being updated in place).
pub(crate) fn resolve_all(
    version: &Version,
    targets: &Targets,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<Resolved> {
    version
        .doc
        .links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            resolve_link(
                &link.path,
                link.anchor.as_deref(),
                version,
                i,
                targets,
                config,
                diags,
            )
        })
        .collect()
}
