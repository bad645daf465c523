//! `senda new`: start a page or a translation without writing front matter by hand.
//! - `senda new rights/work.md` creates the page with its front matter filled in (title from the
//!   file name, `review_by` a year ahead) and refuses to overwrite anything;
//! - `senda new rights/work.md --lang fr` creates `rights/work.fr.md` next to it, with the
//!   source's front matter and body as a starting point and the source's `source_hash`;
//! - `--refresh` records the current `source_hash` in an existing translation, when the
//!   translator has brought it up to date.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{CONTENT_DIR, MAX_PAGE_BYTES};
use crate::diag::{Coded, display_path};
use crate::fs::{FsError, SiteFiles};
use crate::options::NewOptions;

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("{0} already exists; senda new never overwrites a file")]
    Exists(String),
    #[error("the source page {0} does not exist")]
    NoSource(String),
    #[error("the translation {0} does not exist yet: run without --refresh to create it")]
    NoTranslation(String),
    #[error("`{0}` is not one of the site's languages")]
    UnknownLanguage(String),
    #[error("`{0}` is the default language: its pages are the sources")]
    DefaultLanguage(String),
    #[error("give the path of a Markdown file inside content/, like rights/work.md (not {0})")]
    BadPath(String),
    #[error("{0}: the front matter cannot be found")]
    NoFrontMatter(String),
    #[error("cannot write {0}: {1}")]
    Io(String, String),
    #[error("--refresh needs --lang")]
    RefreshWithoutLang,
    #[error("{0}")]
    Content(String),
}

impl Coded for NewError {
    fn code(&self) -> &'static str {
        match self {
            NewError::Exists(_) => "exists",
            NewError::Io(..) => "write-failed",
            _ => "bad-new",
        }
    }
}

/// What `senda new` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    Page(PathBuf),
    Translation(PathBuf),
    Refreshed(PathBuf, String),
}

/// `rights/work.md`, `content/rights/work.md` or `rights/work` → `rights/work.md`.
fn content_relative(path: &str) -> Result<PathBuf, NewError> {
    let p = path.trim().trim_start_matches("./");
    let p = p.strip_prefix("content/").unwrap_or(p);
    let p = if p.ends_with(".md") {
        p.to_string()
    } else {
        format!("{p}.md")
    };
    let rel = PathBuf::from(&p);
    let ok = !p.starts_with('/')
        && rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !ok {
        return Err(NewError::BadPath(path.to_string()));
    }
    Ok(rel)
}

/// "mi-pagina" → "Mi pagina"; "_index" takes the folder's name.
fn title_from(rel: &Path) -> String {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if stem == "_index" {
        rel.parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Home".into())
    } else {
        stem
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "New page".into(),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| NewError::Io(display_path(parent), e.to_string()))?;
    }
    // create_new: never overwrite, even if the file appeared since we looked.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                NewError::Exists(display_path(path))
            } else {
                NewError::Io(display_path(path), e.to_string())
            }
        })?;
    std::io::Write::write_all(&mut f, text.as_bytes())
        .map_err(|e| NewError::Io(display_path(path), e.to_string()))
}

/// Sets `source_hash: HASH` in a file's front matter (replacing the line or adding it).
pub fn set_source_hash(text: &str, hash: &str, file: &str) -> Result<String, NewError> {
    let (yaml_start, yaml_end, _) = crate::content::split_front_matter(text)
        .map_err(|_| NewError::NoFrontMatter(file.to_string()))?;
    let yaml = &text[yaml_start..yaml_end];
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    let line = format!("source_hash: \"{hash}\"");
    match lines.iter().position(|l| l.starts_with("source_hash:")) {
        Some(i) => lines[i] = line,
        None => lines.push(line),
    }
    let mut new_yaml = lines.join("\n");
    new_yaml.push('\n');
    Ok(format!(
        "{}{}{}",
        &text[..yaml_start],
        new_yaml,
        &text[yaml_end..]
    ))
}

/// `rights/work.md` → `rights/work.es.md`.
fn with_language(rel: &Path, code: &str) -> PathBuf {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    rel.with_file_name(format!("{stem}.{code}.md"))
}

