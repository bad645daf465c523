//! The block model: a page's text as the units a translator translates one at a time.
//!
//! A body is read with the same Markdown parser and options as the build, and every run of
//! inline text in a block becomes one `Block`: a heading, a paragraph, a list item, a table
//! cell, a paragraph in a block quote or a footnote, and the alt text of an image standing
//! alone in its paragraph. The text to translate (the msgid) is the source as written, inline
//! markup kept (`**bold**`, `[text](@/page.md)`, `` `code` ``), as mdbook-i18n-helpers does it;
//! soft line breaks become spaces and the prefixes of continuation lines (quote markers, list
//! indentation) are dropped. Code blocks, raw HTML blocks, link reference definitions and
//! everything between blocks are not translated: an import copies them from the source.
//!
//! Each block knows its byte range in the body (what an import replaces), its line, the prefix
//! continuation lines need, and what a translation must keep: its `@/` links (with their
//! `#anchor`), its image addresses and a heading's `{#id}` attribute block.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What kind of block a text is, as shown to translators (`#.` comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Title,
    Description,
    Heading(u8),
    Paragraph,
    ListItem,
    TableHeader,
    TableCell,
    BlockQuote,
    Footnote,
    ImageAlt,
}

impl Kind {
    pub fn label(self) -> String {
        match self {
            Kind::Title => "the page's title".into(),
            Kind::Description => "the page's description (search results, link previews)".into(),
            Kind::Heading(n) => format!("heading (level {n})"),
            Kind::Paragraph => "paragraph".into(),
            Kind::ListItem => "list item".into(),
            Kind::TableHeader => "table header cell".into(),
            Kind::TableCell => "table cell".into(),
            Kind::BlockQuote => "quotation".into(),
            Kind::Footnote => "footnote".into(),
            Kind::ImageAlt => "image description (alt text, read aloud to blind readers)".into(),
        }
    }

    /// Blocks that must stay on one line (a heading, a table cell).
    pub fn single_line(self) -> bool {
        matches!(
            self,
            Kind::Title
                | Kind::Description
                | Kind::Heading(_)
                | Kind::TableHeader
                | Kind::TableCell
                | Kind::ImageAlt
        )
    }
}

/// What a translation of a block must keep, as written in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep {
    /// `@/` links, with their anchors (`@/rights/asylum.md#steps`), in order.
    pub links: Vec<String>,
    /// Image addresses.
    pub images: Vec<String>,
    /// A heading's attribute block (`{#what-to-say}`).
    pub attrs: Option<String>,
}

impl Keep {
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.images.is_empty() && self.attrs.is_none()
    }

    /// Everything to keep, as a translator reads it.
    pub fn listed(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.attrs.iter().map(String::as_str).collect();
        out.extend(self.links.iter().map(String::as_str));
        out.extend(self.images.iter().map(String::as_str));
        out
    }
}

/// One unit of text to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// The text to translate, inline markup kept: the msgid.
    pub text: String,
    /// The bytes of the body an import replaces (empty for the title and description).
    pub range: Range<usize>,
    /// 1-based line in the body.
    pub line: usize,
    /// The start of each continuation line in this block (`>   ` for a list item in a quote).
    pub indent: String,
    /// The containers the block is in, for comparing two pages' structure (`quote/ul/li`).
    pub path: String,
    pub keep: Keep,
    /// False for text with no letter in it (`911`, `—`): kept from the source, not asked for.
    pub translatable: bool,
}

/// A container being walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    List,
    Item,
    Table,
    Head,
    Row,
    Cell,
    Heading(u8),
    Para,
    Code,
    Html,
    Footnote,
    Other,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Container::Quote => "quote",
            Container::List => "list",
            Container::Item => "li",
            Container::Table => "table",
            Container::Head => "thead",
            Container::Row => "tr",
            Container::Cell => "td",
            Container::Heading(_) => "h",
            Container::Para => "p",
            Container::Code => "code",
            Container::Html => "html",
            Container::Footnote => "footnote",
            Container::Other => "other",
        }
    }

    /// Blocks whose inline content is one run of text.
    fn holds_text(self) -> bool {
        matches!(
            self,
            Container::Para | Container::Heading(_) | Container::Cell | Container::Item
        )
    }
}

