//! `senda po import`: each language's PO files back into `page.LANG.md`, in steps:
//! 1. read every PO file (`po/LANG/PATH.po`) and check it: its syntax, its `Language`, the
//!    number of plural forms of any plural entry;
//! 2. pair the source's blocks (as they are now) with the entries, by their text; a page is
//!    imported when every block has a translation that is not fuzzy, or with `--partial`
//!    anyway: then a block without one stays in the source language, in
//!    `<span lang=… dir=… class="untranslated">`, and `status` counts the page as partial;
//! 3. check each translation keeps its block's `@/` links, anchors, image addresses and
//!    `{#id}`; build the page from the source (structure, code, raw HTML, everything between
//!    the blocks) with the translations in place of the blocks' text; read the page again and
//!    check it has the source's structure (a translation starting with `- ` would make a list);
//! 4. the front matter: the translation's own if it has one (its `slug`, its `aliases`), else
//!    the source's, as `senda new --lang` copies it; the title and description translated and
//!    `source_hash` set to the source's;
//! 5. write, only if every file checked out: an error anywhere, and nothing is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::blocks::{self, Block, Kind};
use super::catalog::{self, Entry};
use super::{PoError, Survey};
use crate::content::{Page, Version};
use crate::diag::{Diagnostic, Diagnostics, Location, display_path};
use crate::lang::Lang;
use crate::options::PoImportOptions;

/// A page not imported because its PO file is not finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub po: String,
    pub untranslated: usize,
    pub fuzzy: usize,
    pub total: usize,
}

/// What one language's import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: String,
    /// PO files found.
    pub files: usize,
    /// Pages written (changed), and of them written with untranslated blocks.
    pub written: usize,
    pub partial: usize,
    /// Pages already as the PO files say.
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub languages: Vec<LanguageReport>,
}

struct Out {
    path: PathBuf,
    text: String,
    partial: bool,
    lang: usize,
}

/// Runs `senda po import`. `None` when nothing could be done or an error stopped it (then
/// nothing was written).
pub fn import(opts: &PoImportOptions, diags: &mut Diagnostics) -> Option<ImportReport> {
    let (survey, langs, dir) =
        super::start(&opts.root, opts.lang.as_deref(), opts.dir.as_deref(), diags)?;
    let config = &survey.config;
    let default = config.default_language;
    let mut report = ImportReport {
        languages: langs
            .iter()
            .map(|l| LanguageReport {
                code: config.code(*l).to_string(),
                ..LanguageReport::default()
            })
            .collect(),
    };
    let mut outs: Vec<Out> = Vec::new();
    let mut problems = Diagnostics::new();
    for page in &survey.pages {
        let source = page.source(default);
        let name = super::po_name(&source.file, config.code(default));
        for (k, &lang) in langs.iter().enumerate() {
            let path = super::po_path(&dir, config.code(lang), &name);
            let shown = super::shown(&opts.root, &path);
            let text = match super::read_po(&survey.files, &path) {
                Ok(Some(t)) => t,
                Ok(None) => continue,
                Err(e) => {
                    problems.error(&e, Location::file(&shown));
                    continue;
                }
            };
            report.languages[k].files += 1;
            match page_from_po(&survey, page, lang, &text, &shown, opts.partial) {
                Ok(Made::Page {
                    path,
                    text,
                    partial,
                }) => outs.push(Out {
                    path,
                    text,
                    partial,
                    lang: k,
                }),
                Ok(Made::Skipped(s)) => report.languages[k].skipped.push(s),
                Err(list) => problems.extend(list),
            }
        }
    }
    if problems.has_errors() {
        diags.extend(problems);
        return None;
    }
    diags.extend(problems);
    for out in outs {
        let full = opts.root.join(&out.path);
        match super::write_if_changed(&full, &out.text) {
            Ok(true) => {
                let r = &mut report.languages[out.lang];
                r.written += 1;
                if out.partial {
                    r.partial += 1;
                }
            }
            Ok(false) => report.languages[out.lang].unchanged += 1,
            Err(e) => diags.error(&e, Location::file(&out.path)),
        }
    }
    Some(report)
}

