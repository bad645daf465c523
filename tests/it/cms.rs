//! The web editor (Decap CMS in admin/): the generated configuration, the layout Decap writes
//! (`PATH.es.md`, empty translation stubs), what is published and what is not, the servers'
//! policies, and the browser test (tests/browser/cms.mjs): an editor working through
//! `senda serve` and Decap's local backend on a temporary git repository, then the published
//! editor served by nginx.
//!
//! The Decap bundle comes from cms/ (`npm ci --prefix cms`, installed here when missing). Tests
//! that need it are skipped without npm, unless SENDA_REQUIRE_BROWSER=1 (CI), where they fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use senda::Diagnostics;

use crate::browser::{Nginx, free_port, open_up, run_with_limit, servers, tools};
use crate::common::*;

/// The repository's cms/node_modules, installed once (`npm ci`) when missing. `None` when it
/// cannot be (no npm), unless SENDA_REQUIRE_BROWSER=1.
fn decap() -> Option<PathBuf> {
    static ONCE: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = repo().join("cms");
        let modules = dir.join("node_modules");
        let ready = |m: &Path| {
            m.join("decap-cms/dist/decap-cms.js").is_file()
                && m.join("decap-server/dist/index.js").is_file()
        };
        if ready(&modules) {
            return Some(modules);
        }
        let Some(npm) = find_program("npm") else {
            if std::env::var("SENDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("SENDA_REQUIRE_BROWSER=1 but npm is missing: cms/ cannot be installed");
            }
            eprintln!("skipping the web editor's tests: npm not found (needed for cms/)");
            return None;
        };
        let (ok, log) = run_with_limit(
            Command::new(npm)
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .current_dir(&dir),
            Duration::from_secs(540),
        );
        assert!(ok, "npm ci in cms/ failed:\n{log}");
        assert!(ready(&modules), "npm ci did not install Decap CMS");
        Some(modules)
    })
    .clone()
}

/// The fixture site edited with the web editor, with Decap's bundle installed in it.
fn cms_site(modules: &Path) -> Site {
    let site = Site::fixture("cms");
    let dist = site.root().join(senda::BUNDLE_DIR);
    copy_dir(&modules.join("decap-cms/dist"), &dist);
    // The source maps are not needed (25 MB each).
    for e in std::fs::read_dir(&dist).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "map") {
            std::fs::remove_file(p).unwrap();
        }
    }
    site
}

fn loaded(site: &Site) -> senda::Loaded {
    let mut diags = Diagnostics::new();
    let loaded = load(site.root(), &mut diags).expect("the site loads");
    assert!(!diags.has_errors(), "{:?}", diags.into_vec());
    loaded
}

