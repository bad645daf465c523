//! The critical CSS: the part of the theme's stylesheet the first screen needs, written into
//! every page's `<head>` in a `<style>` element, so that a phone paints from the HTML alone (one
//! round trip) while the whole stylesheet loads at the end of the page and is cached for the
//! pages after it. No JavaScript is involved: a reader without it gets the same.
//!
//! 1. The theme (or the site's `static/`, which overrides it) marks the rules of `style.css`
//!    the first screen needs between `/* critical: start */` and `/* critical: end */`; there
//!    may be several marked parts, taken in order. Without marks nothing is inlined and pages
//!    link the stylesheet in their head, as before.
//! 2. The marked parts are joined, comments dropped and white space collapsed (never inside a
//!    string); what is refused is said with the file and line: marks that do not pair up,
//!    braces that do not balance, and what cannot work inline (`<`, which could end the
//!    element, `url(` and `@import`, whose addresses would be read from the page's folder
//!    instead of the stylesheet's).
//! 3. The result's SHA-256 in base64 becomes a CSP source, `'sha256-…'`, which `deploy` puts in
//!    `style-src`: the browser applies that exact text inline and nothing else
//!    (never `'unsafe-inline'`).
//!
//! The whole stylesheet still holds the marked rules, and comes last: once it is loaded, the
//! page looks exactly as it did with the stylesheet alone.

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::diag::{Coded, Diagnostics, Location};

/// The stylesheet whose marked parts are inlined, as templates name it (`url(path="/style.css")`).
pub const STYLESHEET: &str = "/style.css";
/// The marks, as written in the stylesheet (spaces and case inside the comment do not matter).
pub const START: &str = "/* critical: start */";
pub const END: &str = "/* critical: end */";
/// Every page carries the critical CSS: more than this is no longer "the first screen's".
const MAX_BYTES: usize = 16 * 1024;

/// The critical CSS and the CSP source that allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Critical {
    /// The text inside `<style>`, byte for byte.
    pub css: String,
    /// `'sha256-…'`, for `style-src`.
    pub csp_source: String,
}

impl Critical {
    pub fn new(css: String) -> Critical {
        let csp_source = csp_source(&css);
        Critical { css, csp_source }
    }

    /// The element for the page's head.
    pub fn element(&self) -> String {
        format!("<style>{}</style>", self.css)
    }
}

/// The CSP source (`'sha256-BASE64'`) that allows an inline `<style>` holding exactly `css`.
pub fn csp_source(css: &str) -> String {
    let digest = Sha256::digest(css.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CriticalError {
    #[error("`{START}` is never closed by `{END}`")]
    Unclosed,
    #[error("`{END}` without a `{START}` before it")]
    Unopened,
    #[error("a second `{START}` before the first one's `{END}`")]
    Nested,
    #[error("the critical CSS has unbalanced braces: a mark is inside a rule or an @media block")]
    Unbalanced,
    #[error("`{0}` cannot be in the critical CSS")]
    NotInline(&'static str),
    #[error("the critical CSS is {0} bytes, over the {MAX_BYTES} bytes every page can carry")]
    TooLarge(usize),
}

impl Coded for CriticalError {
    fn code(&self) -> &'static str {
        "critical-css"
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            CriticalError::Unclosed | CriticalError::Unopened | CriticalError::Nested => {
                format!("mark each part the first screen needs with `{START}` before it and `{END}` after it")
            }
            CriticalError::Unbalanced => {
                "put the marks between whole rules: around the @media block, or inside it around whole rules with the @media line marked too".into()
            }
            CriticalError::NotInline("<") => {
                "inside <style> a `<` could end the element: write `(width < 40em)` as `(max-width: 40em)`, or leave the rule out of the marks".into()
            }
            CriticalError::NotInline(_) => {
                "inline, an address would be read from the page's folder, not the stylesheet's: leave this rule out of the marks".into()
            }
            CriticalError::TooLarge(_) => {
                "mark only what the top of a page needs (header, title, first paragraphs); the rest comes with the stylesheet".into()
            }
        })
    }
}

/// The critical CSS of the stylesheet `css` (read from `file`, for diagnostics): `None` when it
/// has no marks or a problem (reported in `diags`).
pub fn from_stylesheet(css: &str, file: &Path, diags: &mut Diagnostics) -> Option<Critical> {
    match extract(css) {
        Ok(None) => None,
        Ok(Some(text)) => Some(Critical::new(text)),
        Err((e, offset)) => {
            diags.error(&e, Location::at_offset(file, css, offset));
            None
        }
    }
}

