//! Diagnostics: every problem senda finds in a site becomes one `Diagnostic` (severity, code,
//! file, line, column, message, the offending source line, an optional hint), so that a run can
//! report everything at once instead of stopping at the first mistake. This module also renders
//! them for humans (rustc-style text) and machines (`--format json`); it never prints.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is. Errors fail a build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is. `file` is relative to the site root, `line` and `column` are
/// 1-based; either may be unknown (a problem with the whole site has no file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The source line the problem is on, shown under the location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// A suggestion: what to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where in `file` the problem is, until `Diagnostics::resolve_pending` reads the file
    /// again and fills in `line`, `column` and `snippet`.
    #[serde(skip)]
    pub pending: Option<Pending>,
}

/// Something a domain error can tell about itself so it can become a diagnostic.
pub trait Coded: std::fmt::Display {
    /// A short, stable, kebab-case name for the kind of problem (`unknown-key`, `broken-link`).
    fn code(&self) -> &'static str;
    /// An optional hint for the reader.
    fn help(&self) -> Option<String> {
        None
    }
}

/// Where something is in a source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub snippet: Option<String>,
    /// A place in a file whose text was not kept, for `Diagnostics::resolve_pending`.
    pub pending: Option<Pending>,
}

/// A place in a file whose text is no longer in memory (a build frees each page's text as soon
/// as it is parsed): turned into line, column and snippet once loading ends, by reading the
/// file again. A build without problems reads nothing twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// A byte offset in the file's text.
    Offset(usize),
    /// The line `key:` is on, in a front matter that ends at byte `end`.
    Key { end: usize, key: String },
}

impl Pending {
    /// The location this names in `file`, whose text is `text`.
    pub fn locate(&self, file: &Path, text: &str) -> Location {
        match self {
            Pending::Offset(offset) => Location::at_offset(file, text, *offset),
            Pending::Key { end, key } => Location::at_key(file, text, *end, key),
        }
    }
}

impl Location {
    /// A whole file, no line.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// A position in a file whose text is `source`; the offending line is kept as the snippet.
    pub fn at(file: impl Into<PathBuf>, source: &str, line: usize, column: usize) -> Self {
        Location {
            file: Some(file.into()),
            line: Some(line.max(1)),
            column: Some(column.max(1)),
            snippet: source_line(source, line.max(1)),
            pending: None,
        }
    }

    /// A byte offset in a file whose text is `source`.
    pub fn at_offset(file: impl Into<PathBuf>, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        Location::at(file, source, line, column)
    }

    /// The line of `key:` in a front matter that ends before byte `end` of `source` (the first
    /// line if the key is not written).
    pub fn at_key(file: impl Into<PathBuf>, source: &str, end: usize, key: &str) -> Self {
        let needle = format!("\n{key}:");
        match source[..floor_char_boundary(source, end.min(source.len()))].find(&needle) {
            Some(o) => Location::at_offset(file, source, o + 1),
            None => Location::at(file, source, 1, 1),
        }
    }

    /// A place in `file`, found once the file is read again (`Diagnostics::resolve_pending`).
    pub fn pending(file: impl Into<PathBuf>, place: Pending) -> Self {
        Location {
            file: Some(file.into()),
            pending: Some(place),
            ..Location::default()
        }
    }
}

impl Diagnostic {
    fn new(severity: Severity, error: &dyn Coded, at: Location) -> Self {
        Diagnostic {
            severity,
            code: error.code(),
            file: at.file,
            line: at.line,
            column: at.column,
            message: error.to_string(),
            snippet: at.snippet,
            help: error.help(),
            pending: at.pending,
        }
    }

    pub fn error(error: &dyn Coded, at: Location) -> Self {
        Diagnostic::new(Severity::Error, error, at)
    }

    pub fn warning(error: &dyn Coded, at: Location) -> Self {
        Diagnostic::new(Severity::Warning, error, at)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Rendered for a terminal, rustc style:
    /// ```text
    /// error[unknown-key]: unknown key `titel` in the front matter
    ///   --> content/rights/asylum.md:2:1
    ///    |
    ///  2 | titel: Asylum
    ///    | ^
    ///    = help: did you mean `title`?
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code, self.message);
        if let Some(file) = &self.file {
            let file = display_path(file);
            match (self.line, self.column) {
                (Some(l), Some(c)) => {
                    let _ = writeln!(out, "  --> {file}:{l}:{c}");
                }
                (Some(l), None) => {
                    let _ = writeln!(out, "  --> {file}:{l}");
                }
                _ => {
                    let _ = writeln!(out, "  --> {file}");
                }
            }
        }
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, " {pad} |");
            let _ = writeln!(out, " {num} | {snippet}");
            if let Some(col) = self.column {
                // Columns count characters; a tab before the column keeps its width.
                let marker: String = snippet
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, " {pad} | {marker}^");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {help}");
        }
        out
    }
}

/// The collector: stages push into it, `main` reads it at the end.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, error: &dyn Coded, at: Location) {
        self.push(Diagnostic::error(error, at));
    }

    pub fn warning(&mut self, error: &dyn Coded, at: Location) {
        self.push(Diagnostic::warning(error, at));
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Fills in the line, column and snippet of every diagnostic whose place is pending,
    /// reading each such file once through `read` (a file that cannot be read again keeps its
    /// name only).
    pub fn resolve_pending(&mut self, mut read: impl FnMut(&Path) -> Option<String>) {
        let mut texts: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
        for d in &mut self.items {
            let (Some(place), Some(file)) = (d.pending.take(), &d.file) else {
                continue;
            };
            let text = texts.entry(file.clone()).or_insert_with(|| read(file));
            if let Some(text) = text {
                let at = place.locate(file, text);
                (d.line, d.column, d.snippet) = (at.line, at.column, at.snippet);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// In a stable order (file, line, column, then severity and message), duplicates removed:
    /// the same report for the same input, whatever the order the parallel stages finished in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// The JSON document of `--format json`: a list of diagnostics.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        severity: Severity,
        code: &'a str,
        file: Option<String>,
        line: Option<usize>,
        column: Option<usize>,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
    }
    let list: Vec<Out> = diagnostics
        .iter()
        .map(|d| Out {
            severity: d.severity,
            code: d.code,
            file: d.file.as_deref().map(display_path),
            line: d.line,
            column: d.column,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// A path shown with `/` separators whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of a 1-based line, cut to a readable length.
pub fn source_line(source: &str, line: usize) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let text = text.trim_end_matches('\r');
    const MAX: usize = 160;
    if text.chars().count() > MAX {
        Some(text.chars().take(MAX).collect::<String>() + "…")
    } else {
        Some(text.to_string())
    }
}

/// The known word nearest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        .map(|k| (levenshtein(&word, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\nçd é\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        // "é" starts after "çd " : 3 characters, byte offset 3 + 4
        assert_eq!(line_col(s, 3 + 4), (2, 4));
    }

    #[test]
    fn suggests_near_keys_only() {
        let known = ["title", "description", "weight"];
        assert_eq!(suggest("titel", &known), Some("title"));
        assert_eq!(suggest("descripton", &known), Some("description"));
        assert_eq!(suggest("colour", &known), None);
    }
}
