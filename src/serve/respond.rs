//! Answering a request: an output from the cache or made now (as the route table says), the
//! live-reload script and error overlay added to pages, and the preview's own `/__senda/`
//! addresses.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Shared, internal_error, lock};
use crate::diag::Diagnostic;
use crate::http::{Request, Response};
use crate::options::Edition;
use crate::routes::{self, Target};

/// Longest a live-reload request waits for a rebuild.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// The longest URL accepted.
const MAX_URL: usize = crate::http::MAX_REQUEST_LINE;

const LIVE_JS: &str = r#"(function(){var v=null;function poll(){fetch('/__senda/poll?v='+(v===null?'':v),{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){if(v!==null&&d.version!==v){location.reload();return}v=d.version;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();
"#;

const OVERLAY_CSS: &str = "#senda-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 ui-monospace,monospace;padding:2rem}#senda-overlay h2{color:#ff8a80;font:700 1.3rem system-ui,sans-serif;margin:0 0 1rem}#senda-overlay pre{white-space:pre-wrap;margin:0 0 1.5rem;border-inline-start:4px solid #ff8a80;padding-inline-start:1rem}\n";

/// Answers a request; a panic while making the answer is shown as an error page.
pub(super) fn handle(request: &Request, shared: &Shared) -> Response {
    // A page that makes senda panic is shown as an error; the server goes on.
    catch_unwind(AssertUnwindSafe(|| respond(request, shared))).unwrap_or_else(|p| {
        let errors = vec![internal_error(
            &format!("while making {}", request.target),
            &*p,
        )];
        let body = decorate(b"<!doctype html><html><body></body></html>", &errors);
        Response::new(500, "text/html; charset=utf-8", body).header("Cache-Control", "no-store")
    })
}

/// An output of the site (the live-reload script and the overlay added to pages), or one of
/// the preview's own `/__senda/` addresses.
fn respond(request: &Request, shared: &Shared) -> Response {
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix("/__senda/") {
        return internal(rest, shared);
    }
    let errors = lock(&shared.state).errors.clone();
    let (status, path, body) = match clean_path(url) {
        None => not_found(shared, ""),
        Some(path) => {
            let key = routes::file_of_url(&format!("/{path}"));
            match produce(shared, &key) {
                Some(Ok(bytes)) => (200, key, bytes),
                Some(Err(d)) => {
                    // A page the templates could not render: show why, over the page.
                    let mut errors = errors.clone();
                    errors.push(*d);
                    let body = decorate(b"<!doctype html><html><body></body></html>", &errors);
                    return Response::new(500, "text/html; charset=utf-8", body)
                        .header("Cache-Control", "no-store");
                }
                None if matches!(produce(shared, &format!("{path}/index.html")), Some(Ok(_))) => {
                    // A folder without its slash: send the browser to it.
                    return Response::empty(301).header("Location", format!("/{path}/"));
                }
                None => not_found(shared, &path),
            }
        }
    };
    let ctype = content_type(&path);
    // The web editor reloads nothing by itself: it saves files, which would reload it.
    let body = if ctype.starts_with("text/html") && !path.starts_with("admin/") {
        decorate(&body, &errors)
    } else {
        body.to_vec()
    };
    Response::new(status, ctype, body).header("Cache-Control", "no-store")
}

/// The language's 404 page (or the root one).
fn not_found(shared: &Shared, path: &str) -> (u16, String, Arc<Vec<u8>>) {
    let lang = path.split('/').next().unwrap_or("");
    let body = match produce(shared, &format!("{lang}/404.html")) {
        Some(Ok(b)) => b,
        _ => match produce(shared, routes::ROOT_NOT_FOUND) {
            Some(Ok(b)) => b,
            _ => Arc::new(b"Not found".to_vec()),
        },
    };
    (404, "404.html".to_string(), body)
}