/// Is this comment's text (between `/*` and `*/`) a mark? `Some(true)` for a start.
fn mark(comment: &str) -> Option<bool> {
    let word: String = comment
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match word.as_str() {
        "critical:start" => Some(true),
        "critical:end" => Some(false),
        _ => None,
    }
}

/// After which characters white space can go (`a{`, `{color`, `a,b`, `color:red`).
fn no_space_after(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',' | '>' | ':' | '(' | '[')
}

/// Before which characters white space can go (`a{`, `red;`, `a,b`, `a>b`, `(x)`). Not `:`:
/// `a :hover` and `a:hover` are different selectors.
fn no_space_before(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',' | '>' | ')' | ']')
}

/// The marked parts of `css`, compacted; `Ok(None)` without marks; the error and its byte
/// offset in `css` otherwise.
pub fn extract(css: &str) -> Result<Option<String>, (CriticalError, usize)> {
    let mut w = Compact::default();
    let mut inside: Option<usize> = None; // the offset of the open start mark
    let mut any = false;
    let mut chars = css.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '/' && chars.peek().is_some_and(|&(_, n)| n == '*') {
            chars.next();
            match (mark(skip_comment(css, at, &mut chars)), inside) {
                (Some(true), None) => {
                    inside = Some(at);
                    any = true;
                    w.space = true;
                }
                (Some(true), Some(_)) => return Err((CriticalError::Nested, at)),
                (Some(false), Some(_)) => {
                    inside = None;
                    w.space = true;
                    if w.depth != 0 {
                        return Err((CriticalError::Unbalanced, at));
                    }
                }
                (Some(false), None) => return Err((CriticalError::Unopened, at)),
                (None, _) => w.space = true,
            }
            continue;
        }
        if inside.is_none() {
            continue;
        }
        match c {
            '"' | '\'' => w.string(c, &mut chars)?,
            c if c.is_whitespace() => w.space = true,
            '<' => return Err((CriticalError::NotInline("<"), at)),
            _ => w.other(c, at)?,
        }
    }
    if let Some(open) = inside {
        return Err((CriticalError::Unclosed, open));
    }
    if !any {
        return Ok(None);
    }
    if w.out.len() > MAX_BYTES {
        return Err((CriticalError::TooLarge(w.out.len()), 0));
    }
    Ok(Some(w.out))
}

/// The characters of the stylesheet, with their byte offsets.
type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Skips the comment whose `/*` starts at `at` (both read), and returns its text.
fn skip_comment<'a>(css: &'a str, at: usize, chars: &mut Chars) -> &'a str {
    let body_start = at + 2;
    let body_end = css[body_start..]
        .find("*/")
        .map_or(css.len(), |e| body_start + e);
    while chars.peek().is_some_and(|&(i, _)| i < body_end + 2) {
        chars.next();
    }
    &css[body_start..body_end]
}

/// The compacted CSS [`extract`] writes.
#[derive(Default)]
struct Compact {
    out: String,
    /// White space (or a comment) waits to be written.
    space: bool,
    /// How many `{` are open.
    depth: i64,
}