fn yaml(text: &str) -> serde_json::Value {
    serde_saphyr::from_str::<serde_json::Value>(text).expect("config.yml is YAML")
}

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_config_lists_every_section_language_and_field() {
    let site = Site::fixture("cms");
    let loaded = loaded(&site);
    let settings = loaded.site.config.cms.clone().unwrap();
    let text = senda::config_yml(
        &(&loaded).into(),
        &settings,
        &senda::FRONT_MATTER_SCHEMA,
        None,
    );
    // Byte-stable: the same site gives the same file.
    assert_eq!(
        text,
        senda::config_yml(
            &(&self::loaded(&site)).into(),
            &settings,
            &senda::FRONT_MATTER_SCHEMA,
            None
        )
    );
    let config = yaml(&text);

    assert_eq!(config["backend"]["name"], "gitea");
    assert_eq!(config["backend"]["repo"], "ngo/hub");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(
        config["backend"]["api_root"],
        "https://git.example.org/api/v1"
    );
    assert_eq!(config["backend"]["app_id"], "0b5d7f0e-senda-fixture");
    assert!(config.get("local_backend").is_none(), "only for serve");
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["default_locale"], "es");
    assert_eq!(
        config["i18n"]["locales"],
        serde_json::json!(["es", "en", "fr", "ht"])
    );

    // One folder collection per section (and the home page's folder), then the directory.
    let collections = &config["collections"];
    assert_eq!(
        names(collections),
        ["home", "directory", "rights", "services-directory"]
    );
    let folders: Vec<&str> = collections
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["folder"].as_str())
        .collect();
    assert_eq!(folders, ["content", "content/directory", "content/rights"]);
    let mut expected: Vec<String> = senda::FRONT_MATTER_SCHEMA
        .keys
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !senda::NOT_IN_FORM.contains(&k.as_str()))
        .collect();
    expected.push("body".into());
    for c in collections.as_array().unwrap().iter().take(3) {
        assert_eq!(c["i18n"], true);
        assert_eq!(c["format"], "yaml-frontmatter");
        assert_eq!(c["extension"], "md");
        assert_eq!(names(&c["fields"]), expected, "{}", c["name"]);
        let field = |name: &str| {
            c["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == name)
                .unwrap()
                .clone()
        };
        assert_eq!(field("title")["i18n"], true);
        assert!(
            field("title").get("required").is_none(),
            "title is required"
        );
        assert_eq!(field("weight")["i18n"], "duplicate");
        assert_eq!(field("review_by")["widget"], "senda-date");
        assert_eq!(field("review_by")["ahead_days"], 365);
        assert_eq!(field("source_hash")["widget"], "senda-source-hash");
        assert_eq!(field("body")["widget"], "markdown");
        // Tags and countries: the UI strings' keys, labelled in the default language.
        let tags = field("tags");
        assert_eq!(tags["widget"], "select");
        assert_eq!(tags["multiple"], true);
        let tag_values: Vec<&str> = tags["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap())
            .collect();
        let fluent: Vec<String> = loaded.i18n.messages[loaded.site.config.default_language]
            .keys()
            .filter_map(|k| k.strip_prefix("tag-").map(str::to_string))
            .collect();
        assert_eq!(tag_values, fluent);
        assert!(tag_values.contains(&"asylum"));
        assert!(
            field("countries")["options"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["value"] == "mx" && o["label"] == "México (mx)")
        );
    }
    assert_eq!(collections[2]["label"], "Tus derechos");

    // The directory: its file, and fields that follow the validator.
    let dir = &collections[3]["files"][0];
    assert_eq!(dir["file"], "data/services.yaml");
    let entry = &dir["fields"][0]["fields"];
    assert_eq!(
        names(entry),
        [
            "id",
            "name",
            "kind",
            "country",
            "city",
            "address",
            "phones",
            "hours",
            "services",
            "languages",
            "cost",
            "last_verified",
            "example",
            "notes"
        ]
    );
    let kinds: Vec<&str> = entry[2]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(kinds, senda::DIRECTORY_KINDS);
    assert_eq!(entry[6]["field"]["pattern"][0], senda::PHONE_PATTERN);
    assert_eq!(names(&entry[13]["fields"]), ["es", "en", "fr", "ht"]);

    // A key added to the front-matter schema gets a field, with a widget from its type.
    let mut keys = senda::FRONT_MATTER_SCHEMA.keys.to_vec();
    keys.push(("audience", "a list, like [adults, children]"));
    keys.push(("expires", "a date like 2026-05-31"));
    let schema = senda::Schema { keys: &keys };
    let more = yaml(&senda::config_yml(
        &(&loaded).into(),
        &settings,
        &schema,
        None,
    ));
    let fields = &more["collections"][2]["fields"];
    let audience = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "audience")
        .expect("the new key is in the form");
    assert_eq!(audience["widget"], "list");
    assert_eq!(audience["required"], false);
    let expires = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "expires")
        .unwrap();
    assert_eq!(expires["widget"], "senda-date");

    // For serve: Decap's local backend.
    let local = yaml(&senda::config_yml(
        &(&loaded).into(),
        &settings,
        &senda::FRONT_MATTER_SCHEMA,
        Some(8099),
    ));
    assert_eq!(
        local["local_backend"]["url"],
        "http://127.0.0.1:8099/api/v1"
    );
    assert!(senda::cms_csp(&settings, Some(8099)).contains(
        "connect-src 'self' https://git.example.org http://127.0.0.1:8099 http://localhost:8099;"
    ));
    assert!(!senda::cms_csp(&settings, None).contains("127.0.0.1"));
}