/// Inline content being collected.
#[derive(Debug, Default)]
struct Run {
    span: Option<Range<usize>>,
    links: Vec<String>,
    images: Vec<String>,
    /// Open inline tags (emphasis, links, images) inside the run.
    depth: usize,
    /// Top-level images: their alt text's range; `None` for an image with no alt text.
    alts: Vec<Option<Range<usize>>>,
    /// Inside a top-level image: the range of its alt text so far.
    alt: Option<Range<usize>>,
    in_image: bool,
    /// Top-level content other than images and white space.
    other: bool,
}

impl Run {
    fn extend(&mut self, r: &Range<usize>) {
        self.span = Some(match self.span.take() {
            Some(s) => s.start.min(r.start)..s.end.max(r.end),
            None => r.clone(),
        });
    }
}

struct Walker<'a> {
    body: &'a str,
    stack: Vec<Container>,
    run: Option<Run>,
    blocks: Vec<Block>,
    /// Byte offset of each line start, for line numbers.
    lines: Vec<usize>,
}

/// The blocks of a page body, in order (untranslatable ones included).
pub fn extract(body: &str) -> Vec<Block> {
    let mut w = Walker {
        body,
        stack: Vec::new(),
        run: None,
        blocks: Vec::new(),
        lines: std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let parser = Parser::new_ext(body, crate::markdown::parser_options());
    for (event, range) in parser.into_offset_iter() {
        w.event(event, range);
    }
    w.flush();
    w.blocks
}

impl Walker<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&s| s <= offset).max(1)
    }

    fn innermost_text(&self) -> Option<Container> {
        self.stack.last().copied().filter(|c| c.holds_text())
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end, range),
            Event::Text(t) => self.inline(range, !t.trim().is_empty()),
            Event::Code(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => {
                self.inline(range, true)
            }
            Event::InlineHtml(html) => {
                let links = html_links(&html);
                self.inline(range, true);
                if let Some(run) = self.run.as_mut() {
                    run.links.extend(links);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline(range, false),
            // Raw HTML blocks, rules, task list markers, display math: not text to translate.
            Event::Html(_) | Event::Rule | Event::TaskListMarker(_) | Event::DisplayMath(_) => {}
        }
    }

    /// Inline content: starts or extends the run of the innermost text block.
    fn inline(&mut self, range: Range<usize>, visible: bool) {
        if self.innermost_text().is_none() {
            return;
        }
        let run = self.run.get_or_insert_with(Run::default);
        run.extend(&range);
        if run.in_image {
            run.alt = Some(match run.alt.take() {
                Some(a) => a.start.min(range.start)..a.end.max(range.end),
                None => range,
            });
        } else if run.depth == 0 && visible {
            run.other = true;
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let container = match tag {
            Tag::Paragraph => Container::Para,
            Tag::Heading { level, .. } => Container::Heading(level as u8),
            Tag::BlockQuote(_) => Container::Quote,
            Tag::CodeBlock(_) => Container::Code,
            Tag::HtmlBlock => Container::Html,
            Tag::List(_) => Container::List,
            Tag::Item => Container::Item,
            Tag::FootnoteDefinition(_) => Container::Footnote,
            Tag::Table(_) => Container::Table,
            Tag::TableHead => Container::Head,
            Tag::TableRow => Container::Row,
            Tag::TableCell => Container::Cell,
            Tag::Link { dest_url, .. } => {
                self.inline(range, true);
                if let Some(run) = self.run.as_mut() {
                    if dest_url.starts_with("@/") {
                        run.links.push(dest_url.to_string());
                    }
                    run.depth += 1;
                }
                return;
            }
            Tag::Image { dest_url, .. } => {
                let top = self.run.as_ref().is_none_or(|r| r.depth == 0);
                self.inline(range, false);
                if let Some(run) = self.run.as_mut() {
                    run.images.push(dest_url.to_string());
                    if top {
                        run.in_image = true;
                        run.alt = None;
                    }
                    run.depth += 1;
                }
                return;
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {
                self.inline(range, true);
                if let Some(run) = self.run.as_mut() {
                    run.depth += 1;
                }
                return;
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Container::Other,
        };
        // A block starts: the text of the block around it (a tight list item's own text before
        // a nested list) ends here.
        self.flush();
        self.stack.push(container);
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Link
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                if let Some(run) = self.run.as_mut() {
                    run.depth = run.depth.saturating_sub(1);
                }
            }
            TagEnd::Image => {
                if let Some(run) = self.run.as_mut() {
                    run.depth = run.depth.saturating_sub(1);
                    if run.depth == 0 && run.in_image {
                        run.in_image = false;
                        let alt = run.alt.take();
                        run.alts.push(alt);
                    }
                }
            }
            _ => {
                let _ = range;
                self.flush();
                self.stack.pop();
            }
        }
    }

    /// Ends the current run: it becomes a block of the innermost text container.
    fn flush(&mut self) {
        let Some(run) = self.run.take() else { return };
        let Some(container) = self.innermost_text() else {
            return;
        };
        let mut kind = self.kind(container);
        let Some(mut range) = run.span.clone() else {
            return;
        };
        // An image alone in its paragraph: its alt text is the block.
        if !run.other
            && run.alts.len() == 1
            && run.links.is_empty()
            && matches!(kind, Kind::Paragraph | Kind::ListItem | Kind::TableCell)
        {
            match &run.alts[0] {
                Some(alt) => {
                    range = alt.clone();
                    kind = Kind::ImageAlt;
                }
                None => return,
            }
        }
        let mut keep = Keep {
            links: if kind == Kind::ImageAlt {
                Vec::new()
            } else {
                run.links
            },
            images: if kind == Kind::ImageAlt {
                Vec::new()
            } else {
                run.images
            },
            attrs: None,
        };
        let mut text = normalize(&self.body[range.clone()]);
        if let Kind::Heading(_) = kind
            && let Some((attrs, end)) = heading_attrs(self.body, range.end)
        {
            text.push(' ');
            text.push_str(&attrs);
            keep.attrs = Some(attrs);
            range.end = end;
        }
        if text.is_empty() {
            return;
        }
        let path: Vec<&str> = self.stack.iter().map(|c| c.name()).collect();
        let line = self.line_of(range.start);
        let line_start = self.lines[line - 1];
        let indent: String = self.body[line_start..range.start]
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect();
        let translatable = text.chars().any(char::is_alphabetic);
        self.blocks.push(Block {
            kind,
            text,
            range,
            line,
            indent,
            path: path.join("/"),
            keep,
            translatable,
        });
    }

    /// The kind of a block whose innermost text container is `container`, from the
    /// containers it is in.
    fn kind(&self, container: Container) -> Kind {
        let in_quote = self.stack.contains(&Container::Quote);
        let in_footnote = self.stack.contains(&Container::Footnote);
        let in_item = self
            .stack
            .iter()
            .rev()
            .skip(1)
            .any(|c| *c == Container::Item);
        let in_head = self.stack.contains(&Container::Head);
        match container {
            Container::Heading(n) => Kind::Heading(n),
            Container::Cell if in_head => Kind::TableHeader,
            Container::Cell => Kind::TableCell,
            Container::Item => Kind::ListItem,
            _ if in_item => Kind::ListItem,
            _ if in_footnote => Kind::Footnote,
            _ if in_quote => Kind::BlockQuote,
            _ => Kind::Paragraph,
        }
    }
}

/// The body's link reference definitions (`[ref]: @/page.md`), as written, one per line: a
/// translation's reference links are read with them.
pub fn reference_definitions(body: &str) -> String {
    let parser = Parser::new_ext(body, crate::markdown::parser_options());
    let mut spans: Vec<Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| d.span.clone())
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut out = String::new();
    for r in spans {
        if let Some(text) = body.get(r) {
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}

/// A heading's `{#id .class}` after its text (ending at `text_end`), and where it ends.
fn heading_attrs(body: &str, text_end: usize) -> Option<(String, usize)> {
    let line_end = body[text_end..]
        .find('\n')
        .map_or(body.len(), |i| text_end + i);
    let rest = &body[text_end..line_end];
    let open = rest.find('{')?;
    if !rest[..open].trim().is_empty() {
        return None;
    }
    let close = rest.rfind('}')?;
    let attrs = rest[open..=close].trim().to_string();
    Some((attrs, text_end + close + 1))
}

/// `@/` links in raw inline HTML (`<a href="@/x.md">`).
fn html_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some((_, value, after)) = crate::markdown::next_href(rest) {
        if value.starts_with("@/") {
            out.push(value.to_string());
        }
        rest = after;
    }
    out
}

/// The source of a block's text as one string: continuation lines without their prefixes
/// (quote markers, indentation), soft breaks as spaces, hard breaks as `\` and a line break.
pub fn normalize(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.split('\n').peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        let mut line = if first {
            line
        } else {
            line.trim_start_matches(['>', ' ', '\t'])
        };
        first = false;
        let last = lines.peek().is_none();
        if last {
            out.push_str(line.trim_end());
            break;
        }
        let hard = line.ends_with('\\') || line.ends_with("  ");
        line = line.trim_end();
        out.push_str(line.trim_end_matches('\\'));
        if hard {
            out.push_str("\\\n");
        } else {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// The title and description of a page, as blocks (their lines are the front matter's).
pub fn front_blocks(
    title: &str,
    title_line: usize,
    description: Option<(&str, usize)>,
) -> Vec<Block> {
    let mut out = vec![Block {
        kind: Kind::Title,
        text: title.trim().to_string(),
        range: 0..0,
        line: title_line,
        indent: String::new(),
        path: "title".into(),
        keep: Keep::default(),
        translatable: true,
    }];
    if let Some((d, line)) = description
        && !d.trim().is_empty()
    {
        out.push(Block {
            kind: Kind::Description,
            text: collapse_spaces(d),
            range: 0..0,
            line,
            indent: String::new(),
            path: "description".into(),
            keep: Keep::default(),
            translatable: true,
        });
    }
    out
}

/// Runs of spaces, tabs and line breaks made one space, ends trimmed; no-break spaces (French
/// puts them before `?`, `:` and `»`) are kept as they are.
pub fn collapse_spaces(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(Kind, String)> {
        extract(body)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn one_block_per_heading_paragraph_item_and_cell() {
        let body = "Intro **bold** and [a link](@/rights/asylum.md#steps)\nwrapped.\n\n## A question? {#q}\n\n- one\n- two\n  - nested\n\n| País | Números |\n| --- | --- |\n| México | 911 |\n\n> quoted\n> text\n\n![A map of the route](map.png)\n\n```\ncode is kept\n```\n";
        assert_eq!(
            texts(body),
            [
                (
                    Kind::Paragraph,
                    "Intro **bold** and [a link](@/rights/asylum.md#steps) wrapped.".into()
                ),
                (Kind::Heading(2), "A question? {#q}".into()),
                (Kind::ListItem, "one".into()),
                (Kind::ListItem, "two".into()),
                (Kind::ListItem, "nested".into()),
                (Kind::TableHeader, "País".into()),
                (Kind::TableHeader, "Números".into()),
                (Kind::TableCell, "México".into()),
                (Kind::TableCell, "911".into()),
                (Kind::BlockQuote, "quoted text".into()),
                (Kind::ImageAlt, "A map of the route".into()),
            ]
        );
        let blocks = extract(body);
        assert_eq!(blocks[0].keep.links, ["@/rights/asylum.md#steps"]);
        assert_eq!(blocks[1].keep.attrs.as_deref(), Some("{#q}"));
        assert_eq!(&body[blocks[1].range.clone()], "A question? {#q}");
        assert_eq!(blocks[1].line, 4);
        assert!(!blocks[8].translatable);
        assert_eq!(blocks[4].indent, "    ");
        assert_eq!(blocks[9].indent, "> ");
    }

    #[test]
    fn loose_items_and_quotes_in_lists() {
        let body = "1. First step.\n\n   More about it.\n2. Second\n   line.\n\n> - quoted item\n";
        let b = extract(body);
        let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "First step.",
                "More about it.",
                "Second line.",
                "quoted item"
            ]
        );
        assert!(b.iter().all(|b| b.kind == Kind::ListItem));
        assert_eq!(b[3].indent, ">   ");
    }

    #[test]
    fn hard_breaks_are_kept() {
        assert_eq!(normalize("a  \n  b\\\nc"), "a\\\nb\\\nc");
    }
}
