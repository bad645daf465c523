//! The only writer. Rendered files go to a `Sink` as soon as they are made (so a large site is
//! never all in memory): for a build, into a staging folder beside `--output`, swapped in only
//! when every file was written, so a failed or interrupted build leaves the previous site
//! untouched (on Linux one atomic `renameat2(RENAME_EXCHANGE)`); for `serve` and `check`, into
//! memory. The sink refuses unsafe paths and two files at one path, and keeps each file's size
//! and hash for what needs the whole build (offline manifests, the service worker's version).
//! With `--precompress`, each text file also gets a `.gz` (gzip, best) and a `.br` (brotli,
//! quality 11) copy beside it. Also: HTML minification, and the refusal of dangerous `--output` folders: the site itself,
//! `content/` (or any source folder), an ancestor of the site, `/`, and any folder that is not
//! empty and does not hold a previous senda build (each build writes a marker file,
//! `.senda-build`), so senda never deletes what it did not write.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
            content: match (&a.bytes, &a.disk) {
                (Some(b), _) => Content::Bytes(b.clone()),
                (None, Some(disk)) => Content::Copy(disk.clone()),
                (None, None) => Content::Bytes(Vec::new()),
            },
            source: Some(a.source.clone()),
        })
        .collect()
}

/// What the sink remembers of each file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub size: u64,
    /// `assets::fast_hash` of the bytes.
    pub hash: String,
}

enum Target {
    Memory(Mutex<BTreeMap<String, OutputFile>>),
    Disk {
        dir: PathBuf,
        made: Mutex<HashSet<PathBuf>>,
    },
}

/// Where rendered files go. Safe to use from every rendering thread.
pub struct Sink {
    target: Target,
    meta: Mutex<BTreeMap<String, Meta>>,
    errors: Mutex<Vec<OutputError>>,
    /// Also write a `.gz` and a `.br` copy of each text file.
    precompress: bool,
}

impl Sink {
    /// Files kept in memory (`serve`, `check`).
    pub fn memory() -> Self {
        Sink {
            target: Target::Memory(Mutex::new(BTreeMap::new())),
            meta: Mutex::new(BTreeMap::new()),
            errors: Mutex::new(Vec::new()),
            precompress: false,
        }
    }

    /// Files written into `staging` (made by `begin`).
    fn disk(staging: PathBuf, precompress: bool) -> Self {
        Sink {
            target: Target::Disk {
                dir: staging,
                made: Mutex::new(HashSet::new()),
            },
            meta: Mutex::new(BTreeMap::new()),
            errors: Mutex::new(Vec::new()),
            precompress,
        }
    }

    fn fail(&self, e: OutputError) {
        if let Ok(mut errors) = self.errors.lock() {
            errors.push(e);
        }
    }

    /// Takes one file: checks its path, records its size and hash, stores or writes it.
    pub fn put(&self, file: OutputFile) {
        if !safe_relative(&file.path) {
            return self.fail(OutputError::UnsafePath(file.path));
        }
        let OutputFile {
            path,
            content,
            source,
        } = file;
        // A rendered file's bytes are moved, not copied.
        let bytes = match content {
            Content::Bytes(b) => b,
            Content::Copy(from) => match std::fs::read(&from) {
                Ok(b) => b,
                Err(e) => return self.fail(OutputError::Io { path, source: e }),
            },
        };
        let meta = Meta {
            size: bytes.len() as u64,
            hash: crate::assets::fast_hash(&bytes),
        };
        match self.meta.lock() {
            Ok(mut m) => {
                if m.insert(path.clone(), meta).is_some() {
                    return self.fail(OutputError::Collision(path));
                }
            }
            Err(_) => return,
        }
        match &self.target {
            Target::Memory(map) => {
                if let Ok(mut map) = map.lock() {
                    let file = OutputFile {
                        path: path.clone(),
                        content: Content::Bytes(bytes),
                        source,
                    };
                    map.insert(path, file);
                }
            }
            Target::Disk { dir, made } => {
                let full = dir.join(&path);
                if let Some(parent) = full.parent() {
                    let new = made
                        .lock()
                        .map(|mut m| m.insert(parent.to_path_buf()))
                        .unwrap_or(true);
                    if new && let Err(e) = std::fs::create_dir_all(parent) {
                        return self.fail(io_err(parent, e));
                    }
                }
                if let Err(e) = std::fs::write(&full, &bytes) {
                    return self.fail(io_err(&full, e));
                }
                if self.precompress && compressible(&path) {
                    let gz_path = dir.join(format!("{path}.gz"));
                    if let Err(e) = std::fs::write(&gz_path, gzip(&bytes)) {
                        self.fail(io_err(&gz_path, e));
                    }
                    let br_path = dir.join(format!("{path}.br"));
                    if let Err(e) = std::fs::write(&br_path, brotli(&bytes)) {
                        self.fail(io_err(&br_path, e));
                    }
                }
            }
        }
    }

