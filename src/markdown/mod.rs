//! Markdown → HTML for one page body, pure (no I/O, no knowledge of the site):
//! 1. parse with pulldown-cmark (tables, footnotes, strikethrough, task lists, `{#id}` on headings);
//! 2. give every heading a stable, unique, Unicode-aware id and collect the table of contents;
//! 3. keep `@/path.md#anchor` links as numbered placeholders, to be resolved per reader
//!    language by the render stage (the same body serves every language it is shown in);
//! 4. drop links and images with unsafe schemes (`javascript:`, `data:`, ...), and keep images
//!    of this site (`flow.png`, `/images/x.png`) as numbered placeholders with their alt text,
//!    for the media stage to process and the render stage to write per reader language;
//! 5. sanitise raw HTML with ammonia unless the site allows raw HTML.
//!
//! Problems (unsafe URLs, images without alt text, malformed addresses) are returned with byte
//! offsets into the body; the caller turns them into diagnostics with file and line.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

mod headings;
mod sanitize;
mod urls;

pub use headings::slugify;
use headings::{IdSet, build_toc, heading_number, unique_id};
pub use sanitize::html_depth;
use sanitize::{same_markup_normalised, sanitize};
pub(crate) use urls::next_href;
pub use urls::{is_local_image, is_protocol_relative, is_safe_url};
use urls::{malformed_external, scheme, unescape_attr};

/// A piece of rendered HTML: plain HTML, or a link to another page still to be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Html(String),
    /// Index into `Document::links`; rendered as the URL (with its fragment) of the target.
    Link(usize),
    /// Index into `Document::images`: an image of this site, written by the media stage.
    Image(usize),
}

/// An image of this site as written (`![alt](flow.png "title")`): not an address of another
/// site, not a `data:` one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The address as written: relative to the page's file, or site-absolute (`static/`).
    pub src: String,
    pub alt: String,
    pub title: String,
    /// Byte offset in the body.
    pub offset: usize,
    /// The image is a paragraph of its own (it may become a figure).
    pub block: bool,
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
    pub images: Vec<ImageRef>,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at (headings, footnotes).
    pub ids: Vec<String>,
    pub words: usize,
    /// External `http(s)` (and protocol-relative) addresses, for `check` and the kiosk.
    pub external: Vec<(String, usize)>,
    /// Addresses on this site written as paths (`/es/x/`, `../x/`), checked against the
    /// site's routes once every page is known.
    pub internal: Vec<(String, usize)>,
    pub problems: Vec<(Problem, usize)>,
}

impl Document {
    pub fn has_id(&self, id: &str) -> bool {
        self.ids.iter().any(|x| x == id)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    pub allow_raw_html: bool,
    /// Ids the theme's own templates use: a heading never takes one of them.
    pub reserved_ids: &'a [String],
}

/// Placeholder delimiters for `@/` links inside the HTML. They are private-use characters,
/// removed from the input first, so they can only come from us.
const PH_START: char = '\u{E000}';
const PH_END: char = '\u{E001}';
/// The same for images of this site.
const IMG_START: char = '\u{E004}';
const IMG_END: char = '\u{E005}';

/// The deepest nesting of lists, quotes and HTML elements a page may have. Real pages stay
/// under 10; hostile ones (100,000 nested quotes) would exhaust the stack of later stages.
pub const MAX_NESTING: usize = 64;

pub(crate) fn parser_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options
}

/// Renders one page body.
pub fn render(body: &str, opts: RenderOptions) -> Document {
    let cleaned;
    let ours = |c| matches!(c, PH_START | PH_END | IMG_START | IMG_END);
    let body = if find_delimiter(body, ours).is_some() {
        cleaned = body.replace([PH_START, PH_END, IMG_START, IMG_END], "");
        cleaned.as_str()
    } else {
        body
    };
    let mut c = Collector::new(opts);
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        c.event(event, range.start);
    }
    c.finish(body.len())
}

