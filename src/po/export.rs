//! `senda po export`: for every source page, its template (`po/templates/PATH.pot`) and, for
//! each language, its PO file (`po/LANG/PATH.po`), made in steps:
//! 1. the source's messages: title, description, then one per block (`blocks`), duplicates
//!    merged, each with its `#:` references (file:line) and a note for translators;
//! 2. the translations so far: the existing PO file; or, for a page translated before PO
//!    files, its blocks paired with the source's (`align`), from the version of the source it
//!    was made from when git has it (so what changed since is fuzzy with its `#| msgid`), or
//!    from the current source with every pair fuzzy when it has not;
//! 3. merged with msgmerge's semantics (`merge`); the header kept, the fields senda owns set;
//! 4. written only when the bytes change: exporting twice gives the same files.
//!
//! Every file is made before any is written; a PO file that cannot be read is an error for
//! its page (never overwritten), and the other pages are still exported.

use std::path::{Path, PathBuf};

use super::Survey;
use super::catalog::{self, Catalog, Entry};
use super::history::{Git, HistoryError};
use super::merge::{self, Message};
use crate::date::Date;
use crate::diag::{Diagnostics, Location, display_path};
use crate::lang::Lang;
use crate::options::PoExportOptions;

/// What one language's export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: String,
    pub files: usize,
    pub written: usize,
    /// Messages, and of them translated (not fuzzy), fuzzy.
    pub messages: usize,
    pub translated: usize,
    pub fuzzy: usize,
    /// Pages whose first PO file was made from their existing translation.
    pub bootstrapped: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub templates: usize,
    pub templates_written: usize,
    pub languages: Vec<LanguageReport>,
    /// Pages translated before PO files whose source's history could not be used.
    pub notices: Vec<String>,
}

/// A file to write.
struct Out {
    path: PathBuf,
    text: String,
}

/// Runs `senda po export`.
pub fn export(opts: &PoExportOptions, diags: &mut Diagnostics) -> Option<ExportReport> {
    let (survey, langs, dir) =
        super::start(&opts.root, opts.lang.as_deref(), opts.dir.as_deref(), diags)?;
    let config = &survey.config;
    let default = config.default_language;
    let default_code = config.code(default).to_string();
    let mut run = Run {
        root: &opts.root,
        survey: &survey,
        git: None,
        notices: Vec::new(),
    };
    let mut report = ExportReport {
        dir: dir.clone(),
        ..ExportReport::default()
    };
    let mut outs: Vec<Out> = Vec::new();
    let mut per_lang: Vec<LanguageReport> = langs
        .iter()
        .map(|l| LanguageReport {
            code: config.code(*l).to_string(),
            ..LanguageReport::default()
        })
        .collect();
    for page in &survey.pages {
        let source = page.source(default);
        let name = super::po_name(&source.file, &default_code);
        let blocks = super::version_blocks(source);
        let messages = super::messages(&source.file, &blocks);
        outs.push(Out {
            path: super::pot_path(&dir, &name),
            text: catalog::write(&template(&survey, &source.file, &messages)),
        });
        report.templates += 1;
        for (k, &lang) in langs.iter().enumerate() {
            let path = super::po_path(&dir, config.code(lang), &name);
            let shown = super::shown(&opts.root, &path);
            let Some((mut catalog, old, bootstrapped)) =
                run.old_entries(page, lang, &path, &shown, diags)
            else {
                continue;
            };
            if bootstrapped {
                per_lang[k].bootstrapped += 1;
            }
            let merged = merge::merge(&old, &messages);
            catalog.entries = merged.entries;
            header(&mut catalog, &survey, lang, &source.file, opts.today);
            count(&mut per_lang[k], &catalog);
            outs.push(Out {
                path,
                text: catalog::write(&catalog),
            });
        }
    }
    report.notices = run.notices;
    write_all(&outs, &dir, &opts.root, &mut report, &mut per_lang, diags);
    report.languages = per_lang;
    Some(report)
}

/// What reading each page's old entries needs: the site, and git's history of it (opened
/// the first time a page needs it).
struct Run<'a> {
    root: &'a Path,
    survey: &'a Survey,
    git: Option<Result<Git, HistoryError>>,
    /// Pages translated before PO files whose source's history could not be used.
    notices: Vec<String>,
}

