//! Static files: the theme's `static/` then the site's `static/` (a site file replaces a theme
//! file of the same path). CSS and JavaScript files get a content hash in their name
//! (`style.css` → `style.1f3a9c0b7d.css`) so hosts can cache them forever; templates ask for
//! `url(path="/style.css")` and get the hashed name. The marked part of `style.css` is read
//! here too (`critical`), to be inlined in every page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Coded, Diagnostics, Location};
use crate::fs::SiteFiles;

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error(
        "this file name has a control character (a line break, a tab...): it cannot be published"
    )]
    ControlCharacter,
}

impl Coded for AssetError {
    fn code(&self) -> &'static str {
        "bad-file-name"
    }
    fn help(&self) -> Option<String> {
        Some("rename the file".into())
    }
}

/// The largest static file senda copies: the hub's own are a few kilobytes.
const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// One file to copy into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path in the output, `/`-separated, no leading slash (`css/style.1f3a9c0b7d.css`).
    pub out: String,
    /// Relative to the site's folder (`themes/default/static/style.css`).
    pub source: PathBuf,
    /// The file on disk, copied when the site is written (other files than CSS and JS).
    pub disk: Option<PathBuf>,
    /// The bytes, read once for hashing (CSS, JS; every file of a site in memory).
    pub bytes: Option<Vec<u8>>,
}

#[derive(Debug, Default)]
pub struct Assets {
    pub files: Vec<Asset>,
    /// `/style.css` → `/style.1f3a9c0b7d.css`, for hashed files.
    pub names: BTreeMap<String, String>,
    /// The critical CSS marked in `style.css`, if it has marks.
    pub critical: Option<crate::critical::Critical>,
}

impl Assets {
    /// The output path for a logical site path (`/style.css`), hashed if it is a hashed asset.
    pub fn resolve<'a>(&'a self, path: &'a str) -> &'a str {
        self.names.get(path).map(String::as_str).unwrap_or(path)
    }
}

fn hashed(ext: &str) -> bool {
    matches!(ext, "css" | "js")
}

/// 64-bit FNV-1a, printed as 10 hex digits: enough to tell versions of a file apart.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:010x}", h >> 24)
}

/// A fast 64-bit hash of a file's bytes, 8 bytes at a time (for telling builds apart, where
/// `content_hash`'s byte-at-a-time FNV would cost a tenth of a large build).
pub fn fast_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w))
            .wrapping_mul(0xFF51_AFD7_ED55_8CCD)
            .rotate_left(29);
    }
    for b in chunks.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    format!("{h:016x}")
}

/// Collects the theme's `static/` and the site's `static/` (the site's file wins).
pub fn collect(files: &SiteFiles, theme_dir: &Path, diags: &mut Diagnostics) -> Assets {
    let mut by_path: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in [theme_dir.join("static"), PathBuf::from("static")] {
        let walked = files.walk(&dir);
        for (path, problem) in &walked.problems {
            diags.error(problem, problem.location(path));
        }
        for rel in walked.files {
            let logical = crate::diag::display_path(rel.strip_prefix(&dir).unwrap_or(&rel));
            if logical.contains(char::is_control) {
                diags.error(&AssetError::ControlCharacter, Location::file(&rel));
                continue;
            }
            by_path.insert(logical, rel);
        }
    }
    let mut assets = Assets::default();
    for (logical, source) in by_path {
        let ext = Path::new(&logical)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let disk = files.disk_path(&source);
        if !hashed(&ext) && disk.is_some() {
            assets.files.push(Asset {
                out: logical,
                source,
                disk,
                bytes: None,
            });
            continue;
        }
        let bytes = match files.read(&source, MAX_ASSET_BYTES) {
            Ok(b) => b,
            Err(e) => {
                diags.error(&e, e.location(&source));
                continue;
            }
        };
        if format!("/{logical}") == crate::critical::STYLESHEET {
            let css = String::from_utf8_lossy(&bytes);
            assets.critical = crate::critical::from_stylesheet(&css, &source, diags);
        }
        let out = if hashed(&ext) {
            let hash = content_hash(&bytes);
            let stem = logical.strip_suffix(&format!(".{ext}")).unwrap_or(&logical);
            let out = format!("{stem}.{hash}.{ext}");
            assets
                .names
                .insert(format!("/{logical}"), format!("/{out}"));
            out
        } else {
            logical
        };
        assets.files.push(Asset {
            out,
            source,
            disk: None,
            bytes: Some(bytes),
        });
    }
    assets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_short() {
        assert_eq!(content_hash(b"body{}"), content_hash(b"body{}"));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"").len(), 10);
    }
}