#[test]
fn cms_settings_are_checked() {
    let cases: &[(&str, &str)] = &[
        ("{ backend: svn }", "cms.backend `svn` is unknown"),
        (
            "{ backend: github }",
            "cms.repo is required for the github backend",
        ),
        (
            "{ backend: github, repo: \"../x\" }",
            "cms.repo must be written owner/name",
        ),
        (
            "{ backend: gitea, repo: a/b, app_id: x }",
            "cms.forge_url is required for the gitea backend",
        ),
        (
            "{ backend: gitea, repo: a/b, app_id: x, forge_url: https://git.example.org, editorial_workflow: true }",
            "cannot run the editorial workflow with Gitea",
        ),
        (
            "{ backend: forgejo, repo: a/b, forge_url: https://git.example.org }",
            "cms.app_id is required for the forgejo backend",
        ),
        (
            "{ backend: gitlab, repo: a/b, app_id: x, forge_url: \"https://x.org; script-src *\" }",
            "cms.forge_url must be an https address",
        ),
        (
            "{ backend: github, repo: a/b, auth_url: \"http://auth.example.org\" }",
            "cms.auth_url must be an https address",
        ),
        (
            "{ backend: github, repo: a/b, brnach: main }",
            "unknown key `brnach`",
        ),
    ];
    for (cms, message) in cases {
        let site = Site::fixture("cms");
        let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        let start = yaml.find("cms:").unwrap();
        site.write("site.yaml", &format!("{}cms: {cms}\n", &yaml[..start]));
        let out = site.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{cms}");
        assert!(stderr(&out).contains(message), "{cms}: {}", stderr(&out));
    }
    // Forgejo runs the editorial workflow.
    let site = Site::fixture("cms");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let start = yaml.find("cms:").unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{}cms: {{ backend: forgejo, repo: ngo/hub, forge_url: https://codeberg.org, app_id: x, editorial_workflow: true }}\n",
            &yaml[..start]
        ),
    );
    let loaded = loaded(&site);
    let settings = loaded.site.config.cms.clone().unwrap();
    let config = yaml_value(&senda::config_yml(
        &(&loaded).into(),
        &settings,
        &senda::FRONT_MATTER_SCHEMA,
        None,
    ));
    assert_eq!(config["backend"]["name"], "forgejo");
    assert_eq!(config["publish_mode"], "editorial_workflow");
}

fn yaml_value(text: &str) -> serde_json::Value {
    yaml(text)
}

#[test]
fn without_the_bundle_the_build_says_which_command_to_run() {
    let site = Site::fixture("cms");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[cms-bundle-missing]"), "{err}");
    assert!(err.contains("npm ci --prefix cms"), "{err}");
    assert!(!site.public().exists(), "nothing is written");
}

/// The fixture without its `cms:` block (no bundle needed), for the layout rules.
fn layout_site() -> Site {
    let site = Site::fixture("cms");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let start = yaml.find("cms:").unwrap();
    site.write("site.yaml", &yaml[..start]);
    site
}

