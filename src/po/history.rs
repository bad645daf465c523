//! The source as it was when a translation was made, from git: the translation records the
//! hash of its source's body (`source_hash`); the first version of the source in the file's
//! history (renames followed) whose body has that hash is the one it was translated from.
//!
//! It runs the `git` program (`git log` for the versions, one `git cat-file --batch` for their
//! text), in the site's folder, with no pager, prompt or colour; paths are passed after `--`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The most versions of one file looked at.
const MAX_VERSIONS: usize = 2000;
/// A version larger than this is skipped (pages are refused over 8 MB).
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Why the history could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("the site is not in a git repository")]
    NotGit,
    #[error("git is not installed")]
    NoGit,
    #[error("git failed: {0}")]
    Failed(String),
}

/// A found version of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The commit it is from (abbreviated).
    pub commit: String,
    /// The whole file's text, normalised as senda reads files.
    pub text: String,
}

/// A git repository holding the site.
#[derive(Debug, Clone)]
pub struct Git {
    root: PathBuf,
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "--no-pager"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    c
}

impl Git {
    /// The repository the site's folder is in.
    pub fn open(root: &Path) -> Result<Git, HistoryError> {
        let out = git(root)
            .args(["rev-parse", "--is-inside-work-tree"])
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    HistoryError::NoGit
                } else {
                    HistoryError::Failed(e.to_string())
                }
            })?;
        if !out.status.success() || String::from_utf8_lossy(&out.stdout).trim() != "true" {
            return Err(HistoryError::NotGit);
        }
        Ok(Git {
            root: root.to_path_buf(),
        })
    }

    /// The version of `file` (relative to the site's folder) whose body hashes to `hash`.
    pub fn source_with_hash(&self, file: &Path, hash: &str) -> Result<Option<Found>, HistoryError> {
        let versions = self.versions(file)?;
        if versions.is_empty() {
            return Ok(None);
        }
        let mut child = git(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| HistoryError::Failed(e.to_string()))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| HistoryError::Failed("no input to git cat-file".into()))?;
        let requests: String = versions
            .iter()
            .map(|(commit, path)| format!("{commit}:{path}\n"))
            .collect();
        // Write from another thread: git answers while it reads, and both pipes have limits.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(requests.as_bytes());
        });
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| HistoryError::Failed("no output from git cat-file".into()))?;
        let mut reader = BufReader::new(stdout);
        let mut found = None;
        for (commit, _) in &versions {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                break;
            }
            let parts: Vec<&str> = header.split_whitespace().collect();
            let size = match parts.as_slice() {
                [_, "blob", size] => size.parse::<usize>().unwrap_or(usize::MAX),
                _ => continue,
            };
            if size > MAX_BYTES {
                break;
            }
            let mut bytes = vec![0u8; size + 1];
            if reader.read_exact(&mut bytes).is_err() {
                break;
            }
            bytes.pop();
            if found.is_some() {
                continue;
            }
            let Ok(text) = crate::fs::text(bytes) else {
                continue;
            };
            let Ok((_, _, body)) = crate::content::split_front_matter(&text) else {
                continue;
            };
            if crate::content::source_hash(&text[body..]) == hash {
                found = Some(Found {
                    commit: commit.chars().take(10).collect(),
                    text,
                });
            }
        }
        drop(reader);
        let _ = child.kill();
        let _ = child.wait();
        let _ = writer.join();
        Ok(found)
    }

    /// (commit, path in the repository) of each version of `file`, newest first.
    fn versions(&self, file: &Path) -> Result<Vec<(String, String)>, HistoryError> {
        let out = git(&self.root)
            .args([
                "log",
                "--follow",
                "--format=%H",
                "--name-only",
                "--no-color",
                "--",
            ])
            .arg(file)
            .output()
            .map_err(|e| HistoryError::Failed(e.to_string()))?;
        if !out.status.success() {
            return Err(HistoryError::Failed(format!(
                "git log exited with {}",
                out.status
            )));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut versions = Vec::new();
        let mut commit: Option<String> = None;
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                continue;
            }
            if line.len() >= 40 && line.chars().all(|c| c.is_ascii_hexdigit()) {
                commit = Some(line.to_string());
            } else if let Some(c) = commit.take() {
                // Quoted names (control characters in them) are not looked at.
                if !line.starts_with('"') {
                    versions.push((c, line.to_string()));
                }
            }
            if versions.len() >= MAX_VERSIONS {
                break;
            }
        }
        Ok(versions)
    }
}
