//! PO files: read with the `rspolib` crate and written in one stable layout.
//!
//! Reading has two steps:
//! 1. a check of every line against PO's grammar (the transitions rspolib's parser knows, and
//!    well-formed string literals), so that a translator's typo is an error with its line
//!    instead of reaching the parser (rspolib 0.1 panics on some malformed lines: an empty
//!    `msgid "`, a `msgstr` before any `msgid`, a `msgstr[N]` without a string); this step
//!    also records the line of every entry's `msgstr`, for later errors;
//! 2. rspolib parses the text (run under `catch_unwind` all the same), and its entries become
//!    `Entry` values.
//!
//! Writing goes through rspolib too: the header comment, the metadata (rspolib orders the
//! standard keys, then the others by name), the entries in the order given, obsolete ones last.
//! Nothing in a file depends on the clock or on a hash map's order, so the same catalog gives
//! the same bytes.

use std::collections::HashMap;

use super::PoError;

/// The most a PO file may weigh (a page's PO is a few kilobytes).
pub const MAX_PO_BYTES: u64 = 8 * 1024 * 1024;
/// The most plural forms a language has (Arabic: 6).
const MAX_PLURALS: usize = 10;

/// One message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub ctxt: Option<String>,
    pub id: String,
    pub translation: String,
    /// `msgid_plural` and the `msgstr[N]`, when the entry has plural forms (page text never
    /// has: such entries come from elsewhere, and are checked and kept as they are).
    pub plurals: Option<(String, Vec<String>)>,
    pub fuzzy: bool,
    /// The source text this translation was made for (`#| msgid`), on fuzzy entries.
    pub previous: Option<String>,
    pub obsolete: bool,
    /// The translator's own comments (`# …`), kept across exports.
    pub comments: Option<String>,
    /// Notes for translators (`#. …`).
    pub notes: Option<String>,
    /// `#:` references: `content/rights/asylum.md:12`.
    pub refs: Vec<String>,
    /// Flags other than `fuzzy` (`no-wrap`, `md-text`…), kept.
    pub flags: Vec<String>,
    /// The line of the entry's `msgstr` in the file it was read from (0 when made here).
    pub line: usize,
}

impl Entry {
    pub fn key(&self) -> (Option<&str>, &str) {
        (self.ctxt.as_deref(), self.id.as_str())
    }

    /// Translated and not fuzzy.
    pub fn done(&self) -> bool {
        !self.fuzzy && !self.translation.trim().is_empty()
    }
}

/// A PO or POT file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The comment lines above the header entry, without their `# `.
    pub comment: String,
    /// The header's fields (`Language`, `Plural-Forms`…).
    pub header: Vec<(String, String)>,
    /// A template's header is marked fuzzy, as xgettext writes it.
    pub header_fuzzy: bool,
    pub entries: Vec<Entry>,
}

impl Catalog {
    pub fn field(&self, key: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header field, keeping its place if it is there.
    pub fn set_field(&mut self, key: &str, value: &str) {
        match self
            .header
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            Some(f) => f.1 = value.to_string(),
            None => self.header.push((key.to_string(), value.to_string())),
        }
    }

    /// `nplurals` of the Plural-Forms header.
    pub fn nplurals(&self) -> Option<usize> {
        let pf = self.field("Plural-Forms")?;
        let n = pf
            .split(';')
            .find_map(|p| p.trim().strip_prefix("nplurals="))?;
        n.trim().parse().ok()
    }
}

/// A syntax problem and its 1-based line.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub error: PoError,
}

