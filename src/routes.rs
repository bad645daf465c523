//! Where every output file goes: the one place that knows the output layout. The rest of
//! senda asks here for an address (`/es/tags/asylum/`) or a file (`es/tags/asylum/index.html`)
//! and never formats one itself.
//!
//! `Routes` is the table of every file a build writes, each with what makes it and who owns
//! it (a content file, a static file, or senda itself). It is made once per load, and:
//! 1. refuses two outputs at one path, also when they differ only in letter case or Unicode
//!    form (they overwrite each other on FAT USB sticks and macOS, where kiosk builds travel),
//!    and a file where another output needs a folder (an alias `/sw.js/`, a slug `index.html`),
//!    naming both owners;
//! 2. answers "is there a page at this address?" for link checking and for `serve`.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::content::{PageId, Site, TAXONOMIES};
use crate::diag::{Coded, Diagnostics, Location, display_path};
use crate::lang::Lang;

/// The file of a site-absolute folder address: `/es/x/` → `es/x/index.html`, `/` → `index.html`;
/// a file address (`/es/404.html`) is its own file.
pub fn file_of_url(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// A language's home: `/es/`.
pub fn home_url(config: &Config, lang: Lang) -> String {
    format!("/{}/", config.code(lang))
}

/// A page under its parent: `/es/rights/` + `asylum` → `/es/rights/asylum/`.
pub fn child_url(parent: &str, segment: &str) -> String {
    format!("{parent}{segment}/")
}

/// A taxonomy's list of terms: `/es/tags/`.
pub fn taxonomy_url(config: &Config, lang: Lang, segment: &str) -> String {
    format!("/{}/{segment}/", config.code(lang))
}

/// One term: `/es/tags/asylum/`.
pub fn term_url(config: &Config, lang: Lang, segment: &str, slug: &str) -> String {
    format!("/{}/{segment}/{slug}/", config.code(lang))
}

/// The search page (and its A–Z list): `/es/search/`.
pub fn search_url(config: &Config, lang: Lang) -> String {
    format!("/{}/search/", config.code(lang))
}

/// A language's search index, named by a hash of its content: `es/search.0123456789.json`.
pub fn search_index_file(config: &Config, lang: Lang, hash: &str) -> String {
    format!("{}/search.{hash}.json", config.code(lang))
}

/// The language of a search index file name, whatever its hash.
pub fn search_index_language(config: &Config, file: &str) -> Option<Lang> {
    let (code, name) = file.split_once('/')?;
    let hash = name.strip_prefix("search.")?.strip_suffix(".json")?;
    let ok = hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| config.language_index(code)).flatten()
}

/// The page shown offline for pages not saved: `/es/offline.html`.
pub fn offline_url(config: &Config, lang: Lang) -> String {
    format!("/{}/offline.html", config.code(lang))
}

/// A language's "page not found": `/es/404.html`.
pub fn not_found_url(config: &Config, lang: Lang) -> String {
    format!("/{}/404.html", config.code(lang))
}

pub const ROOT_NOT_FOUND: &str = "404.html";
pub const CHOOSER: &str = "index.html";
pub const ROBOTS: &str = "robots.txt";
pub const HEADERS: &str = "_headers";
pub const SERVICE_WORKER: &str = "sw.js";
/// "Forget this site on this phone": fetching it makes the browser delete everything it keeps of
/// the site, by the `Clear-Site-Data` header the host sends with it (see `deploy`).
pub const FORGET: &str = "forget.txt";
/// Written last by every build: what makes a folder "a previous senda build" that a new build
/// may replace (see `output`).
pub const MARKER: &str = ".senda-build";

/// The sitemap files: 0 is `sitemap.xml`, the one `robots.txt` names (every address, or an
/// index of the others); `n` ≥ 1 is `sitemap-n.xml`, a part of a large site's sitemap (see
/// `feeds::sitemap_parts`).
pub fn sitemap_file(n: usize) -> String {
    match n {
        0 => "sitemap.xml".into(),
        n => format!("sitemap-{n}.xml"),
    }
}

/// A language's news feed: `es/atom.xml`.
pub fn feed_file(config: &Config, lang: Lang) -> String {
    format!("{}/atom.xml", config.code(lang))
}

