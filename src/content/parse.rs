//! One content file → one version of a page: read it (through `SiteFiles`), split and parse
//! its front matter, validate what later stages rely on (a title, a slug that is one segment,
//! a name that can become an address, aliases that stay on the site), render its body
//! (`markdown`), and turn the body's problems into diagnostics with file, line and column.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::front::{FRONT_MATTER_SCHEMA, FrontMatter, split_front_matter};
use super::slug::{clean_alias, has_letters, url_segment, valid_slug};
use super::spill::Spill;
use super::walk::{CONTENT_DIR, identity_of};
use super::{ContentError, Version};
use crate::config::Config;
use crate::diag::{Diagnostic, Location};
use crate::fs::SiteFiles;
use crate::markdown::{self, Problem, RenderOptions};
use crate::yaml;

/// Pages larger than this are refused: a real page is a few kilobytes.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed file, before it is grouped into pages.
pub(crate) struct Parsed {
    pub identity: String,
    pub is_section: bool,
    pub version: Version,
}

/// What reading one file gave: the parsed file, or the identity of a file that could not be
/// read (its problems are reported; links to it must not be reported again).
pub(crate) type ParseResult = (Result<Parsed, Option<String>>, Vec<Diagnostic>);

/// The front matter's own rules: a title, a slug that is one URL segment, a file name that
/// makes one, aliases that stay in the site. `false` when the page cannot be used.
fn check_front(
    front: &FrontMatter,
    identity: &str,
    rel: &Path,
    text: &str,
    yaml_end: usize,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let front_at = |key: &str| super::front::key_location(rel, text, yaml_end + 1, key);
    if front.title.trim().is_empty() {
        diags.push(Diagnostic::error(
            &ContentError::EmptyValue("title"),
            front_at("title"),
        ));
    }
    if let Some(slug) = &front.slug
        && !valid_slug(slug)
    {
        diags.push(Diagnostic::error(
            &ContentError::BadSlug(slug.clone()),
            front_at("slug"),
        ));
        return false;
    }
    let name = identity.rsplit('/').next().unwrap_or("");
    if front.slug.is_none() && !identity.is_empty() && !has_letters(&url_segment(name)) {
        diags.push(Diagnostic::error(
            &ContentError::BadFileName(name.to_string()),
            Location::file(rel),
        ));
        return false;
    }
    for alias in front.aliases.iter().flatten() {
        if clean_alias(alias).is_none() {
            diags.push(Diagnostic::error(
                &ContentError::BadAlias(alias.clone()),
                front_at("aliases"),
            ));
        }
    }

    true
}

/// What the Markdown stage found in a body, as diagnostics at their lines.
fn markdown_diagnostics(version: &Version) -> Vec<Diagnostic> {
    version
        .doc
        .problems
        .iter()
        .map(|(problem, offset)| {
            let at = version.at_body_offset(*offset);
            match problem {
                Problem::UnsafeUrl(u) => {
                    Diagnostic::warning(&ContentError::UnsafeUrl(u.clone()), at)
                }
                Problem::ImageWithoutAlt(u) => {
                    Diagnostic::error(&ContentError::ImageWithoutAlt(u.clone()), at)
                }
                Problem::MalformedUrl(u) => {
                    Diagnostic::warning(&ContentError::MalformedUrl(u.clone()), at)
                }
                Problem::ReservedId(id) => {
                    Diagnostic::error(&ContentError::ReservedId(id.clone()), at)
                }
                Problem::DuplicateId(id) => {
                    Diagnostic::error(&ContentError::DuplicateId(id.clone()), at)
                }
                Problem::RawHtmlRemoved => Diagnostic::warning(&ContentError::RawHtmlRemoved, at),
                Problem::TooDeep(depth) => {
                    Diagnostic::error(&ContentError::TooDeep(*depth), version.at_body_offset(0))
                }
            }
        })
        .collect()
}