/// Parses a PO file's text.
pub fn parse(text: &str) -> Result<Catalog, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = check(text)?;
    // rspolib reads a string naming an existing file as that file: a PO text always has a
    // line break, which no file name here has.
    let mut owned = text.to_string();
    if !owned.ends_with('\n') {
        owned.push('\n');
    }
    let parsed = std::panic::catch_unwind(|| rspolib::pofile(owned.as_str()));
    let file = match parsed {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => {
            return Err(SyntaxError {
                line: error_line(&e.to_string()).unwrap_or(1),
                error: PoError::Syntax(clean_message(&e.to_string())),
            });
        }
        Err(_) => {
            return Err(SyntaxError {
                line: 1,
                error: PoError::Syntax("the PO reader could not read this file".into()),
            });
        }
    };
    let mut header: Vec<(String, String)> = file
        .metadata
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    header.sort();
    let entries: Vec<Entry> = file
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| Entry {
            ctxt: e.msgctxt.clone(),
            id: e.msgid.clone(),
            translation: e.msgstr.clone().unwrap_or_default(),
            plurals: e
                .msgid_plural
                .as_ref()
                .map(|p| (p.clone(), e.msgstr_plural.clone())),
            fuzzy: e.fuzzy(),
            previous: e.previous_msgid.clone(),
            obsolete: e.obsolete,
            comments: e.tcomment.clone(),
            notes: e.comment.clone(),
            refs: e
                .occurrences
                .iter()
                .map(|(f, l)| {
                    if l.is_empty() {
                        f.clone()
                    } else {
                        format!("{f}:{l}")
                    }
                })
                .collect(),
            flags: e
                .flags
                .iter()
                .filter(|f| *f != "fuzzy" && !f.is_empty())
                .cloned()
                .collect(),
            line: if lines.len() == file.entries.len() {
                lines[i]
            } else {
                e.linenum.max(1)
            },
        })
        .collect();
    Ok(Catalog {
        comment: file.header.clone().unwrap_or_default(),
        header,
        header_fuzzy: file.metadata_is_fuzzy,
        entries,
    })
}

/// `… at line 12 …` in an rspolib message.
fn error_line(message: &str) -> Option<usize> {
    let i = message.find("line ")?;
    let digits: String = message[i + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn clean_message(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

/// A parser state, as rspolib's (see its build.rs): what the last line was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Start,
    Header,
    Comment,
    Note,
    Refs,
    Flags,
    Ctxt,
    PrevCtxt,
    PrevId,
    PrevPlural,
    Id,
    IdPlural,
    Str,
    StrPlural,
}

/// Checks every line and returns the line of each entry's `msgstr` (header excluded), in
/// order; an error names the first line that is not PO.
fn check(text: &str) -> Result<Vec<usize>, SyntaxError> {
    let mut state = St::Start;
    let mut book = Bookkeeping::default();
    let err = |line: usize, m: &str| SyntaxError {
        line,
        error: PoError::Syntax(m.to_string()),
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let mut rest = line;
        if let Some(r) = line.strip_prefix("#~") {
            if r.starts_with('|') {
                continue;
            }
            if r.trim().is_empty() {
                continue;
            }
            if !r.starts_with(|c: char| c.is_ascii_whitespace()) {
                return Err(err(n, "write `#~` and a space before an obsolete line"));
            }
            rest = r.trim();
        }
        let Some((symbol, literal)) = classify(rest, state).map_err(|m| err(n, &m))? else {
            continue;
        };
        if let Some(l) = literal {
            check_literal(l).map_err(|m| err(n, &m))?;
        }
        let Some(symbol) = symbol else {
            // A continuation line: the state stays.
            continue;
        };
        allowed(symbol, state).map_err(|m| err(n, m))?;
        book.step(symbol, literal, n).map_err(|m| err(n, m))?;
        state = match (symbol, state) {
            (St::Comment, St::Start | St::Header) => St::Header,
            (s, _) => s,
        };
    }
    if book.seen_id && !book.entry_has_str {
        return Err(err(
            text.lines().count().max(1),
            "the last entry has no msgstr",
        ));
    }
    Ok(book.msgstr_lines)
}

/// What a line (its `#~ ` taken off) is, as rspolib sees it: its symbol (`None` for a
/// continuation line) and its quoted text; `None` for a line that changes nothing.
type Classified<'a> = Option<(Option<St>, Option<&'a str>)>;

/// Classifies one line, after `state`; the error is the message.
fn classify(rest: &str, state: St) -> Result<Classified<'_>, String> {
    use St::*;
    if rest.starts_with('"') {
        if !matches!(
            state,
            Ctxt | Id | IdPlural | Str | StrPlural | PrevId | PrevPlural | PrevCtxt
        ) {
            return Err("a quoted line must follow msgid, msgstr or msgctxt".into());
        }
        Ok(Some((None, Some(rest))))
    } else if let Some(r) = rest.strip_prefix("#|") {
        previous_line(r, state)
    } else if rest.starts_with('#') {
        comment_line(rest)
    } else {
        keyword_line(rest).map(Some)
    }
}

