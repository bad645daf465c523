//! The web editor: Decap CMS, self-hosted in `admin/` when site.yaml has a `cms:` block.
//!
//! 1. `cms:` in site.yaml is validated here (backend, repository, addresses);
//! 2. `admin/config.yml` is generated from the site: the backend, `i18n` with the site's
//!    languages (`multiple_files`: `PATH.LANG.md`, the layout senda reads), one folder
//!    collection per content section (and one for the home page's folder) with fields made from
//!    the front-matter schema, and the services directory as a file collection whose fields
//!    follow its validator;
//! 3. `admin/index.html` loads only files of `admin/` (its own Content-Security-Policy, no
//!    inline script) and `admin/senda-cms.js`: the preview in the theme's stylesheet, a date
//!    field that puts `review_by` a year ahead on new pages, and `source_hash` on translations;
//! 4. the Decap bundle is copied from the npm package installed in `cms/node_modules/`
//!    (`npm ci --prefix cms`); nothing is loaded from any other site.
//!
//! `senda serve` serves the same files, with Decap's local backend (`decap-server`) allowed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Loaded;
use crate::assets::Assets;
use crate::content::Site;
use crate::diag::{Coded, Diagnostics, Location};
use crate::i18n::I18n;
use crate::output::{Content, OutputFile};
use crate::yaml::Schema;

mod config;
use config::sections;
pub use config::{PHONE_PATTERN, config_yml};

/// Where the web editor is published.
pub const ADMIN_DIR: &str = "admin";
/// Where the npm package's bundle is, relative to the site's folder.
pub const BUNDLE_DIR: &str = "cms/node_modules/decap-cms/dist";
/// Decap's local backend's default port.
pub const LOCAL_BACKEND_PORT: u16 = 8081;
/// The media folder editors upload images into (copied to the output root like any static file).
const MEDIA_FOLDER: &str = "static/images";
const PUBLIC_FOLDER: &str = "/images";
/// Days from today for a new page's `review_by`, as `senda new` does.
const REVIEW_AHEAD_DAYS: u32 = 365;
/// Front-matter keys the form leaves out: Decap keeps their values as they are when saving.
pub const NOT_IN_FORM: &[&str] = &["extra"];
/// senda's additions to Decap: widgets, the preview, the start.
const SENDA_CMS_JS: &str = include_str!("cms.js");

/// What the editor's files are made from (a loaded site, or `serve`'s current one).
#[derive(Clone, Copy)]
pub struct Parts<'a> {
    pub site: &'a Site,
    pub i18n: &'a I18n,
    pub assets: &'a Assets,
}

impl<'a> From<&'a Loaded> for Parts<'a> {
    fn from(l: &'a Loaded) -> Self {
        Parts {
            site: &l.site,
            i18n: &l.i18n,
            assets: &l.assets,
        }
    }
}

/// `cms:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CmsSettings {
    /// git-gateway, github, gitlab, gitea or forgejo.
    pub backend: String,
    /// `owner/name` on the forge (not for git-gateway).
    #[serde(default)]
    pub repo: Option<String>,
    #[serde(default)]
    pub branch: Option<String>,
    /// The forge's address, for a self-hosted GitLab, Gitea or Forgejo (or GitHub Enterprise).
    #[serde(default)]
    pub forge_url: Option<String>,
    /// The OAuth client id of the forge's application (Gitea/Forgejo and GitLab, PKCE login).
    #[serde(default)]
    pub app_id: Option<String>,
    /// GitHub: the address of the OAuth server that logs editors in (Decap's `base_url`).
    #[serde(default)]
    pub auth_url: Option<String>,
    /// Drafts, review and publish as pull requests (GitHub, GitLab, Forgejo, git-gateway).
    #[serde(default)]
    pub editorial_workflow: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    GitGateway,
    Github,
    Gitlab,
    Gitea,
    Forgejo,
}

