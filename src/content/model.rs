//! The site model that every later stage reads and none changes: pages (one identity, a version
//! per language), the version each reader language is shown and its URL, resolved links, and
//! the taxonomies.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use super::ContentError;
use super::front::FrontMatter;
use crate::config::Config;
use crate::diag::{Location, Pending};
use crate::fs::SiteFiles;
use crate::lang::{Lang, PerLang};
use crate::markdown::Document;

pub type PageId = usize;

/// A resolved `@/` link: the target page and, if the link names one, its language.
pub type Resolved = Option<(PageId, Option<Lang>)>;

/// One file: one page in one language.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: Lang,
    /// Relative to the site root, e.g. `content/rights/asylum.en.md`.
    pub file: PathBuf,
    pub front: FrontMatter,
    /// The whole file text (BOM removed, line ends normalised), for snippets and hashes; empty
    /// in a build, which frees each text once its file is parsed (see `at_body_offset`).
    pub text: String,
    /// Byte offset of the body in the file's text.
    pub body_offset: usize,
    pub doc: Document,
    /// For each `doc.links[i]`: the page and, if the link names one, the language.
    pub resolved: Vec<Resolved>,
    /// For each `doc.images[i]`: its HTML for each reader language (made by `media`).
    pub images_html: Vec<PerLang<String>>,
    /// The page's recording or synthesised audio (made by `media`).
    pub audio: Option<std::sync::Arc<crate::media::Audio>>,
    /// The words the search index gives this file, taken while parsing.
    pub terms: crate::search::FileWords,
    /// The body has blocks `senda po import --partial` left in the source language.
    pub partial: bool,
    /// A fingerprint of the text, to tell that a file read again is the one parsed.
    pub fingerprint: u64,
    /// `doc` has the body and table of contents (else a build reads them back from the spill
    /// file, or parses the file again).
    pub body_kept: bool,
    /// Where the body is in the build's spill file, if it went there.
    pub spilled: Option<super::spill::Place>,
}

impl Version {
    /// The body's Markdown; empty once the text is freed.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }

    /// The text was freed after parsing: locations are found by reading the file again.
    fn text_freed(&self) -> bool {
        self.text.is_empty()
    }

    /// A location in the body, for diagnostics.
    pub fn at_body_offset(&self, offset: usize) -> Location {
        let offset = self.body_offset + offset;
        if self.text_freed() {
            return Location::pending(&self.file, Pending::Offset(offset));
        }
        Location::at_offset(&self.file, &self.text, offset)
    }

    /// Where a front-matter key is written (the first line if it is not).
    pub fn key_location(&self, key: &str) -> Location {
        if self.text_freed() {
            let place = Pending::Key {
                end: self.body_offset,
                key: key.to_string(),
            };
            return Location::pending(&self.file, place);
        }
        super::front::key_location(&self.file, &self.text, self.body_offset, key)
    }
}

/// A page identity (all its languages). Sections are pages with children.
#[derive(Debug, Clone)]
pub struct Page {
    /// `""` for the home page, `rights` for a section, `rights/asylum` for a page.
    pub path: String,
    pub is_section: bool,
    pub parent: Option<PageId>,
    pub versions: PerLang<Option<Version>>,
    /// For sections: their pages and subsections, in display order.
    pub pages: Vec<PageId>,
    pub subsections: Vec<PageId>,
    /// For each reader language: the language of the version shown.
    pub shown: PerLang<Lang>,
    /// For each reader language: the site-absolute URL (`/es/rights/asylum/`).
    pub urls: PerLang<String>,
}

impl Page {
    /// The version shown to a reader of `lang`.
    pub fn shown_version(&self, lang: Lang) -> &Version {
        // `shown` always names a language that has a version (the default one at least).
        match &self.versions[self.shown[lang]] {
            Some(v) => v,
            None => unreachable_version(),
        }
    }

    pub fn has_translation(&self, lang: Lang) -> bool {
        self.versions[lang].is_some()
    }

    /// The default-language version: every page has one.
    pub fn source(&self, default: Lang) -> &Version {
        match &self.versions[default] {
            Some(v) => v,
            None => unreachable_version(),
        }
    }
}

#[cold]
fn unreachable_version() -> ! {
    // Guaranteed by `assemble`: pages without a default-language version are rejected, and
    // `shown` only names languages that have a version.
    panic!("internal error: a page lost its default-language version")
}

/// A term of a taxonomy (`tags: [asylum]` → the term `asylum`) in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

/// `tags` or `countries`, per language.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: &'static str,
    /// In URLs: `/LANG/SEGMENT/TERM/`.
    pub segment: &'static str,
    /// Terms sorted by slug.
    pub terms: PerLang<Vec<Term>>,
}

/// The taxonomies: (front-matter key, URL segment). Countries use `by-country` so a content
/// section named `countries` stays free.
pub const TAXONOMIES: [(&str, &str); 2] = [("tags", "tags"), ("countries", "by-country")];

/// Everything the render stage needs, loaded and checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// `pages[0]` is the home page.
    pub pages: Vec<Page>,
    pub by_path: HashMap<String, PageId>,
    pub taxonomies: Vec<Taxonomy>,
    /// Identities whose files failed to load (their errors are reported already), so links to
    /// them are not reported again.
    pub failed: HashSet<String>,
    /// Identities left out as drafts, so links to them say so.
    pub hidden_drafts: HashSet<String>,
    /// The ids the theme uses, which headings may not take (for `update`).
    pub reserved_ids: Vec<String>,
    /// Where the rendered bodies are.
    pub bodies: Bodies,
}

/// Where the rendered bodies and tables of contents are: kept in the model (`serve`, `check`
/// and the tools), or, in a build, kept up to a budget (`BODY_BUDGET`) and beyond it taken out
/// of memory as soon as each file is parsed (its words, links and ids taken): written to a
/// temporary file (`spill`) and read back when the page is rendered, or, where that file
/// cannot be written, made again from the site's file (`Version::body_kept` and
/// `Version::spilled` tell which). The bodies are most of the model of a large site.
#[derive(Debug, Clone)]
pub enum Bodies {
    Kept,
    Reread(SiteFiles, Option<std::sync::Arc<super::spill::Spill>>),
}

impl Site {
    pub fn default_lang(&self) -> Lang {
        self.config.default_language
    }

    /// A version's document with its body and table of contents: the one parsed while loading
    /// (kept, or read back from the spill file), or the file parsed again (the same document,
    /// or an error if the file changed since).
    pub fn document<'a>(&self, v: &'a Version) -> Result<Cow<'a, Document>, ContentError> {
        match &self.bodies {
            Bodies::Reread(files, spill) if !v.body_kept => {
                if let (Some(spill), Some(place)) = (spill, v.spilled)
                    && let Some(doc) = spill.get(place, &v.doc)
                {
                    return Ok(Cow::Owned(doc));
                }
                super::parse::reparse(files, v, &self.config, &self.reserved_ids).map(Cow::Owned)
            }
            _ => Ok(Cow::Borrowed(&v.doc)),
        }
    }
}
