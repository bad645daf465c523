//! The addresses in a body: which are safe, of this site or malformed, and the `href`s of raw
//! HTML.

use super::Problem;

const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms"];

/// The next `href=` attribute value in raw HTML: (the text up to the value, the value, the
/// text from the end of the value). Quoted (`"` or `'`) or unquoted values.
pub(crate) fn next_href(s: &str) -> Option<(&str, &str, &str)> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    loop {
        let i = from + lower[from..].find("href")?;
        from = i + 4;
        let before_ok = i > 0 && s[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let after_name = s[i + 4..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(v) = after_name.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let v = v.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let v_at = s.len() - v.len();
        let (start, end) = match v.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => {
                let close = v[1..].find(char::from(*q)).map_or(v.len(), |e| e + 1);
                (v_at + 1, v_at + close)
            }
            _ => {
                let len = v
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(v.len());
                (v_at, v_at + len)
            }
        };
        return Some((&s[..start], &s[start..end], &s[end..]));
    }
}

/// An attribute value as the browser reads it (the few entities editors write in URLs).
pub(super) fn unescape_attr(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&#47;", "/")
        .replace("&sol;", "/")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
}

/// `//host/x`, `\\host\x`, `/\host`: another site, whatever the scheme of the page.
pub fn is_protocol_relative(url: &str) -> bool {
    let start: Vec<char> = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_control())
        .take(2)
        .collect();
    start.len() == 2 && start.iter().all(|c| *c == '/' || *c == '\\')
}

/// An image address of this site: a relative path or a site-absolute one, not another site's
/// (`https:`, `//host`) nor an unsafe scheme, not a page link (`@/`).
pub fn is_local_image(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty()
        && scheme(url).is_none()
        && !is_protocol_relative(url)
        && !url.starts_with("@/")
        && !url.starts_with('#')
}

/// The scheme of an address, lowercased, with control characters and spaces ignored the way
/// browsers ignore them (`java\tscript:` is `javascript:`).
pub(super) fn scheme(url: &str) -> Option<String> {
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

/// An address that looks like an `http(s)` one but cannot be (no host, `htps://`, `www.`).
pub(super) fn malformed_external(url: &str) -> Option<Problem> {
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
