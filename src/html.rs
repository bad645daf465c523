//! HTML text and the addresses inside rendered pages:
//! - the one escaper for text and attribute values (the five characters Tera escapes, with the
//!   same entities), written a run at a time;
//! - the rewriting of site-absolute addresses (`href="/es/rights/"`) once a page is rendered:
//!   relative to the page for the web and kiosk editions (so a site works from any folder, a
//!   sub-path and `file://`), or prefixed with the base URL's path for pages served at any
//!   address (404 and offline pages);
//! - percent-decoding, for paths written in links and asked for in requests.

use std::borrow::Cow;

/// The entity for a character that must be escaped, or `None`.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Appends `s` escaped for HTML text and quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut done = 0;
    for (i, b) in bytes.iter().enumerate() {
        if let Some(e) = entity(*b) {
            // `i` is at an ASCII byte, so both slices end on character boundaries.
            out.push_str(&s[done..i]);
            out.push_str(e);
            done = i + 1;
        }
    }
    out.push_str(&s[done..]);
}

/// `s` escaped for HTML text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// The escaper Tera uses for autoescaped values (the same output as `tera::escape_html`).
pub fn tera_escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut done = 0;
    for (i, b) in bytes.iter().enumerate() {
        if let Some(e) = entity(*b) {
            out.write_all(&bytes[done..i])?;
            out.write_all(e.as_bytes())?;
            done = i + 1;
        }
    }
    out.write_all(&bytes[done..])
}

/// `%20` → space. Bytes that do not decode (`%zz`, `%`, a `%` before a non-ASCII character)
/// stay as written; the result is UTF-8 (invalid sequences become U+FFFD).
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy()
}

/// The attributes whose site-absolute values are rewritten.
const URL_ATTRS: [&str; 5] = ["href", "src", "action", "poster", "data-href"];

/// Rewrites each site-absolute `href="/x/y/"` into a path relative to the output file
/// `out_path`, ending in `index.html` where it names a folder, so links work from any
/// sub-path and from `file://`.
pub fn relativize(html: &str, out_path: &str) -> String {
    let from_dirs: Vec<&str> = {
        let mut v: Vec<&str> = out_path.split('/').collect();
        v.pop();
        v
    };
    rewrite_urls(html, |url| relative_url(&from_dirs, url))
}

/// Rewrites each site-absolute address to start with `base_path` (the path part of the base
/// URL, already escaped for an attribute), for pages that may be served at any address.
pub fn absolutize(html: &str, base_path: &str) -> String {
    rewrite_urls(html, |url| {
        let (path, rest) = split_suffix(url);
        let path = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        format!("{base_path}{path}{rest}")
    })
}