/// Walks the parser's events once, rewriting what must change and recording what the page
/// links to, its headings and its problems.
struct Collector<'e> {
    opts: RenderOptions<'e>,
    doc: Document,
    events: Vec<Event<'e>>,
    used_ids: IdSet,
    explicit_ids: IdSet,
    has_raw_html: bool,
    headings: Vec<(u8, String, String)>,
    /// Heading being collected: its start tag, its events and its text.
    heading: Option<(Tag<'e>, Vec<Event<'e>>, String)>,
    /// Images being collected: start offset, address, whether it has alt text.
    images: Vec<(usize, String, bool)>,
    /// For each open link, whether its start was kept (an unsafe address is dropped).
    links: Vec<bool>,
    /// An image of this site being collected (its alt text), and images nested in its alt.
    local_image: Option<(ImageRef, usize)>,
}

impl<'e> Collector<'e> {
    fn new(opts: RenderOptions<'e>) -> Self {
        Collector {
            opts,
            doc: Document::default(),
            events: Vec::new(),
            used_ids: opts.reserved_ids.iter().cloned().collect(),
            explicit_ids: IdSet::default(),
            has_raw_html: false,
            headings: Vec::new(),
            heading: None,
            images: Vec::new(),
            links: Vec::new(),
            local_image: None,
        }
    }

    fn emit(&mut self, event: Event<'e>) {
        match self.heading.as_mut() {
            Some((_, inner, _)) => inner.push(event),
            None => self.events.push(event),
        }
    }