    /// Every file so far: path → size and hash.
    pub fn meta(&self) -> BTreeMap<String, Meta> {
        self.meta.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The problems met so far.
    pub fn take_errors(&self) -> Vec<OutputError> {
        self.errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default()
    }

    /// The files kept in memory (empty for a disk sink).
    pub fn into_files(self) -> BTreeMap<String, OutputFile> {
        match self.target {
            Target::Memory(map) => map.into_inner().unwrap_or_default(),
            Target::Disk { .. } => BTreeMap::new(),
        }
    }
}

/// Files worth compressing.
pub fn compressible(path: &str) -> bool {
    matches!(
        path.rsplit('.').next().unwrap_or(""),
        "html" | "css" | "js" | "json" | "xml" | "txt" | "svg" | "webmanifest"
    )
}

/// gzip, best compression: the `.gz` copies `--precompress` writes, and the sizes `check`
/// weighs pages by (the same settings, so the budget measures what is served).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    if enc.write_all(bytes).is_err() {
        return Vec::new();
    }
    enc.finish().unwrap_or_default()
}

/// brotli at its best quality (11) with a 4 MB window (2^22, brotli's default), the `.br`
/// copies that nginx's `brotli_static` and Caddy's `precompressed br` serve.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let mut input = bytes;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

/// A build in progress: the staging folder next to `output` and the sink writing into it.
pub struct Staging {
    pub sink: Sink,
    staging: PathBuf,
    output: PathBuf,
    name: String,
}

/// Prepares the staging folder for writing `output`.
pub fn begin(output: &Path, precompress: bool) -> Result<Staging, OutputError> {
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
    if !replaceable(&output)? {
        return Err(OutputError::NotOurs(output.display().to_string()));
    }
    // Leftovers of a killed earlier build are removed first.
    clean_leftovers(&parent, &name);
    let staging = parent.join(format!(".{name}.senda-staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| io_err(&staging, e))?;
    Ok(Staging {
        sink: Sink::disk(staging.clone(), precompress),
        staging,
        output,
        name,
    })
}

impl Staging {
    /// The staging folder, for files made by another program (`zim.rs`).
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the finished staging folder in.
    pub fn commit(self) -> Result<(), OutputError> {
        self.sink.put(marker_file());
        if let Some(e) = self.sink.take_errors().into_iter().next() {
            let _ = std::fs::remove_dir_all(&self.staging);
            return Err(e);
        }
        let result = swap_in(&self.staging, &self.output, &self.name);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        result
    }

    /// Throws the staging folder away (the previous site stays).
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
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
    #[error(
        "refusing to build into {0}: it holds files that senda did not write (no {marker} file from an earlier build)",
        marker = crate::routes::MARKER
    )]
    NotOurs(String),
}

