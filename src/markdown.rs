//! Markdown → HTML for one page body, pure (no I/O, no knowledge of the site):
//! 1. parse with pulldown-cmark (tables, footnotes, strikethrough, task lists, `{#id}` on headings);
//! 2. give every heading a stable, unique, Unicode-aware id and collect the table of contents;
//! 3. keep `@/path.md#anchor` links as numbered placeholders, to be resolved per reader
//!    language by the render stage (the same body serves every language it is shown in);
//! 4. drop links and images with unsafe schemes (`javascript:`, `data:`, ...);
//! 5. sanitise raw HTML with ammonia unless the site allows raw HTML.
//!
//! Problems (unsafe URLs, images without alt text, malformed addresses) are returned with byte
//! offsets into the body; the caller turns them into diagnostics with file and line.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A piece of rendered HTML: plain HTML, or a link to another page still to be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Html(String),
    /// Index into `Document::links`; rendered as the URL (with its fragment) of the target.
    Link(usize),
}

/// A `@/` link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The path after `@/`, e.g. `rights/asylum.md` or `rights/asylum.en.md`.
    pub path: String,
    pub anchor: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
}

/// One entry of the table of contents (h2, with its h3 children).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A link or image whose address uses a scheme that could run code or embed content.
    UnsafeUrl(String),
    ImageWithoutAlt(String),
    /// An address that looks external but cannot be a valid one.
    MalformedUrl(String),
    /// An explicit `{#id}` used twice.
    DuplicateId(String),
    /// An explicit `{#id}` the theme already uses (`main`, the skip link's target, say).
    ReservedId(String),
    /// Raw HTML that the sanitiser changed.
    RawHtmlRemoved,
    /// Lists, quotes or HTML nested deeper than `MAX_NESTING`: the body is not rendered.
    TooDeep(usize),
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub parts: Vec<Part>,
    pub links: Vec<LinkRef>,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at (headings, footnotes).
    pub ids: Vec<String>,
    pub words: usize,
    /// External `http(s)` addresses, for `check`.
    pub external: Vec<(String, usize)>,
    pub problems: Vec<(Problem, usize)>,
}

impl Document {
    pub fn has_id(&self, id: &str) -> bool {
        self.ids.iter().any(|x| x == id)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub allow_raw_html: bool,
}

/// Ids the default theme uses; a heading never takes one of them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "content",
    "nav",
    "search",
    "footer",
    "header",
    "toc",
    "toc-title",
    "languages",
    "emergency",
    "skip",
    "q",
    "search-results",
    "search-page-q",
    "save-offline",
    "numbers-title",
    "a-z",
    "kiosk-idle",
    "kiosk-idle-title",
    "kiosk-idle-text",
    "kiosk-still-here",
    "senda-overlay",
];

/// Placeholder delimiters for `@/` links inside the HTML. They are private-use characters,
/// removed from the input first, so they can only come from us.
const PH_START: char = '\u{E000}';
const PH_END: char = '\u{E001}';

const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms"];

/// The deepest nesting of lists, quotes and HTML elements a page may have. Real pages stay
/// under 10; hostile ones (100,000 nested quotes) would exhaust the stack of later stages.
pub const MAX_NESTING: usize = 64;

