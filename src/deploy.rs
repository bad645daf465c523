//! What a host needs to serve the site safely and fast: the Content-Security-Policy (the same
//! one goes into every page's meta tag and into `_headers`), a `_headers` file for hosts that
//! read one (Netlify, Cloudflare Pages). (`.gz` and `.br` copies for `--precompress` are
//! written by the output sink as files are made.)

use std::fmt::Write as _;

use crate::critical::Critical;
use crate::output::OutputFile;

/// Only the site itself: no third-party scripts, styles, fonts, images, frames or connections;
/// inline, only the one `<style>` of critical CSS, by its hash (`critical`), when pages have
/// it. `frame-ancestors` only works as a header (not in the meta tag), so it is added there.
pub fn csp(critical: Option<&Critical>) -> String {
    let style = match critical {
        Some(c) => format!("'self' {}", c.csp_source),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src {style}; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// Headers for every response, with the pages' policy `csp`.
pub fn security_headers(csp: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!("{csp}; frame-ancestors 'none'"),
        ),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()".into(),
        ),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
    ]
}

/// Is this path content-hashed (`style.1f3a9c0b7d.css`)? Such files never change.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let h = parts[parts.len() - 2];
        h.len() == 10 && h.chars().all(|c| c.is_ascii_hexdigit())
    }
}

/// Characters that cannot stand raw in a `_headers` path: the file's URL is written
/// percent-encoded, as a browser asks for it (control characters never reach here: the
/// output refuses them in file names).
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'*')
    .add(b':')
    .add(b'!');

/// What `forget.txt` is sent with: the browser deletes the site's HTTP cache and storage
/// (cache storage, the service worker, local storage, IndexedDB). Cookies: senda sets none.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// `_headers` (Netlify / Cloudflare Pages syntax), for the files written so far, with the
/// pages' policy `csp`. `admin_csp` is the web editor's own policy for `/admin/*` (written
/// after `/*`: a later rule's header replaces an earlier one's on Netlify).
pub fn headers_file<'a>(
    paths: impl Iterator<Item = &'a String>,
    csp: &str,
    admin_csp: Option<&str>,
) -> OutputFile {
    let mut out = String::from(
        "# Written by senda: security headers for every file, long caching for hashed files.\n/*\n",
    );
    for (name, value) in security_headers(csp) {
        let _ = writeln!(out, "  {name}: {value}");
    }
    out.push_str("  Cache-Control: public, max-age=300\n");
    for path in paths.filter(|p| is_hashed(p)) {
        let path = percent_encoding::utf8_percent_encode(path, PATH_ESCAPES);
        let _ = writeln!(
            out,
            "/{path}\n  Cache-Control: public, max-age=31536000, immutable"
        );
    }
    let _ = writeln!(
        out,
        "/{}\n  Cache-Control: no-cache",
        crate::routes::SERVICE_WORKER
    );
    let _ = writeln!(
        out,
        "/{}\n  Clear-Site-Data: {CLEAR_SITE_DATA}\n  Cache-Control: no-store",
        crate::routes::FORGET
    );
    if let Some(csp) = admin_csp {
        let _ = writeln!(
            out,
            "/{}/*\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n  Cross-Origin-Opener-Policy: same-origin-allow-popups\n  X-Robots-Tag: noindex, nofollow\n  Cache-Control: no-cache",
            crate::cms::ADMIN_DIR
        );
    }
    OutputFile::bytes(crate::routes::HEADERS, out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("style.1f3a9c0b7d.css"));
        assert!(is_hashed("es/search.0123456789.json"));
        assert!(!is_hashed("style.css"));
        assert!(!is_hashed("sw.js"));
    }

    #[test]
    fn headers_paths_cannot_add_rules() {
        let names = [
            "a b.0123456789.css".to_string(),
            "*\n  Access-Control-Allow-Origin: *\nz.0123456789.css".to_string(),
        ];
        let f = headers_file(names.iter(), &csp(None), None);
        let text = String::from_utf8(f.read().map(|b| b.into_owned()).unwrap_or_default())
            .unwrap_or_default();
        assert!(text.contains("/a%20b.0123456789.css\n"), "{text}");
        assert!(!text.contains("Access-Control-Allow-Origin: *\n"), "{text}");
        let rules = text.lines().filter(|l| l.starts_with('/')).count();
        assert_eq!(rules, 5, "{text}");
    }

    #[test]
    fn the_policy_allows_the_critical_css_by_its_hash_only() {
        assert!(csp(None).contains("; style-src 'self'; "));
        let c = Critical::new("body{}".into());
        let policy = csp(Some(&c));
        assert!(
            policy.contains(&format!("; style-src 'self' {}; ", c.csp_source)),
            "{policy}"
        );
        assert!(!policy.contains("unsafe"), "{policy}");
    }
}