pub(crate) fn parse_file(
    site: &SiteFiles,
    rel: &Path,
    config: &Config,
    opts: RenderOptions,
    budget: Option<&BodyBudget>,
) -> ParseResult {
    let mut diags = Vec::new();
    let rel_in_content = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let (identity, is_section, lang) = match identity_of(rel_in_content, config) {
        Ok((i, s, l, warning)) => {
            if let Some(w) = warning {
                diags.push(Diagnostic::warning(&w, Location::file(rel)));
            }
            (i, s, l)
        }
        Err(e) => {
            diags.push(Diagnostic::error(&e, Location::file(rel)));
            return (Err(None), diags);
        }
    };
    let failed = Err(Some(identity.clone()));
    let text = match site.read_text(rel, MAX_PAGE_BYTES) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(&e, e.location(rel)));
            return (failed, diags);
        }
    };
    crate::test_panic("SENDA_TEST_PANIC_PARSE", &text);
    // A translation a web editor left empty counts as missing (the fallback chain shows).
    if lang != config.default_language && super::stub::is_empty_translation(&text) {
        diags.push(Diagnostic::warning(
            &super::stub::EmptyTranslation,
            Location::file(rel),
        ));
        return (Err(None), diags);
    }
    let (yaml_start, yaml_end, body_offset) = match split_front_matter(&text) {
        Ok(x) => x,
        Err(e) => {
            diags.push(Diagnostic::error(&e, Location::at(rel, &text, 1, 1)));
            return (failed, diags);
        }
    };
    let front: FrontMatter = match yaml::parse(&text[yaml_start..yaml_end], &FRONT_MATTER_SCHEMA) {
        Ok(f) => f,
        Err(e) => {
            // YAML lines count from the line after the opening `---`.
            let at = Location::at(rel, &text, e.line + 1, e.column);
            diags.push(Diagnostic::error(&e, at));
            return (failed, diags);
        }
    };
    if !check_front(&front, &identity, rel, &text, yaml_end, &mut diags) {
        return (failed, diags);
    }

    let doc = markdown::render(&text[body_offset..], opts);
    let partial = lang != config.default_language
        && doc.parts.iter().any(
            |p| matches!(p, markdown::Part::Html(h) if h.contains(crate::po::UNTRANSLATED_CLASS)),
        );
    let mut version = Version {
        lang,
        file: rel.to_path_buf(),
        terms: crate::search::FileWords::of(&front, &doc),
        fingerprint: fingerprint(&text),
        partial,
        body_kept: true,
        spilled: None,
        front,
        text,
        body_offset,
        resolved: Vec::new(),
        images_html: Vec::new(),
        audio: None,
        doc,
    };
    diags.extend(markdown_diagnostics(&version));
    if let Some(budget) = budget {
        // Later diagnostics find their line by reading the file again. A body beyond the
        // budget goes to the spill file, or, if it cannot, is rendered again when its page is
        // (`reparse`).
        version.text = String::new();
        if !budget.take(body_size(&version.doc)) {
            version.spilled = budget.spill.as_ref().and_then(|s| s.put(&version.doc));
            version.doc.parts = Vec::new();
            version.doc.toc = Vec::new();
            version.body_kept = false;
        }
    }
    (
        Ok(Parsed {
            identity,
            is_section,
            version,
        }),
        diags,
    )
}

/// How many bytes of rendered bodies a build keeps in memory from loading to rendering; the
/// bodies beyond it are freed once their words, links and ids are taken, and parsed again when
/// their page is rendered. Every hub of a few thousand pages fits (its build parses each file
/// once); a larger site's memory stops growing with its bodies.
pub const BODY_BUDGET: usize = 32 * 1024 * 1024;

/// The bytes of bodies kept so far, shared by the files parsed in parallel, and where the
/// bodies beyond the limit go (`None`: nowhere, they are parsed again).
#[derive(Debug)]
pub(crate) struct BodyBudget {
    used: AtomicUsize,
    limit: usize,
    spill: Option<Spill>,
}

impl BodyBudget {
    pub fn new(limit: usize, spill: Option<Spill>) -> Self {
        BodyBudget {
            used: AtomicUsize::new(0),
            limit,
            spill,
        }
    }

    /// The spill file, with the bodies beyond the limit, once every file is parsed.
    pub fn into_spill(self) -> Option<Spill> {
        self.spill
    }

    /// Takes `size` bytes if they fit.
    fn take(&self, size: usize) -> bool {
        self.used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(size).filter(|&total| total <= self.limit)
            })
            .is_ok()
    }
}

/// About the memory a document's body and table of contents take.
fn body_size(doc: &markdown::Document) -> usize {
    fn toc(entries: &[markdown::TocEntry]) -> usize {
        entries
            .iter()
            .map(|e| 64 + e.id.len() + e.title.len() + toc(&e.children))
            .sum()
    }
    let parts: usize = doc
        .parts
        .iter()
        .map(|p| match p {
            markdown::Part::Html(h) => 32 + h.len(),
            _ => 32,
        })
        .sum();
    parts + toc(&doc.toc)
}