/// A `#|` line (the previous msgid, msgctxt or msgid_plural), `r` what follows `#|`.
fn previous_line(r: &str, state: St) -> Result<Classified<'_>, String> {
    use St::*;
    let r = r.strip_prefix(' ').unwrap_or(r);
    if r.trim().is_empty() {
        return Err("an empty `#|` line".into());
    }
    if r.starts_with('"') {
        if !matches!(state, PrevCtxt | PrevId | PrevPlural) {
            return Err("a `#| \"…\"` line must follow `#| msgid`".into());
        }
        check_literal(r)?;
        return Ok(None);
    }
    let (kw, value) = keyword(r).ok_or("write `#| msgid \"…\"`")?;
    let sym = match kw {
        "msgid" => PrevId,
        "msgctxt" => PrevCtxt,
        "msgid_plural" => PrevPlural,
        _ => return Err(format!("`#| {kw}` is not PO syntax")),
    };
    if r.len() - value.len() != kw.len() + 1 {
        return Err("write one space between the keyword and its text".into());
    }
    Ok(Some((Some(sym), Some(value))))
}

/// A comment line (`#`, `#.`, `#:`, `#,`); one of the last three with nothing after it
/// changes nothing.
fn comment_line(rest: &str) -> Result<Classified<'_>, String> {
    use St::*;
    let token = rest.split_ascii_whitespace().next().unwrap_or("#");
    let sym = match token {
        "#:" => Refs,
        "#," => Flags,
        "#." => Note,
        t if t == "#" || t.starts_with("##") => Comment,
        _ => return Err("a comment starts with `# ` (or `#.`, `#:`, `#,`, `#|`)".into()),
    };
    let has_more = rest.split_ascii_whitespace().nth(1).is_some();
    if matches!(sym, Refs | Flags | Note) && !has_more {
        return Ok(None);
    }
    Ok(Some((Some(sym), None)))
}

/// A keyword line: `msgctxt`, `msgid`, `msgid_plural`, `msgstr` or `msgstr[N]` and its text.
fn keyword_line(rest: &str) -> Result<(Option<St>, Option<&str>), String> {
    use St::*;
    let (kw, value) = keyword(rest).ok_or(
        "every line is a comment (#), a keyword (msgid, msgstr…) with a quoted text, or a quoted text",
    )?;
    let sym = match kw {
        "msgctxt" => Ctxt,
        "msgid" => Id,
        "msgid_plural" => IdPlural,
        "msgstr" => Str,
        k if k.starts_with("msgstr[") && k.ends_with(']') => {
            let index = &k[7..k.len() - 1];
            match index.parse::<usize>() {
                Ok(i) if i < MAX_PLURALS => StrPlural,
                _ => return Err(format!("`{k}`: the plural index must be 0 to 9")),
            }
        }
        other => return Err(format!("`{other}` is not a PO keyword")),
    };
    Ok((Some(sym), Some(value)))
}

/// Whether a line of kind `symbol` may follow one of kind `state`; else why not.
fn allowed(symbol: St, state: St) -> Result<(), &'static str> {
    use St::*;
    let allowed = match symbol {
        Comment => !matches!(state, Ctxt),
        Note | Refs | Flags | PrevCtxt | PrevId | PrevPlural => true,
        Ctxt => !matches!(state, Ctxt | Id | IdPlural),
        Id => !matches!(state, Id | IdPlural),
        IdPlural => matches!(state, Comment | Note | PrevCtxt | PrevId | PrevPlural | Id),
        Str => matches!(state, Id | IdPlural | Comment),
        StrPlural => matches!(state, Id | StrPlural | IdPlural | Comment),
        Start | Header => true,
    };
    if allowed {
        return Ok(());
    }
    Err(match symbol {
        Str | StrPlural => "a msgstr must follow its msgid",
        Id => "a msgid must be followed by its msgstr before the next msgid",
        IdPlural => "msgid_plural must follow msgid",
        Ctxt => "msgctxt must come before its msgid",
        _ => "a comment cannot come between msgctxt and msgid",
    })
}

/// Where [`check`] is among the entries: an entry starts with its msgctxt or msgid after a
/// msgstr.
struct Bookkeeping {
    msgstr_lines: Vec<usize>,
    current_id_empty: bool,
    seen_id: bool,
    entry_has_str: bool,
    first_entry: bool,
}

impl Default for Bookkeeping {
    fn default() -> Self {
        Bookkeeping {
            msgstr_lines: Vec::new(),
            current_id_empty: true,
            seen_id: false,
            entry_has_str: false,
            first_entry: true,
        }
    }
}