#[test]
fn the_default_language_may_be_written_with_its_suffix_but_not_twice() {
    let site = layout_site();
    site.write(
        "content/rights/work.es.md",
        "---\ntitle: Trabajo\n---\nVer [el asilo](@/rights/asylum.md) y [en español](@/rights/asylum.es.md).\n",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    let doc = site.html("es/rights/work/index.html");
    assert_eq!(text(&doc, "h1"), "Trabajo");
    let links = attrs(&doc, "article .content a", "href");
    assert_eq!(links, ["../asylum/index.html", "../asylum/index.html"]);
    // The English page exists (the fallback), the Spanish one is the source.
    let en = site.html("en/rights/asylum/index.html");
    assert_eq!(text(&en, "h1"), "Asylum");

    // Both names for the same page: an error naming both files.
    site.write(
        "content/rights/work.md",
        "---\ntitle: Otro trabajo\n---\nTexto.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("two files are the same page in the same language: content/rights/work.es.md and content/rights/work.md")
            || err.contains("two files are the same page in the same language: content/rights/work.md and content/rights/work.es.md"),
        "{err}"
    );

    // `senda new` knows both names.
    std::fs::remove_file(site.root().join("content/rights/work.md")).unwrap();
    let out = site.run(&["new", "rights/work.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/rights/work.es.md"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&["new", "rights/work.md", "--lang", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = std::fs::read_to_string(site.root().join("content/rights/work.fr.md")).unwrap();
    let source = std::fs::read_to_string(site.root().join("content/rights/work.es.md")).unwrap();
    let body = &source[source.rfind("---\n").unwrap() + 4..];
    assert!(
        fr.contains(&format!("source_hash: \"{}\"", senda::source_hash(body))),
        "{fr}"
    );
}

#[test]
fn an_empty_translation_stub_counts_as_missing() {
    let site = layout_site();
    // What a web editor may leave: an empty file, or copied fields with no title and no text.
    site.write("content/rights/asylum.fr.md", "");
    site.write(
        "content/rights/asylum.ht.md",
        "---\ntitle: \"\"\nweight: 10\ntags: [asylum]\nreview_by: 2027-06-30\n---\n",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("warning[empty-translation]").count(),
        2,
        "{err}"
    );
    assert!(err.contains("--> content/rights/asylum.fr.md"), "{err}");
    assert!(err.contains("--> content/rights/asylum.ht.md"), "{err}");

    // Readers get the fallback chain (ht → fr → es): the Spanish text, with the notice.
    site.build();
    for lang in ["fr", "ht"] {
        let doc = site.html(&format!("{lang}/rights/asylum/index.html"));
        assert_eq!(text(&doc, "h1"), "El asilo", "{lang}");
        assert_eq!(
            attr(&doc, "article .content", "lang").as_deref(),
            Some("es"),
            "{lang}"
        );
        let hreflangs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
        assert!(
            !hreflangs.contains(&lang.to_string()),
            "{lang}: {hreflangs:?}"
        );
    }
    // `status` counts them as missing, with the file to write.
    let out = site.run(&["status", "--lang", "ht"]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        report.contains("missing   content/rights/asylum.ht.md"),
        "{report}"
    );
    assert!(!report.contains("asylum.es.ht.md"), "{report}");
}

#[test]
fn the_published_site_has_the_editor_and_nothing_else_knows_it() {
    let Some(modules) = decap() else { return };
    let site = cms_site(&modules);
    let out = site.build();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !err.contains("cms-layout"),
        "the fixture is written PATH.LANG.md: {err}"
    );

    // admin/: the page, its configuration, senda's script and Decap's files, nothing else.
    let admin = site.public().join("admin");
    let mut files: Vec<String> = std::fs::read_dir(&admin)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for f in [
        "index.html",
        "config.yml",
        "senda-cms.js",
        "decap-cms.js",
        "decap-cms.js.LICENSE.txt",
    ] {
        assert!(files.contains(&f.to_string()), "{f}: {files:?}");
    }
    assert!(files.iter().all(|f| !f.ends_with(".map")), "{files:?}");
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(admin.join(f)).unwrap().len())
        .sum();
    println!(
        "admin/: {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );

    let doc = site.html("admin/index.html");
    assert_eq!(
        attr(&doc, "meta[name=robots]", "content").as_deref(),
        Some("noindex, nofollow")
    );
    let csp = attr(&doc, "meta[http-equiv=Content-Security-Policy]", "content").unwrap();
    assert_eq!(csp, senda::cms_csp(site_cms(&site).as_ref().unwrap(), None));
    assert!(
        csp.contains("connect-src 'self' https://git.example.org;"),
        "{csp}"
    );
    let scripts = attrs(&doc, "script[src]", "src");
    assert_eq!(scripts, ["senda-cms.js", "decap-cms.js"]);
    assert!(
        doc.select(&sel("script:not([src])"))
            .all(|s| s.value().attr("type") == Some("application/json")),
        "no inline script"
    );
    let settings: serde_json::Value = serde_json::from_str(&text(&doc, "#senda-settings")).unwrap();
    let style = settings["style"].as_str().unwrap();
    assert!(
        site.public()
            .join(style.trim_start_matches("../"))
            .is_file(),
        "{style}"
    );
    // The bundle loads nothing from elsewhere: no address of a CDN or font service in it.
    let bundle = std::fs::read_to_string(admin.join("decap-cms.js")).unwrap();
    for cdn in [
        "unpkg.com",
        "jsdelivr",
        "cdnjs",
        "fonts.googleapis",
        "fonts.gstatic",
    ] {
        assert!(!bundle.contains(cdn), "{cdn} in the bundle");
    }

    // Not in the sitemap, the search indexes, the offline lists; the worker leaves it alone.
    assert!(!site.read("sitemap.xml").contains("admin"));
    for lang in ["es", "en", "fr", "ht"] {
        assert!(
            !site.read(&format!("{lang}/offline.json")).contains("admin"),
            "{lang}"
        );
        let index = std::fs::read_dir(site.public().join(lang))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("search.")
            })
            .unwrap();
        assert!(!std::fs::read_to_string(index).unwrap().contains("admin/"));
    }
    assert!(
        site.read("sw.js")
            .contains("if (url.href.startsWith(ROOT + \"admin/\")) return;")
    );
    // _headers: its own policy, after the readers' one.
    let headers = site.read("_headers");
    let rule = headers.find("/admin/*\n").expect("an /admin/* rule");
    assert!(rule > headers.find("/*\n").unwrap());
    assert!(headers[rule..].contains(&format!(
        "  Content-Security-Policy: {csp}; frame-ancestors 'none'\n"
    )));
    assert!(headers[rule..].contains("  X-Robots-Tag: noindex, nofollow\n"));

    // Byte-stable: a second build writes the same editor.
    let first = snapshot(&admin);
    site.build();
    assert_eq!(first, snapshot(&admin));

    // Not on kiosks.
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.root().join("public-kiosk/admin").exists());
}