/// Elements without a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How deeply the elements of an HTML fragment nest (a quick scan, not a parser).
pub fn html_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        i = start;
        match bytes.get(start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = html[start..]
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(html.len(), |e| start + e);
                let name = html[start..end].to_ascii_lowercase();
                let tag_end = html[end..].find('>').map_or(html.len(), |e| end + e);
                let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

pub fn render(body: &str, opts: RenderOptions) -> Document {
    let cleaned;
    let body = if body.contains([PH_START, PH_END]) {
        cleaned = body.replace([PH_START, PH_END], "");
        cleaned.as_str()
    } else {
        body
    };

    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    let mut doc = Document::default();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut explicit_ids: HashSet<String> = HashSet::new();
    let mut has_raw_html = false;
    let mut headings: Vec<(u8, String, String)> = Vec::new();

    // Heading being collected: its start tag, its events and its text.
    let mut heading: Option<(Tag, Vec<Event>, String)> = None;
    // Image being collected: start offset, address, whether it has alt text.
    let mut image_stack: Vec<(usize, String, bool)> = Vec::new();
    // Links whose start we dropped (unsafe address): their end must be dropped too.
    let mut link_stack: Vec<bool> = Vec::new();

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let offset = range.start;
        let event = match event {
            Event::Start(Tag::Heading { .. }) if heading.is_some() => continue,
            Event::Start(tag @ Tag::Heading { .. }) => {
                heading = Some((tag, Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some((tag, inner, text)) = heading.take() else {
                    continue;
                };
                let Tag::Heading {
                    id, classes, attrs, ..
                } = tag
                else {
                    continue;
                };
                let text = text.trim().to_string();
                let id = match id {
                    Some(explicit) => {
                        let explicit = explicit.to_string();
                        if RESERVED_IDS.contains(&explicit.as_str()) {
                            doc.problems
                                .push((Problem::ReservedId(explicit.clone()), offset));
                        } else if !explicit_ids.insert(explicit.clone()) {
                            doc.problems
                                .push((Problem::DuplicateId(explicit.clone()), offset));
                        }
                        used_ids.insert(explicit.clone());
                        explicit
                    }
                    None => unique_id(&slugify(&text), &mut used_ids),
                };
                let n = heading_number(level);
                headings.push((n, id.clone(), text));
                doc.ids.push(id.clone());
                // `{#id .class}` is kept; other attributes (`{onclick=...}`) never: they would
                // put event handlers and `javascript:` addresses past the sanitiser.
                let _ = attrs;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs: Vec::new(),
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(rest) = dest_url.strip_prefix("@/") {
                    let (path, anchor) = match rest.split_once('#') {
                        Some((p, a)) => (p.to_string(), Some(a.to_string())),
                        None => (rest.to_string(), None),
                    };
                    let index = doc.links.len();
                    doc.links.push(LinkRef {
                        path,
                        anchor,
                        offset,
                    });
                    let mut tag = format!("<a href=\"{PH_START}{index}{PH_END}\"");
                    if !title.is_empty() {
                        tag.push_str(" title=\"");
                        escape_attr(&mut tag, &title);
                        tag.push('"');
                    }
                    tag.push('>');
                    link_stack.push(true);
                    Event::InlineHtml(CowStr::from(tag))
                } else if is_safe_url(&dest_url) {
                    if matches!(link_type, LinkType::Email) {
                        // autolinked address, written <name@example.org>
                    } else if let Some(problem) = malformed_external(&dest_url) {
                        doc.problems.push((problem, offset));
                    } else if dest_url.starts_with("http") {
                        doc.external.push((dest_url.to_string(), offset));
                    }
                    link_stack.push(true);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                } else {
                    doc.problems
                        .push((Problem::UnsafeUrl(dest_url.to_string()), offset));
                    link_stack.push(false);
                    continue;
                }
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_stack.push((offset, dest_url.to_string(), false));
                if !is_safe_url(&dest_url) || dest_url.starts_with("@/") {
                    doc.problems
                        .push((Problem::UnsafeUrl(dest_url.to_string()), offset));
                    // Keep the alt text as plain text.
                    Event::Start(Tag::Emphasis)
                } else {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Image) => {
                let Some((start, url, has_alt)) = image_stack.pop() else {
                    continue;
                };
                if !has_alt {
                    doc.problems
                        .push((Problem::ImageWithoutAlt(url.clone()), start));
                }
                if !is_safe_url(&url) || url.starts_with("@/") {
                    Event::End(TagEnd::Emphasis)
                } else {
                    Event::End(TagEnd::Image)
                }
            }
            Event::Text(t) => {
                doc.words += count_words(&t);
                if let Some(img) = image_stack.last_mut()
                    && !t.trim().is_empty()
                {
                    img.2 = true;
                }
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                doc.words += count_words(&t);
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                Event::Code(t)
            }
            Event::Html(h) => {
                has_raw_html = true;
                Event::Html(h)
            }
            Event::InlineHtml(h) => {
                has_raw_html = true;
                Event::InlineHtml(h)
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                doc.ids.push(name.to_string());
                Event::Start(Tag::FootnoteDefinition(name))
            }
            other => other,
        };
        match heading.as_mut() {
            Some((_, inner, _)) => inner.push(event),
            None => events.push(event),
        }
    }

    let nesting = events.iter().fold((0usize, 0usize), |(d, m), e| match e {
        Event::Start(_) => (d + 1, m.max(d + 1)),
        Event::End(_) => (d.saturating_sub(1), m),
        _ => (d, m),
    });
    if nesting.1 > MAX_NESTING {
        doc.problems.push((Problem::TooDeep(nesting.1), 0));
        doc.parts = Vec::new();
        return doc;
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html {
        let depth = html_depth(&html);
        if depth > MAX_NESTING {
            doc.problems.push((Problem::TooDeep(depth), 0));
            doc.parts = Vec::new();
            return doc;
        }
    }

    if has_raw_html && !opts.allow_raw_html {
        let clean = sanitize(&html);
        if clean != html {
            doc.problems.push((Problem::RawHtmlRemoved, 0));
        }
        html = clean;
    }

    doc.parts = split_placeholders(&html);
    doc.toc = build_toc(&headings);
    doc
}

/// Words in a piece of text: runs of non-space bytes (Unicode spaces are rare in content and
/// only make the reading time a little longer).
fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// h2 entries with their h3 children (deeper headings are left out; an h3 before any h2 becomes
/// a top entry).
fn build_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        match level {
            2 => toc.push(entry),
            3 => match toc.last_mut() {
                Some(parent) if parent.level == 2 => parent.children.push(entry),
                _ => toc.push(entry),
            },
            _ => {}
        }
    }
    toc
}

fn split_placeholders(html: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(PH_START) {
        let after = &rest[start + PH_START.len_utf8()..];
        let Some(end) = after.find(PH_END) else { break };
        let Ok(index) = after[..end].parse::<usize>() else {
            break;
        };
        if start > 0 {
            parts.push(Part::Html(rest[..start].to_string()));
        }
        parts.push(Part::Link(index));
        rest = &after[end + PH_END.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(Part::Html(rest.to_string()));
    }
    parts
}

/// A heading id from its text: lowercase, letters and digits of any script kept, everything
/// else folded into single dashes. "¿Qué es el asilo?" → "qué-es-el-asilo".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == '.' {
            dash = true;
        }
        // other punctuation and marks are dropped
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut n = 1;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The scheme of an address, lowercased, with control characters and spaces ignored the way
/// browsers ignore them (`java\tscript:` is `javascript:`).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if cleaned[end..].starts_with(':') && end > 0 {
        Some(cleaned[..end].to_ascii_lowercase())
    } else {
        None
    }
}