impl Bookkeeping {
    /// Takes line `n`, of kind `symbol` with its quoted text.
    fn step(&mut self, symbol: St, literal: Option<&str>, n: usize) -> Result<(), &'static str> {
        use St::*;
        if matches!(symbol, Id | Ctxt) && self.seen_id {
            if !self.entry_has_str {
                return Err("the entry before this one has no msgstr");
            }
            self.seen_id = false;
        }
        if symbol == Id {
            self.seen_id = true;
            self.entry_has_str = false;
            self.current_id_empty = literal.is_some_and(|l| l == "\"\"");
        }
        if matches!(symbol, Str | StrPlural) {
            if !self.seen_id {
                return Err("a msgstr must follow its msgid");
            }
            if !self.entry_has_str {
                // The header entry (`msgid ""` first in the file) is not an entry.
                let is_header = self.first_entry && self.current_id_empty;
                if !is_header {
                    self.msgstr_lines.push(n);
                }
                self.first_entry = false;
            }
            self.entry_has_str = true;
        }
        Ok(())
    }
}

/// `msgid "x"` → (`msgid`, `"x"`).
fn keyword(line: &str) -> Option<(&str, &str)> {
    let end = line.find(|c: char| c.is_ascii_whitespace())?;
    let kw = &line[..end];
    if !kw.starts_with("msg") {
        return None;
    }
    let value = line[end..].trim_start();
    value.starts_with('"').then_some((kw, value))
}

/// A quoted PO string: `"…"`, with no bare `"` inside and only the escapes PO readers know.
fn check_literal(s: &str) -> Result<(), String> {
    if s.len() < 2 || !s.starts_with('"') || !s.ends_with('"') {
        return Err(format!("the text {s} must be in double quotes"));
    }
    let inner = &s[1..s.len() - 1];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"' | '\\' | 'n' | 't' | 'r') => {}
                Some(other) => {
                    return Err(format!(
                        "`\\{other}` is not an escape PO files may hold here (use \\n, \\t, \\\" or \\\\)"
                    ));
                }
                None => return Err("a `\\` at the end of a text".into()),
            },
            '"' => return Err("a `\"` inside a text must be written `\\\"`".into()),
            c if c.is_control() && c != '\t' => {
                return Err("a control character inside a text".into());
            }
            _ => {}
        }
    }
    Ok(())
}

/// The widest comment line written (rspolib 0.1 wraps a longer one itself, but drops the `#.`
/// or `# ` from its continuation lines, which makes the file invalid PO).
const COMMENT_WIDTH: usize = 72;

/// A comment's lines wrapped at spaces to `COMMENT_WIDTH` characters (a longer word is cut).
fn wrap_comment(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut cur = String::new();
        for word in line.trim_end().split(' ') {
            let mut word = word.to_string();
            while word.chars().count() > COMMENT_WIDTH {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                let cut = word
                    .char_indices()
                    .nth(COMMENT_WIDTH)
                    .map_or(word.len(), |(i, _)| i);
                out.push(word[..cut].to_string());
                word = word[cut..].to_string();
            }
            if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(&word);
        }
        out.push(cur.trim_end().to_string());
    }
    out.join("\n")
}