impl Backend {
    fn parse(s: &str) -> Option<Backend> {
        match s {
            "git-gateway" => Some(Backend::GitGateway),
            "github" => Some(Backend::Github),
            "gitlab" => Some(Backend::Gitlab),
            "gitea" => Some(Backend::Gitea),
            "forgejo" => Some(Backend::Forgejo),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Backend::GitGateway => "git-gateway",
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
            Backend::Gitea => "gitea",
            Backend::Forgejo => "forgejo",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CmsError {
    #[error("cms.backend `{0}` is unknown")]
    BadBackend(String),
    #[error("cms.repo must be written owner/name (letters, digits, `.`, `_`, `-`), not `{0}`")]
    BadRepo(String),
    #[error("cms.repo is required for the {0} backend")]
    NoRepo(&'static str),
    #[error("cms.{0} must be an https address without a path's query or spaces, not `{1}`")]
    BadUrl(&'static str, String),
    #[error("cms.forge_url is required for the {0} backend (your forge's address)")]
    NoForge(&'static str),
    #[error("cms.app_id is required for the {0} backend (the OAuth application's client id)")]
    NoAppId(&'static str),
    #[error("cms.{0} has characters that cannot be used: `{1}`")]
    BadValue(&'static str, String),
    #[error(
        "Decap CMS cannot run the editorial workflow with Gitea: set editorial_workflow: false, or use backend: forgejo (Forgejo and Codeberg)"
    )]
    NoWorkflow,
    #[error("the web editor's files are not installed ({0} is missing)")]
    NoBundle(String),
    #[error("the web editor's files cannot be read: {0}")]
    Unreadable(String),
    #[error("{0} page(s) are written PATH.md: the web editor only sees pages written PATH.{1}.md")]
    Layout(usize, String),
}

impl Coded for CmsError {
    fn code(&self) -> &'static str {
        match self {
            CmsError::NoBundle(_) | CmsError::Unreadable(_) => "cms-bundle-missing",
            CmsError::Layout(..) => "cms-layout",
            _ => "bad-cms",
        }
    }
    fn help(&self) -> Option<String> {
        match self {
            CmsError::BadBackend(_) => {
                Some("write one of: git-gateway, github, gitlab, gitea, forgejo".into())
            }
            CmsError::NoBundle(_) => Some(
                "install Decap CMS once with `npm ci --prefix cms` (it needs Node.js), then build again"
                    .into(),
            ),
            CmsError::Layout(_, code) => Some(format!(
                "rename them once, e.g. `find content -name '*.md' ! -name '*.*.md' -exec sh -c 'git mv \"$1\" \"${{1%.md}}.{code}.md\"' _ {{}} \\;`"
            )),
            _ => None,
        }
    }
}

/// The validated settings.
#[derive(Debug, Clone)]
pub struct Cms {
    pub backend: Backend,
    pub repo: Option<String>,
    pub branch: String,
    /// Decap's `api_root`, `base_url` (login) and the origins the editor connects to.
    pub api_root: Option<String>,
    pub login_url: Option<String>,
    pub app_id: Option<String>,
    pub editorial_workflow: bool,
    /// Origins (`https://host[:port]`) the editor's browser talks to, besides its own.
    pub connect: Vec<String>,
}

/// `https://git.example.org/` → `https://git.example.org`; `None` unless it is a plain https
/// address (http only for this computer).
fn clean_url(url: &str) -> Option<String> {
    let u = url.trim().trim_end_matches('/');
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://").filter(|r| is_local(r)))?;
    let ok = !rest.is_empty()
        && rest.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '_' | '~' | '%')
        });
    ok.then(|| u.to_string())
}

fn is_local(host_and_path: &str) -> bool {
    let host = host_and_path.split(['/', ':']).next().unwrap_or("");
    host == "localhost" || host == "127.0.0.1"
}

/// `https://git.example.org/sub` → `https://git.example.org`.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{host}")
}

fn plain(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
}

/// Validates `cms:`; every problem goes to `diags` (at site.yaml).
pub fn validate(s: &CmsSettings, at: &Location, diags: &mut Diagnostics) -> Option<Cms> {
    let at = || at.clone();
    let before = diags.error_count();
    let Some(backend) = Backend::parse(s.backend.trim()) else {
        diags.error(&CmsError::BadBackend(s.backend.clone()), at());
        return None;
    };
    let repo = s.repo.as_ref().map(|r| r.trim().to_string());
    check_repo(repo.as_deref(), backend, at(), diags);
    let branch = s.branch.as_deref().unwrap_or("main").trim().to_string();
    if !plain(&branch) {
        diags.error(&CmsError::BadValue("branch", branch.clone()), at());
    }
    let url = |key: &'static str, v: &Option<String>, diags: &mut Diagnostics| {
        v.as_ref().and_then(|u| {
            let c = clean_url(u);
            if c.is_none() {
                diags.error(&CmsError::BadUrl(key, u.clone()), at());
            }
            c
        })
    };
    let forge = url("forge_url", &s.forge_url, diags);
    let auth = url("auth_url", &s.auth_url, diags);
    let app_id = s.app_id.as_ref().map(|a| a.trim().to_string());
    if let Some(a) = &app_id
        && !plain(a)
    {
        diags.error(&CmsError::BadValue("app_id", a.clone()), at());
    }
    let workflow = s.editorial_workflow.unwrap_or(false);
    let (api_root, login_url) = endpoints(
        backend,
        forge.as_deref(),
        auth,
        app_id.as_deref(),
        workflow,
        at(),
        diags,
    );
    if diags.error_count() > before {
        return None;
    }
    let mut connect: Vec<String> = api_root
        .iter()
        .chain(&login_url)
        .map(|u| origin(u))
        .collect();
    connect.sort();
    connect.dedup();
    Some(Cms {
        backend,
        repo,
        branch,
        api_root,
        login_url,
        app_id,
        editorial_workflow: workflow,
        connect,
    })
}

