//! Which files make up the content: every Markdown file under `content/` (read through
//! `SiteFiles`, so links out of the site are refused), and what a file's name says: the page
//! it belongs to (`rights/asylum.en.md` → `rights/asylum`), whether it is a section's own page
//! (`_index.md`), and its language (the suffix before `.md`, the default language without one;
//! `page.es.md` is the default-language page too, as web editors write it).

use std::path::{Path, PathBuf};

use super::ContentError;
use crate::config::Config;
use crate::diag::{Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::lang::Lang;

pub const CONTENT_DIR: &str = "content";

/// Every Markdown file under `content/`, sorted, relative to the site's folder. Other files are
/// warned about (they are not published); unreadable paths and links out of the site are errors.
pub fn files(site: &SiteFiles, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let walked = site.walk(Path::new(CONTENT_DIR));
    for (path, problem) in &walked.problems {
        diags.error(problem, problem.location(path));
    }
    walked
        .files
        .into_iter()
        .filter(|rel| {
            let ext = rel.extension().and_then(|e| e.to_str());
            let md = ext == Some("md");
            // Images and recordings beside the pages are the media stage's.
            if !md && !ext.is_some_and(crate::media::is_media_file) {
                diags.warning(&ContentError::NotMarkdown, Location::file(rel));
            }
            md
        })
        .collect()
}

/// `rights/asylum.en.md` → (`rights/asylum`, is_section=false, language index).
pub(crate) fn identity_of(
    rel_in_content: &Path,
    config: &Config,
) -> Result<(String, bool, Lang, Option<ContentError>), ContentError> {
    let mut segments: Vec<String> = rel_in_content
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    let mut lang: Lang = config.default_language;
    let mut warning = None;
    let mut name = stem.to_string();
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        match config.language_index(suffix) {
            Some(i) => {
                if config.code(i) != suffix {
                    warning = Some(ContentError::LanguageCase(
                        suffix.to_string(),
                        config.code(i).to_string(),
                    ));
                }
                lang = i;
                name = base.to_string();
            }
            None if looks_like_language(suffix) => {
                return Err(ContentError::UnknownLanguage(suffix.to_string()));
            }
            None => {}
        }
    }
    let is_section = name == "_index";
    // A page folder: `health/where-to-get-care/index.md` is the page
    // `health/where-to-get-care`, with its images beside it.
    let is_bundle = name == "index" && !segments.is_empty();
    if !is_section && !is_bundle {
        segments.push(name);
    }
    Ok((segments.join("/"), is_section, lang, warning))
}

fn looks_like_language(s: &str) -> bool {
    let (primary, rest) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_and_languages() {
        let mut d = Diagnostics::new();
        let config = crate::config::parse(
            "title: t\nbase_url: https://x.org\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n  - { code: en, name: English }\n",
            &mut d,
        )
        .expect("config");
        let id = |p: &str| identity_of(Path::new(p), &config).map(|(i, s, l, _)| (i, s, l.index()));
        assert_eq!(
            id("rights/asylum.en.md").ok(),
            Some(("rights/asylum".into(), false, 1))
        );
        assert_eq!(
            id("rights/asylum.es.md").ok(),
            Some(("rights/asylum".into(), false, 0))
        );
        assert_eq!(
            id("rights/_index.md").ok(),
            Some(("rights".into(), true, 0))
        );
        assert_eq!(id("v1.2.md").ok(), Some(("v1.2".into(), false, 0)));
        assert_eq!(
            id("health/care/index.en.md").ok(),
            Some(("health/care".into(), false, 1))
        );
        assert_eq!(id("index.md").ok(), Some(("index".into(), false, 0)));
        assert!(matches!(
            id("a.zz.md"),
            Err(ContentError::UnknownLanguage(_))
        ));
    }
}
