//! The translators' pipeline: pages as gettext PO files, for Weblate, Pontoon, Poedit and the
//! other tools translators already use (UI strings stay in Fluent, which those tools read).
//!
//! - `blocks`: the block model (a page's text as units to translate);
//! - `catalog`: PO files, read and written with the `rspolib` crate;
//! - `merge`: msgmerge's semantics, and which blocks changed between two versions;
//! - `align`: a first PO file from a translation made before PO files (blocks paired);
//! - `history`: the source as it was when a translation was made, from git;
//! - `export`: `senda po export` (one POT per page, one PO per page and language);
//! - `import`: `senda po import` (PO files back into `page.LANG.md`);
//! - `changes`: what changed in an outdated translation's source, for `senda status`.
//!
//! Files: `po/templates/PATH.pot` and `po/LANG/PATH.po`, where PATH is the source's path
//! inside `content/` without `.md` (`po/fr/rights/detention.po`): the layout Pontoon reads, and
//! that Weblate's component discovery finds with one pattern.

pub mod align;
pub mod blocks;
pub mod catalog;
pub mod changes;
mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod merge;

use std::path::{Path, PathBuf};

pub use error::PoError;

use crate::config::Config;
use crate::content::{CONTENT_DIR, Page, Version};
use crate::diag::{Diagnostics, display_path};
use crate::fs::SiteFiles;
use crate::lang::Lang;
use blocks::{Block, Kind};
use merge::Message;

/// The PO folder inside a site, by default.
pub const PO_DIR: &str = "po";
/// The folder of the templates (POT files), beside the languages' folders.
pub const TEMPLATES: &str = "templates";

/// The marker `po import --partial` puts around a block left in the source language; `status`
/// counts them, the theme can say so to readers.
pub const UNTRANSLATED_CLASS: &str = "class=\"untranslated\"";

/// How many blocks of a translation are still in the source language (left so by
/// `po import --partial`).
pub fn untranslated_blocks(body: &str) -> usize {
    body.matches(UNTRANSLATED_CLASS).count()
}

/// `content/rights/asylum.md` (or `asylum.es.md`) → `rights/asylum`: the name of its PO files.
pub fn po_name(source_file: &Path, default_code: &str) -> String {
    let rel = source_file.strip_prefix(CONTENT_DIR).unwrap_or(source_file);
    let s = display_path(rel);
    let s = s.strip_suffix(".md").unwrap_or(&s);
    let suffix = format!(".{default_code}");
    s.strip_suffix(&suffix).unwrap_or(s).to_string()
}

/// `DIR/LANG/NAME.po`.
pub fn po_path(dir: &Path, code: &str, name: &str) -> PathBuf {
    dir.join(code).join(format!("{name}.po"))
}

/// `DIR/templates/NAME.pot`.
pub fn pot_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(TEMPLATES).join(format!("{name}.pot"))
}

/// A version's blocks: title and description first, then the body's, with lines in the file.
pub fn version_blocks(v: &Version) -> Vec<Block> {
    let title_line = v.key_location("title").line.unwrap_or(1);
    let description = v
        .front
        .description
        .as_deref()
        .map(|d| (d, v.key_location("description").line.unwrap_or(1)));
    let mut out = blocks::front_blocks(&v.front.title, title_line, description);
    let body_line = v.text[..v.body_offset].matches('\n').count();
    out.extend(blocks::extract(v.body()).into_iter().map(|mut b| {
        b.line += body_line;
        b
    }));
    out
}

/// The context (`msgctxt`) of a block's message: the title and description have one.
pub fn context(kind: Kind) -> Option<String> {
    match kind {
        Kind::Title => Some("title".into()),
        Kind::Description => Some("description".into()),
        _ => None,
    }
}

/// The messages of a list of blocks: translatable ones, duplicates merged (one translation,
/// every place it is used).
pub fn messages(file: &Path, blocks: &[Block]) -> Vec<Message> {
    let file = display_path(file);
    let mut out: Vec<Message> = Vec::new();
    let mut index: std::collections::HashMap<(Option<String>, String), usize> =
        std::collections::HashMap::new();
    for b in blocks.iter().filter(|b| b.translatable) {
        let ctxt = context(b.kind);
        let r = format!("{file}:{}", b.line);
        match index.get(&(ctxt.clone(), b.text.clone())) {
            Some(&i) => {
                if !out[i].refs.contains(&r) {
                    out[i].refs.push(r);
                }
            }
            None => {
                let mut notes = b.kind.label();
                let keep = b.keep.listed();
                if !keep.is_empty() {
                    notes.push_str(". Keep as it is: ");
                    notes.push_str(&keep.join(", "));
                }
                index.insert((ctxt.clone(), b.text.clone()), out.len());
                out.push(Message {
                    ctxt,
                    id: b.text.clone(),
                    notes,
                    refs: vec![r],
                    line: b.line,
                });
            }
        }
    }
    out
}

