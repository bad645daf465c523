//! `senda status`: how far each language's translation is, per language and per section —
//! translated, partial (up to date, with blocks left in the source language by
//! `senda po import --partial`), outdated (the source changed since; its `source_hash` differs
//! or is missing), missing, unreadable (the file is there but has errors) — with the list of
//! files to work on, as text (fits 100 columns), JSON, or one self-contained HTML page an
//! editor can open or print.
//!
//! It never gives up: it reads the site as `content::survey` does (every file that can be
//! read, whatever is broken elsewhere), and lists the files it could not read with their
//! diagnostics. For outdated pages, `po::changes` adds how many blocks changed.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content::Page;
use crate::diag::{Diagnostic, display_path};
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Translated,
    Partial,
    Outdated,
    Missing,
    Unreadable,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub translated: usize,
    pub partial: usize,
    pub outdated: usize,
    pub missing: usize,
    pub unreadable: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, s: State) {
        self.total += 1;
        match s {
            State::Translated => self.translated += 1,
            State::Partial => self.partial += 1,
            State::Outdated => self.outdated += 1,
            State::Missing => self.missing += 1,
            State::Unreadable => self.unreadable += 1,
        }
    }
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.translated as f64 * 100.0 / self.total as f64
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Todo {
    pub state: State,
    /// The translation file (to create, or to update).
    pub file: String,
    pub source: String,
    /// Outdated: how many blocks of the source changed since the translation was made;
    /// partial: how many blocks are still in the source language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<usize>,
    /// Where the changes were read from (`po/en/rights/asylum.po`, `git 1a2b3c4d5e`), or why
    /// they are not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes_unknown: Option<String>,
}

/// A file status could not read, with its diagnostic.
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub line: Option<usize>,
    pub code: &'static str,
    pub message: String,
    /// The diagnostic as `senda check` prints it.
    #[serde(skip)]
    pub rendered: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionStatus {
    pub section: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub percent: f64,
    pub sections: Vec<SectionStatus>,
    pub todo: Vec<Todo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub source_language: String,
    pub pages: usize,
    pub languages: Vec<LanguageStatus>,
    /// Files with errors: left out above (a translation counts as unreadable, a source's
    /// page is not counted at all).
    pub unreadable: Vec<Unreadable>,
    /// Things the reader of the report should know (changes that could not be counted).
    pub notices: Vec<String>,
}

impl Status {
    /// Adds the files `diagnostics` has errors for.
    pub fn add_problems(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            self.unreadable.push(Unreadable {
                file: d
                    .file
                    .as_deref()
                    .map(display_path)
                    .unwrap_or_else(|| "site".into()),
                line: d.line,
                code: d.code,
                message: d.message.clone(),
                rendered: d.render(),
            });
        }
    }
}

/// The files with error diagnostics.
pub fn broken_files(diagnostics: &[Diagnostic]) -> HashSet<PathBuf> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.clone())
        .collect()
}

/// The path of the translation file of `source` in `code`. A source written with the default
/// language's suffix (`asylum.es.md`, as web editors write it) gives `asylum.fr.md`.
pub fn translation_path(source: &Path, code: &str, default_code: &str) -> PathBuf {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match stem.rsplit_once('.') {
        Some((base, suffix)) if suffix.eq_ignore_ascii_case(default_code) => base.to_string(),
        _ => stem,
    };
    source.with_file_name(format!("{stem}.{code}.md"))
}

