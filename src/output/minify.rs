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
/// minified HTML, and comments and doctypes are copied as they are. It jumps from one `<`,
/// quote or `>` to the next with `memchr` and copies the runs between them whole.
#[cfg(any(feature = "minify", test))]
pub(super) fn space_attributes(html: &[u8]) -> Vec<u8> {
    let n = html.len();
    let mut out = Vec::with_capacity(n + n / 32);
    // `html[..copied]` is in `out`; reading goes on at `i`.
    let (mut copied, mut i) = (0, 0);
    while let Some(lt) = memchr::memchr(b'<', &html[i..]).map(|j| i + j) {
        match html.get(lt + 1) {
            Some(c) if c.is_ascii_alphabetic() => {
                // A tag: its attribute values, up to its `>`.
                i = lt + 1;
                loop {
                    let Some(p) = memchr::memchr3(b'"', b'\'', b'>', &html[i..]).map(|j| i + j)
                    else {
                        i = n;
                        break;
                    };
                    let q = html[p];
                    if q == b'>' {
                        i = p + 1;
                        break;
                    }
                    let Some(close) = memchr::memchr(q, &html[p + 1..]).map(|j| p + 1 + j) else {
                        i = n;
                        break;
                    };
                    if html
                        .get(close + 1)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>' && *b != b'/')
                    {
                        out.extend_from_slice(&html[copied..=close]);
                        out.push(b' ');
                        copied = close + 1;
                    }
                    i = close + 1;
                }
            }
            // A comment, doctype or processing instruction: up to its `>`.
            Some(b'!' | b'?') => {
                i = memchr::memchr(b'>', &html[lt + 1..]).map_or(n, |j| lt + 1 + j + 1);
            }
            _ => i = lt + 1,
        }
        if i >= n {
            break;
        }
    }
    out.extend_from_slice(&html[copied..]);
    out
}

#[cfg(not(feature = "minify"))]
pub fn minify(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}