impl Run<'_> {
    /// The PO file's catalog and entries; without a PO file, an empty catalog and the entries
    /// made from the page's translation if it has one (then `true`, bootstrapped). `None`
    /// when the PO file could not be read (reported).
    fn old_entries(
        &mut self,
        page: &crate::content::Page,
        lang: Lang,
        path: &Path,
        shown: &Path,
        diags: &mut Diagnostics,
    ) -> Option<(Catalog, Vec<Entry>, bool)> {
        let existing = match super::read_po(&self.survey.files, path) {
            Ok(t) => t,
            Err(e) => {
                diags.error(&e, Location::file(shown));
                return None;
            }
        };
        match existing {
            Some(text) => match catalog::parse(&text) {
                Ok(c) => {
                    let entries = c.entries.clone();
                    Some((c, entries, false))
                }
                Err(e) => {
                    diags.error(&e.error, Location::at(shown, &text, e.line, 1));
                    None
                }
            },
            None => match &page.versions[lang] {
                Some(t) => {
                    let source = page.source(self.survey.config.default_language);
                    let old = bootstrap(self.root, source, t, &mut self.git, &mut self.notices);
                    Some((Catalog::default(), old, true))
                }
                None => Some((Catalog::default(), Vec::new(), false)),
            },
        }
    }
}

/// Counts a PO file and its messages, translated and fuzzy, in its language's report.
fn count(r: &mut LanguageReport, catalog: &Catalog) {
    r.files += 1;
    for e in catalog.entries.iter().filter(|e| !e.obsolete) {
        r.messages += 1;
        if e.done() {
            r.translated += 1;
        } else if e.fuzzy {
            r.fuzzy += 1;
        }
    }
}

/// Writes the files that changed (templates first, then each language's files), counting
/// them in the reports.
fn write_all(
    outs: &[Out],
    dir: &Path,
    root: &Path,
    report: &mut ExportReport,
    per_lang: &mut [LanguageReport],
    diags: &mut Diagnostics,
) {
    for out in outs {
        match super::write_if_changed(&out.path, &out.text) {
            Ok(written) => {
                if !written {
                    continue;
                }
                if out.path.extension().is_some_and(|e| e == "pot") {
                    report.templates_written += 1;
                } else if let Some(r) = per_lang
                    .iter_mut()
                    .find(|r| out.path.starts_with(dir.join(&r.code)))
                {
                    r.written += 1;
                }
            }
            Err(e) => diags.error(&e, Location::file(super::shown(root, &out.path))),
        }
    }
}

/// The entries of a first PO file for a page translated before PO files.
fn bootstrap(
    root: &Path,
    source: &crate::content::Version,
    translation: &crate::content::Version,
    git: &mut Option<Result<Git, HistoryError>>,
    notices: &mut Vec<String>,
) -> Vec<Entry> {
    let current = crate::content::source_hash(source.body());
    let t_blocks = super::version_blocks(translation);
    let recorded = translation.front.source_hash.as_deref().map(str::trim);
    if recorded == Some(current.as_str()) {
        return super::align::align(&super::version_blocks(source), &t_blocks, false);
    }
    // Made from another version of the source: find it, pair with it, let the merge mark
    // what changed since.
    let found = match recorded {
        None => Err("it has no source_hash".to_string()),
        Some(hash) => {
            let repo = git.get_or_insert_with(|| Git::open(root));
            match repo {
                Err(e) => Err(e.to_string()),
                Ok(repo) => match repo.source_with_hash(&source.file, hash) {
                    Ok(Some(found)) => Ok(found),
                    Ok(None) => Err(format!(
                        "no version of {} in git history has source_hash {hash}",
                        display_path(&source.file)
                    )),
                    Err(e) => Err(e.to_string()),
                },
            }
        }
    };
    match found.and_then(|f| old_version(source, &f.text).ok_or_else(String::new)) {
        Ok(old) => super::align::align(&super::version_blocks(&old), &t_blocks, false),
        Err(why) => {
            notices.push(format!(
                "{}: made from an older source that cannot be found ({}); every entry taken from it is fuzzy",
                display_path(&translation.file),
                if why.is_empty() { "it could not be read".into() } else { why }
            ));
            super::align::align(&super::version_blocks(source), &t_blocks, true)
        }
    }
}