fn site_cms(site: &Site) -> Option<senda::Cms> {
    loaded(site).site.config.cms.clone()
}

#[test]
fn pages_written_without_the_suffix_are_reported_to_cms_sites() {
    let Some(modules) = decap() else { return };
    let site = cms_site(&modules);
    std::fs::rename(
        site.root().join("content/rights/asylum.es.md"),
        site.root().join("content/rights/asylum.md"),
    )
    .unwrap();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning[cms-layout]: 1 page(s) are written PATH.md: the web editor only sees pages written PATH.es.md"),
        "{err}"
    );
}

#[test]
fn the_servers_send_the_editors_own_policy() {
    let nginx = std::fs::read_to_string(repo().join("deploy/nginx/admin-headers.conf")).unwrap();
    assert!(nginx.contains(&format!(
        "add_header Content-Security-Policy \"{}\" always;",
        senda::ADMIN_HEADER_CSP
    )));
    let conf = std::fs::read_to_string(repo().join("deploy/nginx/senda.conf")).unwrap();
    assert!(conf.contains("location ^~ /admin/ {\n        include admin-headers.conf;"));
    let caddy = std::fs::read_to_string(repo().join("deploy/Caddyfile")).unwrap();
    assert!(caddy.contains(&format!(
        "\t\tContent-Security-Policy \"{}\"",
        senda::ADMIN_HEADER_CSP
    )));
    assert!(caddy.contains("@site not path /admin/*"));
    // The header never allows what the page's own policy does not.
    let site = Site::fixture("cms");
    let page = senda::cms_csp(site_cms(&site).as_ref().unwrap(), None);
    for directive in senda::ADMIN_HEADER_CSP.split("; ") {
        if !directive.starts_with("frame-ancestors") {
            assert!(page.contains(directive), "{directive} is not in {page}");
        }
    }
}