/// `repo:` is `owner/name` (plain names, no `.` or `..`); every backend but git-gateway needs it.
fn check_repo(repo: Option<&str>, backend: Backend, at: Location, diags: &mut Diagnostics) {
    if let Some(r) = repo {
        let parts: Vec<&str> = r.split('/').collect();
        if parts.len() < 2 || parts.iter().any(|p| !plain(p) || *p == "." || *p == "..") {
            diags.error(&CmsError::BadRepo(r.to_string()), at);
        }
    } else if backend != Backend::GitGateway {
        diags.error(&CmsError::NoRepo(backend.name()), at);
    }
}

/// The backend's API root and login address, from the forge's address (or the backend's
/// public one); what a backend needs and lacks goes to `diags`.
fn endpoints(
    backend: Backend,
    forge: Option<&str>,
    auth: Option<String>,
    app_id: Option<&str>,
    workflow: bool,
    at: Location,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<String>) {
    match backend {
        Backend::GitGateway => (None, None),
        Backend::Github => (
            Some(forge.map_or("https://api.github.com".to_string(), |f| {
                format!("{f}/api/v3")
            })),
            auth,
        ),
        Backend::Gitlab => {
            let f = forge.map_or_else(|| "https://gitlab.com".to_string(), str::to_string);
            if app_id.is_none() {
                diags.error(&CmsError::NoAppId("gitlab"), at);
            }
            (Some(format!("{f}/api/v4")), Some(f))
        }
        Backend::Gitea | Backend::Forgejo => {
            if workflow && backend == Backend::Gitea {
                diags.error(&CmsError::NoWorkflow, at.clone());
            }
            if app_id.is_none() {
                diags.error(&CmsError::NoAppId(backend.name()), at.clone());
            }
            match forge {
                Some(f) => (Some(format!("{f}/api/v1")), Some(f.to_string())),
                None => {
                    diags.error(&CmsError::NoForge(backend.name()), at);
                    (None, None)
                }
            }
        }
    }
}

/// Warns once when pages are written `PATH.md`: Decap reads and writes `PATH.LANG.md` for the
/// default language too, so it would not show them (and would write a second file).
pub fn check_layout(site: &Site, diags: &mut Diagnostics) {
    let code = &site.config.default_lang().code;
    let suffix = format!(".{code}.md");
    let unsuffixed = site
        .pages
        .iter()
        .filter_map(|p| p.versions[site.config.default_language].as_ref())
        .filter(|v| !v.file.to_string_lossy().ends_with(&suffix))
        .count();
    if unsuffixed > 0 {
        diags.warning(
            &CmsError::Layout(unsuffixed, code.clone()),
            Location::file(crate::config::CONFIG_FILE),
        );
    }
}

/// The part of `admin/`'s policy that servers send as a header (deploy/nginx/admin-headers.conf,
/// deploy/Caddyfile): what never depends on the site, plus `frame-ancestors`, which a meta tag
/// cannot carry. The page's meta tag (`csp`) adds the rest, with the forge's address.
pub const ADMIN_HEADER_CSP: &str = "script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/// The Content-Security-Policy of `admin/`: what Decap needs and no more (the browser test
/// reports any violation). Decap's styles are made at run time (CSS-in-JS: inline `<style>`),
/// it does not start without `unsafe-eval` (its configuration is checked with compiled schemas),
/// and it shows an uploaded image from a `blob:` address until it is committed. It connects to
/// the forge's API only. `local` adds Decap's local backend on this computer (`senda serve`).
pub fn csp(cms: &Cms, local: Option<u16>) -> String {
    let mut connect = vec!["'self'".to_string()];
    connect.extend(cms.connect.iter().cloned());
    if let Some(port) = local {
        connect.push(format!("http://127.0.0.1:{port}"));
        connect.push(format!("http://localhost:{port}"));
    }
    format!(
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob:; font-src 'self'; connect-src {}; manifest-src 'none'; object-src 'none'; base-uri 'self'; form-action 'none'",
        connect.join(" ")
    )
}