impl Compact {
    /// Writes `c`, after the space waiting if `c` and the character before need one.
    fn push(&mut self, c: char) {
        if self.space
            && !no_space_before(c)
            && self
                .out
                .chars()
                .next_back()
                .is_some_and(|last| !no_space_after(last))
        {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push(c);
    }

    /// A string opened by `quote`, copied as it is up to its closing quote (or the end of its
    /// line), escapes kept; a `<` in it is refused.
    fn string(&mut self, quote: char, chars: &mut Chars) -> Result<(), (CriticalError, usize)> {
        self.push(quote);
        while let Some((i, s)) = chars.next() {
            if s == '<' {
                return Err((CriticalError::NotInline("<"), i));
            }
            self.out.push(s);
            if s == '\\' {
                if let Some((_, e)) = chars.next() {
                    self.out.push(e);
                }
            } else if s == quote || s == '\n' {
                break;
            }
        }
        Ok(())
    }

    /// Any other character (at byte `at`): braces counted, `url(` and `@import` refused.
    fn other(&mut self, c: char, at: usize) -> Result<(), (CriticalError, usize)> {
        if c == '{' {
            self.depth += 1;
        } else if c == '}' {
            self.depth -= 1;
            if self.depth < 0 {
                return Err((CriticalError::Unbalanced, at));
            }
        }
        self.push(c);
        let tail = self.out.as_bytes();
        for bad in ["url(", "@import"] {
            if tail.len() >= bad.len()
                && tail[tail.len() - bad.len()..].eq_ignore_ascii_case(bad.as_bytes())
            {
                return Err((CriticalError::NotInline(bad), at));
            }
        }
        Ok(())
    }
}

/// The critical CSS one edition inlines: none on a kiosk, whose pages are read from its own disk
/// (nothing to gain) and whose kiosk.css must come after the whole stylesheet.
pub fn for_edition(critical: Option<&Critical>, edition: crate::Edition) -> Option<&Critical> {
    critical.filter(|_| edition != crate::Edition::Kiosk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(css: &str) -> Option<String> {
        extract(css).unwrap_or_else(|(e, at)| panic!("{e} at {at}"))
    }

    #[test]
    fn only_the_marked_parts_compacted() {
        let css = "/* theme */\nbody { margin: 0; }\n/* critical: start */\n:root { --ink: #1a1a1a; }\n/* the header */\n.bar  >  a ,\n.x :hover { color : var(--ink) ; }\n/*critical:end*/\nfooter { color: red; }\n/* Critical: Start */@media (min-width: 48em) {\n  h1 { font-size: 2.3rem; }\n}\n/* critical: end */";
        assert_eq!(
            ok(css).as_deref(),
            Some(
                // A space before `:` stays: in a selector it means something (`.x :hover`).
                ":root{--ink:#1a1a1a;}.bar>a,.x :hover{color :var(--ink);}@media (min-width:48em){h1{font-size:2.3rem;}}"
            )
        );
    }

    #[test]
    fn strings_are_kept_as_they_are() {
        let css = "/* critical: start */.a::before { content: \"  a  /* b */ \\\"c\\\" \"; }\n.b::after{content:'x  y'}/* critical: end */";
        assert_eq!(
            ok(css).as_deref(),
            Some(".a::before{content:\"  a  /* b */ \\\"c\\\" \";}.b::after{content:'x  y'}")
        );
    }

    #[test]
    fn no_marks_no_critical_css() {
        assert_eq!(ok("body { margin: 0 } /* critical */"), None);
    }

    #[test]
    fn refusals_say_where() {
        let at = |css: &str, what: &str| css.find(what).unwrap();
        let unclosed = "a{}\n/* critical: start */ a{}";
        let unopened = "a{} /* critical: end */";
        let nested = "/* critical: start */ a{} /* critical: start */";
        let inside_media = "@media print {\n/* critical: start */ a{} }/* critical: end */";
        let open_media = "/* critical: start */ @media print { a{} /* critical: end */ }";
        let in_string = "/* critical: start */ a::after{content:\"</style>\"} /* critical: end */";
        let range = "/* critical: start */ @media (width<40em){a{}} /* critical: end */";
        let image = "/* critical: start */ a{background:URL(x.png)} /* critical: end */";
        let import = "/* critical: start */ @import 'x.css'; /* critical: end */";
        let cases = [
            (unclosed, CriticalError::Unclosed, at(unclosed, "/*")),
            (unopened, CriticalError::Unopened, at(unopened, "/*")),
            (nested, CriticalError::Nested, nested.rfind("/*").unwrap()),
            (
                inside_media,
                CriticalError::Unbalanced,
                inside_media.rfind('}').unwrap(),
            ),
            (
                open_media,
                CriticalError::Unbalanced,
                open_media.rfind("/*").unwrap(),
            ),
            (in_string, CriticalError::NotInline("<"), at(in_string, "<")),
            (range, CriticalError::NotInline("<"), at(range, "<")),
            (image, CriticalError::NotInline("url("), at(image, "(")),
            (
                import,
                CriticalError::NotInline("@import"),
                at(import, "t '"),
            ),
        ];
        for (css, want, offset) in cases {
            assert_eq!(extract(css), Err((want, offset)), "{css}");
        }
        let mut diags = Diagnostics::new();
        assert_eq!(
            from_stylesheet(unclosed, Path::new("themes/x/static/style.css"), &mut diags),
            None
        );
        let d = diags.into_vec();
        assert_eq!(
            (d.len(), d[0].code, d[0].line, d[0].column),
            (1, "critical-css", Some(2), Some(1))
        );
    }

    #[test]
    fn too_large_for_every_page() {
        let css = format!(
            "/* critical: start */{}/* critical: end */",
            "a{}".repeat(6000)
        );
        assert_eq!(extract(&css), Err((CriticalError::TooLarge(18000), 0)));
    }

    #[test]
    fn the_hash_is_the_csp_one() {
        // As `python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha256(b"body{}").digest()))'`.
        assert_eq!(
            csp_source("body{}"),
            "'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='"
        );
    }
}
