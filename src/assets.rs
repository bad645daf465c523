//! Static files: the theme's `static/` then the site's `static/` (a site file replaces a theme
//! file of the same path). CSS and JavaScript files get a content hash in their name
//! (`style.css` → `style.1f3a9c0b7d.css`) so hosts can cache them forever; templates ask for
//! `url(path="/style.css")` and get the hashed name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Coded, Diagnostics, Location};

/// One file to copy into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path in the output, `/`-separated, no leading slash (`css/style.1f3a9c0b7d.css`).
    pub out: String,
    pub source: PathBuf,
    /// The bytes, read once for hashing (CSS, JS) or left on disk (other files).
    pub bytes: Option<Vec<u8>>,
}

#[derive(Debug, Default)]
pub struct Assets {
    pub files: Vec<Asset>,
    /// `/style.css` → `/style.1f3a9c0b7d.css`, for hashed files.
    pub names: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    #[error("this symbolic link points outside its static folder")]
    Outside,
}

impl Coded for AssetError {
    fn code(&self) -> &'static str {
        match self {
            AssetError::Unreadable(_) => "unreadable",
            AssetError::Outside => "symlink",
        }
    }
}

impl Assets {
    /// The output path for a logical site path (`/style.css`), hashed if it is a hashed asset.
    pub fn resolve<'a>(&'a self, path: &'a str) -> &'a str {
        self.names.get(path).map(String::as_str).unwrap_or(path)
    }

    /// The bytes of an asset, by logical path, if it was read (CSS and JS are).
    pub fn bytes(&self, logical: &str) -> Option<&[u8]> {
        let out = self.resolve(logical).trim_start_matches('/');
        self.files
            .iter()
            .find(|a| a.out == out)
            .and_then(|a| a.bytes.as_deref())
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

/// Collects `themes/THEME/static` and `static`.
pub fn collect(root: &Path, theme: &str, diags: &mut Diagnostics) -> Assets {
    let mut by_path: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in [
        root.join("themes").join(theme).join("static"),
        root.join("static"),
    ] {
        if !dir.is_dir() {
            continue;
        }
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e
                        .path()
                        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                        .unwrap_or_default();
                    diags.error(&AssetError::Unreadable(e.to_string()), Location::file(rel));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            if entry.path_is_symlink()
                && !path.canonicalize().is_ok_and(|t| t.starts_with(&canonical))
            {
                diags.error(
                    &AssetError::Outside,
                    Location::file(path.strip_prefix(root).unwrap_or(path)),
                );
                continue;
            }
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            let logical = crate::diag::display_path(rel);
            by_path.insert(logical, path.to_path_buf());
        }
    }

    let mut assets = Assets::default();
    for (logical, source) in by_path {
        let ext = Path::new(&logical)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if hashed(&ext) {
            match std::fs::read(&source) {
                Ok(bytes) => {
                    let hash = content_hash(&bytes);
                    let stem = logical.strip_suffix(&format!(".{ext}")).unwrap_or(&logical);
                    let out = format!("{stem}.{hash}.{ext}");
                    assets
                        .names
                        .insert(format!("/{logical}"), format!("/{out}"));
                    assets.files.push(Asset {
                        out,
                        source,
                        bytes: Some(bytes),
                    });
                }
                Err(e) => diags.error(
                    &AssetError::Unreadable(e.to_string()),
                    Location::file(source.strip_prefix(root).unwrap_or(&source)),
                ),
            }
        } else {
            assets.files.push(Asset {
                out: logical,
                source,
                bytes: None,
            });
        }
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
