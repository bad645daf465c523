//! Editors' raw HTML: the safe subset kept (ammonia), how deeply it nests, and whether the
//! sanitiser really changed it.

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

/// HTML with the differences of form between pulldown-cmark's and ammonia's serialisers
/// evened out (`&quot;` in text, `<br />`, the `rel` ammonia adds to links), so that only a
/// real removal counts as the sanitiser changing the page.
pub(super) fn same_markup_normalised(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace(" />", ">")
        .replace(" rel=\"noopener noreferrer\"", "")
}

/// The safe subset of HTML kept from editors' raw HTML: what Markdown itself produces plus a
/// few harmless elements; no scripts, event handlers, styles, frames, forms or `data:` URLs.
pub(super) fn sanitize(html: &str) -> String {
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
