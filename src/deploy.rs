//! What a host needs to serve the site safely and fast: the Content-Security-Policy (the same
//! one goes into every page's meta tag and into `_headers`), a `_headers` file for hosts that
//! read one (Netlify, Cloudflare Pages), and `.gz` copies beside text files for `--precompress`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use rayon::prelude::*;

use crate::output::OutputFile;

/// Only the site itself: no third-party scripts, styles, fonts, images, frames or connections.
/// `frame-ancestors` only works as a header (not in the meta tag), so it is added there.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// Headers for every response.
pub fn security_headers() -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!("{CSP}; frame-ancestors 'none'"),
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

/// `_headers` (Netlify / Cloudflare Pages syntax).
pub fn headers_file(files: &BTreeMap<String, OutputFile>) -> OutputFile {
    let mut out = String::from(
        "# Written by senda: security headers for every file, long caching for hashed files.\n/*\n",
    );
    for (name, value) in security_headers() {
        let _ = writeln!(out, "  {name}: {value}");
    }
    out.push_str("  Cache-Control: public, max-age=300\n");
    for path in files.keys().filter(|p| is_hashed(p)) {
        let _ = writeln!(
            out,
            "/{path}\n  Cache-Control: public, max-age=31536000, immutable"
        );
    }
    out.push_str("/sw.js\n  Cache-Control: no-cache\n");
    OutputFile::bytes("_headers", out.into_bytes())
}

/// Files worth compressing.
fn compressible(path: &str) -> bool {
    matches!(
        path.rsplit('.').next().unwrap_or(""),
        "html" | "css" | "js" | "json" | "xml" | "txt" | "svg" | "webmanifest"
    )
}

/// A `.gz` copy (gzip, best compression) of every text file.
pub fn precompress(files: &BTreeMap<String, OutputFile>) -> Vec<OutputFile> {
    files
        .par_iter()
        .filter(|(p, _)| compressible(p))
        .filter_map(|(p, f)| {
            let bytes = f.read().ok()?;
            let mut enc = flate2::write::GzEncoder::new(
                Vec::with_capacity(bytes.len() / 3),
                flate2::Compression::best(),
            );
            enc.write_all(&bytes).ok()?;
            Some(OutputFile::bytes(format!("{p}.gz"), enc.finish().ok()?))
        })
        .collect()
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
}
