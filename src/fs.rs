//! Reading the site's own files, and nothing else. Every input (site.yaml, content/, locales/,
//! data/, the theme's templates and static files, static/) is read through `SiteFiles`:
//! 1. on disk, a path is read only when its real location, with every symbolic link resolved,
//!    is inside the site's folder; a link that leads outside is refused with `error[symlink]`
//!    (and a folder reached through one is not walked), a loop likewise;
//! 2. in memory (the fuzz targets and unit tests), a map of paths to bytes: no disk at all;
//! 3. text is UTF-8 (a byte-order mark is dropped, CRLF and CR become LF), and every read has a
//!    size limit, checked before anything is allocated.
//!
//! Every problem carries the path it is about, relative to the site's folder.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Coded, Location};

/// A problem reading one path.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FsError {
    #[error("this file does not exist")]
    NotFound,
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    #[error("this file is not UTF-8 text (the first bad byte is at offset {offset})")]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("this file is too large ({size} bytes; the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("this symbolic link points outside the site's folder ({0})")]
    Outside(String),
    #[error("a symbolic link loop: this folder contains itself")]
    Loop,
}

impl Coded for FsError {
    fn code(&self) -> &'static str {
        match self {
            FsError::NotFound | FsError::Unreadable(_) => "unreadable",
            FsError::NotUtf8 { .. } => "not-utf8",
            FsError::TooLarge { .. } => "too-large",
            FsError::Outside(_) | FsError::Loop => "symlink",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            FsError::Outside(_) => Some(
                "copy the file into the site's folder instead of linking to it: senda only reads the site's own files"
                    .into(),
            ),
            _ => None,
        }
    }
}

impl FsError {
    /// Where to point for this problem in `file`.
    pub fn location(&self, file: &Path) -> Location {
        match self {
            FsError::NotUtf8 { line, column, .. } => {
                let mut at = Location::file(file);
                at.line = Some(*line);
                at.column = Some(*column);
                at
            }
            _ => Location::file(file),
        }
    }
}

/// The files of a folder tree, sorted, and the paths that could not be used.
#[derive(Debug, Default)]
pub struct Walked {
    /// Regular files, relative to the site's folder.
    pub files: Vec<PathBuf>,
    pub problems: Vec<(PathBuf, FsError)>,
}

/// Where the site's files come from.
#[derive(Debug, Clone)]
pub enum SiteFiles {
    Disk {
        /// As given (for messages and for the output folder's default).
        root: PathBuf,
        /// With every symbolic link resolved: what "inside the site" means.
        real_root: PathBuf,
        /// `real_root`, open: files are opened beneath it (see `open_beneath`).
        dir: Option<Arc<rustix::fd::OwnedFd>>,
    },
    Memory(BTreeMap<PathBuf, Vec<u8>>),
}

/// Hidden files and editors' backups are never part of a site.
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~')
}

fn io_error(e: &std::io::Error) -> FsError {
    if e.kind() == std::io::ErrorKind::NotFound {
        FsError::NotFound
    } else {
        FsError::Unreadable(e.to_string())
    }
}

impl SiteFiles {
    /// The site in the folder `root`.
    pub fn disk(root: impl Into<PathBuf>) -> SiteFiles {
        let root = root.into();
        let real_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let dir = rustix::fs::open(
            &real_root,
            rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )
        .ok()
        .map(Arc::new);
        SiteFiles::Disk {
            root,
            real_root,
            dir,
        }
    }