/// An old text of the source, read as a version (for its blocks and lines).
pub fn old_version(
    source: &crate::content::Version,
    text: &str,
) -> Option<crate::content::Version> {
    let (yaml_start, yaml_end, body_offset) = crate::content::split_front_matter(text).ok()?;
    let front: crate::content::FrontMatter = crate::yaml::parse(
        &text[yaml_start..yaml_end],
        &crate::content::FRONT_MATTER_SCHEMA,
    )
    .ok()?;
    Some(crate::content::Version {
        lang: source.lang,
        file: source.file.clone(),
        front,
        text: text.to_string(),
        body_offset,
        doc: crate::markdown::Document::default(),
        resolved: Vec::new(),
        images_html: Vec::new(),
        audio: None,
        terms: Default::default(),
        partial: false,
        fingerprint: 0,
        body_kept: true,
        spilled: None,
    })
}

/// The first lines of every file: what it is, and the one rule.
fn comment(source: &Path, what: &str) -> String {
    format!(
        "{what} of {} (made by senda po export).\nTranslate each msgstr; keep every @/ link address, #anchor and {{#id}} as it is.\nsenda po import writes the translated page; edit the page's translation here, not in its .md file.",
        display_path(source)
    )
}

/// The template: every message, no translation.
fn template(survey: &Survey, source: &Path, messages: &[Message]) -> Catalog {
    Catalog {
        comment: comment(source, "Template for translations"),
        header: vec![
            ("Project-Id-Version".into(), project(survey, source)),
            ("PO-Revision-Date".into(), "YEAR-MO-DA HO:MI+ZONE".into()),
            ("Last-Translator".into(), "FULL NAME <EMAIL@ADDRESS>".into()),
            ("Language-Team".into(), "LANGUAGE <LL@li.org>".into()),
            ("Language".into(), String::new()),
            ("MIME-Version".into(), "1.0".into()),
            ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ("Content-Transfer-Encoding".into(), "8bit".into()),
            (
                "X-Source-Language".into(),
                survey.config.default_lang().code.clone(),
            ),
        ],
        header_fuzzy: true,
        entries: messages
            .iter()
            .map(|m| Entry {
                ctxt: m.ctxt.clone(),
                id: m.id.clone(),
                notes: Some(m.notes.clone()),
                refs: m.refs.clone(),
                ..Entry::default()
            })
            .collect(),
    }
}

fn project(survey: &Survey, source: &Path) -> String {
    format!("{} {}", survey.config.title.trim(), display_path(source))
}

/// A PO file's header: fields a translator's tool wrote are kept; the ones senda owns set.
fn header(catalog: &mut Catalog, survey: &Survey, lang: Lang, source: &Path, today: Date) {
    let language = survey.config.language(lang);
    catalog.comment = comment(
        source,
        &format!("Translation into {} ({})", language.name, language.code),
    );
    catalog.header_fuzzy = false;
    let keep_or = |c: &mut Catalog, key: &str, value: String| {
        if c.field(key)
            .is_none_or(|v| v.trim().is_empty() && !value.is_empty())
        {
            c.set_field(key, &value);
        }
    };
    keep_or(catalog, "Project-Id-Version", project(survey, source));
    keep_or(catalog, "PO-Revision-Date", format!("{today} 00:00+0000"));
    if catalog.field("Last-Translator").is_none() {
        catalog.set_field("Last-Translator", "");
    }
    keep_or(
        catalog,
        "Language-Team",
        format!("{} ({})", language.name, language.code),
    );
    catalog.set_field("Language", &language.code);
    catalog.set_field("MIME-Version", "1.0");
    catalog.set_field("Content-Type", "text/plain; charset=UTF-8");
    catalog.set_field("Content-Transfer-Encoding", "8bit");
    if let Some(pf) = super::plural_forms(&language.code) {
        keep_or(catalog, "Plural-Forms", pf.to_string());
    }
    catalog.set_field(
        "X-Source-Language",
        &survey.config.default_lang().code.clone(),
    );
}