enum Made {
    Page {
        /// Relative to the site's folder.
        path: PathBuf,
        text: String,
        partial: bool,
    },
    Skipped(Skipped),
}

/// The catalog's entries that are not obsolete and not plural, by context and msgid.
type Entries<'a> = HashMap<(Option<&'a str>, &'a str), &'a Entry>;

/// The entry for a block, if the catalog has one.
fn find<'a>(entries: &Entries<'a>, b: &Block) -> Option<&'a Entry> {
    let ctxt = super::context(b.kind);
    entries.get(&(ctxt.as_deref(), b.text.as_str())).copied()
}

/// Checks one PO file and makes its page.
fn page_from_po(
    survey: &Survey,
    page: &Page,
    lang: Lang,
    text: &str,
    shown: &Path,
    partial: bool,
) -> Result<Made, Vec<Diagnostic>> {
    let config = &survey.config;
    let default = config.default_language;
    let code = config.code(lang);
    let cat = catalog::parse(text).map_err(|e| one(shown, text, &e.error, e.line))?;
    check_catalog(&cat, text, shown, code)?;
    let entries: Entries = cat
        .entries
        .iter()
        .filter(|e| !e.obsolete && e.plurals.is_none())
        .map(|e| (e.key(), e))
        .collect();
    let source = page.source(default);
    let all = super::version_blocks(source);
    let (untranslated, fuzzy, total) = progress(&all, &entries);
    // Unfinished pages wait (unless `--partial`); with nothing translated at all, a page is
    // better left to the fallback, which says so to readers.
    if (untranslated > 0 || fuzzy > 0) && (!partial || untranslated + fuzzy == total) {
        return Ok(Made::Skipped(Skipped {
            po: display_path(shown),
            untranslated,
            fuzzy,
            total,
        }));
    }
    let source_lang = config.language(default);
    let done = translate(source, &all, &entries, source_lang)
        .map_err(|list| at_lines(shown, text, list))?;
    let body = rebuild(source.body(), &done.replacements);
    let body_blocks: Vec<&Block> = all
        .iter()
        .filter(|b| !matches!(b.kind, Kind::Title | Kind::Description))
        .collect();
    check_structure(&body, &body_blocks, &entries)
        .map_err(|(e, line)| one(shown, text, &e, line))?;
    let target = match &page.versions[lang] {
        Some(v) => v.file.clone(),
        None => crate::status::translation_path(&source.file, code, config.code(default)),
    };
    let base = page.versions[lang]
        .as_ref()
        .filter(|v| crate::content::split_front_matter(&v.text).is_ok())
        .unwrap_or(source);
    let hash = crate::content::source_hash(source.body());
    let text = front_matter(base, &done.title, done.description.as_deref(), &hash) + &body;
    Ok(Made::Page {
        path: target,
        text,
        partial: done.left > 0,
    })
}

/// The place of a line of the PO file.
fn at(shown: &Path, text: &str, line: usize) -> Location {
    Location::at(shown, text, line.max(1), 1)
}

/// One error at a line of the PO file.
fn one(shown: &Path, text: &str, e: &PoError, line: usize) -> Vec<Diagnostic> {
    vec![Diagnostic::error(e, at(shown, text, line))]
}

/// Errors, each with the line of the PO file it is at.
fn at_lines(shown: &Path, text: &str, list: Vec<(PoError, usize)>) -> Vec<Diagnostic> {
    list.into_iter()
        .map(|(e, line)| Diagnostic::error(&e, at(shown, text, line)))
        .collect()
}

