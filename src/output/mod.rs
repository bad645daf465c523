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
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::assets::Assets;
use crate::diag::Coded;

mod folder;
mod minify;

pub use folder::{Staging, begin, check_output_dir, write_site};
pub use minify::minify;

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

/// The hash of a folder's path in `Target::Disk::made`.
fn folder_hash(path: &Path) -> u64 {
    use std::hash::{BuildHasher as _, BuildHasherDefault};
    BuildHasherDefault::<crate::search::FxHasher>::default().hash_one(path)
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
        /// A hash of each folder made so far (a folder per page: the paths themselves were
        /// 11 MB at 20,000 × 5). Two folders with one hash only cost a `create_dir_all` that
        /// finds the folder there.
        made: Mutex<HashSet<u64, std::hash::BuildHasherDefault<crate::search::FxHasher>>>,
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
                made: Mutex::new(HashSet::default()),
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
                let parent = full.parent().unwrap_or(dir);
                let new = made
                    .lock()
                    .map(|mut m| m.insert(folder_hash(parent)))
                    .unwrap_or(true);
                if new && let Err(e) = std::fs::create_dir_all(parent) {
                    return self.fail(io_err(parent, e));
                }
                let written = match std::fs::write(&full, &bytes) {
                    // A folder taken for made because another one has its hash.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound && !new => {
                        std::fs::create_dir_all(parent).and_then(|()| std::fs::write(&full, &bytes))
                    }
                    other => other,
                };
                if let Err(e) = written {
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

/// An I/O error at `path`.
fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
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

#[cfg(test)]
mod tests {
    use super::minify::space_attributes;
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
    fn a_folder_taken_for_made_by_its_hash_is_made_when_a_file_goes_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sink = Sink::disk(dir.path().to_path_buf(), false);
        // As if another folder with the same hash had been made.
        if let Target::Disk { made, .. } = &sink.target {
            made.lock()
                .expect("lock")
                .insert(folder_hash(&dir.path().join("es/asilo")));
        }
        sink.put(OutputFile::bytes(
            "es/asilo/index.html",
            b"<p>x</p>".to_vec(),
        ));
        assert!(sink.take_errors().is_empty());
        assert_eq!(
            std::fs::read(dir.path().join("es/asilo/index.html")).ok(),
            Some(b"<p>x</p>".to_vec())
        );
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

    /// The first version, a byte at a time: what `space_attributes` must give.
    /// Inserts a space after each closing quote of an attribute value that is directly followed
    /// by another attribute. Only inside tags (`<name ...>`): text never holds a raw `<` in
    /// minified HTML, and comments and doctypes are copied as they are.
    fn byte_by_byte(html: &[u8]) -> Vec<u8> {
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

    proptest::proptest! {
        #[test]
        fn attributes_are_spaced_as_byte_by_byte(html in "[<>!?/=\"' ax-]{0,40}") {
            proptest::prop_assert_eq!(
                space_attributes(html.as_bytes()),
                byte_by_byte(html.as_bytes())
            );
        }
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