/// Computes the status of `pages` (a site's, or `content::survey`'s); `only` limits it to one
/// language; translation files in `broken` count as unreadable.
pub fn status(
    config: &Config,
    pages: &[Page],
    only: Option<Lang>,
    broken: &HashSet<PathBuf>,
) -> Status {
    let default = config.default_language;
    let mut languages = Vec::new();
    for lang in config.langs() {
        let language = config.language(lang);
        if lang == default || only.is_some_and(|o| o != lang) {
            continue;
        }
        let mut counts = Counts::default();
        let mut sections: BTreeMap<String, Counts> = BTreeMap::new();
        let mut todo = Vec::new();
        for page in pages {
            let source = page.source(default);
            let hash = crate::content::source_hash(source.body());
            let expected =
                translation_path(&source.file, &language.code, &config.default_lang().code);
            let mut blocks = None;
            let state = match &page.versions[lang] {
                None if broken.contains(&expected) => State::Unreadable,
                None => State::Missing,
                Some(v) if v.front.source_hash.as_deref().map(str::trim) == Some(hash.as_str()) => {
                    match crate::po::untranslated_blocks(v.body()) {
                        0 => State::Translated,
                        n => {
                            blocks = Some(n);
                            State::Partial
                        }
                    }
                }
                Some(_) => State::Outdated,
            };
            counts.add(state);
            let section = match page.path.split('/').next() {
                Some("") | None => "(home)".to_string(),
                Some(s) => s.to_string(),
            };
            sections.entry(section).or_default().add(state);
            if state != State::Translated {
                let file = match &page.versions[lang] {
                    Some(v) => v.file.clone(),
                    None => expected,
                };
                todo.push(Todo {
                    state,
                    file: display_path(&file),
                    source: display_path(&source.file),
                    blocks,
                    changes_from: None,
                    changes_unknown: None,
                });
            }
        }
        languages.push(LanguageStatus {
            code: language.code.clone(),
            name: language.name.clone(),
            percent: (counts.percent() * 10.0).round() / 10.0,
            counts,
            sections: sections
                .into_iter()
                .map(|(section, counts)| SectionStatus { section, counts })
                .collect(),
            todo,
        });
    }
    Status {
        source_language: config.code(default).to_string(),
        pages: pages.len(),
        languages,
        unreadable: Vec::new(),
        notices: Vec::new(),
    }
}

pub fn to_json(s: &Status) -> String {
    serde_json::to_string_pretty(s).unwrap_or_else(|_| "{}".into())
}

fn cell(c: &Counts) -> String {
    format!("{}/{}", c.translated, c.total)
}

/// A table that fits in 100 columns.
pub fn to_text(s: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Translation status: {} pages in the source language ({})\n",
        s.pages, s.source_language
    );
    let _ = writeln!(
        out,
        "{:<22} {:>11} {:>8} {:>9} {:>8} {:>11} {:>7}",
        "language", "translated", "partial", "outdated", "missing", "unreadable", "done"
    );
    for l in &s.languages {
        let name: String = format!("{} ({})", l.name, l.code)
            .chars()
            .take(22)
            .collect();
        let _ = writeln!(
            out,
            "{:<22} {:>11} {:>8} {:>9} {:>8} {:>11} {:>6.0}%",
            name,
            l.counts.translated,
            l.counts.partial,
            l.counts.outdated,
            l.counts.missing,
            l.counts.unreadable,
            l.percent
        );
    }
    text_sections(&mut out, s);
    for l in &s.languages {
        if l.todo.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\nTo do in {} ({}):", l.name, l.code);
        for t in &l.todo {
            let line = format!(
                "  {:<8}  {}{}",
                state_label(t.state),
                t.file,
                blocks_note(t)
            );
            let _ = writeln!(out, "{}", line.chars().take(100).collect::<String>());
        }
    }
    if !s.unreadable.is_empty() {
        let _ = writeln!(
            out,
            "\nFiles that could not be read ({}): fix them, then run status again.\n",
            s.unreadable.len()
        );
        for u in &s.unreadable {
            let _ = write!(out, "{}", u.rendered);
        }
    }
    for n in &s.notices {
        let _ = writeln!(out, "\n{}", wrap(&format!("Note: {n}"), 100));
    }
    out
}

