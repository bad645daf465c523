//! Front matter: the YAML block between `---` lines at the top of a page (SPEC §3), its schema
//! (the keys, what each expects, for errors and for the web editor), where it ends, and the
//! hash a translation records of its source.

use std::path::Path;

use serde::Deserialize;

use super::ContentError;
use crate::date::Date;
use crate::diag::Location;
use crate::yaml::{self, Schema};

/// Front matter, as written (SPEC §3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub countries: Option<Vec<String>>,
    #[serde(default)]
    pub review_by: Option<Date>,
    #[serde(default)]
    pub source_hash: Option<String>,
    #[serde(default)]
    pub aliases: Option<Vec<String>>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// Phone-like numbers this page may show although they are in no data file (checked by
    /// `senda check`: see `unknown-number`).
    #[serde(default)]
    pub allow_numbers: Option<Vec<String>>,
    /// A recording of the page (an Ogg Opus file, relative to the page's file), played by its
    /// player and the Listen button (see `media`).
    #[serde(default)]
    pub audio: Option<String>,
}

pub const FRONT_MATTER_SCHEMA: Schema = Schema {
    keys: &[
        ("title", "text"),
        ("description", "text"),
        ("date", "a date like 2026-05-31"),
        ("updated", "a date like 2026-05-31"),
        ("weight", "a whole number, like 10"),
        ("draft", "true or false"),
        ("slug", "text (one URL segment)"),
        ("template", "a template file name, like page.html"),
        ("tags", "a list, like [asylum, documents]"),
        ("countries", "a list, like [mx, gt]"),
        ("review_by", "a date like 2026-05-31"),
        ("source_hash", "text"),
        ("aliases", "a list of paths, like [/es/old-page/]"),
        ("extra", "a map of free-form values"),
        (
            "allow_numbers",
            "a list of numbers written on purpose, like [\"1572\"]",
        ),
        (
            "audio",
            "an Ogg Opus file beside the page, like page.ht.opus",
        ),
    ],
};

/// Where the front matter's YAML and the body are: (yaml start, yaml end, body start).
pub fn split_front_matter(text: &str) -> Result<(usize, usize, usize), ContentError> {
    if text.trim().is_empty() {
        return Err(ContentError::Empty);
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(ContentError::NoFrontMatter);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body = (end + 1).min(text.len());
            return Ok((yaml_start, pos, body));
        }
        pos = end + 1;
    }
    Err(ContentError::UnclosedFrontMatter)
}

/// Splits and parses the front matter of a page's text (for tools and fuzzing; the build
/// does the same in `parse_file`).
pub fn parse_front_matter(text: &str) -> Result<FrontMatter, String> {
    let (yaml_start, yaml_end, _) = split_front_matter(text).map_err(|e| e.to_string())?;
    yaml::parse(&text[yaml_start..yaml_end], &FRONT_MATTER_SCHEMA).map_err(|e| e.to_string())
}

/// The location of `key:` in the front matter (which ends before `end`).
pub(crate) fn key_location(file: &Path, text: &str, end: usize, key: &str) -> Location {
    Location::at_key(file, text, end, key)
}

/// The hash a translation records of its source (`source_hash`): of the source's body, so
/// editing only the source's front matter (a new review date) does not outdate translations.
pub fn source_hash(body: &str) -> String {
    crate::assets::content_hash(body.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        assert_eq!(
            split_front_matter("---\na: 1\n---\nbody").ok(),
            Some((4, 9, 13))
        );
        assert!(matches!(
            split_front_matter("---\na: 1\n"),
            Err(ContentError::UnclosedFrontMatter)
        ));
        assert!(matches!(
            split_front_matter("# hi"),
            Err(ContentError::NoFrontMatter)
        ));
        assert!(matches!(split_front_matter(""), Err(ContentError::Empty)));
    }
}
