//! Step 2 of the ZIM edition: one language's files. `select` keeps that language's pages (not
//! its 404 and offline pages) and every file they use; `rewrite_html` turns each link to a page
//! that is not in that ZIM (another language, the language chooser) into plain text, so every
//! internal link of a ZIM resolves inside it.

use super::*;

/// One language's files for its ZIM: its pages (all but its 404 and offline pages) and every
/// file they use, followed from page to page. Links to pages outside it become plain text
/// (`<span>` with the link's `class`, `lang` and `dir`); `<link>` elements to files outside it
/// are left out; a page that only redirects (an alias) to a page outside it is left out.
/// Scripts are never packed.
pub fn select(
    files: &BTreeMap<String, OutputFile>,
    code: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, OutputFile> {
    let prefix = format!("{code}/");
    let page_of_zim = |p: &str| {
        p.strip_prefix(&prefix)
            .is_some_and(|rest| !LEFT_OUT.contains(&rest))
    };
    // What may be packed: this language's pages, and any other file but scripts and pages.
    let allowed = |p: &str| {
        files.contains_key(p)
            && if is_html(p) {
                page_of_zim(p)
            } else {
                !(p.ends_with(".js") || p.ends_with(".mjs"))
            }
    };
    let mut queue: VecDeque<String> = files
        .keys()
        .filter(|p| is_html(p) && page_of_zim(p))
        .cloned()
        .collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut chosen = BTreeMap::new();
    while let Some(path) = queue.pop_front() {
        let Some(file) = files.get(&path) else {
            continue;
        };
        let bytes = match file.read() {
            Ok(b) => b.into_owned(),
            Err(e) => {
                diags.error(&io(Path::new(&path), e), Location::default());
                continue;
            }
        };
        let mut used = Vec::new();
        let bytes = if is_html(&path) {
            let html = String::from_utf8_lossy(&bytes);
            let mut keep = |target: &str| {
                let ok = allowed(target);
                if ok {
                    used.push(target.to_string());
                }
                ok
            };
            match rewrite_html(&html, &path, &mut keep) {
                Some(html) => html.into_bytes(),
                None => continue, // a redirect out of this ZIM
            }
        } else {
            if path.ends_with(".css") {
                for target in css_urls(&String::from_utf8_lossy(&bytes), &path) {
                    if allowed(&target) {
                        used.push(target);
                    }
                }
            }
            bytes
        };
        for u in used {
            if seen.insert(u.clone()) {
                queue.push_back(u);
            }
        }
        let mut out = OutputFile::bytes(path.clone(), bytes);
        out.source = file.source.clone();
        chosen.insert(path, out);
    }
    chosen
}

pub(super) fn is_html(path: &str) -> bool {
    path.ends_with(".html")
}

/// Where a URL in the file at `from` leads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// Another site, another scheme (`tel:`), or this page (`#x`, `?q`, empty).
    NotAFile,
    /// A file of the site (`es/rights/index.html`), which may or may not exist.
    File(String),
    /// Above the site's root.
    Outside,
}

pub(super) fn target(from: &str, url: &str) -> Target {
    let url = url.trim();
    if url.is_empty() || url.starts_with(['#', '?']) || url.starts_with("//") {
        return Target::NotAFile;
    }
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..path_end];
    let first_slash = path.find('/').unwrap_or(path.len());
    if path[..first_slash].contains(':') {
        return Target::NotAFile;
    }
    let path = crate::html::percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut dirs: Vec<&str> = from.split('/').collect();
        dirs.pop();
        dirs
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') || path.is_empty() || path.ends_with("/.") || path.ends_with("/..") {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Target::File(joined)
}