impl Coded for OutputError {
    fn code(&self) -> &'static str {
        match self {
            OutputError::Io { .. } => "write-failed",
            OutputError::Refused(..) => "bad-output",
            OutputError::Collision(_) => "duplicate-url",
            OutputError::UnsafePath(_) => "bad-output",
            OutputError::NotOurs(_) => "bad-output",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            OutputError::NotOurs(_) => Some(
                "choose an empty or new folder with --output, or move your files out of this one"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// What every build writes into its output, last: the proof that the folder is a senda build.
pub fn marker_file() -> OutputFile {
    OutputFile::bytes(
        crate::routes::MARKER,
        b"This folder is a site built by senda. The next `senda build` replaces all of it.\n"
            .to_vec(),
    )
}

/// May a build replace `output`? Yes when it does not exist, is an empty folder, or holds a
/// previous senda build: the marker file, or (builds from before the marker) the files only
/// senda writes, with senda's own first line.
fn replaceable(output: &Path) -> Result<bool, OutputError> {
    let meta = match output.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(io_err(output, e)),
    };
    if !meta.is_dir() {
        return Err(OutputError::Refused(
            output.display().to_string(),
            "it exists and is not a folder",
        ));
    }
    let mut entries = std::fs::read_dir(output).map_err(|e| io_err(output, e))?;
    if entries.next().is_none() {
        return Ok(true);
    }
    if output.join(crate::routes::MARKER).is_file() {
        return Ok(true);
    }
    let starts_with = |name: &str, prefix: &[u8]| {
        std::fs::read(output.join(name)).is_ok_and(|b| b.starts_with(prefix))
    };
    let legacy_web = starts_with("sw.js", b"// senda service worker");
    let legacy_kiosk = std::fs::read_dir(output).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with("kiosk.") && n.ends_with(".js") && starts_with(&n, b"/* senda kiosk")
        })
    });
    Ok(legacy_web || legacy_kiosk)
}

fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Minifies an HTML page with minify-html's one-pass minifier (scripts and styles are left
/// alone: see DEPENDENCIES.md), then puts back the one space HTML requires between a quoted
/// attribute value and the next attribute, which that minifier drops (`a="x"b` is a parse
/// error for the Nu HTML Checker). Malformed HTML is refused by the minifier; then the page
/// is kept as it is.
#[cfg(feature = "minify")]
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html_onepass::Cfg {
        minify_css: false,
        minify_js: false,
    };
    match minify_html_onepass::copy(html, &cfg) {
        Ok(min) => space_attributes(&min),
        Err(_) => html.to_vec(),
    }
}

/// Inserts a space after each closing quote of an attribute value that is directly followed
/// by another attribute. Only inside tags (`<name ...>`): text never holds a raw `<` in
/// minified HTML, and comments and doctypes are copied as they are.
#[cfg(any(feature = "minify", test))]
fn space_attributes(html: &[u8]) -> Vec<u8> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Text,
        Tag,
        Quoted(u8),
        Other,
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 32);
    let mut at = At::Text;
    for (i, &b) in html.iter().enumerate() {
        match at {
            At::Text if b == b'<' => {
                at = match html.get(i + 1) {
                    Some(c) if c.is_ascii_alphabetic() => At::Tag,
                    Some(b'!' | b'?') => At::Other,
                    _ => At::Text,
                };
            }
            At::Tag if b == b'"' || b == b'\'' => at = At::Quoted(b),
            At::Tag | At::Other if b == b'>' => at = At::Text,
            At::Quoted(q) if b == q => {
                out.push(b);
                at = At::Tag;
                if html
                    .get(i + 1)
                    .is_some_and(|n| !n.is_ascii_whitespace() && *n != b'>' && *n != b'/')
                {
                    out.push(b' ');
                }
                continue;
            }
            _ => {}
        }
        out.push(b);
    }
    out
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
        crate::media::CACHE_DIR,
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

/// Each output path must be relative, stay inside the output folder, and hold no control
/// character (a newline in a file name would add lines to `_headers`).
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(char::is_control)
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Writes a whole set of files into `output`, all-or-nothing.
pub fn write_site(output: &Path, files: &BTreeMap<String, OutputFile>) -> Result<(), OutputError> {
    let staging = begin(output, false)?;
    files
        .par_iter()
        .for_each(|(_, f)| staging.sink.put(f.clone()));
    if let Some(e) = staging.sink.take_errors().into_iter().next() {
        staging.abandon();
        return Err(e);
    }
    staging.commit()
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
            remove_tree(&e.path());
        }
    }
}

