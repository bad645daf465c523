//! The media cache: files senda made from images and text (WebP, fallbacks, speech), kept in
//! `.senda-cache/` in the site's folder under a key of everything they were made from (the
//! source's bytes, the width, the format, the quality, the encoder), so a rebuild makes only
//! what changed. The folder is hidden (never read as a source), never inside the output
//! (`--output` may not be it), and senda only adds to it: deleting it is always safe. A site in
//! memory has no cache. A file is written under a temporary name and renamed, so a build that
//! is stopped never leaves half a file under a key.

use std::path::PathBuf;
use std::sync::Mutex;

use super::MediaError;
use crate::fs::SiteFiles;

/// The cache folder, in the site's folder.
pub const CACHE_DIR: &str = ".senda-cache";

/// Bumped when what a key makes changes (another encoder, other settings).
const VERSION: &str = "1";

pub(crate) struct Cache {
    dir: Option<PathBuf>,
    /// The first problem writing to it (reported once, as a warning).
    error: Mutex<Option<MediaError>>,
}

impl Cache {
    pub fn new(files: &SiteFiles) -> Cache {
        Cache {
            dir: files.disk_path(std::path::Path::new(CACHE_DIR)),
            error: Mutex::new(None),
        }
    }

    /// The key of a file made from `parts` (the source's hash and the settings).
    pub fn key(parts: &[&str]) -> String {
        let mut all = String::from(VERSION);
        for p in parts {
            all.push('\u{1f}');
            all.push_str(p);
        }
        crate::assets::fast_hash(all.as_bytes())
    }

    /// Where the file of `key` is (or would be), in the folder `kind` (`images`, `audio`).
    pub fn path(&self, kind: &str, key: &str, ext: &str) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .map(|d| d.join(kind).join(format!("{key}.{ext}")))
    }

    /// The cached file of `key` and its size, if there is one.
    pub fn get(&self, kind: &str, key: &str, ext: &str) -> Option<(PathBuf, u64)> {
        let p = self.path(kind, key, ext)?;
        let meta = std::fs::metadata(&p).ok()?;
        (meta.is_file() && meta.len() > 0).then_some((p, meta.len()))
    }

    /// Keeps `bytes` under `key`; returns where (`None`: no cache, or it cannot be written).
    pub fn put(&self, kind: &str, key: &str, ext: &str, bytes: &[u8]) -> Option<PathBuf> {
        let p = self.path(kind, key, ext)?;
        let dir = p.parent()?.to_path_buf();
        let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let r = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&tmp, bytes))
            .and_then(|()| std::fs::rename(&tmp, &p));
        match r {
            Ok(()) => Some(p),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                if let Ok(mut slot) = self.error.lock()
                    && slot.is_none()
                {
                    *slot = Some(MediaError::Cache(dir.display().to_string(), e.to_string()));
                }
                None
            }
        }
    }

    pub fn take_error(&self) -> Option<MediaError> {
        self.error.lock().ok().and_then(|mut e| e.take())
    }
}
