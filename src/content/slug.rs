//! The URL segments senda makes from names: a page's file or folder name, an editor's `slug`,
//! a taxonomy term, an alias path. Every one is checked where it is made, so no output path
//! can hold a `/`, `..`, a control character or nothing at all.

pub(crate) fn valid_slug(slug: &str) -> bool {
    let s = slug.trim();
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.chars().any(|c| {
            matches!(
                c,
                '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>' | '\'' | '&'
            ) || c.is_whitespace()
                || c.is_control()
        })
}

/// `/es/old-page/` → `es/old-page` (percent-escapes decoded, as a browser's address bar shows
/// them); refuses absolute URLs, empty paths and any segment that is not a valid slug (`..`,
/// spaces, quotes, control characters...).
pub fn clean_alias(alias: &str) -> Option<String> {
    let a = alias.trim();
    if !a.starts_with('/') || a.starts_with("//") || a.contains("://") || a.contains('\\') {
        return None;
    }
    let segments: Vec<String> = a
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| crate::html::percent_decode(s).into_owned())
        .collect();
    if segments.is_empty() || segments.iter().any(|s| !valid_slug(s) || s.trim() != s) {
        return None;
    }
    Some(segments.join("/"))
}

/// Does a URL segment hold a letter or a digit? (`-` alone, made from `..` or `¿`, does not.)
pub fn has_letters(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// A URL segment from a file or folder name: lowercase, spaces to dashes, Unicode kept.
pub fn url_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '-' || c == '.' || c.is_whitespace() {
            dash = true;
        }
    }
    if dash && out.is_empty() {
        out.push('-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_slugs() {
        assert_eq!(url_segment("Mi Página"), "mi-página");
        assert_eq!(url_segment("¿"), "");
        assert_eq!(url_segment("🙂"), "");
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug(".."));
        assert!(valid_slug("asilo-político"));
        assert_eq!(clean_alias("/es/viejo/"), Some("es/viejo".into()));
        assert_eq!(clean_alias("/es/../x/"), None);
        assert_eq!(clean_alias("/es/a\nb/"), None);
        assert_eq!(clean_alias("/es/a b/"), None);
        assert_eq!(clean_alias("//evil.example/"), None);
        assert_eq!(clean_alias("/es/%C3%A9/").as_deref(), Some("es/é"));
        assert_eq!(clean_alias("/es/%2e%2e/"), None);
        assert!(!has_letters(&url_segment("..")));
        assert!(has_letters(&url_segment("C++")));
    }
}