/// A fingerprint of a file's text (FxHash's step over four interleaved lanes of its bytes,
/// then its length): enough to tell a file saved again during a build from the one parsed.
fn fingerprint(text: &str) -> u64 {
    use std::hash::Hasher as _;
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let bytes = text.as_bytes();
    let mut lanes = [0u64, 1, 2, 3];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = (lane.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    let mut h = crate::search::FxHasher::default();
    for lane in lanes {
        h.write_u64(lane);
    }
    h.write(blocks.remainder());
    h.write_u64(text.len() as u64);
    h.finish()
}

/// The document of a version whose body was freed after loading (`Bodies::Reread`), from
/// its file read again: the document loaded, or an error if the file changed since.
pub(crate) fn reparse(
    files: &SiteFiles,
    v: &Version,
    config: &Config,
    reserved_ids: &[String],
) -> Result<markdown::Document, ContentError> {
    let changed = || ContentError::ChangedDuringBuild;
    let text = files
        .read_text(&v.file, MAX_PAGE_BYTES)
        .map_err(|_| changed())?;
    if fingerprint(&text) != v.fingerprint {
        return Err(changed());
    }
    let body = text.get(v.body_offset..).ok_or_else(changed)?;
    let opts = RenderOptions {
        allow_raw_html: config.allow_raw_html,
        reserved_ids,
    };
    Ok(markdown::render(body, opts))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::Diagnostics;

    const PAGE: &str = "---\ntitle: Asilo\n---\n## Cómo pedirlo {#pedir}\n\nVe a [la COMAR](@/help.md#oficinas) con tus papeles.\n";

    fn files(text: &str) -> SiteFiles {
        SiteFiles::memory([(PathBuf::from("content/asylum.md"), text.as_bytes().to_vec())])
    }

    fn config() -> Config {
        let yaml = "title: T\nbase_url: https://x.org\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n";
        let mut diags = Diagnostics::new();
        crate::config::parse(yaml, &mut diags).unwrap_or_else(|| panic!("{diags:?}"))
    }

    fn parse(files: &SiteFiles, keep: bool) -> Version {
        let config = config();
        let rel = Path::new("content/asylum.md");
        let nothing = BodyBudget::new(0, None);
        let budget = (!keep).then_some(&nothing);
        let (parsed, diags) = parse_file(files, rel, &config, RenderOptions::default(), budget);
        match parsed {
            Ok(p) => p.version,
            Err(_) => panic!("{diags:?}"),
        }
    }

    #[test]
    fn a_freed_body_is_made_again_as_it_was_loaded() {
        let kept = parse(&files(PAGE), true);
        let freed = parse(&files(PAGE), false);
        assert!(freed.text.is_empty() && freed.doc.parts.is_empty() && freed.doc.toc.is_empty());
        assert!(kept.body_kept && !freed.body_kept);
        // What the build still needs is kept: links, ids, words.
        assert_eq!(freed.doc.links, kept.doc.links);
        assert_eq!(freed.doc.ids, kept.doc.ids);
        assert_eq!(freed.terms, kept.terms);
        let again = reparse(&files(PAGE), &freed, &config(), &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.parts, kept.doc.parts);
        assert_eq!(again.toc, kept.doc.toc);
        assert!(!again.parts.is_empty() && !again.toc.is_empty());
    }

    #[test]
    fn a_body_beyond_the_budget_goes_to_the_spill_file_and_comes_back_whole() {
        let kept = parse(&files(PAGE), true);
        let budget = BodyBudget::new(0, Spill::new());
        let config = config();
        let rel = Path::new("content/asylum.md");
        let (parsed, diags) = parse_file(
            &files(PAGE),
            rel,
            &config,
            RenderOptions::default(),
            Some(&budget),
        );
        let Ok(parsed) = parsed else {
            panic!("{diags:?}")
        };
        let v = parsed.version;
        assert!(!v.body_kept && v.doc.parts.is_empty() && v.doc.toc.is_empty());
        let (Some(spill), Some(place)) = (budget.into_spill(), v.spilled) else {
            panic!("not spilled: {:?}", v.spilled)
        };
        let back = spill
            .get(place, &v.doc)
            .unwrap_or_else(|| panic!("not read back"));
        assert_eq!(back.parts, kept.doc.parts);
        assert_eq!(back.toc, kept.doc.toc);
        assert_eq!(back.links, kept.doc.links);
    }

    #[test]
    fn a_file_changed_during_a_build_is_refused_not_rendered() {
        let freed = parse(&files(PAGE), false);
        // The same length, other words: the links and ids taken while loading would not match.
        let changed = PAGE.replace("COMAR", "CAMOR");
        for files in [files(&changed), SiteFiles::memory([])] {
            assert!(matches!(
                reparse(&files, &freed, &config(), &[]),
                Err(ContentError::ChangedDuringBuild)
            ));
        }
    }

    #[test]
    fn bodies_are_kept_while_they_fit_the_budget() {
        let budget = BodyBudget::new(100, None);
        assert!(budget.take(60) && budget.take(40));
        assert!(!budget.take(1), "full");
        assert!(budget.take(0));
        let budget = BodyBudget::new(usize::MAX, None);
        assert!(budget.take(usize::MAX) && !budget.take(1), "no overflow");
    }

    #[test]
    fn the_fingerprint_tells_any_changed_byte() {
        let text = "---\ntitle: x\n---\n".to_string() + &"palabra ".repeat(40);
        let f = fingerprint(&text);
        for i in 0..text.len() {
            let mut b = text.clone().into_bytes();
            b[i] = if b[i] == b'a' { b'b' } else { b'a' };
            let changed = String::from_utf8(b).unwrap_or_default();
            assert_ne!(fingerprint(&changed), f, "byte {i}");
        }
        assert_ne!(fingerprint(&text[..text.len() - 1]), f);
    }

    #[test]
    fn words_are_taken_once_each_with_their_highest_weight() {
        let v = parse(&files(PAGE), true);
        let words: Vec<(&str, u32)> = v.terms.iter().collect();
        assert_eq!(words.iter().filter(|(w, _)| *w == "asilo").count(), 1);
        assert!(words.contains(&("asilo", 3)), "{words:?}");
        assert!(words.contains(&("pedirlo", 2)), "{words:?}");
        assert!(words.contains(&("comar", 1)), "{words:?}");
        assert!(words.contains(&("como", 2)), "folded: {words:?}");
    }
}