/// The output at `key`, as the route table says: from the cache, or made now. `None` if the
/// site has no such file (or it is one the preview does not serve: the service worker,
/// `_headers`, the offline lists).
fn produce(shared: &Shared, key: &str) -> Option<Result<Arc<Vec<u8>>, Box<Diagnostic>>> {
    let (loaded_site, renderer, i18n, assets, search, route) = {
        let state = lock(&shared.state);
        if let Some(hit) = state.cache.get(key) {
            return Some(Ok(Arc::clone(hit)));
        }
        let site = state.site.as_ref()?;
        (
            Arc::clone(&site.loaded.site),
            site.renderer.clone()?,
            Arc::clone(&site.loaded.i18n),
            Arc::clone(&site.loaded.assets),
            site.search.clone()?,
            site.loaded.routes.get(key).cloned(),
        )
    };
    let site = &loaded_site;
    let bytes: Vec<u8> = match route.map(|r| (r.target, r)) {
        Some((t, r)) if t.is_template() || matches!(t, Target::Alias(_)) => {
            match renderer.render(&r) {
                Ok(file) => file.read().ok()?.into_owned(),
                Err(d) => return Some(Err(d)),
            }
        }
        Some((Target::Feed(lang), _)) => {
            match crate::feeds::feeds(site, |l| crate::feeds::site_title(site, &i18n, l)) {
                Ok(feeds) => nth(feeds, lang.index())?,
                Err(d) => return Some(Err(d)),
            }
        }
        Some((Target::WebManifest(lang), _)) => nth(
            crate::offline::web_manifests(site, &i18n, &assets),
            lang.index(),
        )?,
        Some((Target::Sitemap(n), _)) => nth(crate::feeds::sitemaps(site), n)?,
        Some((Target::Robots, _)) => crate::feeds::robots(site).read().ok()?.into_owned(),
        Some((Target::Asset(i), _)) => {
            let asset = assets.files.get(i)?;
            match (&asset.bytes, &asset.disk) {
                (Some(b), _) => b.clone(),
                (None, Some(disk)) => std::fs::read(disk).ok()?,
                (None, None) => return None,
            }
        }
        Some(_) => return None,
        None if key.starts_with("admin/") => {
            let parts = crate::cms::Parts {
                site,
                i18n: &i18n,
                assets: &assets,
            };
            admin_file(shared, &parts, &key["admin/".len()..])?
        }
        None => {
            let lang = routes::search_index_language(&site.config, key)?;
            let (name, json) = search.get(lang);
            if name != key {
                return None;
            }
            json.clone()
        }
    };
    let bytes = Arc::new(bytes);
    lock(&shared.state)
        .cache
        .insert(key.to_string(), Arc::clone(&bytes));
    Some(Ok(bytes))
}

/// The `i`-th of the files a writer makes, one per language.
fn nth(files: Vec<crate::output::OutputFile>, i: usize) -> Option<Vec<u8>> {
    Some(files.into_iter().nth(i)?.read().ok()?.into_owned())
}

/// A file of the web editor (`admin/REST`): only in the web edition of a site with `cms:`.
fn admin_file(shared: &Shared, parts: &crate::cms::Parts, rest: &str) -> Option<Vec<u8>> {
    let cms = parts
        .site
        .config
        .cms
        .as_ref()
        .filter(|_| shared.options.load.edition == Edition::Web)?;
    crate::cms::serve_file(parts, cms, rest, shared.options.cms_port)
}

/// Adds the live-reload script, and the error overlay while the last rebuild failed.
fn decorate(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    if !html.starts_with(b"<!") && !html.starts_with(b"<html") {
        return html.to_vec();
    }
    let html = String::from_utf8_lossy(html);
    let mut extra = String::from("<script src=\"/__senda/live.js\" defer></script>");
    if !errors.is_empty() {
        extra.push_str("<link rel=\"stylesheet\" href=\"/__senda/overlay.css\"><div id=\"senda-overlay\" role=\"alert\"><h2>The last change could not be built. This is the previous version of the site.</h2>");
        for d in errors {
            extra.push_str("<pre>");
            extra.push_str(&crate::html::escape(&d.render()));
            extra.push_str("</pre>");
        }
        extra.push_str("</div>");
    }
    let out = match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    };
    out.into_bytes()
}

/// The preview's own addresses: the live-reload script and its long poll, the overlay's
/// style, the errors as JSON.
fn internal(rest: &str, shared: &Shared) -> Response {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (ctype, body): (&str, Vec<u8>) = match path {
        "live.js" => (
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        "overlay.css" => ("text/css; charset=utf-8", OVERLAY_CSS.as_bytes().to_vec()),
        "poll" => {
            let seen: Option<u64> = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("v="))
                .and_then(|v| v.parse().ok());
            let mut state = lock(&shared.state);
            if let Some(seen) = seen {
                let deadline = Instant::now() + POLL_WAIT;
                while state.version == seen {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    state = match shared.changed.wait_timeout(state, left) {
                        Ok((s, _)) => s,
                        Err(poisoned) => poisoned.into_inner().0,
                    };
                }
            }
            let body = format!(
                "{{\"version\":{},\"errors\":{}}}",
                state.version,
                state.errors.len()
            );
            ("application/json", body.into_bytes())
        }
        "status" => (
            "application/json",
            crate::diag::to_json(&lock(&shared.state).errors).into_bytes(),
        ),
        _ => return Response::empty(404),
    };
    Response::new(200, ctype, body).header("Cache-Control", "no-store")
}

/// The `Content-Type` of an output, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// `/es/a%20b/` → `es/a b/`; `None` for anything that could leave the site: `..` or `.`
/// segments (encoded or not), backslashes, NUL, a `%` that is not an escape, bad UTF-8.
pub fn clean_path(url: &str) -> Option<String> {
    if url.len() > MAX_URL {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut segments = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    let mut p = segments.join("/");
    if trailing && !p.is_empty() {
        p.push('/');
    }
    Some(p)
}
