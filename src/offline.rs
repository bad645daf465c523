//! Working offline, generated at build time:
//! - `sw.js`, the service worker: network first for pages (the cached copy when the network
//!   fails, else the language's offline page), cache first for content-hashed files; each build
//!   has its own cache name, and a new build's worker moves what was saved into its cache and
//!   deletes the old caches;
//! - `/LANG/offline.json`, the list of every file a language needs and their total size, for the
//!   "Save for offline" button on each home page;
//! - `/LANG/manifest.webmanifest`, so the hub can be added to a phone's home screen.

use std::collections::BTreeMap;

use serde_json::json;

use crate::assets::Assets;
use crate::content::Site;
use crate::i18n::{I18n, strip_isolation};
use crate::output::{Meta, OutputFile};
use crate::routes;

/// A stable hash of every file of the build: the worker's version.
pub fn build_version(files: &BTreeMap<String, Meta>) -> String {
    let mut all = String::with_capacity(files.len() * 48);
    for (path, meta) in files {
        all.push_str(path);
        all.push(':');
        all.push_str(&meta.hash);
        all.push('\n');
    }
    crate::assets::content_hash(all.as_bytes())
}

/// Files a language needs offline: its pages (not feeds), and the shared assets.
fn language_files<'a>(files: &'a BTreeMap<String, Meta>, code: &str) -> Vec<(&'a str, u64)> {
    let prefix = format!("{code}/");
    files
        .iter()
        .filter(|(p, _)| {
            let shared = !p.contains('/')
                && (p.ends_with(".css")
                    || p.ends_with(".js")
                    || p.ends_with(".png")
                    || p.ends_with(".svg"))
                && p.as_str() != "sw.js";
            let own = p.starts_with(&prefix)
                && (p.ends_with(".html") || p.ends_with(".json") || p.ends_with(".webmanifest"))
                && !p.ends_with("/offline.json");
            shared || own
        })
        .map(|(p, m)| (p.as_str(), m.size))
        .collect()
}

/// `/LANG/offline.json` for every language: `{"files": [...], "bytes": N}`, paths relative to the
/// site root (pages as `…/index.html`; the worker also stores them under their folder address).
/// With its pages' images (`images`: for each, its WebP files as [path, width, bytes], so the
/// page saves the one the phone shows) and audio (`audio`: [path, bytes], saved only when the
/// reader asks).
pub fn offline_manifests(
    site: &Site,
    files: &BTreeMap<String, Meta>,
    media: &crate::media::MediaFiles,
) -> Vec<OutputFile> {
    site.config
        .langs()
        .map(|lang| {
            let code = site.config.code(lang);
            let list = language_files(files, code);
            let bytes: u64 = list.iter().map(|(_, s)| s).sum();
            let paths: Vec<&str> = list.iter().map(|(p, _)| *p).collect();
            let rel = |url: &str| url.trim_start_matches('/').to_string();
            let images: Vec<serde_json::Value> = media
                .offline_images
                .get(code)
                .into_iter()
                .flatten()
                .map(|variants| {
                    json!(
                        variants
                            .iter()
                            .map(|(u, w, b)| json!([rel(u), w, b]))
                            .collect::<Vec<_>>()
                    )
                })
                .collect();
            let audio: Vec<serde_json::Value> = media
                .offline_audio
                .get(code)
                .into_iter()
                .flatten()
                .map(|(u, b)| json!([rel(u), b]))
                .collect();
            let body = if images.is_empty() && audio.is_empty() {
                json!({ "files": paths, "bytes": bytes })
            } else {
                json!({ "files": paths, "bytes": bytes, "images": images, "audio": audio })
            };
            OutputFile::bytes(
                routes::offline_manifest_file(&site.config, lang),
                body.to_string().into_bytes(),
            )
        })
        .collect()
}

/// `/LANG/manifest.webmanifest` for every language.
/// The app icons a manifest names, if the site has them: (file, sizes, type).
const ICONS: [(&str, &str, &str); 3] = [
    ("icon-192.png", "192x192", "image/png"),
    ("icon-512.png", "512x512", "image/png"),
    ("icon.svg", "any", "image/svg+xml"),
];

pub fn web_manifests(site: &Site, i18n: &I18n, assets: &Assets) -> Vec<OutputFile> {
    let icons: Vec<_> = ICONS
        .iter()
        .filter(|(name, _, _)| assets.files.iter().any(|a| a.out == *name))
        .collect();
    site.config
        .langs()
        .map(|lang| {
            let l = site.config.language(lang);
            let text = |key: &str, fallback: &str| {
                i18n.format(lang, key, &[])
                    .map(|t| strip_isolation(&t))
                    .unwrap_or_else(|_| fallback.to_string())
            };
            let name = text("site-title", &site.config.title);
            let short = text("site-short-name", &name);
            let icons: Vec<_> = icons
                .iter()
                .map(|(src, sizes, kind)| json!({"src": format!("../{src}"), "sizes": sizes, "type": kind, "purpose": "any"}))
                .collect();
            let body = json!({
                "name": name,
                "short_name": short,
                "lang": l.code,
                "dir": l.dir.as_str(),
                "start_url": "./",
                "scope": "./",
                "display": "standalone",
                "background_color": "#ffffff",
                "theme_color": "#a4161a",
                "icons": icons,
            });
            OutputFile::bytes(
                routes::web_manifest_file(&site.config, lang),
                serde_json::to_string_pretty(&body).unwrap_or_default().into_bytes(),
            )
        })
        .collect()
}