    /// A site held in memory: relative paths (`content/_index.md`) to bytes.
    pub fn memory(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> SiteFiles {
        SiteFiles::Memory(files.into_iter().collect())
    }

    /// The site's folder on disk (empty in memory).
    pub fn root(&self) -> &Path {
        match self {
            SiteFiles::Disk { root, .. } => root,
            SiteFiles::Memory(_) => Path::new(""),
        }
    }

    /// The file on disk for a relative path already found by `walk` (for copying it later
    /// without holding it in memory); `None` in memory.
    pub fn disk_path(&self, rel: &Path) -> Option<PathBuf> {
        match self {
            SiteFiles::Disk { root, .. } => Some(root.join(rel)),
            SiteFiles::Memory(_) => None,
        }
    }

    /// Checks that `abs` (which exists) really is inside the site.
    fn inside(real_root: &Path, abs: &Path) -> Result<PathBuf, FsError> {
        let real = abs.canonicalize().map_err(|e| io_error(&e))?;
        if real.starts_with(real_root) {
            Ok(real)
        } else {
            Err(FsError::Outside(real.display().to_string()))
        }
    }

    pub fn is_dir(&self, rel: &Path) -> bool {
        match self {
            SiteFiles::Disk {
                root, real_root, ..
            } => {
                let abs = root.join(rel);
                abs.is_dir() && Self::inside(real_root, &abs).is_ok()
            }
            SiteFiles::Memory(files) => files.keys().any(|p| p.starts_with(rel) && p != rel),
        }
    }

    pub fn is_file(&self, rel: &Path) -> bool {
        match self {
            SiteFiles::Disk { root, .. } => root.join(rel).is_file(),
            SiteFiles::Memory(files) => files.contains_key(rel),
        }
    }

    /// Every file under the folder `dir` (relative to the site), sorted by path; hidden files
    /// and backups left out. A missing folder has no files.
    pub fn walk(&self, dir: &Path) -> Walked {
        match self {
            SiteFiles::Disk {
                root, real_root, ..
            } => walk_disk(root, real_root, dir),
            SiteFiles::Memory(files) => Walked {
                files: files
                    .keys()
                    .filter(|p| p.starts_with(dir) && p.as_path() != dir)
                    .filter(|p| {
                        p.strip_prefix(dir)
                            .is_ok_and(|rest| rest.iter().all(|c| !ignored(&c.to_string_lossy())))
                    })
                    .cloned()
                    .collect(),
                problems: Vec::new(),
            },
        }
    }

    /// The bytes of `rel`, if it is at most `limit` bytes long.
    pub fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
        match self {
            SiteFiles::Disk {
                root,
                real_root,
                dir,
            } => {
                let file = match dir.as_deref().and_then(|d| open_beneath(d, rel)) {
                    Some(file) => file,
                    None => {
                        let real = Self::inside(real_root, &root.join(rel))?;
                        std::fs::File::open(&real).map_err(|e| io_error(&e))?
                    }
                };
                let len = file.metadata().map_err(|e| io_error(&e))?.len();
                if len > limit {
                    return Err(FsError::TooLarge { size: len, limit });
                }
                // The size is known: one allocation. A file that grows while it is read is
                // still cut at the limit.
                let mut bytes = Vec::with_capacity(len as usize + 1);
                file.take(limit + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| io_error(&e))?;
                if bytes.len() as u64 > limit {
                    return Err(FsError::TooLarge {
                        size: bytes.len() as u64,
                        limit,
                    });
                }
                Ok(bytes)
            }
            SiteFiles::Memory(files) => {
                let bytes = files.get(rel).ok_or(FsError::NotFound)?;
                if bytes.len() as u64 > limit {
                    return Err(FsError::TooLarge {
                        size: bytes.len() as u64,
                        limit,
                    });
                }
                Ok(bytes.clone())
            }
        }
    }

    /// The text of `rel`: UTF-8 required, BOM dropped, line ends made `\n`.
    pub fn read_text(&self, rel: &Path, limit: u64) -> Result<String, FsError> {
        text(self.read(rel, limit)?)
    }
}

/// The file `rel` opened beneath the site's folder `dir` by the kernel (Linux's `openat2` with
/// `RESOLVE_BENEATH`: no `..` or symbolic link may lead out of it), in one system call rather
/// than one per folder of the path to resolve it first. `None` for anything else (no such
/// file, an absolute symbolic link, a kernel without `openat2`): the caller then resolves the
/// path itself and says what is wrong.
#[cfg(target_os = "linux")]
fn open_beneath(dir: &rustix::fd::OwnedFd, rel: &Path) -> Option<std::fs::File> {
    use rustix::fs::{Mode, OFlags, ResolveFlags};
    if rel.is_absolute() {
        return None;
    }
    rustix::fs::openat2(
        dir,
        rel,
        OFlags::RDONLY | OFlags::CLOEXEC,
        Mode::empty(),
        ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
    )
    .ok()
    .map(std::fs::File::from)
}