/// Deletes a folder tree (one of ours: a previous site or a staging folder). On Linux, entry
/// by entry relative to open folders (no path lookups), top-level folders in parallel: with
/// tens of thousands of pages this is a noticeable part of a build.
fn remove_tree(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, Mode, OFlags, openat};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        if let Ok(fd) = openat(CWD, dir, flags, Mode::empty()) {
            let children = list_dir(&fd);
            children.par_iter().for_each(|(name, is_dir)| {
                if *is_dir {
                    if let Ok(sub) = openat(&fd, name.as_c_str(), flags, Mode::empty()) {
                        empty_dir(&sub);
                    }
                    let _ =
                        rustix::fs::unlinkat(&fd, name.as_c_str(), rustix::fs::AtFlags::REMOVEDIR);
                } else {
                    let _ =
                        rustix::fs::unlinkat(&fd, name.as_c_str(), rustix::fs::AtFlags::empty());
                }
            });
        }
    }
    // Whatever is left (other systems, or a failure above).
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The entries of an open folder: (name, is a folder).
#[cfg(target_os = "linux")]
fn list_dir(fd: &rustix::fd::OwnedFd) -> Vec<(std::ffi::CString, bool)> {
    let Ok(entries) = rustix::fs::Dir::read_from(fd) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_bytes();
            n != b"." && n != b".."
        })
        .map(|e| {
            (
                e.file_name().to_owned(),
                e.file_type() == rustix::fs::FileType::Directory,
            )
        })
        .collect()
}

/// Deletes everything inside an open folder.
#[cfg(target_os = "linux")]
fn empty_dir(fd: &rustix::fd::OwnedFd) {
    use rustix::fs::{AtFlags, Mode, OFlags, openat, unlinkat};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    for (name, is_dir) in list_dir(fd) {
        if is_dir {
            if let Ok(sub) = openat(fd, name.as_c_str(), flags, Mode::empty()) {
                empty_dir(&sub);
            }
            let _ = unlinkat(fd, name.as_c_str(), AtFlags::REMOVEDIR);
        } else {
            let _ = unlinkat(fd, name.as_c_str(), AtFlags::empty());
        }
    }
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
            remove_tree(staging);
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
    remove_tree(&old);
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
    fn unsafe_paths_and_collisions_are_refused() {
        for p in [
            "../x",
            "/etc/x",
            "a/../../x",
            "a//b",
            "",
            "*\n  Access-Control-Allow-Origin: *\nz.css",
            "a\rb",
        ] {
            let sink = Sink::memory();
            sink.put(OutputFile::bytes(p, vec![]));
            assert_eq!(sink.take_errors().len(), 1, "{p}");
        }
        let sink = Sink::memory();
        sink.put(OutputFile::bytes("a/b.html", vec![1]));
        assert!(sink.take_errors().is_empty());
        sink.put(OutputFile::bytes("a/b.html", vec![2]));
        assert!(matches!(
            sink.take_errors()[..],
            [OutputError::Collision(_)]
        ));
        assert_eq!(sink.meta()["a/b.html"].size, 1);
    }

    #[test]
    fn attributes_get_their_space_back() {
        assert_eq!(
            space_attributes(
                b"<a href=\"x\"rel=\"y\"title='z'id=q>t=\"no\"b</a><!-- a\"b --><br/>"
            ),
            b"<a href=\"x\" rel=\"y\" title='z' id=q>t=\"no\"b</a><!-- a\"b --><br/>".to_vec()
        );
        assert_eq!(
            space_attributes(b"<p class=\"a\">x</p>"),
            b"<p class=\"a\">x</p>".to_vec()
        );
    }

    #[test]
    fn swaps_atomically() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let one: BTreeMap<String, OutputFile> = [(
            "a.html".to_string(),
            OutputFile::bytes("a.html", b"1".to_vec()),
        )]
        .into();
        write_site(&out, &one).expect("first");
        let two: BTreeMap<String, OutputFile> = [(
            "b.html".to_string(),
            OutputFile::bytes("b.html", b"2".to_vec()),
        )]
        .into();
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