/// Relative addresses and a few schemes are safe; `javascript:`, `data:`, `vbscript:`, `file:`
/// and anything unknown are not.
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => SAFE_SCHEMES.contains(&s.as_str()),
    }
}

fn malformed_external(url: &str) -> Option<Problem> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let bad = match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or("");
            let host = host.split(':').next().unwrap_or("");
            host.is_empty()
                || !host.contains('.') && host != "localhost"
                || host.starts_with('.')
                || host.ends_with('.')
                || host.contains("..")
                || !host
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        }
        // `http:/x`, `https:x`, `htps://`: a scheme that was meant to be http(s)
        None => {
            lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("www.")
        }
    };
    bad.then(|| Problem::MalformedUrl(url.to_string()))
}

/// Appends `s` escaped for HTML text and double-quoted attribute values.
pub fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The safe subset of HTML kept from editors' raw HTML: what Markdown itself produces plus a
/// few harmless elements; no scripts, event handlers, styles, frames, forms or `data:` URLs.
fn sanitize(html: &str) -> String {
    use std::collections::HashSet as Set;
    let mut b = ammonia::Builder::default();
    b.add_tags(["input", "details", "summary", "section", "mark"]);
    b.add_generic_attributes(["id", "class", "lang", "dir", "title"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tag_attributes("th", ["style"]);
    b.add_tag_attributes("td", ["style"]);
    b.url_schemes(Set::from(["http", "https", "mailto", "tel", "sms"]));
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        ("th" | "td", "style") => {
            let v = value.replace(' ', "");
            matches!(
                v.as_str(),
                "text-align:left" | "text-align:center" | "text-align:right"
            )
            .then(|| value.into())
        }
        ("input", "type") => (value == "checkbox").then(|| value.into()),
        _ => Some(value.into()),
    });
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(doc: &Document) -> String {
        doc.parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.clone(),
                Part::Link(i) => format!("LINK{i}"),
            })
            .collect()
    }

    #[test]
    fn heading_ids_are_unicode_and_unique() {
        let d = render(
            "## ¿Qué es el asilo?\n\n## ¿Qué es el asilo?\n\n### اللجوء\n\n## Main\n",
            RenderOptions::default(),
        );
        assert_eq!(
            d.ids,
            ["qué-es-el-asilo", "qué-es-el-asilo-1", "اللجوء", "main-1"]
        );
        assert_eq!(d.toc.len(), 3);
        assert_eq!(d.toc[1].children[0].id, "اللجوء");
    }

    #[test]
    fn explicit_ids_the_theme_uses_are_refused() {
        let d = render("## Start {#main}\n", RenderOptions::default());
        assert!(
            d.problems
                .iter()
                .any(|p| matches!(&p.0, Problem::ReservedId(id) if id == "main"))
        );
    }

    #[test]
    fn explicit_ids_win() {
        let d = render("## Cómo pedir {#steps}\n", RenderOptions::default());
        assert_eq!(d.ids, ["steps"]);
        assert!(html(&d).contains("id=\"steps\""));
    }

    #[test]
    fn at_links_become_placeholders() {
        let d = render(
            "See [asylum](@/rights/asylum.md#steps \"t\") and [x](https://example.org).",
            RenderOptions::default(),
        );
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].path, "rights/asylum.md");
        assert_eq!(d.links[0].anchor.as_deref(), Some("steps"));
        assert_eq!(d.links[0].offset, 4);
        let h = html(&d);
        assert!(
            h.contains("<a href=\"LINK0\" title=\"t\">asylum</a>"),
            "{h}"
        );
        assert_eq!(d.external.len(), 1);
    }

    #[test]
    fn unsafe_urls_are_dropped() {
        let d = render(
            "[a](javascript:alert(1)) [b](JAVA&#9;SCRIPT:x) ![c](data:image/png;base64,AAA)",
            RenderOptions::default(),
        );
        let h = html(&d);
        assert!(!h.to_lowercase().contains("javascript"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert_eq!(
            d.problems
                .iter()
                .filter(|p| matches!(p.0, Problem::UnsafeUrl(_)))
                .count(),
            3
        );
    }

    #[test]
    fn heading_attributes_cannot_carry_scripts() {
        // Found by the `markdown` fuzz target.
        for src in [
            "# {onclick}\n",
            "## Title {#x onmouseover=alert(1)}\n",
            "## T {href=javascript:alert(1) autofocus onfocus=alert(2)}\n",
        ] {
            let h = html(&render(src, RenderOptions::default()));
            assert!(
                !h.contains("onclick") && !h.contains("onmouseover") && !h.contains("onfocus"),
                "{h}"
            );
            assert!(!h.contains("javascript"), "{h}");
        }
        let h = html(&render("## T {#keep .cls}\n", RenderOptions::default()));
        assert!(
            h.contains("id=\"keep\"") && h.contains("class=\"cls\""),
            "{h}"
        );
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let src = "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi <a href=\"@/x.md\">y</a></p>\n\n<iframe src=\"https://e\"></iframe>\n";
        let d = render(src, RenderOptions::default());
        let h = html(&d);
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(h.contains("hi"));
        let d = render(
            src,
            RenderOptions {
                allow_raw_html: true,
            },
        );
        assert!(html(&d).contains("<script>"));
    }

    #[test]
    fn placeholders_survive_sanitizing_and_tables_keep_alignment() {
        let src = "<b>x</b> [y](@/a.md)\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";
        let d = render(src, RenderOptions::default());
        let h = html(&d);
        assert!(h.contains("href=\"LINK0\""), "{h}");
        assert!(
            h.contains("text-align: center") || h.contains("text-align:center"),
            "{h}"
        );
    }

    #[test]
    fn images_without_alt_and_malformed_links_are_reported() {
        let d = render(
            "![](a.png) [x](http://exa mple) [y](https:/broken)",
            RenderOptions::default(),
        );
        let kinds: Vec<_> = d.problems.iter().map(|p| &p.0).collect();
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, Problem::ImageWithoutAlt(_))),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|k| matches!(k, Problem::MalformedUrl(_))),
            "{kinds:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for body in [
            ">".repeat(100_000) + " x\n",
            "- ".repeat(50_000) + "x\n",
            "<div>".repeat(100_000),
            (0..2000)
                .map(|i| "  ".repeat(i) + "- a\n")
                .collect::<String>(),
        ] {
            let d = render(&body, RenderOptions::default());
            assert!(
                d.problems
                    .iter()
                    .any(|p| matches!(p.0, Problem::TooDeep(_)))
            );
            assert!(d.parts.is_empty());
        }
        let ok = render(&"> ".repeat(10), RenderOptions::default());
        assert!(ok.problems.is_empty());
        assert_eq!(html_depth("<ul><li>a<br><img src=x/></li></ul><p>b</p>"), 2);
    }

    #[test]
    fn task_lists_and_footnotes() {
        let d = render(
            "- [x] done\n\nText[^1]\n\n[^1]: note\n",
            RenderOptions::default(),
        );
        let h = html(&d);
        assert!(h.contains("checkbox"));
        assert!(d.ids.contains(&"1".to_string()));
    }
}
