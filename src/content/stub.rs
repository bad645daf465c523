//! Empty translation stubs. A web editor (Decap CMS with `multiple_files`) may write a file for
//! every language of a page, even one nobody has translated yet: an empty file, or front matter
//! with no title (or an empty one) and no body. Such a file is not a translation: it is skipped
//! with a warning and the language counts as missing, so the reader gets the fallback chain.

use crate::diag::Coded;
use crate::yaml;

/// The warning for a skipped stub.
#[derive(Debug, thiserror::Error)]
#[error(
    "this translation is empty (no title and no text): it is skipped, and readers see the page in the fallback language"
)]
pub struct EmptyTranslation;

impl Coded for EmptyTranslation {
    fn code(&self) -> &'static str {
        "empty-translation"
    }
    fn help(&self) -> Option<String> {
        Some("translate the title and the text, or delete the file".into())
    }
}

/// Only the title, for telling a stub apart; every other key is ignored here (the full parse
/// reports its problems when the file is not a stub).
#[derive(Debug, serde::Deserialize)]
struct TitleOnly {
    #[serde(default)]
    title: Option<String>,
}

/// Is `text` (a whole file, BOM removed, line ends normalised) an empty translation stub?
pub fn is_empty_translation(text: &str) -> bool {
    if text.trim().is_empty() {
        return true;
    }
    let Ok((yaml_start, yaml_end, body)) = super::split_front_matter(text) else {
        return false;
    };
    if !text[body..].trim().is_empty() {
        return false;
    }
    let front = &text[yaml_start..yaml_end];
    if front.trim().is_empty() {
        return true;
    }
    match yaml::parse::<TitleOnly>(front, &super::FRONT_MATTER_SCHEMA) {
        Ok(t) => t.title.is_none_or(|t| t.trim().is_empty()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stubs_are_recognised() {
        assert!(is_empty_translation(""));
        assert!(is_empty_translation("\n  \n"));
        assert!(is_empty_translation("---\n---\n"));
        assert!(is_empty_translation("---\ntitle: \"\"\n---\n\n"));
        assert!(is_empty_translation(
            "---\nweight: 10\ntags: [asylum]\nreview_by: 2027-01-01\n---\n"
        ));
        assert!(is_empty_translation(
            "---\ntitle: '  '\ndraft: false\n---\n  \n"
        ));
    }

    #[test]
    fn real_translations_are_not_stubs() {
        assert!(!is_empty_translation("---\ntitle: Asile\n---\n"));
        assert!(!is_empty_translation("---\ntitle: \"\"\n---\nDu texte.\n"));
        assert!(!is_empty_translation("---\n---\nDu texte.\n"));
        // Broken front matter is left to the full parse, which reports it.
        assert!(!is_empty_translation("---\ntitle: [\n---\n"));
        assert!(!is_empty_translation("---\ntitle: x\n"));
        assert!(!is_empty_translation("no front matter"));
    }
}
