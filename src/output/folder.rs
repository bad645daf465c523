//! The output folder: refusing dangerous ones, the staging folder a build writes into beside
//! it, and the swap that puts the finished build in its place (leftovers of killed builds
//! removed).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::{OutputError, OutputFile, Sink, io_err};

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

/// What every build writes into its output, last: the proof that the folder is a senda build.
fn marker_file() -> OutputFile {
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

/// An absolute, normalised path, symlinks resolved where it exists.
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

/// Removes the staging and old folders that builds killed before the end left beside `name`.
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