/// What `admin/senda-cms.js` needs to know about the site (read from the page, not from code).
fn settings_json(loaded: &Parts) -> String {
    let site = &loaded.site;
    let collections: Vec<String> = sections(site)
        .into_iter()
        .map(|(name, _, _)| name)
        .collect();
    let languages: serde_json::Map<String, serde_json::Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            (
                l.code.clone(),
                serde_json::json!({"name": l.name, "dir": l.dir.as_str()}),
            )
        })
        .collect();
    let style = loaded.assets.resolve("/style.css").to_string();
    let json = serde_json::json!({
        "default_locale": site.config.default_lang().code,
        "languages": languages,
        "collections": collections,
        "style": format!("..{style}"),
    });
    // Safe inside <script type="application/json">: no `</` can close it.
    json.to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// `admin/index.html`: only files of `admin/`, no inline script, its own CSP, not indexed.
pub fn index_html(loaded: &Parts, cms: &Cms, local: Option<u16>) -> String {
    let lang = &loaded.site.config.default_lang().code;
    let csp = crate::html::escape(&csp(cms, local));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Web editor</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n<script type=\"application/json\" id=\"senda-settings\">{}</script>\n<script src=\"senda-cms.js\"></script>\n<script src=\"decap-cms.js\"></script>\n</head>\n<body>\n<noscript>The web editor needs JavaScript.</noscript>\n</body>\n</html>\n",
        settings_json(loaded),
        lang = crate::html::escape(lang),
    )
}