/// Is this address site-absolute (`/x`), not protocol-relative (`//host`, `/\host`)?
pub fn is_site_absolute(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// One pass over the HTML: each `="/` is checked for one of `URL_ATTRS` before it.
fn rewrite_urls(html: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // `html[..done]` is in `out`; a match inside a value already copied is skipped.
    let mut done = 0;
    for i in memchr::memmem::find_iter(html.as_bytes(), b"=\"/") {
        if i < done {
            continue;
        }
        let before = &html[done..i];
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |p| p + 1);
        let is_url_attr = URL_ATTRS.contains(&&before[name_start..])
            && before[..name_start].ends_with(char::is_whitespace);
        let value_start = i + 2; // at the `/`
        out.push_str(&html[done..value_start]);
        let after = &html[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        if before[name_start..] == *"srcset" && before[..name_start].ends_with(char::is_whitespace)
        {
            // `srcset="/a-360.webp 360w, /a-720.webp 720w"`: each address.
            let list: Vec<String> = url
                .split(", ")
                .map(|item| match item.split_once(' ') {
                    Some((u, d)) if is_site_absolute(u) => format!("{} {d}", f(u)),
                    None if is_site_absolute(item) => f(item),
                    _ => item.to_string(),
                })
                .collect();
            out.push_str(&list.join(", "));
        } else if is_url_attr && is_site_absolute(url) {
            out.push_str(&f(url));
        } else {
            out.push_str(url); // another attribute, or protocol-relative: another host
        }
        done = value_start + end;
    }
    out.push_str(&html[done..]);
    out
}

/// (`/a/b/`, `#x`) from `/a/b/#x`.
pub fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// The address of the site-absolute `url` from a file in the folders `from_dirs`.
pub fn relative_url(from_dirs: &[&str], url: &str) -> String {
    let (path, suffix) = split_suffix(url);
    let is_dir = path.ends_with('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (dirs, file): (&[&str], Option<&str>) = if is_dir || segments.is_empty() {
        (&segments[..], None)
    } else {
        (&segments[..segments.len() - 1], segments.last().copied())
    };
    let common = from_dirs
        .iter()
        .zip(dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dirs.len() {
        out.push_str("../");
    }
    for d in &dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(file.unwrap_or("index.html"));
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_the_same_as_teras() {
        for s in [
            "",
            "plain",
            "a & b < c > d \" e ' f",
            "&&<<>>\"\"''",
            "ñandú «comillas» & 'señal' <b>",
            "<script>alert('x')</script>",
            "عربي & \"نص\"",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            tera_escape(s, &mut ours).expect("vec");
            tera::escape_html(s, &mut teras).expect("vec");
            assert_eq!(ours, teras, "{s}");
            assert_eq!(escape(s).into_bytes(), teras, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_the_same_as_teras_for_any_text(s in "[a-z&<>\"' ñ€]{0,40}|\\PC{0,40}") {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            tera_escape(&s, &mut ours).expect("vec");
            tera::escape_html(&s, &mut teras).expect("vec");
            proptest::prop_assert_eq!(&ours, &teras);
            proptest::prop_assert_eq!(escape(&s).into_bytes(), teras);
        }

        #[test]
        fn percent_decoding_never_panics_and_keeps_text(s in "\\PC{0,40}|[%0-9a-fA-F–€🙂é]{0,20}") {
            let d = percent_decode(&s);
            if !s.contains('%') {
                proptest::prop_assert_eq!(d.as_ref(), s.as_str());
            }
        }
    }

    #[test]
    fn percent_decoding_of_real_and_broken_escapes() {
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
        for s in [
            "descuento-50%–hoy.md",
            "precio%€.md",
            "%🙂.md",
            "x%1é.md",
            "a%bا.md",
            "%",
            "%2",
        ] {
            assert_eq!(percent_decode(s), s, "{s}");
        }
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn relative_urls() {
        let from = ["es", "rights", "asylum"];
        assert_eq!(
            relative_url(&from, "/es/health/"),
            "../../health/index.html"
        );
        assert_eq!(relative_url(&from, "/es/rights/asylum/#x"), "index.html#x");
        assert_eq!(relative_url(&from, "/style.1.css"), "../../../style.1.css");
        assert_eq!(relative_url(&[], "/es/"), "es/index.html");
        assert_eq!(relative_url(&[], "/"), "index.html");
        assert_eq!(relative_url(&["es"], "/en/"), "../en/index.html");
    }

    #[test]
    fn rewrites_only_site_absolute_attributes() {
        let html = "<a href=\"/es/x/\">a</a><a href=\"https://o.org/\">b</a><img src=\"/i.png\"><a href=\"//cdn/x\">c</a><a href=\"/\\evil.example\">d</a><p>href=\"/no\"</p>";
        let out = relativize(html, "es/y/index.html");
        assert!(out.contains("href=\"../x/index.html\""), "{out}");
        assert!(out.contains("href=\"https://o.org/\""));
        assert!(out.contains("src=\"../../i.png\""));
        assert!(out.contains("href=\"//cdn/x\""));
        assert!(out.contains("href=\"/\\evil.example\""));
        assert_eq!(
            absolutize("<a href=\"/es/\">", "/hub"),
            "<a href=\"/hub/es/index.html\">"
        );
    }
}
