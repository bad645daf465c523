//! `senda status`: how far each language's translation is, per language and per section —
//! translated, outdated (the source changed since; its `source_hash` differs or is missing),
//! missing — with the list of files to work on, as text (fits 100 columns), JSON, or one
//! self-contained HTML page an editor can open or print.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Lang;
use crate::content::Site;
use crate::diag::display_path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Translated,
    Outdated,
    Missing,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub translated: usize,
    pub outdated: usize,
    pub missing: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, s: State) {
        self.total += 1;
        match s {
            State::Translated => self.translated += 1,
            State::Outdated => self.outdated += 1,
            State::Missing => self.missing += 1,
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

/// Computes the status; `only` limits it to one language (by index).
pub fn status(site: &Site, only: Option<Lang>) -> Status {
    let default = site.default_lang();
    let mut languages = Vec::new();
    for lang in site.config.langs() {
        let language = site.config.language(lang);
        if lang == default || only.is_some_and(|o| o != lang) {
            continue;
        }
        let mut counts = Counts::default();
        let mut sections: BTreeMap<String, Counts> = BTreeMap::new();
        let mut todo = Vec::new();
        for page in &site.pages {
            let source = page.source(default);
            let hash = crate::content::source_hash(source.body());
            let state = match &page.versions[lang] {
                None => State::Missing,
                Some(v) if v.front.source_hash.as_deref().map(str::trim) == Some(hash.as_str()) => {
                    State::Translated
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
                    None => translation_path(
                        &source.file,
                        &language.code,
                        &site.config.default_lang().code,
                    ),
                };
                todo.push(Todo {
                    state,
                    file: display_path(&file),
                    source: display_path(&source.file),
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
        source_language: site.config.code(default).to_string(),
        pages: site.pages.len(),
        languages,
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
        "{:<22} {:>11} {:>9} {:>8} {:>7}",
        "language", "translated", "outdated", "missing", "done"
    );
    for l in &s.languages {
        let name: String = format!("{} ({})", l.name, l.code)
            .chars()
            .take(22)
            .collect();
        let _ = writeln!(
            out,
            "{:<22} {:>11} {:>9} {:>8} {:>6.0}%",
            name, l.counts.translated, l.counts.outdated, l.counts.missing, l.percent
        );
    }
    // Per section: one column per language (up to 8 fit in 100 columns).
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
    for l in &s.languages {
        if l.todo.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\nTo do in {} ({}):", l.name, l.code);
        for t in &l.todo {
            let state = match t.state {
                State::Missing => "missing ",
                State::Outdated => "outdated",
                State::Translated => "ok      ",
            };
            let line = format!("  {state}  {}", t.file);
            let _ = writeln!(out, "{}", line.chars().take(100).collect::<String>());
        }
    }
    out
}

fn esc(s: &str) -> String {
    crate::html::escape(s)
}

/// One self-contained page (inline CSS, no scripts) to open or print.
pub fn to_html(s: &Status) -> String {
    let mut out = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Translation status</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;max-width:60rem}table{border-collapse:collapse;margin-block:1rem}th,td{border:1px solid #bbb;padding:.35rem .6rem;text-align:start}td.n{text-align:end}.bar{display:inline-block;height:.7rem;background:#0b6e4f}.missing{color:#a4161a}.outdated{color:#8a4b00}@media print{body{margin:0}}</style></head><body>",
    );
    let _ = write!(
        out,
        "<h1>Translation status</h1><p>{} pages in the source language (<b>{}</b>).</p><table><thead><tr><th>Language</th><th>Translated</th><th>Outdated</th><th>Missing</th><th>Done</th></tr></thead><tbody>",
        s.pages,
        esc(&s.source_language)
    );
    for l in &s.languages {
        let _ = write!(
            out,
            "<tr><td>{} ({})</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td><span class=bar style=\"width:{:.0}px\"></span> {:.0}%</td></tr>",
            esc(&l.name),
            esc(&l.code),
            l.counts.translated,
            l.counts.outdated,
            l.counts.missing,
            l.percent,
            l.percent
        );
    }
    out.push_str("</tbody></table>");
    for l in &s.languages {
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
                let (class, label) = match t.state {
                    State::Missing => ("missing", "missing"),
                    State::Outdated => ("outdated", "outdated"),
                    State::Translated => ("", "ok"),
                };
                let _ = write!(
                    out,
                    "<li><span class={class}>{label}</span> <code>{}</code> (source: <code>{}</code>)</li>",
                    esc(&t.file),
                    esc(&t.source)
                );
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</body></html>\n");
    out
}