    fn event(&mut self, event: Event<'e>, offset: usize) {
        if self.local_image.is_some() {
            return self.in_local_image(event);
        }
        let event = match event {
            Event::Start(Tag::Heading { .. }) if self.heading.is_some() => return,
            Event::Start(tag @ Tag::Heading { .. }) => {
                self.heading = Some((tag, Vec::new(), String::new()));
                return;
            }
            Event::End(TagEnd::Heading(level)) => return self.end_heading(level, offset),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match self.start_link(link_type, dest_url, title, id, offset) {
                Some(e) => e,
                None => return,
            },
            Event::End(TagEnd::Link) => {
                if self.links.pop() == Some(false) {
                    return;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_local_image(&dest_url) => {
                let image = ImageRef {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    title: title.to_string(),
                    offset,
                    block: false,
                };
                self.local_image = Some((image, 0));
                return;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Image) => match self.end_image() {
                Some(e) => e,
                None => return,
            },
            Event::Text(t) => {
                self.doc.words += count_words(&t);
                if let Some(img) = self.images.last_mut()
                    && !t.trim().is_empty()
                {
                    img.2 = true;
                }
                if let Some((_, _, text)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                self.doc.words += count_words(&t);
                if let Some((_, _, text)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
                Event::Code(t)
            }
            Event::Html(h) => Event::Html(self.raw_html(h, offset)),
            Event::InlineHtml(h) => Event::InlineHtml(self.raw_html(h, offset)),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.doc.ids.push(name.to_string());
                Event::Start(Tag::FootnoteDefinition(name))
            }
            other => other,
        };
        self.emit(event);
    }

    /// Inside an image of this site: its alt text is collected as plain text; at its end, a
    /// placeholder takes its place.
    fn in_local_image(&mut self, event: Event<'e>) {
        let Some((image, depth)) = self.local_image.as_mut() else {
            return;
        };
        match event {
            Event::Start(Tag::Image { .. }) => *depth += 1,
            Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
            Event::End(TagEnd::Image) => {
                let Some((mut image, _)) = self.local_image.take() else {
                    return;
                };
                image.alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
                if image.alt.is_empty() {
                    self.doc
                        .problems
                        .push((Problem::ImageWithoutAlt(image.src.clone()), image.offset));
                }
                let index = self.doc.images.len();
                self.doc.images.push(image);
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "{IMG_START}{index}{IMG_END}"
                ))));
            }
            Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            _ => {}
        }
    }

    fn end_heading(&mut self, level: HeadingLevel, offset: usize) {
        let Some((tag, inner, text)) = self.heading.take() else {
            return;
        };
        let Tag::Heading { id, classes, .. } = tag else {
            return;
        };
        let text = text.trim().to_string();
        let id = match id {
            Some(explicit) => {
                let explicit = explicit.to_string();
                if self.opts.reserved_ids.contains(&explicit) {
                    self.doc
                        .problems
                        .push((Problem::ReservedId(explicit.clone()), offset));
                } else if !self.explicit_ids.insert(explicit.clone()) {
                    self.doc
                        .problems
                        .push((Problem::DuplicateId(explicit.clone()), offset));
                }
                self.used_ids.insert(explicit.clone());
                explicit
            }
            None => unique_id(&slugify(&text), &mut self.used_ids),
        };
        self.headings
            .push((heading_number(level), id.clone(), text));
        self.doc.ids.push(id.clone());
        // `{#id .class}` is kept; other attributes (`{onclick=...}`) never: they would put
        // event handlers and `javascript:` addresses past the sanitiser.
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs: Vec::new(),
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A link's start: `@/` links become placeholders, unsafe ones are dropped (`None`).
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        offset: usize,
    ) -> Option<Event<'e>> {
        if let Some(rest) = dest_url.strip_prefix("@/") {
            let mut tag = format!("<a href=\"{}\"", self.placeholder(rest, offset));
            if !title.is_empty() {
                tag.push_str(" title=\"");
                crate::html::escape_into(&mut tag, &title);
                tag.push('"');
            }
            tag.push('>');
            self.links.push(true);
            return Some(Event::InlineHtml(CowStr::from(tag)));
        }
        if !is_safe_url(&dest_url) {
            self.doc
                .problems
                .push((Problem::UnsafeUrl(dest_url.to_string()), offset));
            self.links.push(false);
            return None;
        }
        // `\\host\x` is `//host/x` to a browser: write it so, so it is seen as another site.
        let dest_url = if is_protocol_relative(&dest_url) && dest_url.contains('\\') {
            CowStr::from(format!(
                "//{}",
                dest_url.trim_start_matches(['/', '\\']).replace('\\', "/")
            ))
        } else {
            dest_url
        };
        if matches!(link_type, LinkType::Email) {
            // autolinked address, written <name@example.org>
        } else if let Some(problem) = malformed_external(&dest_url) {
            self.doc.problems.push((problem, offset));
        } else if dest_url.starts_with("http") {
            self.doc.external.push((dest_url.to_string(), offset));
        } else {
            self.internal(&dest_url, offset);
        }
        self.links.push(true);
        Some(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }))
    }

    /// A placeholder for the `@/` link `rest` (`rights/asylum.md#steps`), recorded in `links`.
    fn placeholder(&mut self, rest: &str, offset: usize) -> String {
        let (path, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (rest.to_string(), None),
        };
        let index = self.doc.links.len();
        self.doc.links.push(LinkRef {
            path,
            anchor,
            offset,
        });
        format!("{PH_START}{index}{PH_END}")
    }

    /// Records an address on this site (`/es/x/`, `../x/`) for checking once every page is
    /// known; `#anchors`, other schemes and protocol-relative addresses are not.
    fn internal(&mut self, url: &str, offset: usize) {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || scheme(url).is_some() {
            return;
        }
        if is_protocol_relative(url) {
            self.doc.external.push((url.to_string(), offset));
        } else {
            self.doc.internal.push((url.to_string(), offset));
        }
    }

    fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        offset: usize,
    ) -> Event<'e> {
        self.images.push((offset, dest_url.to_string(), false));
        if !is_safe_url(&dest_url) || dest_url.starts_with("@/") {
            self.doc
                .problems
                .push((Problem::UnsafeUrl(dest_url.to_string()), offset));
            // Keep the alt text as plain text.
            return Event::Start(Tag::Emphasis);
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        })
    }

    fn end_image(&mut self) -> Option<Event<'e>> {
        let (start, url, has_alt) = self.images.pop()?;
        if !has_alt {
            self.doc
                .problems
                .push((Problem::ImageWithoutAlt(url.clone()), start));
        }
        Some(if !is_safe_url(&url) || url.starts_with("@/") {
            Event::End(TagEnd::Emphasis)
        } else {
            Event::End(TagEnd::Image)
        })
    }

    /// Raw HTML: `href="@/page.md"` becomes a link placeholder like a Markdown link (so it is
    /// resolved and checked), and addresses on this site are recorded for checking.
    fn raw_html(&mut self, h: CowStr<'e>, offset: usize) -> CowStr<'e> {
        self.has_raw_html = true;
        if !h.to_ascii_lowercase().contains("href") {
            return h;
        }
        let mut out = String::with_capacity(h.len());
        let mut rest: &str = &h;
        while let Some((before, value, after)) = next_href(rest) {
            out.push_str(before);
            match value.strip_prefix("@/") {
                Some(target) => {
                    let ph = self.placeholder(target, offset);
                    out.push_str(&ph);
                }
                None => {
                    // Only plain paths: anything with a character reference or a scheme is
                    // the sanitiser's to judge.
                    let v = unescape_attr(value);
                    let path_like =
                        (v.starts_with('/') || v.starts_with("./") || v.starts_with("../"))
                            && !v.contains([':', '&']);
                    if path_like {
                        self.internal(&v, offset);
                    }
                    out.push_str(value);
                }
            }
            rest = after;
        }
        out.push_str(rest);
        CowStr::from(out)
    }

    fn finish(mut self, body_len: usize) -> Document {
        let nesting = self
            .events
            .iter()
            .fold((0usize, 0usize), |(d, m), e| match e {
                Event::Start(_) => (d + 1, m.max(d + 1)),
                Event::End(_) => (d.saturating_sub(1), m),
                _ => (d, m),
            });
        if nesting.1 > MAX_NESTING {
            self.doc.problems.push((Problem::TooDeep(nesting.1), 0));
            self.doc.parts = Vec::new();
            return self.doc;
        }
        let mut html = String::with_capacity(body_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        if self.has_raw_html {
            let depth = html_depth(&html);
            if depth > MAX_NESTING {
                self.doc.problems.push((Problem::TooDeep(depth), 0));
                self.doc.parts = Vec::new();
                return self.doc;
            }
            if !self.opts.allow_raw_html {
                let clean = sanitize(&html);
                if same_markup_normalised(&clean) != same_markup_normalised(&html) {
                    self.doc.problems.push((Problem::RawHtmlRemoved, 0));
                }
                html = clean;
            }
        }
        self.doc.parts = split_placeholders(&html, &mut self.doc.images);
        self.doc.toc = build_toc(&self.headings);
        self.doc
    }
}

/// Words in a piece of text: runs of non-space bytes (Unicode spaces are rare in content and
/// only make the reading time a little longer). Counted as the bytes that are not a space and
/// follow one (or start the text), in a loop without branches that the compiler vectorises:
/// six times faster than a loop that tests each byte.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut words = usize::from(!is_space(first));
    // Each pair of neighbours, in blocks short enough to count in a byte.
    for (a, b) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let mut starts = 0u8;
        for (&a, &b) in a.iter().zip(b) {
            starts += u8::from(is_space(a) & !is_space(b));
        }
        words += usize::from(starts);
    }
    words
}