#[test]
fn serve_serves_the_editor_for_the_local_backend() {
    // Without the bundle: a page that says what to run.
    let site = Site::fixture("cms");
    let server = Server::start(&site, &["--cms-port", "8099"]);
    let (status, body) = server.get("/admin/");
    assert_eq!(status, 200);
    assert!(body.contains("npm ci --prefix cms"), "{body}");
    // The configuration lets Decap find its local backend on that port, and only there.
    let (status, config) = server.get("/admin/config.yml");
    assert_eq!(status, 200);
    let config = yaml(&config);
    assert_eq!(
        config["local_backend"]["url"],
        "http://127.0.0.1:8099/api/v1"
    );
    assert_eq!(config["site_url"], server.base.as_str());
    let (_, js) = server.get("/admin/senda-cms.js");
    assert!(js.contains("window.CMS_MANUAL_INIT = true;"));
    let (status, _) = server.get("/admin/decap-cms.js");
    assert_eq!(status, 404);
    drop(server);

    // With it: the editor's page, with the local backend in its policy and no live reload.
    let Some(modules) = decap() else { return };
    let site = cms_site(&modules);
    let server = Server::start(&site, &["--cms-port", "8099"]);
    let (status, body) = server.get("/admin/");
    assert_eq!(status, 200);
    let doc = scraper::Html::parse_document(&body);
    let csp = attr(&doc, "meta[http-equiv=Content-Security-Policy]", "content").unwrap();
    assert!(
        csp.contains("connect-src 'self' https://git.example.org http://127.0.0.1:8099 http://localhost:8099;"),
        "{csp}"
    );
    assert!(!body.contains("__senda"), "no live reload in the editor");
    let (status, bundle) = server.get("/admin/decap-cms.js");
    assert_eq!(status, 200);
    assert!(bundle.len() > 1_000_000);
    // The readers' pages still reload by themselves.
    let (_, page) = server.get("/es/");
    assert!(page.contains("/__senda/live.js"));
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_editor_writes_and_translates_a_page_in_the_browser() {
    let Some(tools) = tools() else { return };
    let Some(modules) = decap() else { return };
    ensure_node_modules();
    assert!(
        find_program("git").is_some(),
        "git is needed for Decap's local backend"
    );

    // The fixture site in a temporary git repository, as an editor's clone would be.
    let site = cms_site(&modules);
    site.write(".gitignore", "public/\npublic-kiosk/\ncms/node_modules/\n");
    git(site.root(), &["init", "-q", "-b", "main"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-q", "-m", "The fixture hub"]);

    // Decap's local backend on loopback, in git mode (each save is a commit).
    let port = free_port();
    let log = std::fs::File::create(site.root().join("decap-server.log")).unwrap();
    let backend = Killed(
        Command::new(&tools.node)
            .arg(modules.join("decap-server/dist/index.js"))
            .env("MODE", "git")
            .env("GIT_REPO_DIRECTORY", site.root())
            .env("PORT", port.to_string())
            .env("BIND_HOST", "127.0.0.1")
            .env("GIT_AUTHOR_NAME", "Editor")
            .env("GIT_AUTHOR_EMAIL", "editor@example.org")
            .env("GIT_COMMITTER_NAME", "Editor")
            .env("GIT_COMMITTER_EMAIL", "editor@example.org")
            .current_dir(site.root())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("decap-server starts"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "decap-server did not listen: {}",
            std::fs::read_to_string(site.root().join("decap-server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let serve = Server::start(&site, &["--cms-port", &port.to_string()]);

    // The published site (built before any edit), served by nginx as documented.
    let work = tempfile::tempdir().unwrap();
    open_up(work.path());
    let public = work.path().join("public");
    let out = site.run(&["build", "--output", public.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let nginx_dir = work.path().join("nginx");
    std::fs::create_dir_all(&nginx_dir).unwrap();
    let Some(servers) = servers() else { return };
    let nginx = Nginx::start(&servers, &nginx_dir, &public);

    // Phone numbers as the validator judges them, for the editor's pattern to be checked with
    // the browser's own regular expressions.
    let numbers = [
        "+52 962 000 0000",
        "911",
        "089",
        "+502 7776 0000",
        "+1 (555) 010-0000",
        "+0 12",
        "+52 12",
        "1",
        "1234567",
        "12-34",
        "+52 962 000 0000 ext 1",
        "+",
        "",
        "tel:911",
        "+123456789012345",
        "+1234567890123456",
    ];
    let phones: Vec<serde_json::Value> = numbers
        .iter()
        .map(|n| serde_json::json!([n, senda::tel_uri(n).is_some()]))
        .collect();
    let phones_file = work.path().join("phones.json");
    std::fs::write(
        &phones_file,
        serde_json::json!({"pattern": senda::PHONE_PATTERN, "cases": phones}).to_string(),
    )
    .unwrap();

    let mut cmd = Command::new(&tools.node);
    cmd.arg(repo().join("tests/browser/cms.mjs"))
        .arg("--phones")
        .arg(&phones_file)
        .arg("--base")
        .arg(format!("{}/", serve.base))
        .arg("--site")
        .arg(site.root())
        .arg("--published")
        .arg(format!("http://127.0.0.1:{}/", nginx.port))
        .env("CHROMIUM", &tools.chromium)
        .current_dir(repo().join("tests/browser"));
    cmd.arg("--shots").arg(screenshots_dir());
    let (ok, log) = run_with_limit(&mut cmd, Duration::from_secs(300));
    println!("{log}");
    assert!(
        ok,
        "web editor checks failed:\n{}\n\ndecap-server:\n{}\nnginx:\n{}",
        log.lines()
            .filter(|l| l.starts_with('✗') || l.contains("Error"))
            .collect::<Vec<_>>()
            .join("\n"),
        std::fs::read_to_string(site.root().join("decap-server.log")).unwrap_or_default(),
        nginx.logs()
    );
    drop(backend);
    drop(serve);

    // Each save is a commit of the files senda expects.
    let history = git(site.root(), &["log", "--format=%s", "--name-only"]);
    assert!(
        history.contains("content/rights/trabajar-en-mexico.es.md"),
        "{history}"
    );
    assert!(
        history.contains("content/rights/trabajar-en-mexico.ht.md"),
        "{history}"
    );
    assert!(history.contains("data/services.yaml"), "{history}");

    // Valid front matter, as senda reads it; the translation records its source.
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap();
    let es_text = read("content/rights/trabajar-en-mexico.es.md");
    let es = senda::parse_front_matter(&es_text).unwrap();
    assert_eq!(es.title, "Trabajar en México");
    assert_eq!(es.weight, Some(30));
    assert_eq!(es.tags.as_deref(), Some(&["asylum".to_string()][..]));
    assert_eq!(es.countries.as_deref(), Some(&["mx".to_string()][..]));
    assert!(es.review_by.is_some());
    assert!(es.source_hash.is_none(), "the source records no hash");
    let ht_text = read("content/rights/trabajar-en-mexico.ht.md");
    let ht = senda::parse_front_matter(&ht_text).unwrap();
    assert_eq!(ht.title, "Travay nan Meksik");
    assert_eq!(ht.tags, es.tags);
    assert_eq!(ht.review_by, es.review_by);
    let body = &es_text[es_text.rfind("---\n").unwrap() + 4..];
    assert_eq!(
        ht.source_hash.as_deref(),
        Some(senda::source_hash(body).as_str()),
        "{ht_text}"
    );

    // senda check passes, status counts the translation, the page renders in both languages.
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run(&["status", "--lang", "ht"]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !report.contains("trabajar-en-mexico"),
        "translated, up to date: {report}"
    );
    site.build();
    let es_page = site.html("es/rights/trabajar-en-mexico/index.html");
    assert_eq!(text(&es_page, "h1"), "Trabajar en México");
    assert!(text(&es_page, "article .content").contains("Puedes pedir un permiso de trabajo."));
    let ht_page = site.html("ht/rights/trabajar-en-mexico/index.html");
    assert_eq!(text(&ht_page, "h1"), "Travay nan Meksik");
    assert_eq!(attr(&ht_page, "html", "lang").as_deref(), Some("ht"));
    assert!(text(&ht_page, "article .content").contains("Ou ka mande yon pèmi travay."));
    let en_page = site.html("en/rights/trabajar-en-mexico/index.html");
    assert_eq!(
        text(&en_page, "h1"),
        "Trabajar en México",
        "English falls back"
    );

    // The directory, saved by the editor, passes the validator and is published.
    let services = read("data/services.yaml");
    assert!(services.contains("gt-tecun-legal"), "{services}");
    let dir = site.html("es/directory/index.html");
    assert!(text(&dir, "main").contains("Apoyo legal (ejemplo), Tecún Umán"));
    // An example listing's number is shown, marked, and not dialable.
    assert!(
        texts(&dir, ".example-number").contains(&"+502 7776 0000".to_string()),
        "{:?}",
        texts(&dir, ".example-number")
    );
    assert!(
        !attrs(&dir, "a[href^='tel:']", "href").contains(&"tel:+50277760000".to_string()),
        "{:?}",
        attrs(&dir, "a[href^='tel:']", "href")
    );
}