/// The file behind "Forget this site on this phone" (`forget.txt`): the page's script fetches it,
/// and the host answers with `Clear-Site-Data`, which makes the browser delete its HTTP cache,
/// storage and service worker for the site. Its text says so to anyone who opens it.
pub fn forget_file() -> OutputFile {
    OutputFile::bytes(
        routes::FORGET,
        b"This address asks your browser to delete everything it keeps of this site.\n".to_vec(),
    )
}

/// The service worker, for a build whose other files are `files`: its version is a hash of
/// them all; it caches at install each language's offline page and the shared CSS and JS.
/// Requests under the folder `skip` (the web editor) are left to the network.
pub fn service_worker(
    site: &Site,
    files: &BTreeMap<String, Meta>,
    skip: Option<&str>,
) -> OutputFile {
    // The forget file must reach the network and never be kept.
    let mut skip = match skip {
        Some(dir) => format!(
            "\n  if (url.href.startsWith(ROOT + {})) return;",
            serde_json::to_string(&format!("{dir}/")).unwrap_or_else(|_| "\"\"".into())
        ),
        None => String::new(),
    };
    skip.push_str(&format!(
        "\n  if (url.href === ROOT + {}) return;",
        serde_json::to_string(routes::FORGET).unwrap_or_else(|_| "\"\"".into())
    ));
    let version = build_version(files);
    let mut precache: Vec<String> = site
        .config
        .langs()
        .map(|l| routes::file_of_url(&routes::offline_url(&site.config, l)))
        .filter(|p| files.contains_key(p))
        .collect();
    precache.extend(
        files
            .keys()
            .filter(|p| !p.contains('/') && (p.ends_with(".css") || p.ends_with(".js")))
            .cloned(),
    );
    let codes = serde_json::to_string(&site.config.codes()).unwrap_or_else(|_| "[]".into());
    let precache = serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into());
    let js = format!(
        r#"// senda service worker, generated for build {version}.
'use strict';
const VERSION = '{version}';
const CACHE = 'senda-' + VERSION;
const LANGS = {codes};
const PRECACHE = {precache};
const ROOT = new URL('./', self.location).href;
const HASHED = /\.[0-9a-f]{{10}}\.(css|js|json|webp|png|jpg|svg)$/;
const AUDIO = /\.(opus|ogg|mp3|m4a)$/;

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(PRECACHE.map((p) => ROOT + p)))
    .then(() => self.skipWaiting()));
}});

// A new build: keep what the reader saved (move it into the new cache), drop the old caches.
self.addEventListener('activate', (event) => {{
  event.waitUntil((async () => {{
    const current = await caches.open(CACHE);
    for (const name of await caches.keys()) {{
      if (name === CACHE || !name.startsWith('senda-')) continue;
      const old = await caches.open(name);
      for (const req of await old.keys()) {{
        if (!(await current.match(req))) {{
          const res = await old.match(req);
          if (res) await current.put(req, res);
        }}
      }}
      await caches.delete(name);
    }}
    await self.clients.claim();
  }})());
}});

function offlinePage(url) {{
  const rest = url.href.startsWith(ROOT) ? url.href.slice(ROOT.length) : '';
  const lang = LANGS.includes(rest.split('/')[0]) ? rest.split('/')[0] : LANGS[0];
  return caches.match(ROOT + lang + '/offline.html');
}}

self.addEventListener('fetch', (event) => {{
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(ROOT)) return;{skip}
  if (AUDIO.test(url.pathname)) {{
    // Audio is saved only when the reader asks ("Save for offline"): played from the saved
    // copy if there is one, else from the network, and never stored on its own.
    event.respondWith(caches.match(req.url).then((hit) => hit || fetch(req)));
    return;
  }}
  if (HASHED.test(url.pathname)) {{
    // Content-hashed: never changes, cache first.
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => {{
      if (res.ok) {{ const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }}
      return res;
    }})));
    return;
  }}
  // Pages and everything else: network first, the saved copy when offline.
  event.respondWith(fetch(req).then((res) => {{
    if (res.ok) {{ const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }}
    return res;
  }}).catch(async () => {{
    const hit = await caches.match(req, {{ ignoreSearch: true }});
    if (hit) return hit;
    if (url.pathname.endsWith('/')) {{
      const index = await caches.match(req.url.split('?')[0] + 'index.html');
      if (index) return index;
    }}
    if (req.mode === 'navigate') {{
      const page = await offlinePage(url);
      if (page) return page;
    }}
    return new Response('', {{ status: 503, statusText: 'Offline' }});
  }}));
}});

// "Save for offline": the page asks the worker to fetch a language's files into the cache.
self.addEventListener('message', (event) => {{
  const data = event.data || {{}};
  if (data.type !== 'save' || !Array.isArray(data.files)) return;
  const port = event.ports && event.ports[0];
  event.waitUntil((async () => {{
    const cache = await caches.open(CACHE);
    let done = 0;
    let failed = 0;
    for (const path of data.files) {{
      try {{
        const res = await fetch(ROOT + path, {{ cache: 'no-cache' }});
        if (res.ok) await cache.put(ROOT + path, res.clone()); else failed++;
        if (path.endsWith('index.html')) {{
          // Also answer for the folder address readers follow.
          await cache.put(ROOT + path.slice(0, -'index.html'.length), res);
        }}
      }} catch (e) {{ failed++; }}
      done++;
      if (port && (done % 5 === 0 || done === data.files.length)) port.postMessage({{ done, total: data.files.length, failed }});
    }}
  }})());
}});
"#
    );
    OutputFile::bytes(routes::SERVICE_WORKER, js.into_bytes())
}
