//! One content file → one version of a page: read it (through `SiteFiles`), split and parse
//! its front matter, validate what later stages rely on (a title, a slug that is one segment,
//! a name that can become an address, aliases that stay on the site), render its body
//! (`markdown`), and turn the body's problems into diagnostics with file, line and column.

use std::path::Path;

use super::front::{FRONT_MATTER_SCHEMA, FrontMatter, split_front_matter};
use super::slug::{clean_alias, has_letters, url_segment, valid_slug};
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
    let version = Version {
        lang,
        file: rel.to_path_buf(),
        front,
        text,
        body_offset,
        resolved: Vec::new(),
        images_html: Vec::new(),
        audio: None,
        doc,
    };
    diags.extend(markdown_diagnostics(&version));
    (
        Ok(Parsed {
            identity,
            is_section,
            version,
        }),
        diags,
    )
}