/// The address of a feed, for links.
pub fn feed_url(config: &Config, lang: Lang) -> String {
    format!("/{}", feed_file(config, lang))
}

/// A language's web app manifest: `es/manifest.webmanifest`.
pub fn web_manifest_file(config: &Config, lang: Lang) -> String {
    format!("{}/manifest.webmanifest", config.code(lang))
}

/// The files a language needs offline, for "Save for offline": `es/offline.json`.
pub fn offline_manifest_file(config: &Config, lang: Lang) -> String {
    format!("{}/offline.json", config.code(lang))
}

/// A directory view: the section's address, or a filter under it (`mx/`, `kind/shelter/`).
pub fn directory_url(section_url: &str, filter: Option<(&str, &str)>) -> String {
    match filter {
        None => section_url.to_string(),
        Some(("country", code)) => format!("{section_url}{code}/"),
        Some((kind, code)) => format!("{section_url}{kind}/{code}/"),
    }
}

/// A resized image: `/media/flow-360.0123456789.webp` (the first 10 characters of its
/// content key: a changed image gets a new address, so hosts may cache `media/` for a year).
pub fn image_url(name: &str, width: u32, key: &str, ext: &str) -> String {
    format!("/media/{name}-{width}.{}.{ext}", short_key(key))
}

/// An SVG image, published as it is: `/media/flow.0123456789.svg`.
pub fn svg_url(name: &str, key: &str) -> String {
    format!("/media/{name}.{}.svg", short_key(key))
}

/// A page's audio in one language: `/media/asylum.ht.0123456789.opus`.
pub fn audio_url(slug: &str, code: &str, key: &str) -> String {
    format!("/media/{slug}.{code}.{}.opus", short_key(key))
}

fn short_key(key: &str) -> &str {
    key.get(..10).unwrap_or(key)
}

/// An alias's redirect page: `es/old-page` → `es/old-page/index.html`.
pub fn alias_file(clean: &str) -> String {
    format!("{clean}/index.html")
}

/// What makes an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Chooser,
    RootNotFound,
    NotFound(Lang),
    Page(PageId, Lang),
    /// Index into the directory's views.
    Directory(usize),
    TaxonomyList(usize, Lang),
    /// A term's page: indexes into the site's taxonomies and into that taxonomy's terms in
    /// `lang`.
    Term {
        taxonomy: usize,
        lang: Lang,
        term: usize,
    },
    Search(Lang),
    Offline(Lang),
    /// Index into the site's aliases.
    Alias(usize),
    Feed(Lang),
    /// `sitemap_file(n)`.
    Sitemap(usize),
    Robots,
    WebManifest(Lang),
    OfflineManifest(Lang),
    Headers,
    ServiceWorker,
    Forget,
    /// Index into the static assets.
    Asset(usize),
    Marker,
}

impl Target {
    /// Rendered from a theme template.
    pub fn is_template(self) -> bool {
        matches!(
            self,
            Target::Chooser
                | Target::RootNotFound
                | Target::NotFound(_)
                | Target::Page(..)
                | Target::Directory(_)
                | Target::TaxonomyList(..)
                | Target::Term { .. }
                | Target::Search(_)
                | Target::Offline(_)
        )
    }
}

/// Who an output belongs to, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A file of the site (a page, its alias, a static file), with the line to point at.
    File(PathBuf, Option<Location>),
    /// senda itself (a feed, the sitemap, the service worker...).
    Senda(&'static str),
}

impl Owner {
    fn describe(&self) -> String {
        match self {
            Owner::File(f, _) => display_path(f),
            Owner::Senda(what) => format!("senda's {what}"),
        }
    }
}

/// One output file.
#[derive(Debug, Clone)]
pub struct Route {
    /// `/`-separated, relative to the output folder.
    pub path: String,
    pub target: Target,
    pub owner: Owner,
}

#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error("two outputs want the file {path}: {a} and {b}")]
    Same { path: String, a: String, b: String },
    #[error(
        "{a} writes {path_a} and {b} writes {path_b}: the names differ only in letter case, so they overwrite each other on USB sticks and on macOS"
    )]
    Case {
        path_a: String,
        a: String,
        path_b: String,
        b: String,
    },
    #[error("{b} needs a folder {folder}/, but {a} writes a file there")]
    FileAndFolder {
        folder: String,
        a: String,
        b: String,
    },
}

