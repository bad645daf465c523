//! The only writer. A build is written into a staging folder beside `--output`, and swapped in
//! only when every file was written, so a failed or interrupted build leaves the previous site
//! untouched; on Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`. `serve` keeps the
//! files in memory instead. Also: HTML minification, and the refusal of dangerous `--output`
//! folders (the site itself, `content/`, an ancestor of the site, `/`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::assets::Assets;
use crate::diag::Coded;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// `/`-separated, relative, without `..` (`es/rights/asylum/index.html`).
    pub path: String,
    pub content: Content,
    /// The content file it was made from, for diagnostics about the page.
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Copied from a file (static assets that were not read).
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(bytes),
            source: None,
        }
    }

    pub fn with_source(mut self, source: &Path) -> Self {
        self.source = Some(source.to_path_buf());
        self
    }

    /// The file's bytes (reading copied files from disk).
    pub fn read(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match &self.content {
            Content::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Content::Copy(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// The static assets as output files.
pub fn asset_files(assets: &Assets) -> Vec<OutputFile> {
    assets
        .files
        .iter()
        .map(|a| OutputFile {
            path: a.out.clone(),
            content: match &a.bytes {
                Some(b) => Content::Bytes(b.clone()),
                None => Content::Copy(a.source.clone()),
            },
            source: None,
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("refusing to build into {0}: {1}")]
    Refused(String, &'static str),
    #[error("two outputs want the same file {0}")]
    Collision(String),
    #[error("an output path is not safe: {0}")]
    UnsafePath(String),
}

impl Coded for OutputError {
    fn code(&self) -> &'static str {
        match self {
            OutputError::Io { .. } => "write-failed",
            OutputError::Refused(..) => "bad-output",
            OutputError::Collision(_) => "duplicate-url",
            OutputError::UnsafePath(_) => "bad-output",
        }
    }
}

fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Minifies an HTML page (scripts and styles are left alone: see DEPENDENCIES.md).
#[cfg(feature = "minify")]
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: false,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

#[cfg(not(feature = "minify"))]
pub fn minify(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}

/// Lexically normalised absolute path (no I/O): `..` and `.` folded.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn absolute(path: &Path) -> PathBuf {
    let p = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve symlinks where the path exists, so `public -> .` is caught.
    let p = normalise(&p);
    p.canonicalize().unwrap_or(p)
}

/// Refuses an output folder that would destroy the site or something above it.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), OutputError> {
    let root = absolute(root);
    let out = absolute(output);
    let shown = output.display().to_string();
    if out.parent().is_none() {
        return Err(OutputError::Refused(shown, "it is the file system's root"));
    }
    if out == root {
        return Err(OutputError::Refused(shown, "it is the site's own folder"));
    }
    if root.starts_with(&out) {
        return Err(OutputError::Refused(shown, "it contains the site"));
    }
    for protected in [
        "content",
        "locales",
        "data",
        "themes",
        "static",
        "site.yaml",
    ] {
        let p = root.join(protected);
        if out == p || out.starts_with(&p) {
            return Err(OutputError::Refused(
                shown,
                "it is part of the site's sources",
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out
    {
        return Err(OutputError::Refused(shown, "it is your home folder"));
    }
    Ok(())
}

/// Each output path must be relative and stay inside the output folder.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\0'))
}

/// The files as a map, refusing unsafe paths and collisions.
pub fn index(files: Vec<OutputFile>) -> Result<BTreeMap<String, OutputFile>, OutputError> {
    let mut map = BTreeMap::new();
    for f in files {
        if !safe_relative(&f.path) {
            return Err(OutputError::UnsafePath(f.path));
        }
        if map.contains_key(&f.path) {
            return Err(OutputError::Collision(f.path));
        }
        map.insert(f.path.clone(), f);
    }
    Ok(map)
}

/// Writes the site into `output` all-or-nothing.
pub fn write_site(output: &Path, files: &BTreeMap<String, OutputFile>) -> Result<(), OutputError> {
    let output = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| io_err(output, e))?
            .join(output)
    };
    let output = normalise(&output);
    let parent = output.parent().map(Path::to_path_buf).ok_or_else(|| {
        OutputError::Refused(output.display().to_string(), "it has no parent folder")
    })?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, e))?;
    // Leftovers of a killed earlier build are removed first.
    clean_leftovers(&parent, &name);
    let staging = parent.join(format!(".{name}.senda-staging-{}", std::process::id()));
    let result = write_into(&staging, files).and_then(|()| swap_in(&staging, &output, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.senda-staging-");
    let old = format!(".{name}.senda-old-");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = n.strip_prefix(&staging).or_else(|| n.strip_prefix(&old)) else {
            continue;
        };
        // Another build running right now keeps its folders.
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn write_into(staging: &Path, files: &BTreeMap<String, OutputFile>) -> Result<(), OutputError> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(|e| io_err(staging, e))?;
    }
    std::fs::create_dir_all(staging).map_err(|e| io_err(staging, e))?;
    // Folders first (once each), then the files in parallel.
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let full = staging.join(d);
        std::fs::create_dir_all(&full).map_err(|e| io_err(&full, e))?;
    }
    files.par_iter().try_for_each(|(path, file)| {
        let full = staging.join(path);
        match &file.content {
            Content::Bytes(b) => std::fs::write(&full, b).map_err(|e| io_err(&full, e)),
            Content::Copy(src) => std::fs::copy(src, &full)
                .map(|_| ())
                .map_err(|e| io_err(src, e)),
        }
    })
}

/// Replaces `output` with `staging`.
fn swap_in(staging: &Path, output: &Path, name: &str) -> Result<(), OutputError> {
    let exists = output.symlink_metadata().is_ok();
    if !exists {
        return std::fs::rename(staging, output).map_err(|e| io_err(output, e));
    }
    if !output.is_dir() {
        return Err(OutputError::Refused(
            output.display().to_string(),
            "it exists and is not a folder",
        ));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous site.
            let _ = std::fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    // Elsewhere (or on file systems without exchange): two renames, a moment without `output`.
    let old = output.with_file_name(format!(".{name}.senda-old-{}", std::process::id()));
    std::fs::rename(output, &old).map_err(|e| io_err(output, e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(io_err(output, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root.join("public/../content")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for p in ["../x", "/etc/x", "a/../../x", "a//b", ""] {
            assert!(index(vec![OutputFile::bytes(p, vec![])]).is_err(), "{p}");
        }
        assert!(index(vec![OutputFile::bytes("a/b.html", vec![])]).is_ok());
    }

    #[test]
    fn swaps_atomically() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let one = index(vec![OutputFile::bytes("a.html", b"1".to_vec())]).expect("index");
        write_site(&out, &one).expect("first");
        let two = index(vec![OutputFile::bytes("b.html", b"2".to_vec())]).expect("index");
        write_site(&out, &two).expect("second");
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).expect("read"), b"2");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