/// The text of a catalog, in senda's layout.
pub fn write(catalog: &Catalog) -> String {
    let mut file = rspolib::POFile::new(rspolib::FileOptions::default());
    file.header = Some(catalog.comment.clone());
    file.metadata = catalog
        .header
        .iter()
        .cloned()
        .collect::<HashMap<String, String>>();
    file.metadata_is_fuzzy = catalog.header_fuzzy;
    for e in &catalog.entries {
        let mut flags = Vec::new();
        if e.fuzzy {
            flags.push("fuzzy".to_string());
        }
        flags.extend(e.flags.iter().cloned());
        let mut po = rspolib::POEntry::new(0);
        po.msgid = e.id.clone();
        po.msgctxt = e.ctxt.clone();
        match &e.plurals {
            Some((plural, forms)) => {
                po.msgid_plural = Some(plural.clone());
                po.msgstr_plural = forms.clone();
            }
            None => po.msgstr = Some(e.translation.clone()),
        }
        po.flags = flags;
        po.previous_msgid = e.previous.clone().filter(|_| e.fuzzy || e.obsolete);
        po.obsolete = e.obsolete;
        po.tcomment = e.comments.as_deref().map(wrap_comment);
        po.comment = e.notes.as_deref().filter(|_| !e.obsolete).map(wrap_comment);
        po.occurrences = if e.obsolete {
            Vec::new()
        } else {
            e.refs
                .iter()
                .map(|r| match r.rsplit_once(':') {
                    Some((f, l)) if l.chars().all(|c| c.is_ascii_digit()) => {
                        (f.to_string(), l.to_string())
                    }
                    _ => (r.clone(), String::new()),
                })
                .collect()
        };
        file.entries.push(po);
    }
    let mut out = file.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog {
            comment: "Translation of content/a.md into English (en).".into(),
            header: vec![
                ("Language".into(), "en".into()),
                ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ],
            header_fuzzy: false,
            entries: vec![
                Entry {
                    id: "Un texto con \"comillas\" y [un enlace](@/a.md#x)".into(),
                    translation: "A text".into(),
                    refs: vec!["content/a.md:3".into(), "content/a.md:9".into()],
                    notes: Some("paragraph".into()),
                    ..Entry::default()
                },
                Entry {
                    ctxt: Some("title".into()),
                    id: "Título".into(),
                    translation: "Title".into(),
                    fuzzy: true,
                    previous: Some("Título viejo".into()),
                    ..Entry::default()
                },
                Entry {
                    id: "Se fue".into(),
                    translation: "Gone".into(),
                    obsolete: true,
                    ..Entry::default()
                },
            ],
        }
    }

    #[test]
    fn long_comments_keep_their_marks_on_every_line() {
        let mut c = catalog();
        let long = format!(
            "paragraph. Keep as it is: @/asylum/mexico-refugee-status.md#deadline, @/asylum/mexico-refugee-status.md#steps, {}",
            "x".repeat(100)
        );
        c.entries[0].notes = Some(long);
        c.entries[0].comments = Some("una nota larga del traductor ".repeat(6));
        let text = write(&c);
        for line in text.lines() {
            assert!(
                line.is_empty()
                    || line.starts_with('#')
                    || line.starts_with("msg")
                    || line.starts_with('"'),
                "not PO: {line}\n{text}"
            );
            assert!(line.chars().count() <= 80, "{line}");
        }
        let back = parse(&text).unwrap();
        assert_eq!(write(&back), text, "stable");
    }

    #[test]
    fn round_trips_through_rspolib() {
        let c = catalog();
        let text = write(&c);
        assert!(text.contains("#| msgid \"Título viejo\""), "{text}");
        assert!(text.contains("#~ msgid \"Se fue\""), "{text}");
        assert!(text.contains("#: content/a.md:3 content/a.md:9"), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back.entries.len(), 3);
        for (a, b) in back.entries.iter().zip(&c.entries) {
            assert_eq!(
                (&a.ctxt, &a.id, &a.translation, a.fuzzy, a.obsolete),
                (&b.ctxt, &b.id, &b.translation, b.fuzzy, b.obsolete)
            );
        }
        assert_eq!(back.entries[1].previous.as_deref(), Some("Título viejo"));
        assert_eq!(write(&back), text, "writing what was read changes nothing");
        // The line of each msgstr.
        let lines: Vec<&str> = text.lines().collect();
        for e in &back.entries {
            assert!(
                lines[e.line - 1].contains("msgstr"),
                "{}",
                lines[e.line - 1]
            );
        }
    }

    #[test]
    fn malformed_lines_are_errors_with_their_line_not_panics() {
        for (text, line) in [
            ("msgid \"\"\nmsgstr \"\"\n\nmsgid \"\n", 4),
            ("msgstr \"x\"\n", 1),
            ("msgid \"a\"\nmsgstr[0] x\n", 2),
            ("msgid \"a\"\nmsgstr[99999999] \"x\"\n", 2),
            ("msgid \"a\"\nmsgstr \"b\" c\"\n", 2),
            ("msgid \"a\"\nmsgstr \"\\q\"\n", 2),
            ("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n", 3),
            ("msgctxt \"a\"\n# x\nmsgid \"b\"\nmsgstr \"\"\n", 2),
            ("msgid x\n", 1),
            ("#|  msgid \"é\"\nmsgid \"a\"\nmsgstr \"\"\n", 1),
            ("msgid \"a\"\n", 1),
            ("\"x\"\n", 1),
            ("msgid é\"\n", 1),
        ] {
            match parse(text) {
                Err(e) => assert_eq!(e.line, line, "{text:?}: {:?}", e.error),
                Ok(c) => panic!("{text:?} was read: {c:?}"),
            }
        }
    }

    #[test]
    fn plural_forms_are_counted() {
        let c = parse("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=6; plural=0;\\n\"\n\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\"\n").unwrap();
        assert_eq!(c.nplurals(), Some(6));
        assert_eq!(c.entries[0].plurals.as_ref().map(|p| p.1.len()), Some(2));
        assert_eq!(c.entries[0].line, 7);
    }
}
