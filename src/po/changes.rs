//! What changed in the source of an outdated translation, block by block, for `senda status`:
//! 1. with a PO file: its entries merged with the source as it is now; every message that is
//!    not translated and up to date is a change (fuzzy ones with the text their translation
//!    was made for, from `#| msgid`), and so is every translated text the source dropped;
//! 2. without one: the source as it was when the translation was made, found in git by the
//!    translation's `source_hash` (`history`), merged with the source as it is now the same way;
//! 3. otherwise it is not known, and why (no git, no version with that hash, no hash).
//!
//! `word_diff` shows one change word by word, as `git diff --word-diff` does:
//! `[-removed-]{+added+}`.

use std::path::{Path, PathBuf};

use super::Survey;
use super::catalog::Entry;
use super::history::{Git, HistoryError};
use super::merge::{self, Change};
use crate::content::Page;
use crate::diag::display_path;
use crate::lang::Lang;

/// Where the changes were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The PO file (relative to the site's folder when inside it).
    Po(PathBuf),
    /// The commit holding the source as it was translated.
    Git(String),
}

/// The changes of one translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    Changes {
        from: Source,
        changes: Vec<Change>,
    },
    /// Why they are not known.
    Unknown(String),
}

/// Finds the changes, looking in git only when it must (`git` opened once, on first use).
pub struct Finder<'a> {
    survey: &'a Survey,
    root: PathBuf,
    dir: PathBuf,
    git: Option<Result<Git, HistoryError>>,
}

impl<'a> Finder<'a> {
    pub fn new(survey: &'a Survey, root: &Path, dir: &Path) -> Self {
        Finder {
            survey,
            root: root.to_path_buf(),
            dir: dir.to_path_buf(),
            git: None,
        }
    }

    /// The changes in `page`'s source since its `lang` translation was made.
    pub fn changes(&mut self, page: &Page, lang: Lang) -> Known {
        let config = &self.survey.config;
        let default = config.default_language;
        let source = page.source(default);
        let messages = super::messages(&source.file, &super::version_blocks(source));
        let name = super::po_name(&source.file, config.code(default));
        let po = super::po_path(&self.dir, config.code(lang), &name);
        let shown = super::shown(&self.root, &po);
        match super::read_po(&self.survey.files, &po) {
            Ok(Some(text)) => {
                return match super::catalog::parse(&text) {
                    Ok(c) => Known::Changes {
                        from: Source::Po(shown),
                        changes: merge::merge(&c.entries, &messages).changes,
                    },
                    Err(e) => {
                        Known::Unknown(format!("{}:{}: {}", display_path(&shown), e.line, e.error))
                    }
                };
            }
            Ok(None) => {}
            Err(e) => return Known::Unknown(format!("{}: {e}", display_path(&shown))),
        }
        let Some(translation) = &page.versions[lang] else {
            return Known::Unknown("there is no translation".into());
        };
        let Some(hash) = translation.front.source_hash.as_deref().map(str::trim) else {
            return Known::Unknown("the translation has no source_hash".into());
        };
        let root = self.root.clone();
        let git = match self.git.get_or_insert_with(|| Git::open(&root)) {
            Ok(g) => g,
            Err(e) => return Known::Unknown(e.to_string()),
        };
        let found = match git.source_with_hash(&source.file, hash) {
            Ok(Some(f)) => f,
            Ok(None) => {
                return Known::Unknown(format!(
                    "no version of {} in git history has source_hash {hash}",
                    display_path(&source.file)
                ));
            }
            Err(e) => return Known::Unknown(e.to_string()),
        };
        let Some(old) = super::export::old_version(source, &found.text) else {
            return Known::Unknown(format!(
                "the version of commit {} cannot be read",
                found.commit
            ));
        };
        let old_entries: Vec<Entry> = super::messages(&old.file, &super::version_blocks(&old))
            .into_iter()
            .map(|m| Entry {
                translation: m.id.clone(),
                ctxt: m.ctxt,
                id: m.id,
                ..Entry::default()
            })
            .collect();
        Known::Changes {
            from: Source::Git(found.commit),
            changes: merge::merge(&old_entries, &messages).changes,
        }
    }
}

/// Adds to `status` how many blocks changed in each outdated translation's source, and a
/// notice for those it cannot tell (with why).
pub fn annotate(status: &mut crate::status::Status, survey: &Survey, root: &Path, dir: &Path) {
    let config = &survey.config;
    let mut finder = Finder::new(survey, root, dir);
    let mut unknown: std::collections::BTreeMap<String, usize> = Default::default();
    for l in &mut status.languages {
        let Some(lang) = config.language_index(&l.code) else {
            continue;
        };
        for t in l
            .todo
            .iter_mut()
            .filter(|t| t.state == crate::status::State::Outdated)
        {
            let Some(page) = survey
                .pages
                .iter()
                .find(|p| display_path(&p.source(config.default_language).file) == t.source)
            else {
                continue;
            };
            match finder.changes(page, lang) {
                Known::Changes { from, changes } => {
                    t.blocks = Some(merge::changed_blocks(&changes));
                    t.changes_from = Some(match from {
                        Source::Po(p) => display_path(&p),
                        Source::Git(c) => format!("git {c}"),
                    });
                }
                Known::Unknown(why) => {
                    *unknown.entry(why.clone()).or_default() += 1;
                    t.changes_unknown = Some(why);
                }
            }
        }
    }
    for (why, n) in unknown {
        status.notices.push(format!(
            "which blocks changed is not known for {n} outdated translation(s): {why}."
        ));
    }
}