/// Runs `senda new` in the site `opts.root` (whose config is `config`); `opts.today` fills
/// `review_by`.
pub fn new(opts: &NewOptions, config: &Config) -> Result<Created, NewError> {
    let root = opts.root.as_path();
    let rel = content_relative(&opts.path)?;
    let content = root.join(CONTENT_DIR);
    let files = SiteFiles::disk(root);
    let Some(code) = opts.lang.as_deref() else {
        return new_page(opts, config, &content, rel);
    };

    let Some(index) = config.language_index(code) else {
        return Err(NewError::UnknownLanguage(code.to_string()));
    };
    if index == config.default_language {
        return Err(NewError::DefaultLanguage(code.to_string()));
    }
    let code = config.code(index);
    let source_rel = Path::new(CONTENT_DIR).join(source_of(&content, rel, config));
    let source_text = files
        .read_text(&source_rel, MAX_PAGE_BYTES)
        .map_err(|e| match e {
            FsError::NotFound | FsError::Unreadable(_) => {
                NewError::NoSource(display_path(&source_rel))
            }
            other => NewError::Content(other.to_string()),
        })?;
    let (_, _, body_start) = crate::content::split_front_matter(&source_text)
        .map_err(|_| NewError::NoFrontMatter(display_path(&source_rel)))?;
    let hash = crate::content::source_hash(&source_text[body_start..]);
    let target_rel =
        crate::status::translation_path(&source_rel, code, &config.default_lang().code);
    let target = root.join(&target_rel);
    if opts.refresh {
        let text = files
            .read_text(&target_rel, MAX_PAGE_BYTES)
            .map_err(|_| NewError::NoTranslation(display_path(&target_rel)))?;
        let updated = set_source_hash(&text, &hash, &display_path(&target_rel))?;
        std::fs::write(&target, updated)
            .map_err(|e| NewError::Io(display_path(&target_rel), e.to_string()))?;
        return Ok(Created::Refreshed(target_rel, hash));
    }
    if target.exists() {
        return Err(NewError::Exists(display_path(&target_rel)));
    }
    let text = set_source_hash(&source_text, &hash, &display_path(&source_rel))?;
    write_new(&target, &text)?;
    Ok(Created::Translation(target_rel))
}

/// `senda new PATH` without `--lang`: a new page in the source language, unless it exists
/// under either of its names.
fn new_page(
    opts: &NewOptions,
    config: &Config,
    content: &Path,
    rel: PathBuf,
) -> Result<Created, NewError> {
    if opts.refresh {
        return Err(NewError::RefreshWithoutLang);
    }
    let today = opts.today;
    let target = content.join(&rel);
    // The page may already exist under its other name (`PATH.es.md`, as web editors write).
    let suffixed = with_language(&rel, &config.default_lang().code);
    for existing in [&rel, &suffixed] {
        if content.join(existing).exists() {
            return Err(NewError::Exists(display_path(
                &Path::new(CONTENT_DIR).join(existing),
            )));
        }
    }
    let review = today.add_days(365);
    let title = title_from(&rel).replace('"', "'");
    let text = format!(
        "---\ntitle: \"{title}\"\ndescription: \"\"\nreview_by: {review}\nupdated: {today}\ncountries: []\ntags: []\n---\n\nWrite the page here. Short sentences, one idea per paragraph.\n"
    );
    write_new(&target, &text)?;
    Ok(Created::Page(Path::new(CONTENT_DIR).join(&rel)))
}

/// The source page to translate, relative to `content/`: `PATH.md`, or `PATH.es.md` as web
/// editors write it, or in a page folder (`PATH/index.md`, `PATH/index.es.md`: a page with
/// its images beside it); `rel` itself when none exists.
fn source_of(content: &Path, rel: PathBuf, config: &Config) -> PathBuf {
    let folder = rel.with_extension("").join("index.md");
    let candidates = [
        with_language(&rel, &config.default_lang().code),
        with_language(&folder, &config.default_lang().code),
        folder,
    ];
    if content.join(&rel).exists() {
        rel
    } else {
        candidates
            .into_iter()
            .rev()
            .find(|c| content.join(c).exists())
            .unwrap_or(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from(Path::new("rights/mi-pagina.md")), "Mi pagina");
        assert_eq!(title_from(Path::new("health/_index.md")), "Health");
    }

    #[test]
    fn paths_are_checked() {
        assert_eq!(
            content_relative("content/a/b.md").ok(),
            Some(PathBuf::from("a/b.md"))
        );
        assert_eq!(content_relative("a/b").ok(), Some(PathBuf::from("a/b.md")));
        assert!(content_relative("../x.md").is_err());
        assert!(content_relative("/etc/x.md").is_err());
    }

    #[test]
    fn source_hash_line_is_replaced_or_added() {
        let t = "---\ntitle: x\n---\nbody\n";
        let a = set_source_hash(t, "abc", "f").unwrap_or_default();
        assert_eq!(a, "---\ntitle: x\nsource_hash: \"abc\"\n---\nbody\n");
        let b = set_source_hash(&a, "def", "f").unwrap_or_default();
        assert_eq!(b, "---\ntitle: x\nsource_hash: \"def\"\n---\nbody\n");
    }
}