/// The text report's table of translated pages per section: one column per language (up to 8
/// fit in 100 columns).
fn text_sections(out: &mut String, s: &Status) {
    let _ = writeln!(out, "\nTranslated pages per section:\n");
    let mut header = format!("{:<20}", "section");
    for l in s.languages.iter().take(8) {
        let _ = write!(header, " {:>9}", l.code);
    }
    let _ = writeln!(out, "{header}");
    if let Some(first) = s.languages.first() {
        for (i, sec) in first.sections.iter().enumerate() {
            let name: String = sec.section.chars().take(20).collect();
            let mut row = format!("{name:<20}");
            for l in s.languages.iter().take(8) {
                let _ = write!(
                    row,
                    " {:>9}",
                    l.sections
                        .get(i)
                        .map(|x| cell(&x.counts))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(out, "{row}");
        }
    }
}

/// A paragraph wrapped at spaces to `width` characters, for the text report.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

fn state_label(s: State) -> &'static str {
    match s {
        State::Missing => "missing",
        State::Outdated => "outdated",
        State::Partial => "partial",
        State::Unreadable => "unreadable",
        State::Translated => "ok",
    }
}

/// `  (3 blocks changed)`, `  (2 blocks untranslated)`.
fn blocks_note(t: &Todo) -> String {
    match (t.state, t.blocks) {
        (State::Outdated, Some(1)) => "  (1 block changed)".into(),
        (State::Outdated, Some(n)) => format!("  ({n} blocks changed)"),
        (State::Partial, Some(1)) => "  (1 block untranslated)".into(),
        (State::Partial, Some(n)) => format!("  ({n} blocks untranslated)"),
        _ => String::new(),
    }
}

fn esc(s: &str) -> String {
    crate::html::escape(s)
}

/// The HTML report's part for one language: its sections, then what is to do.
fn html_language(out: &mut String, l: &LanguageStatus) {
    let _ = write!(
        out,
        "<h2>{} ({})</h2><table><thead><tr><th>Section</th><th>Translated</th><th>Outdated</th><th>Missing</th></tr></thead><tbody>",
        esc(&l.name),
        esc(&l.code)
    );
    for sec in &l.sections {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=n>{}/{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(&sec.section),
            sec.counts.translated,
            sec.counts.total,
            sec.counts.outdated,
            sec.counts.missing
        );
    }
    out.push_str("</tbody></table>");
    if !l.todo.is_empty() {
        out.push_str("<h3>To do</h3><ul>");
        for t in &l.todo {
            let class = match t.state {
                State::Missing | State::Unreadable => "missing",
                State::Outdated | State::Partial => "outdated",
                State::Translated => "",
            };
            let _ = write!(
                out,
                "<li><span class={class}>{}</span> <code>{}</code> (source: <code>{}</code>){}</li>",
                state_label(t.state),
                esc(&t.file),
                esc(&t.source),
                esc(&blocks_note(t))
            );
        }
        out.push_str("</ul>");
    }
}

/// One self-contained page (inline CSS, no scripts) to open or print.
pub fn to_html(s: &Status) -> String {
    let mut out = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Translation status</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;max-width:60rem}table{border-collapse:collapse;margin-block:1rem}th,td{border:1px solid #bbb;padding:.35rem .6rem;text-align:start}td.n{text-align:end}.bar{display:inline-block;height:.7rem;background:#0b6e4f}.missing{color:#a4161a}.outdated{color:#8a4b00}@media print{body{margin:0}}</style></head><body>",
    );
    let _ = write!(
        out,
        "<h1>Translation status</h1><p>{} pages in the source language (<b>{}</b>).</p><table><thead><tr><th>Language</th><th>Translated</th><th>Partial</th><th>Outdated</th><th>Missing</th><th>Unreadable</th><th>Done</th></tr></thead><tbody>",
        s.pages,
        esc(&s.source_language)
    );
    for l in &s.languages {
        let _ = write!(
            out,
            "<tr><td>{} ({})</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td><span class=bar style=\"width:{:.0}px\"></span> {:.0}%</td></tr>",
            esc(&l.name),
            esc(&l.code),
            l.counts.translated,
            l.counts.partial,
            l.counts.outdated,
            l.counts.missing,
            l.counts.unreadable,
            l.percent,
            l.percent
        );
    }
    out.push_str("</tbody></table>");
    for l in &s.languages {
        html_language(&mut out, l);
    }
    if !s.unreadable.is_empty() {
        out.push_str("<h2>Files that could not be read</h2><ul>");
        for u in &s.unreadable {
            let _ = write!(
                out,
                "<li><code>{}{}</code>: {} <small>({})</small></li>",
                esc(&u.file),
                u.line.map(|l| format!(":{l}")).unwrap_or_default(),
                esc(&u.message),
                esc(u.code)
            );
        }
        out.push_str("</ul>");
    }
    for n in &s.notices {
        let _ = write!(out, "<p>{}</p>", esc(n));
    }
    out.push_str("</body></html>\n");
    out
}