impl Coded for RouteError {
    fn code(&self) -> &'static str {
        "duplicate-url"
    }
    fn help(&self) -> Option<String> {
        Some("change a `slug`, an alias or a file name so each output has its own name".into())
    }
}

/// Every output of a build.
#[derive(Debug, Default)]
pub struct Routes {
    list: Vec<Route>,
    by_path: HashMap<String, usize>,
}

/// The key two paths collide under on a case-insensitive file system.
fn fold_key(path: &str) -> String {
    use icu_normalizer::ComposingNormalizerBorrowed;
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(&path.to_lowercase())
        .into_owned()
}

impl Routes {
    /// The table of `routes`, with every clash reported to `diags` (the first route at a
    /// path keeps it).
    pub fn new(routes: Vec<Route>, diags: &mut Diagnostics) -> Routes {
        let mut table = Routes::default();
        let mut folded: HashMap<String, usize> = HashMap::new();
        for route in routes {
            let key = fold_key(&route.path);
            if let Some(&other) = folded.get(&key) {
                let first = &table.list[other];
                let e = if first.path == route.path {
                    RouteError::Same {
                        path: route.path.clone(),
                        a: first.owner.describe(),
                        b: route.owner.describe(),
                    }
                } else {
                    RouteError::Case {
                        path_a: first.path.clone(),
                        a: first.owner.describe(),
                        path_b: route.path.clone(),
                        b: route.owner.describe(),
                    }
                };
                diags.error(&e, location(&route.owner, &first.owner));
                continue;
            }
            folded.insert(key, table.list.len());
            table.by_path.insert(route.path.clone(), table.list.len());
            table.list.push(route);
        }
        // A file where another output needs a folder.
        for route in &table.list {
            let mut dir = route.path.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                dir = parent;
                if let Some(&i) = folded.get(&fold_key(dir)) {
                    let file = &table.list[i];
                    diags.error(
                        &RouteError::FileAndFolder {
                            folder: dir.to_string(),
                            a: file.owner.describe(),
                            b: route.owner.describe(),
                        },
                        location(&route.owner, &file.owner),
                    );
                }
            }
        }
        table
    }

    pub fn get(&self, path: &str) -> Option<&Route> {
        self.by_path.get(path).map(|&i| &self.list[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.list.iter()
    }

    /// Is there an output at this site-absolute address (`/es/x/`, `/es/x/index.html`,
    /// `/style.css`)? A query or fragment is ignored; `..` never leads anywhere.
    pub fn has_url(&self, url: &str) -> bool {
        let (path, _) = crate::html::split_suffix(url);
        let decoded = crate::html::percent_decode(path);
        if decoded.split('/').any(|s| s == ".." || s == ".") {
            return false;
        }
        let file = file_of_url(&decoded);
        self.by_path.contains_key(&file)
            || (!decoded.ends_with('/') && self.by_path.contains_key(&format!("{file}/index.html")))
    }
}

/// Where to point for a clash: the file that caused it, else the other one.
fn location(owner: &Owner, other: &Owner) -> Location {
    for o in [owner, other] {
        if let Owner::File(f, at) = o {
            return at.clone().unwrap_or_else(|| Location::file(f));
        }
    }
    Location::default()
}

/// The pages of the site and the generated pages that come with them (everything rendered
/// from templates except directory views, search and offline pages, which the caller adds
/// when the theme and the site have them).
pub fn page_routes(site: &Site, skip_page: Option<PageId>) -> Vec<Route> {
    let config = &site.config;
    let default = config.default_language;
    let mut out = vec![
        Route {
            path: CHOOSER.into(),
            target: Target::Chooser,
            owner: Owner::Senda("language chooser"),
        },
        Route {
            path: ROOT_NOT_FOUND.into(),
            target: Target::RootNotFound,
            owner: Owner::Senda("404 page"),
        },
    ];
    for lang in config.langs() {
        for (id, page) in site.pages.iter().enumerate() {
            if Some(id) == skip_page {
                continue;
            }
            let v = page.shown_version(lang);
            let at = v.front.slug.as_ref().map(|_| v.key_location("slug"));
            out.push(Route {
                path: file_of_url(&page.urls[lang]),
                target: Target::Page(id, lang),
                owner: Owner::File(page.source(default).file.clone(), at),
            });
        }
        out.push(Route {
            path: file_of_url(&not_found_url(config, lang)),
            target: Target::NotFound(lang),
            owner: Owner::Senda("404 page"),
        });
        for (t, tax) in site.taxonomies.iter().enumerate() {
            out.push(Route {
                path: file_of_url(&taxonomy_url(config, lang, tax.segment)),
                target: Target::TaxonomyList(t, lang),
                owner: Owner::Senda("taxonomy page"),
            });
            for (i, term) in tax.terms[lang].iter().enumerate() {
                out.push(Route {
                    path: file_of_url(&term_url(config, lang, tax.segment, &term.slug)),
                    target: Target::Term {
                        taxonomy: t,
                        lang,
                        term: i,
                    },
                    owner: Owner::Senda("taxonomy page"),
                });
            }
        }
    }
    debug_assert!(TAXONOMIES.len() == site.taxonomies.len() || site.taxonomies.is_empty());
    out
}

/// The table of every output of the site in `edition`: pages, generated pages (directory
/// views, search and offline pages when the theme has their templates), aliases, static
/// files, and the files senda makes in code. Clashes go to `diags`.
pub fn table(
    site: &Site,
    theme: &crate::render::Theme,
    directory: Option<&crate::directory::Directory>,
    aliases: &[crate::content::Alias],
    assets: &crate::assets::Assets,
    edition: crate::Edition,
    diags: &mut Diagnostics,
) -> Routes {
    let config = &site.config;
    // The directory section is rendered by its views.
    let mut list = page_routes(site, directory.map(|d| d.section));
    if let Some(d) = directory {
        let file = d.file.clone();
        for (i, view) in d.views(site).into_iter().enumerate() {
            list.push(Route {
                path: file_of_url(&view.url),
                target: Target::Directory(i),
                owner: Owner::File(file.clone(), None),
            });
        }
    }
    for lang in config.langs() {
        language_routes(config, theme, edition, lang, &mut list);
    }
    for (i, a) in aliases.iter().enumerate() {
        list.push(Route {
            path: alias_file(&a.path),
            target: Target::Alias(i),
            owner: Owner::File(a.file.clone(), Some(a.at.clone())),
        });
    }
    for (i, a) in assets.files.iter().enumerate() {
        list.push(Route {
            path: a.out.clone(),
            target: Target::Asset(i),
            owner: Owner::File(a.source.clone(), None),
        });
    }
    let parts = crate::feeds::sitemap_parts(site).len();
    let sitemaps = if parts > 1 { parts + 1 } else { 1 };
    for n in 0..sitemaps {
        list.push(senda(sitemap_file(n), Target::Sitemap(n), "sitemap"));
    }
    list.push(senda(ROBOTS.into(), Target::Robots, "robots.txt"));
    if edition == crate::Edition::Web {
        list.push(senda(HEADERS.into(), Target::Headers, "_headers file"));
        list.push(senda(
            SERVICE_WORKER.into(),
            Target::ServiceWorker,
            "service worker",
        ));
        list.push(senda(FORGET.into(), Target::Forget, "forget file"));
    }
    list.push(senda(MARKER.into(), Target::Marker, "build marker"));
    Routes::new(list, diags)
}

/// The files senda makes for one language: its search and offline pages (when the theme has
/// their templates), its feed, and in the web edition its manifests.
fn language_routes(
    config: &Config,
    theme: &crate::render::Theme,
    edition: crate::Edition,
    lang: Lang,
    list: &mut Vec<Route>,
) {
    if theme.has("search.html") {
        list.push(senda(
            file_of_url(&search_url(config, lang)),
            Target::Search(lang),
            "search page",
        ));
    }
    if theme.has("offline.html") {
        list.push(senda(
            file_of_url(&offline_url(config, lang)),
            Target::Offline(lang),
            "offline page",
        ));
    }
    list.push(senda(
        feed_file(config, lang),
        Target::Feed(lang),
        "news feed",
    ));
    if edition == crate::Edition::Web {
        list.push(senda(
            web_manifest_file(config, lang),
            Target::WebManifest(lang),
            "web app manifest",
        ));
        list.push(senda(
            offline_manifest_file(config, lang),
            Target::OfflineManifest(lang),
            "offline list",
        ));
    }
}

fn senda(path: String, target: Target, what: &'static str) -> Route {
    Route {
        path,
        target,
        owner: Owner::Senda(what),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the link `{0}` leads to no page of this site")]
    Broken(String),
}

impl Coded for LinkError {
    fn code(&self) -> &'static str {
        "broken-link"
    }
    fn help(&self) -> Option<String> {
        Some("write links between pages as @/ + the file's path inside content/, like [asylum](@/rights/asylum.md)".into())
    }
}

/// Every address on this site written as a path in a page (`/es/x/`, `../x/`, in Markdown or
/// raw HTML) must lead to an output; relative ones are read from the page's own address.
pub fn check_links(site: &Site, routes: &Routes, diags: &mut Diagnostics) {
    for page in &site.pages {
        for v in page.versions.iter().flatten() {
            for (url, offset) in &v.doc.internal {
                let absolute = if crate::html::is_site_absolute(url) {
                    Some(url.clone())
                } else {
                    resolve_relative(&page.urls[v.lang], url)
                };
                if !absolute.is_some_and(|u| routes.has_url(&u)) {
                    diags.error(&LinkError::Broken(url.clone()), v.at_body_offset(*offset));
                }
            }
        }
    }
}

/// `../x/` from the folder `/es/a/b/` → `/es/a/x/`; `None` when it climbs above the site.
fn resolve_relative(from_folder: &str, url: &str) -> Option<String> {
    let (path, suffix) = crate::html::split_suffix(url);
    let mut segments: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = path.ends_with('/') || path.is_empty();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(suffix);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_resolve_inside_the_site_only() {
        assert_eq!(
            resolve_relative("/es/a/b/", "../x/").as_deref(),
            Some("/es/a/x/")
        );
        assert_eq!(
            resolve_relative("/es/", "x/index.html#y").as_deref(),
            Some("/es/x/index.html#y")
        );
        assert_eq!(resolve_relative("/es/a/", "../../../../etc/passwd"), None);
    }

    #[test]
    fn search_index_names() {
        let mut d = Diagnostics::new();
        let config = crate::config::parse(
            "title: t\nbase_url: https://x.org\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n",
            &mut d,
        )
        .expect("config");
        let es = config.default_language;
        let f = search_index_file(&config, es, "0123456789");
        assert_eq!(f, "es/search.0123456789.json");
        assert_eq!(search_index_language(&config, &f), Some(es));
        assert_eq!(search_index_language(&config, "es/search.json"), None);
        assert_eq!(file_of_url("/es/x/"), "es/x/index.html");
        assert_eq!(file_of_url("/"), "index.html");
    }

    #[test]
    fn clashes_in_case_and_between_file_and_folder() {
        let route = |p: &str| Route {
            path: p.into(),
            target: Target::Marker,
            owner: Owner::File(PathBuf::from(format!("content/{p}.md")), None),
        };
        let mut d = Diagnostics::new();
        let t = Routes::new(
            vec![
                route("es/asilo/index.html"),
                route("es/ASILO/index.html"),
                route("sw.js"),
                route("sw.js/index.html"),
                route("es/x/index.html"),
            ],
            &mut d,
        );
        let messages: Vec<String> = d.iter().map(|x| x.message.clone()).collect();
        assert_eq!(d.error_count(), 2, "{messages:?}");
        assert!(messages[0].contains("letter case"), "{messages:?}");
        assert!(
            messages[1].contains("needs a folder sw.js/"),
            "{messages:?}"
        );
        assert!(t.has_url("/es/x/"));
        assert!(t.has_url("/es/x/index.html#top"));
        assert!(!t.has_url("/es/x/../../etc/passwd"));
        assert!(!t.has_url("/es/nope/"));
    }
}