/// Checks the catalog's `Language` header is the language imported, and that each plural
/// entry has as many forms as `Plural-Forms` says.
fn check_catalog(
    cat: &catalog::Catalog,
    text: &str,
    shown: &Path,
    code: &str,
) -> Result<(), Vec<Diagnostic>> {
    if let Some(found) = cat.field("Language").map(str::trim)
        && !found.is_empty()
        && !found.eq_ignore_ascii_case(code)
        && !found.replace('_', "-").eq_ignore_ascii_case(code)
    {
        let line = text
            .lines()
            .position(|l| l.contains("\"Language:"))
            .map_or(1, |i| i + 1);
        return Err(one(
            shown,
            text,
            &PoError::Language {
                found: found.to_string(),
                expected: code.to_string(),
            },
            line,
        ));
    }
    let mut errors = Vec::new();
    let nplurals = cat.nplurals();
    for e in cat.entries.iter().filter(|e| !e.obsolete) {
        if let (Some((_, forms)), Some(n)) = (&e.plurals, nplurals)
            && forms.len() != n
        {
            let found = forms.len();
            errors.push((PoError::Plural { found, expected: n }, e.line));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(at_lines(shown, text, errors))
    }
}

/// How many of the page's translatable texts (each counted once) are untranslated, fuzzy, and
/// in all.
fn progress(all: &[Block], entries: &Entries) -> (usize, usize, usize) {
    let (mut untranslated, mut fuzzy, mut total) = (0, 0, 0);
    let mut seen = std::collections::HashSet::new();
    for b in all.iter().filter(|b| b.translatable) {
        if !seen.insert((b.kind == Kind::Title, b.kind == Kind::Description, &b.text)) {
            continue;
        }
        total += 1;
        match find(entries, b) {
            Some(e) if e.done() => {}
            Some(e) if e.fuzzy => fuzzy += 1,
            _ => untranslated += 1,
        }
    }
    (untranslated, fuzzy, total)
}

/// The translations of a page's blocks, ready to put in place of the source's.
struct Translated {
    title: String,
    description: Option<String>,
    /// Byte ranges of the source's body and the text that replaces each.
    replacements: Vec<(std::ops::Range<usize>, String)>,
    /// Translatable blocks left in the source language.
    left: usize,
}

/// Puts each block's finished translation (checked with [`kept`]) in its place, marking the
/// blocks left in the source language; the errors come with their PO file's line.
fn translate(
    source: &Version,
    all: &[Block],
    entries: &Entries,
    source_lang: &crate::config::Language,
) -> Result<Translated, Vec<(PoError, usize)>> {
    let refdefs = blocks::reference_definitions(source.body());
    let mut done = Translated {
        title: source.front.title.trim().to_string(),
        description: source.front.description.clone(),
        replacements: Vec::new(),
        left: 0,
    };
    let mut errors = Vec::new();
    for b in all {
        let translated = find(entries, b).filter(|e| e.done() && b.translatable);
        match (b.kind, translated) {
            (Kind::Title, Some(e)) => done.title = one_line(&e.translation),
            (Kind::Description, Some(e)) => done.description = Some(one_line(&e.translation)),
            (Kind::Title | Kind::Description, None) => {}
            (_, Some(e)) => {
                if let Err(err) = kept(b, &e.translation, &refdefs) {
                    errors.push((err, e.line));
                    continue;
                }
                done.replacements
                    .push((b.range.clone(), placed(b, &e.translation)));
            }
            (_, None) if b.translatable => {
                done.left += 1;
                if let Some(marked) = marked(b, &source.body()[b.range.clone()], source_lang) {
                    done.replacements.push((b.range.clone(), marked));
                }
            }
            (_, None) => {}
        }
    }
    if errors.is_empty() {
        Ok(done)
    } else {
        Err(errors)
    }
}

/// Checks the translated body has the source's structure (`body_blocks`, the source's blocks
/// but the title and description); else the error and the PO line of the translation that
/// did it.
fn check_structure(
    body: &str,
    body_blocks: &[&Block],
    entries: &Entries,
) -> Result<(), (PoError, usize)> {
    let made = blocks::extract(body);
    let expected: Vec<(Kind, &str)> = body_blocks
        .iter()
        .map(|b| (b.kind, b.path.as_str()))
        .collect();
    let got: Vec<(Kind, &str)> = made.iter().map(|b| (b.kind, b.path.as_str())).collect();
    if expected == got {
        return Ok(());
    }
    let i = expected
        .iter()
        .zip(&got)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(got.len()));
    // The block whose translation did it: this one, or the one before it (which may have
    // swallowed it).
    let culprit = [Some(i), i.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter_map(|k| body_blocks.get(k))
        .find_map(|b| find(entries, b).filter(|e| e.done()))
        .map_or(1, |e| e.line);
    let what = match (expected.get(i), got.get(i)) {
        (Some(a), Some(b)) => format!(
            "the source's {} (line {}) becomes a {} in the translated page",
            a.0.label(),
            body_blocks[i].line,
            b.0.label()
        ),
        (Some(a), None) => format!(
            "the source's {} (line {}) is missing from the translated page",
            a.0.label(),
            body_blocks[i].line
        ),
        _ => "the translated page has more blocks than the source".to_string(),
    };
    Err((PoError::Structure(what), culprit))
}

/// A translation for a single-line place (title, description, heading, cell).
fn one_line(s: &str) -> String {
    super::blocks::collapse_spaces(s)
}

/// Checks a translation keeps what its block must keep.
fn kept(b: &Block, translation: &str, refdefs: &str) -> Result<(), PoError> {
    if b.kind == Kind::ImageAlt {
        return Ok(());
    }
    let snippet = match b.kind {
        Kind::Heading(n) => format!(
            "{} {}\n\n{refdefs}",
            "#".repeat(usize::from(n.clamp(1, 6))),
            one_line(translation)
        ),
        _ => format!("{}\n\n{refdefs}", translation.trim()),
    };
    let mut got = blocks::Keep::default();
    for x in blocks::extract(&snippet) {
        got.links.extend(x.keep.links);
        got.images.extend(x.keep.images);
        if x.keep.attrs.is_some() {
            got.attrs = x.keep.attrs;
        }
    }
    if b.keep.attrs != got.attrs
        && let Some(a) = b.keep.attrs.as_ref().or(got.attrs.as_ref())
    {
        return Err(if b.keep.attrs.is_some() {
            PoError::Dropped(a.clone())
        } else {
            PoError::Added(a.clone())
        });
    }
    for (want, have) in [(&b.keep.links, &got.links), (&b.keep.images, &got.images)] {
        let mut have: Vec<&String> = have.iter().collect();
        for w in want {
            match have.iter().position(|h| *h == w) {
                Some(i) => {
                    have.remove(i);
                }
                None if translation.contains(w.as_str()) => {
                    return Err(PoError::BrokenLink(w.clone()));
                }
                None => return Err(PoError::Dropped(w.clone())),
            }
        }
        if let Some(extra) = have.first() {
            return Err(PoError::Added((*extra).clone()));
        }
    }
    Ok(())
}

/// A translation as it goes into the body in place of its block.
fn placed(b: &Block, translation: &str) -> String {
    let t = translation.trim();
    let t = if b.kind.single_line() {
        one_line(t)
    } else {
        let lines: Vec<&str> = t.lines().map(str::trim).collect();
        lines.join(&format!("\n{}", b.indent))
    };
    match b.kind {
        Kind::TableCell | Kind::TableHeader => escape_unescaped(&t, &['|']),
        Kind::ImageAlt => escape_unescaped(&t, &['[', ']']),
        _ => t,
    }
}

/// `a|b` → `a\|b` (a `\|` stays as it is).
fn escape_unescaped(s: &str, chars: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut escaped = false;
    for c in s.chars() {
        if chars.contains(&c) && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// A block left in the source language, marked so (`None`: left as it is, unmarked).
fn marked(b: &Block, source: &str, lang: &crate::config::Language) -> Option<String> {
    if b.kind == Kind::ImageAlt {
        return None;
    }
    let open = format!(
        "<span lang=\"{}\" dir=\"{}\" {}>",
        crate::html::escape(&lang.code),
        lang.dir.as_str(),
        super::UNTRANSLATED_CLASS
    );
    let (text, attrs) = match &b.keep.attrs {
        Some(a) if b.kind != Kind::Paragraph && source.trim_end().ends_with(a.as_str()) => {
            let t = source.trim_end();
            (t[..t.len() - a.len()].trim_end(), Some(a.as_str()))
        }
        _ => (source, None),
    };
    Some(match attrs {
        Some(a) => format!("{open}{text}</span> {a}"),
        None => format!("{open}{text}</span>"),
    })
}

/// The body with each range replaced.
fn rebuild(body: &str, replacements: &[(std::ops::Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(std::ops::Range<usize>, String)> = replacements.iter().collect();
    sorted.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut at = 0;
    for (r, text) in sorted {
        if r.start < at || r.end > body.len() {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(text);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

/// `---`, the front matter of `base` with the title, description and source_hash set, `---`.
fn front_matter(base: &Version, title: &str, description: Option<&str>, hash: &str) -> String {
    let yaml = match crate::content::split_front_matter(&base.text) {
        Ok((start, end, _)) => base.text[start..end].to_string(),
        Err(_) => String::new(),
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut yaml = set_key(&yaml, "title", &quoted(title));
    if let Some(d) = description {
        yaml = set_key(&yaml, "description", &quoted(d));
    }
    yaml = set_key(&yaml, "source_hash", &quoted(hash));
    format!("---\n{yaml}---\n")
}

/// Sets a top-level key of a YAML mapping (replacing its value, however many lines it takes,
/// or adding it at the end).
pub fn set_key(yaml: &str, key: &str, value: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = yaml.lines().peekable();
    let mut done = false;
    let prefix = format!("{key}:");
    while let Some(line) = lines.next() {
        if !done && line.starts_with(&prefix) {
            out.push(format!("{key}: {value}"));
            // Skip the value's other lines (indented, or blank inside a block).
            while let Some(next) = lines.peek() {
                if next.starts_with([' ', '\t']) || next.trim().is_empty() {
                    lines.next();
                } else {
                    break;
                }
            }
            done = true;
        } else {
            out.push(line.to_string());
        }
    }
    if !done {
        out.push(format!("{key}: {value}"));
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_replaced_whatever_their_shape() {
        let y = "title: Viejo\ndescription: >\n  dos\n  líneas\ntags: [a]\n";
        let y = set_key(y, "description", "\"Nueva\"");
        assert_eq!(y, "title: Viejo\ndescription: \"Nueva\"\ntags: [a]\n");
        assert_eq!(
            set_key(&y, "source_hash", "\"x\""),
            format!("{y}source_hash: \"x\"\n")
        );
    }

    #[test]
    fn translations_keep_links_and_anchors() {
        let b =
            &blocks::extract("## Qué decir {#say}\n\nLee [esto](@/a.md#x) y [aquello](@/b.md).\n")
                [..];
        assert!(kept(&b[0], "What to say {#say}", "").is_ok());
        assert!(matches!(
            kept(&b[0], "What to say", ""),
            Err(PoError::Dropped(a)) if a == "{#say}"
        ));
        assert!(kept(&b[1], "Read [that](@/b.md) and [this](@/a.md#x).", "").is_ok());
        assert!(matches!(
            kept(&b[1], "Read [this](@/a.md) and [that](@/b.md).", ""),
            Err(PoError::Dropped(l)) if l == "@/a.md#x"
        ));
        assert!(matches!(
            kept(&b[1], "Read [this](@/a.md#x and [that](@/b.md).", ""),
            Err(PoError::BrokenLink(l)) if l == "@/a.md#x"
        ));
        assert!(matches!(
            kept(&b[1], "Read [this](@/a.md#x), [that](@/b.md), [more](@/c.md).", ""),
            Err(PoError::Added(l)) if l == "@/c.md"
        ));
    }

    #[test]
    fn cells_and_alt_text_are_escaped() {
        assert_eq!(escape_unescaped("a|b\\|c", &['|']), "a\\|b\\|c");
    }
}