/// gettext's Plural-Forms line for a language, when it is one senda knows (page text has no
/// plural forms; tools want the line all the same).
pub fn plural_forms(code: &str) -> Option<&'static str> {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "es" | "en" | "de" | "it" | "nl" | "sv" | "da" | "nb" | "nn" | "no" | "fi" | "el"
        | "hu" | "tr" | "ca" | "gl" | "eu" | "sw" | "so" | "am" | "ps" | "ur" | "bn" | "hi"
        | "ne" | "ta" | "te" | "ml" | "ti" | "ku" | "ckb" | "az" | "ka" | "hy" | "sq" | "bg"
        | "et" | "he" => "nplurals=2; plural=(n != 1);",
        "fr" | "pt" | "fa" | "prs" | "ln" | "wa" | "oc" | "fil" | "tl" => {
            "nplurals=2; plural=(n > 1);"
        }
        "ht" | "zh" | "ja" | "ko" | "vi" | "th" | "id" | "ms" | "my" | "lo" | "km" | "yo"
        | "ig" | "wo" => "nplurals=1; plural=0;",
        "ar" => {
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
        }
        "ru" | "uk" | "be" | "sr" | "hr" | "bs" => {
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        }
        "pl" => {
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        }
        "cs" | "sk" => "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
        "ro" => "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
        _ => return None,
    })
}

/// What the PO commands read: the site's configuration and its pages.
pub struct Survey {
    pub config: Config,
    pub pages: Vec<Page>,
    pub files: SiteFiles,
}

/// Reads the site at `root` for the PO commands and `status`: every page that can be read
/// (drafts too, if `drafts`), broken files reported in `diags` and left out. `None` without a
/// usable site.yaml.
pub fn survey(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Option<Survey> {
    let files = SiteFiles::disk(root);
    let config = crate::config::load(&files, diags)?;
    let pages = crate::content::survey(&files, &config, drafts, diags);
    Some(Survey {
        config,
        pages,
        files,
    })
}

/// What `po export` and `po import` both start from: the site read, the languages asked for
/// (`--lang`, or every translation language) and the PO folder. `None` after an error.
pub(crate) fn start(
    root: &Path,
    lang: Option<&str>,
    dir: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<(Survey, Vec<Lang>, PathBuf)> {
    let survey = survey(root, true, diags)?;
    let picked = languages(&survey.config, lang).and_then(|l| Ok((l, folder(root, dir)?)));
    match picked {
        Ok((langs, dir)) => Some((survey, langs, dir)),
        Err(e) => {
            diags.error(&e, crate::diag::Location::default());
            None
        }
    }
}

/// The languages a command works on: `code`, or every language but the default one.
pub fn languages(config: &Config, code: Option<&str>) -> Result<Vec<Lang>, PoError> {
    match code {
        None => Ok(config
            .langs()
            .filter(|l| *l != config.default_language)
            .collect()),
        Some(code) => {
            let lang = config
                .language_index(code)
                .ok_or_else(|| PoError::UnknownLanguage(code.to_string()))?;
            if lang == config.default_language {
                return Err(PoError::DefaultLanguage(code.to_string()));
            }
            Ok(vec![lang])
        }
    }
}

/// The PO folder: `dir`, or `ROOT/po`; never inside `content/`.
pub fn folder(root: &Path, dir: Option<&Path>) -> Result<PathBuf, PoError> {
    let dir = match dir {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None => root.join(PO_DIR),
    };
    let content = root.join(CONTENT_DIR);
    let canon = |p: &Path| {
        // The folder may not exist yet: compare its nearest existing ancestor.
        let mut p = p.to_path_buf();
        let mut tail = Vec::new();
        while !p.exists() {
            let Some(name) = p.file_name().map(|n| n.to_os_string()) else {
                break;
            };
            tail.push(name);
            if !p.pop() {
                break;
            }
        }
        let mut c = p.canonicalize().unwrap_or(p);
        for n in tail.into_iter().rev() {
            c.push(n);
        }
        c
    };
    if canon(&dir).starts_with(canon(&content)) {
        return Err(PoError::BadFolder(display_path(&dir)));
    }
    Ok(dir)
}

/// Reads a PO file (through `SiteFiles` when it is inside the site, so the symbolic-link
/// rules hold). `Ok(None)` when it does not exist.
pub fn read_po(files: &SiteFiles, path: &Path) -> Result<Option<String>, PoError> {
    let root = files.root();
    let result = match path.strip_prefix(root) {
        Ok(rel) => files.read_text(rel, catalog::MAX_PO_BYTES),
        Err(_) => match path.parent() {
            Some(parent) => {
                let name = path.file_name().map(PathBuf::from).unwrap_or_default();
                SiteFiles::disk(parent).read_text(&name, catalog::MAX_PO_BYTES)
            }
            None => return Ok(None),
        },
    };
    match result {
        Ok(t) => Ok(Some(t)),
        Err(crate::fs::FsError::NotFound) => Ok(None),
        Err(e) => Err(PoError::Unreadable(e.to_string())),
    }
}

/// A path for messages: relative to the site's folder when it is inside it.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Writes a file only if its bytes change (through a temporary file renamed into place, so a
/// reader never sees half a file). Returns whether it was written.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, PoError> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let err = |e: std::io::Error| PoError::Write(display_path(path), e.to_string());
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(err)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(err)?;
    // A temporary file is private; the file it becomes is as readable as the one it replaces
    // (or as files usually are: rw-r--r--).
    let permissions = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = permissions {
        std::fs::set_permissions(tmp.path(), p).map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(true)
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    Some(std::os::unix::fs::PermissionsExt::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
