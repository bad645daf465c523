//! HTML minification (with the `minify` feature), the one space the minifier drops put back.

/// Minifies an HTML page with minify-html's one-pass minifier (scripts and styles are left
/// alone: see DEPENDENCIES.md), then puts back the one space HTML requires between a quoted
/// attribute value and the next attribute, which that minifier drops (`a="x"b` is a parse
/// error for the Nu HTML Checker). Malformed HTML is refused by the minifier; then the page
/// is kept as it is.
#[cfg(feature = "minify")]
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html_onepass::Cfg {
        minify_css: false,
        minify_js: false,
    };
    match minify_html_onepass::copy(html, &cfg) {
        Ok(min) => space_attributes(&min),
        Err(_) => html.to_vec(),
    }
}

/// Inserts a space after each closing quote of an attribute value that is directly followed
/// by another attribute. Only inside tags (`<name ...>`): text never holds a raw `<` in
/// minified HTML, and comments and doctypes are copied as they are.
#[cfg(any(feature = "minify", test))]
pub(super) fn space_attributes(html: &[u8]) -> Vec<u8> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Text,
        Tag,
        Quoted(u8),
        Other,
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 32);
    let mut at = At::Text;
    for (i, &b) in html.iter().enumerate() {
        match at {
            At::Text if b == b'<' => {
                at = match html.get(i + 1) {
                    Some(c) if c.is_ascii_alphabetic() => At::Tag,
                    Some(b'!' | b'?') => At::Other,
                    _ => At::Text,
                };
            }
            At::Tag if b == b'"' || b == b'\'' => at = At::Quoted(b),
            At::Tag | At::Other if b == b'>' => at = At::Text,
            At::Quoted(q) if b == q => {
                out.push(b);
                at = At::Tag;
                if html
                    .get(i + 1)
                    .is_some_and(|n| !n.is_ascii_whitespace() && *n != b'>' && *n != b'/')
                {
                    out.push(b' ');
                }
                continue;
            }
            _ => {}
        }
        out.push(b);
    }
    out
}

#[cfg(not(feature = "minify"))]
pub fn minify(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}