/// The bundle's files to publish: the main script, its chunks, WebAssembly and the licence
/// (not the source maps, 25 MB that nobody needs).
fn bundle_files(root: &Path) -> Result<Vec<(String, PathBuf)>, CmsError> {
    let dir = root.join(BUNDLE_DIR);
    let main = dir.join("decap-cms.js");
    if !main.is_file() {
        return Err(CmsError::NoBundle(crate::diag::display_path(
            &Path::new(BUNDLE_DIR).join("decap-cms.js"),
        )));
    }
    // Inputs never leave the site's folder, symbolic links included.
    let canonical_root = root
        .canonicalize()
        .map_err(|e| CmsError::Unreadable(e.to_string()))?;
    let canonical = dir
        .canonicalize()
        .map_err(|e| CmsError::Unreadable(e.to_string()))?;
    if !canonical.starts_with(&canonical_root) {
        return Err(CmsError::Unreadable(format!(
            "{BUNDLE_DIR} points outside the site's folder"
        )));
    }
    let mut files = Vec::new();
    let entries = std::fs::read_dir(&canonical).map_err(|e| CmsError::Unreadable(e.to_string()))?;
    for entry in entries {
        let entry = entry.map_err(|e| CmsError::Unreadable(e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = name == "decap-cms.js"
            || name == "decap-cms.js.LICENSE.txt"
            || (name.ends_with(".decap-cms.js")
                && name
                    .trim_end_matches(".decap-cms.js")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric()))
            || (name.ends_with(".wasm")
                && name
                    .trim_end_matches(".wasm")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric()));
        let path = entry.path();
        let inside = path
            .canonicalize()
            .is_ok_and(|p| p.starts_with(&canonical_root));
        if wanted && inside && path.is_file() {
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

/// Every file of `admin/`; none (and an error in `diags`) when the bundle is missing.
pub fn admin_files(
    loaded: &Parts,
    cms: &Cms,
    local: Option<u16>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let bundle = match bundle_files(&loaded.site.root) {
        Ok(b) => b,
        Err(e) => {
            diags.error(&e, Location::file(crate::config::CONFIG_FILE));
            return Vec::new();
        }
    };
    let mut files = vec![
        OutputFile::bytes(
            format!("{ADMIN_DIR}/index.html"),
            index_html(loaded, cms, local).into_bytes(),
        ),
        OutputFile::bytes(
            format!("{ADMIN_DIR}/config.yml"),
            config_yml(loaded, cms, &crate::content::FRONT_MATTER_SCHEMA, local).into_bytes(),
        ),
        OutputFile::bytes(
            format!("{ADMIN_DIR}/senda-cms.js"),
            SENDA_CMS_JS.as_bytes().to_vec(),
        ),
    ];
    for (name, path) in bundle {
        files.push(OutputFile {
            path: format!("{ADMIN_DIR}/{name}"),
            content: Content::Copy(path),
            source: None,
        });
    }
    files
}

/// What `senda serve` shows at /admin/ when the bundle is not installed.
fn missing_page(e: &CmsError) -> String {
    let help = e.help().unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Web editor</title></head>\n<body>\n<h1>The web editor is not installed</h1>\n<p>{}</p>\n<p>{}</p>\n</body>\n</html>\n",
        crate::html::escape(&e.to_string()),
        crate::html::escape(&help)
    )
}

/// One file of `admin/` for `senda serve` (`rest` is the path inside `admin/`).
pub fn serve_file(loaded: &Parts, cms: &Cms, rest: &str, local: u16) -> Option<Vec<u8>> {
    match rest {
        "" | "index.html" => Some(match bundle_files(&loaded.site.root) {
            Ok(_) => index_html(loaded, cms, Some(local)).into_bytes(),
            Err(e) => missing_page(&e).into_bytes(),
        }),
        "config.yml" => Some(
            config_yml(
                loaded,
                cms,
                &crate::content::FRONT_MATTER_SCHEMA,
                Some(local),
            )
            .into_bytes(),
        ),
        "senda-cms.js" => Some(SENDA_CMS_JS.as_bytes().to_vec()),
        name => {
            let files = bundle_files(&loaded.site.root).ok()?;
            let (_, path) = files.into_iter().find(|(n, _)| n == name)?;
            std::fs::read(path).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::config::*;
    use super::*;

    #[test]
    fn yaml_is_block_style_and_quoted() {
        let y = m(vec![
            ("a", s("x: \"y\"\n")),
            (
                "b",
                Y::L(vec![s("one"), m(vec![("c", Y::B(true)), ("d", Y::I(3))])]),
            ),
            ("e", Y::L(vec![])),
        ]);
        let mut out = String::new();
        emit(&mut out, &y, 0);
        assert_eq!(
            out,
            "a: \"x: \\\"y\\\"\\n\"\nb:\n  - \"one\"\n  - c: true\n    d: 3\ne: []\n"
        );
    }

    #[test]
    fn every_schema_key_is_a_field_and_a_new_one_too() {
        let none = Y::L(Vec::new());
        let mut keys = crate::content::FRONT_MATTER_SCHEMA.keys.to_vec();
        keys.push(("audience", "a list, like [adults]"));
        keys.push(("verified", "true or false"));
        let schema = Schema { keys: &keys };
        let mut out = String::new();
        emit(&mut out, &page_fields(&schema, &none, &none), 0);
        for (key, _) in &keys {
            let line = format!("- label: \"{}\"\n  name: \"{key}\"\n", label_of(key));
            assert_eq!(
                out.contains(&line),
                !NOT_IN_FORM.contains(key),
                "{key} in:\n{out}"
            );
        }
        assert!(
            out.contains("  name: \"audience\"\n  widget: \"list\"\n"),
            "{out}"
        );
        // Decap refuses a list whose `i18n` is not a boolean.
        for list in out
            .split("- label: ")
            .filter(|f| f.contains("widget: \"list\""))
        {
            assert!(list.contains("i18n: true\n"), "{list}");
        }
        assert!(
            out.contains("  name: \"verified\"\n  widget: \"boolean\"\n"),
            "{out}"
        );
        assert!(
            out.contains("  name: \"body\"\n  widget: \"markdown\"\n"),
            "{out}"
        );
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            clean_url("https://git.example.org/").as_deref(),
            Some("https://git.example.org")
        );
        assert_eq!(clean_url("http://git.example.org"), None);
        assert_eq!(
            clean_url("http://localhost:3000").as_deref(),
            Some("http://localhost:3000")
        );
        assert_eq!(clean_url("https://a.org/'; script-src *"), None);
        assert_eq!(clean_url("https://"), None);
        assert_eq!(
            origin("https://git.example.org/api/v1"),
            "https://git.example.org"
        );
    }
}