/// `senda status --diff PAGE --lang L`: what changed in PAGE's source since its translation
/// was made, block by block, word by word.
pub fn diff_report(
    survey: &Survey,
    root: &Path,
    dir: &Path,
    page: &str,
    lang: Lang,
) -> Result<String, String> {
    use std::fmt::Write as _;
    let config = &survey.config;
    let default = config.default_language;
    let Some(p) = find_page(&survey.pages, config, page) else {
        return Err(format!(
            "no page `{page}` in content/ (write it like rights/asylum.md)"
        ));
    };
    let source = p.source(default);
    let code = config.code(lang);
    let Some(translation) = &p.versions[lang] else {
        return Ok(format!(
            "{} has no translation into {code} yet: every block is new.\n",
            display_path(&source.file)
        ));
    };
    let mut out = String::new();
    let known = Finder::new(survey, root, dir).changes(p, lang);
    let (from, changes) = match known {
        Known::Unknown(why) => {
            return Err(format!(
                "what changed in {} is not known: {why}",
                display_path(&source.file)
            ));
        }
        Known::Changes { from, changes } => (from, changes),
    };
    let from = match from {
        Source::Po(p) => display_path(&p),
        Source::Git(c) => format!("git history, commit {c}"),
    };
    let _ = writeln!(
        out,
        "Changes in {} since {} was translated (from {from}): {} block(s).",
        display_path(&source.file),
        display_path(&translation.file),
        changes.len()
    );
    let file = display_path(&source.file);
    for c in &changes {
        match c {
            Change::Changed {
                before: Some(b),
                now,
                line,
            } => {
                let _ = writeln!(out, "\n{file}:{line}: changed\n  {}", word_diff(b, now));
            }
            Change::Changed {
                before: None,
                now,
                line,
            } => {
                let _ = writeln!(
                    out,
                    "\n{file}:{line}: changed (the text it was translated from is not known)\n  {now}"
                );
            }
            Change::Added { now, line } => {
                let _ = writeln!(out, "\n{file}:{line}: new\n  {{+{now}+}}");
            }
            Change::Removed { before } => {
                let _ = writeln!(out, "\n{file}: removed\n  [-{before}-]");
            }
        }
    }
    Ok(out)
}

/// `before` → `now`, word by word: `[-removed-]{+added+}`.
pub fn word_diff(before: &str, now: &str) -> String {
    let diff = similar::TextDiff::from_words(before, now);
    let mut out = String::new();
    let mut pending: Option<(similar::ChangeTag, String)> = None;
    let close = |out: &mut String, p: Option<(similar::ChangeTag, String)>| {
        if let Some((tag, text)) = p {
            // The spaces around a change stay outside its marks: `{+todos tus+} derechos`.
            let core = text.trim();
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let (open, shut) = match tag {
                similar::ChangeTag::Delete => ("[-", "-]"),
                similar::ChangeTag::Insert => ("{+", "+}"),
                similar::ChangeTag::Equal => ("", ""),
            };
            if core.is_empty() || tag == similar::ChangeTag::Equal {
                out.push_str(&text);
            } else {
                out.push_str(lead);
                out.push_str(open);
                out.push_str(core);
                out.push_str(shut);
                out.push_str(trail);
            }
        }
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let value = change.value();
        match pending.as_mut() {
            Some((t, text)) if *t == tag => text.push_str(value),
            _ => {
                close(&mut out, pending.take());
                pending = Some((tag, value.to_string()));
            }
        }
    }
    close(&mut out, pending);
    out
}

/// The page a `--diff` argument names: `rights/asylum.md`, `content/rights/asylum.md`,
/// `rights/asylum`, or a translation's file.
pub fn find_page<'p>(
    pages: &'p [Page],
    config: &crate::config::Config,
    arg: &str,
) -> Option<&'p Page> {
    let a = arg.trim().trim_start_matches("./");
    let a = a.strip_prefix("content/").unwrap_or(a);
    let a = a.strip_suffix(".md").unwrap_or(a);
    let mut candidates = vec![a.to_string()];
    if let Some((base, suffix)) = a.rsplit_once('.')
        && config.language_index(suffix).is_some()
    {
        candidates.push(base.to_string());
    }
    let identity = |s: &str| -> String {
        if s == "_index" {
            String::new()
        } else {
            s.strip_suffix("/_index").unwrap_or(s).to_string()
        }
    };
    candidates
        .iter()
        .map(|c| identity(c))
        .find_map(|id| pages.iter().find(|p| p.path == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_mark_what_changed() {
        assert_eq!(
            word_diff(
                "Tienes 30 días para pedirlo.",
                "Tienes 40 días hábiles para pedirlo."
            ),
            "Tienes [-30-]{+40+} días {+hábiles+} para pedirlo."
        );
    }
}