/// `u8::is_ascii_whitespace` (space, \t, \n, \x0C, \r), without a branch.
#[inline(always)]
fn is_space(b: u8) -> bool {
    (b == b' ') | ((b.wrapping_sub(b'\t') < 5) & (b != 0x0B))
}

/// The byte offset of the first of our delimiters (U+E000 to U+E005) in `s` for which `wanted`
/// holds. They are all three bytes, EE 80 80 to EE 80 85: the search looks for EE with
/// `memchr`, rather than decoding every character, and EE is rare in text (it only starts the
/// characters U+E000 to U+EFFF, for private use).
fn find_delimiter(s: &str, wanted: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(0xEE, bytes).find(|&i| match bytes.get(i + 1..i + 3) {
        Some(&[0x80, last @ 0x80..=0x85]) => {
            wanted(char::from_u32(0xE000 + u32::from(last - 0x80)).unwrap_or('\0'))
        }
        _ => false,
    })
}

/// The HTML cut at every placeholder. An image alone in its paragraph (`<p>IMAGE</p>`) is
/// taken out of the paragraph and marked `block`, so it can be a figure.
fn split_placeholders(html: &str, images: &mut [ImageRef]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(start) = find_delimiter(rest, |c| c == PH_START || c == IMG_START) {
        let image = rest[start..].starts_with(IMG_START);
        let (open, close) = if image {
            (IMG_START, IMG_END)
        } else {
            (PH_START, PH_END)
        };
        let after = &rest[start + open.len_utf8()..];
        let Some(end) = after.find(close) else { break };
        let Ok(index) = after[..end].parse::<usize>() else {
            break;
        };
        let mut before = &rest[..start];
        let mut next = &after[end + close.len_utf8()..];
        if image
            && let (Some(b), Some(n)) = (before.strip_suffix("<p>"), next.strip_prefix("</p>"))
            && let Some(img) = images.get_mut(index)
        {
            img.block = true;
            before = b;
            next = n;
        }
        if !before.is_empty() {
            parts.push(Part::Html(before.to_string()));
        }
        parts.push(if image {
            Part::Image(index)
        } else {
            Part::Link(index)
        });
        rest = next;
    }
    if !rest.is_empty() {
        parts.push(Part::Html(rest.to_string()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    static RESERVED: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| vec!["main".to_string(), "q".to_string()]);

    fn opts() -> RenderOptions<'static> {
        RenderOptions {
            allow_raw_html: false,
            reserved_ids: &RESERVED,
        }
    }

    #[test]
    fn raw_html_kept_as_it_is_is_not_reported_as_changed() {
        let md = "Un \"texto\" con <span lang=\"es\" class=\"untranslated\">partes</span>,  \ny [un enlace](https://example.org).\n";
        let doc = render(md, opts());
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let doc = render("Un <span onclick=\"x()\">clic</span>.\n", opts());
        assert!(
            doc.problems
                .iter()
                .any(|(p, _)| *p == Problem::RawHtmlRemoved)
        );
    }

    fn html(doc: &Document) -> String {
        doc.parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.clone(),
                Part::Link(i) => format!("LINK{i}"),
                Part::Image(i) => format!("IMAGE{i}"),
            })
            .collect()
    }

    #[test]
    fn heading_ids_are_unicode_and_unique() {
        let d = render(
            "## ¿Qué es el asilo?\n\n## ¿Qué es el asilo?\n\n### اللجوء\n\n## Main\n",
            opts(),
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
        let d = render("## Start {#main}\n", opts());
        assert!(
            d.problems
                .iter()
                .any(|p| matches!(&p.0, Problem::ReservedId(id) if id == "main"))
        );
    }

    #[test]
    fn explicit_ids_win() {
        let d = render("## Cómo pedir {#steps}\n", opts());
        assert_eq!(d.ids, ["steps"]);
        assert!(html(&d).contains("id=\"steps\""));
    }

    #[test]
    fn at_links_become_placeholders() {
        let d = render(
            "See [asylum](@/rights/asylum.md#steps \"t\") and [x](https://example.org).",
            opts(),
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
            opts(),
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
            let h = html(&render(src, opts()));
            assert!(
                !h.contains("onclick") && !h.contains("onmouseover") && !h.contains("onfocus"),
                "{h}"
            );
            assert!(!h.contains("javascript"), "{h}");
        }
        let h = html(&render("## T {#keep .cls}\n", opts()));
        assert!(
            h.contains("id=\"keep\"") && h.contains("class=\"cls\""),
            "{h}"
        );
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let src = "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi <a href=\"@/x.md\">y</a></p>\n\n<iframe src=\"https://e\"></iframe>\n";
        let d = render(src, opts());
        let h = html(&d);
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(h.contains("hi"));
        let d = render(
            src,
            RenderOptions {
                allow_raw_html: true,
                ..opts()
            },
        );
        assert!(html(&d).contains("<script>"));
    }

    #[test]
    fn placeholders_survive_sanitizing_and_tables_keep_alignment() {
        let src = "<b>x</b> [y](@/a.md)\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";
        let d = render(src, opts());
        let h = html(&d);
        assert!(h.contains("href=\"LINK0\""), "{h}");
        assert!(
            h.contains("text-align: center") || h.contains("text-align:center"),
            "{h}"
        );
    }

    #[test]
    fn images_without_alt_and_malformed_links_are_reported() {
        let d = render("![](a.png) [x](http://exa mple) [y](https:/broken)", opts());
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
            let d = render(&body, opts());
            assert!(
                d.problems
                    .iter()
                    .any(|p| matches!(p.0, Problem::TooDeep(_)))
            );
            assert!(d.parts.is_empty());
        }
        let ok = render(&"> ".repeat(10), opts());
        assert!(ok.problems.is_empty());
        assert_eq!(html_depth("<ul><li>a<br><img src=x/></li></ul><p>b</p>"), 2);
    }

    #[test]
    fn images_of_the_site_become_placeholders_with_their_alt() {
        let d = render(
            "![A *map*](map.png \"T\")\n\nText ![icon](/i/x.png) here. ![ext](https://e.org/a.png)\n",
            opts(),
        );
        assert_eq!(d.images.len(), 2);
        assert_eq!(d.images[0].alt, "A map");
        assert_eq!(d.images[0].title, "T");
        assert!(d.images[0].block, "alone in its paragraph");
        assert_eq!(d.images[1].src, "/i/x.png");
        assert!(!d.images[1].block);
        let h = html(&d);
        assert!(h.starts_with("IMAGE0"), "{h}");
        assert!(h.contains("<p>Text IMAGE1 here."), "{h}");
        assert!(h.contains("<img src=\"https://e.org/a.png\""), "{h}");
    }

    #[test]
    fn task_lists_and_footnotes() {
        let d = render("- [x] done\n\nText[^1]\n\n[^1]: note\n", opts());
        let h = html(&d);
        assert!(h.contains("checkbox"));
        assert!(d.ids.contains(&"1".to_string()));
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn render_plain(src: &str) -> Document {
        render(src, RenderOptions::default())
    }

    #[test]
    fn at_links_in_raw_html_are_links_too() {
        let d =
            render_plain("<p><a href=\"@/rights/asylum.md#x\">a</a> <a href='@/b.md'>b</a></p>\n");
        assert_eq!(d.links.len(), 2);
        assert_eq!(d.links[0].path, "rights/asylum.md");
        assert_eq!(d.links[0].anchor.as_deref(), Some("x"));
        assert_eq!(d.links[1].path, "b.md");
        assert!(d.parts.iter().any(|p| matches!(p, Part::Link(1))));
        let html: String = d
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Html(h) => Some(h.as_str()),
                Part::Link(_) | Part::Image(_) => None,
            })
            .collect();
        assert!(!html.contains("@/"), "{html}");
    }

    #[test]
    fn addresses_on_the_site_are_recorded_for_checking() {
        let d = render_plain(
            "[a](/es/nope/) [b](../x/) [c](#top) [d](//evil.example/) [e](\\\\\\\\evil.example) <a href=\"/es/raw/\">r</a>\n",
        );
        let internal: Vec<&str> = d.internal.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(internal, ["/es/nope/", "../x/", "/es/raw/"]);
        let external: Vec<&str> = d.external.iter().map(|(u, _)| u.as_str()).collect();
        // `\\host` is written as the `//host` a browser reads it as.
        assert_eq!(external, ["//evil.example/", "//evil.example"]);
        assert!(is_protocol_relative("\\\\x"));
        assert!(is_protocol_relative("/\\x"));
        assert!(!is_protocol_relative("/x"));
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_runs_of_bytes_that_are_not_spaces(
            text in "[a b\t\n\r\u{0C}\u{0B}é\u{0627}\u{00A0}.]{0,40}",
        ) {
            let mut expected = 0;
            let mut in_word = false;
            for b in text.bytes() {
                let space = b.is_ascii_whitespace();
                if !space && !in_word {
                    expected += 1;
                }
                in_word = !space;
            }
            proptest::prop_assert_eq!(count_words(&text), expected);
        }

        #[test]
        fn delimiters_are_found_where_the_standard_search_finds_them(
            text in "[a\u{E000}\u{E001}\u{E002}\u{E003}\u{E004}\u{E005}\u{E006}\u{E080}\u{EF00}\u{0627}é]{0,20}",
        ) {
            let all = [PH_START, PH_END, IMG_START, IMG_END, '\u{E002}', '\u{E003}'];
            proptest::prop_assert_eq!(find_delimiter(&text, |_| true), text.find(all));
            proptest::prop_assert_eq!(
                find_delimiter(&text, |c| c == PH_START || c == IMG_START),
                text.find([PH_START, IMG_START])
            );
        }
    }
}