#[cfg(not(target_os = "linux"))]
fn open_beneath(_: &rustix::fd::OwnedFd, _: &Path) -> Option<std::fs::File> {
    None
}

/// Bytes as text: UTF-8 required (the error points at the first bad byte), BOM dropped,
/// CRLF and CR made LF.
pub fn text(bytes: Vec<u8>) -> Result<String, FsError> {
    // Checked with SIMD, then copied (a copy is much faster than the standard library's
    // check); the standard library only says where a bad file goes wrong.
    let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
        return Err(not_utf8(bytes));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// The error for bytes that are not UTF-8, at the first bad byte.
fn not_utf8(bytes: Vec<u8>) -> FsError {
    let offset = match std::str::from_utf8(&bytes) {
        Err(e) => e.valid_up_to(),
        Ok(_) => bytes.len(),
    };
    let good = String::from_utf8_lossy(&bytes[..offset]).into_owned();
    let (line, column) = crate::diag::line_col(&good, good.len());
    FsError::NotUtf8 {
        offset,
        line,
        column,
    }
}

fn walk_disk(root: &Path, real_root: &Path, dir: &Path) -> Walked {
    let mut out = Walked::default();
    let top = root.join(dir);
    if !top.exists() {
        return out;
    }
    // The folder itself may be a link out of the site (`static -> /etc`).
    if let Err(e) = SiteFiles::inside(real_root, &top) {
        out.problems.push((dir.to_path_buf(), e));
        return out;
    }
    let rel_of = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut refused: Vec<(PathBuf, FsError)> = Vec::new();
    let walker = walkdir::WalkDir::new(&top)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && ignored(&e.file_name().to_string_lossy()) {
                return false;
            }
            if e.path_is_symlink() {
                // Checked before a linked folder is entered, so nothing outside is listed.
                if let Err(err) = SiteFiles::inside(real_root, e.path()) {
                    refused.push((rel_of(e.path()), err));
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => out.files.push(rel_of(e.path())),
            Ok(_) => {}
            Err(e) => {
                let rel = e.path().map(rel_of).unwrap_or_else(|| dir.to_path_buf());
                let err = if e.loop_ancestor().is_some() {
                    FsError::Loop
                } else {
                    FsError::Unreadable(
                        e.io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string()),
                    )
                };
                out.problems.push((rel, err));
            }
        }
    }
    out.problems.extend(refused);
    out.problems.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_normalised_and_bad_bytes_located() {
        assert_eq!(
            text(b"\xef\xbb\xbfa\r\nb\rc".to_vec()).ok().as_deref(),
            Some("a\nb\nc")
        );
        match text(b"ok\nbad \xff".to_vec()) {
            Err(FsError::NotUtf8 {
                offset,
                line,
                column,
            }) => assert_eq!((offset, line, column), (7, 2, 5)),
            other => panic!("{other:?}"),
        }
    }

    proptest::proptest! {
        #[test]
        fn text_takes_what_the_standard_library_takes_as_utf8(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            prefix in "[a\u{E9}\u{0627}\u{1F600}]{0,40}",
        ) {
            let mut bytes = bytes;
            bytes.splice(0..0, prefix.bytes());
            match (std::str::from_utf8(&bytes), text(bytes.clone())) {
                (Ok(s), Ok(t)) => proptest::prop_assert_eq!(
                    t,
                    s.strip_prefix('\u{feff}').unwrap_or(s).replace("\r\n", "\n").replace('\r', "\n")
                ),
                (Err(e), Err(FsError::NotUtf8 { offset, .. })) => {
                    proptest::prop_assert_eq!(offset, e.valid_up_to());
                }
                (s, t) => proptest::prop_assert!(false, "{:?} {:?}", s, t),
            }
        }
    }

    #[test]
    fn files_are_read_through_links_that_stay_inside_never_out() -> std::io::Result<()> {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir()?;
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("content/a"))?;
        std::fs::write(site.join("content/a/page.md"), "inside")?;
        std::fs::write(tmp.path().join("secret.md"), "outside")?;
        // Inside, by a relative link and by an absolute one (the second is resolved by us,
        // not the kernel, which refuses absolute links beneath a folder).
        symlink("a/page.md", site.join("content/relative.md"))?;
        symlink(
            site.join("content/a/page.md"),
            site.join("content/absolute.md"),
        )?;
        symlink("a", site.join("content/folder"))?;
        // Outside, by `..` and by an absolute path, and through a linked folder.
        symlink("../../secret.md", site.join("content/up.md"))?;
        symlink(tmp.path().join("secret.md"), site.join("content/out.md"))?;
        symlink(tmp.path(), site.join("content/outdir"))?;
        let files = SiteFiles::disk(&site);
        for rel in [
            "content/a/page.md",
            "content/relative.md",
            "content/absolute.md",
            "content/folder/page.md",
            "content/a/../a/page.md",
        ] {
            assert_eq!(
                files.read_text(Path::new(rel), 100).ok().as_deref(),
                Some("inside"),
                "{rel}"
            );
        }
        for rel in [
            "content/up.md",
            "content/out.md",
            "content/outdir/secret.md",
            "content/../../secret.md",
        ] {
            assert!(
                matches!(files.read(Path::new(rel), 100), Err(FsError::Outside(_))),
                "{rel}"
            );
        }
        assert!(matches!(
            files.read(Path::new("content/none.md"), 100),
            Err(FsError::NotFound)
        ));
        Ok(())
    }

    #[test]
    fn memory_walks_and_limits() {
        let fs = SiteFiles::memory([
            (PathBuf::from("content/_index.md"), b"x".to_vec()),
            (PathBuf::from("content/.hidden.md"), b"x".to_vec()),
            (PathBuf::from("content/a/b.md"), b"xyz".to_vec()),
            (PathBuf::from("contents/c.md"), b"x".to_vec()),
        ]);
        let w = fs.walk(Path::new("content"));
        assert_eq!(
            w.files,
            [
                PathBuf::from("content/_index.md"),
                PathBuf::from("content/a/b.md")
            ]
        );
        assert!(matches!(
            fs.read(Path::new("content/a/b.md"), 2),
            Err(FsError::TooLarge { .. })
        ));
        assert!(fs.is_dir(Path::new("content/a")));
        assert!(!fs.is_dir(Path::new("content/_index.md")));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_refused_everywhere() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
        let site = tempfile::tempdir().expect("tempdir");
        let root = site.path();
        std::fs::create_dir_all(root.join("static/inner")).expect("mkdir");
        std::fs::write(root.join("static/inner/ok.css"), "a{}").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.join("static/out")).expect("link");
        std::os::unix::fs::symlink(root.join("static/inner"), root.join("static/in"))
            .expect("link");
        std::os::unix::fs::symlink(outside.path(), root.join("data")).expect("link");
        let fs = SiteFiles::disk(root);
        let w = fs.walk(Path::new("static"));
        assert_eq!(
            w.files,
            [
                PathBuf::from("static/in/ok.css"),
                PathBuf::from("static/inner/ok.css")
            ]
        );
        assert_eq!(w.problems.len(), 1);
        assert_eq!(w.problems[0].0, PathBuf::from("static/out"));
        assert!(matches!(w.problems[0].1, FsError::Outside(_)));
        let w = fs.walk(Path::new("data"));
        assert!(w.files.is_empty());
        assert!(matches!(w.problems[..], [(_, FsError::Outside(_))]));
        assert!(matches!(
            fs.read(Path::new("data/secret.txt"), 100),
            Err(FsError::Outside(_))
        ));
    }
}