/// The attribute value as written (entities left as they are) → the URL it stands for.
pub(super) fn unescape_attr(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// A start tag's attributes: (lowercase name, value as written), and where the tag ends
/// (after its `>`). `at` is just after the tag's name.
pub(super) fn attributes(html: &str, mut at: usize) -> Option<(Vec<(String, String)>, usize)> {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        match b.get(at)? {
            b'>' => return Some((attrs, at + 1)),
            b'/' => {
                at += 1;
                continue;
            }
            _ => {}
        }
        let name_start = at;
        while at < b.len() && !b[at].is_ascii_whitespace() && !matches!(b[at], b'=' | b'>' | b'/') {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if b.get(at) == Some(&b'=') {
            at += 1;
            while at < b.len() && b[at].is_ascii_whitespace() {
                at += 1;
            }
            match b.get(at)? {
                q @ (b'"' | b'\'') => {
                    let end = at + 1 + html[at + 1..].find(*q as char)?;
                    value = html[at + 1..end].to_string();
                    at = end + 1;
                }
                _ => {
                    let start = at;
                    while at < b.len() && !b[at].is_ascii_whitespace() && b[at] != b'>' {
                        at += 1;
                    }
                    value = html[start..at].to_string();
                }
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// The page at `from` with links to files that `keep` refuses made plain text and `<link>`s to
/// them left out; `None` if the page redirects (`<meta http-equiv=refresh>`) to such a file.
/// `keep` is asked about every file the page uses.
pub(super) fn rewrite_html(
    html: &str,
    from: &str,
    keep: &mut dyn FnMut(&str) -> bool,
) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0; // html[..copied] is in `out`
    let mut at = 0;
    let mut open_spans = 0usize;
    let b = html.as_bytes();
    while let Some(found) = memchr::memchr(b'<', &b[at..]) {
        let lt = at + found;
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        if open_spans > 0 && rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("</a>") {
            out.push_str(&html[copied..lt]);
            out.push_str("</span>");
            copied = lt + 4;
            at = copied;
            open_spans -= 1;
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        // Raw text: nothing inside is a tag.
        if matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            at = html[lt + 1..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| lt + 1 + e);
            continue;
        }
        if url_attribute(&name).is_none() {
            at = lt + 1;
            continue;
        }
        let Some((attrs, end)) = attributes(html, lt + 1 + name_len) else {
            break;
        };
        at = end;
        let Some(url) = address(&name, &attrs) else {
            continue;
        };
        match target(from, &url) {
            Target::NotAFile => continue,
            Target::File(file) if keep(&file) => continue,
            // Not in this ZIM, or above the site's root.
            Target::File(_) | Target::Outside => {}
        }
        match name.as_str() {
            "meta" => return None,
            "a" | "link" => {
                drop_or_unwrap(&name, &attrs, &mut out, &html[copied..lt], &mut open_spans);
                copied = end;
            }
            // An image or media file that is not there: left for zimcheck to report.
            _ => {}
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// The attribute holding the address of a file an element uses, for the elements that use one.
fn url_attribute(name: &str) -> Option<&'static str> {
    match name {
        "a" | "link" => Some("href"),
        "img" | "source" | "audio" | "video" | "track" | "embed" | "iframe" => Some("src"),
        "meta" => Some("content"),
        _ => None,
    }
}

/// The address an element (`name`, with its attributes) uses, as the browser reads it; for a
/// `<meta>`, only a refresh's target.
fn address(name: &str, attrs: &[(String, String)]) -> Option<String> {
    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let url = unescape_attr(get(url_attribute(name)?)?);
    if name != "meta" {
        return Some(url);
    }
    if !get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
        return None;
    }
    // content="0; url=../x/index.html"
    let i = url.to_ascii_lowercase().find("url=")?;
    Some(url[i + 4..].trim_matches(['\'', '"', ' ']).to_string())
}

/// Writes what came before a refused `<a>` or `<link>`, then (for `<a>`) the `<span>` that
/// replaces it; its `</a>` becomes `</span>`.
pub(super) fn drop_or_unwrap(
    name: &str,
    attrs: &[(String, String)],
    out: &mut String,
    before: &str,
    open_spans: &mut usize,
) {
    out.push_str(before);
    if name == "a" {
        out.push_str("<span");
        for (k, v) in attrs {
            if matches!(k.as_str(), "class" | "lang" | "dir") {
                out.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
            }
        }
        out.push('>');
        *open_spans += 1;
    }
}

/// The site files a stylesheet refers to with `url(...)`.
pub(super) fn css_urls(css: &str, from: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let Some(end) = rest.find(')') else { break };
        let url = rest[..end].trim().trim_matches(['"', '\'']);
        if let Target::File(f) = target(from, url) {
            out.push(f);
        }
        rest = &rest[end..];
    }
    out
}
