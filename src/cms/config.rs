//! `admin/config.yml`, Decap CMS's configuration, generated from the site: the backend, `i18n`
//! with the site's languages, one folder collection per section with fields made from the
//! front-matter schema, and the services directory as a file collection whose fields follow its
//! validator. Written as a small YAML tree, every string double-quoted, stable byte for byte.

use super::*;

/// A small YAML tree written in block style, strings always double-quoted (JSON's escaping is
/// valid YAML), so the file is stable byte for byte and any text is safe in it.
pub(super) enum Y {
    S(String),
    B(bool),
    I(i64),
    L(Vec<Y>),
    M(Vec<(String, Y)>),
}

pub(super) fn s(v: impl Into<String>) -> Y {
    Y::S(v.into())
}

pub(super) fn m(pairs: Vec<(&str, Y)>) -> Y {
    Y::M(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn quote(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into())
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn scalar(y: &Y) -> Option<String> {
    match y {
        Y::S(v) => Some(quote(v)),
        Y::B(b) => Some(b.to_string()),
        Y::I(i) => Some(i.to_string()),
        Y::L(l) if l.is_empty() => Some("[]".into()),
        Y::M(m) if m.is_empty() => Some("{}".into()),
        _ => None,
    }
}

fn emit_map(out: &mut String, pairs: &[(String, Y)], indent: usize, first_inline: bool) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if !(first_inline && i == 0) {
            out.push_str(&" ".repeat(indent));
        }
        match scalar(v) {
            Some(sv) => {
                let _ = writeln!(out, "{}: {sv}", key(k));
            }
            None => {
                let _ = writeln!(out, "{}:", key(k));
                emit(out, v, indent + 2);
            }
        }
    }
}

pub(super) fn emit(out: &mut String, y: &Y, indent: usize) {
    match y {
        Y::M(pairs) => emit_map(out, pairs, indent, false),
        Y::L(items) => {
            for item in items {
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                match item {
                    Y::M(pairs) if !pairs.is_empty() => emit_map(out, pairs, indent + 2, true),
                    other => match scalar(other) {
                        Some(sv) => {
                            let _ = writeln!(out, "{sv}");
                        }
                        None => {
                            out.push('\n');
                            emit(out, other, indent + 2);
                        }
                    },
                }
            }
        }
        other => {
            if let Some(sv) = scalar(other) {
                let _ = writeln!(out, "{}{sv}", " ".repeat(indent));
            }
        }
    }
}

/// The options of a select: every Fluent message `PREFIX-NAME` of the default language, as
/// (value NAME, label in the default language).
fn options(loaded: &Parts, prefix: &str) -> Y {
    let lang = loaded.site.config.default_language;
    let list = loaded.i18n.messages[lang]
        .keys()
        .filter_map(|k| k.strip_prefix(prefix).map(|name| (k, name)))
        .filter(|(_, name)| !name.is_empty())
        .map(|(k, name)| {
            let label = loaded
                .i18n
                .format(lang, k, &[])
                .map(|t| crate::i18n::strip_isolation(&t))
                .unwrap_or_else(|_| name.to_string());
            m(vec![
                ("label", s(format!("{label} ({name})"))),
                ("value", s(name)),
            ])
        })
        .collect();
    Y::L(list)
}

/// A human label for a key: `review_by` → `Review by`.
pub(super) fn label_of(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The form field for one front-matter key: by name where senda knows more (selects from the
/// UI strings, the review date, the source hash), else by the schema's description of its type,
/// so a key added to the schema gets a field without more code.
fn field(name: &str, description: &str, tags: &Y, countries: &Y) -> Y {
    let mut f: Vec<(&str, Y)> = vec![("label", s(label_of(name))), ("name", s(name))];
    let d = description.to_ascii_lowercase();
    // Decap's schema takes only true or false for a list's `i18n`: a list of the page's own
    // (like `allow_numbers`, checked file by file) is kept per language.
    let is_list = d.starts_with("a list") && !matches!(name, "tags" | "countries");
    let translate = is_list
        || matches!(
            name,
            "title" | "description" | "slug" | "aliases" | "source_hash"
        );
    widget(name, &d, tags, countries, &mut f);
    if name != "title" {
        f.push(("required", Y::B(false)));
    }
    f.push((
        "i18n",
        if translate {
            Y::B(true)
        } else {
            s("duplicate")
        },
    ));
    m(f)
}

/// The widget of a field (and what goes with it: a hint, options, a pattern), by the key's
/// name or, for the others, by `d`, the schema's description of its type, lowercase.
fn widget(name: &str, d: &str, tags: &Y, countries: &Y, f: &mut Vec<(&'static str, Y)>) {
    match name {
        "title" => f.push(("widget", s("string"))),
        "description" => {
            f.push(("widget", s("text")));
            f.push((
                "hint",
                s("One or two sentences: shown in lists, search and link previews."),
            ));
        }
        "tags" | "countries" => {
            f.push(("widget", s("select")));
            f.push(("multiple", Y::B(true)));
            f.push((
                "options",
                clone_y(if name == "tags" { tags } else { countries }),
            ));
        }
        "review_by" => {
            f.push(("widget", s("senda-date")));
            f.push(("ahead_days", Y::I(i64::from(REVIEW_AHEAD_DAYS))));
            f.push((
                "hint",
                s("The date by which someone must check this page again (a year ahead for a new page)."),
            ));
        }
        "source_hash" => {
            f.push(("widget", s("senda-source-hash")));
            f.push((
                "hint",
                s("On a translation: which version of the source it was translated from."),
            ));
        }
        "slug" => {
            f.push(("widget", s("string")));
            f.push((
                "pattern",
                Y::L(vec![
                    s("^[^/\\\\?#%. ]+$"),
                    s("One URL segment: no /, \\, ?, #, %, spaces or dots"),
                ]),
            ));
        }
        _ if d.contains("date like") => f.push(("widget", s("senda-date"))),
        _ if d.contains("true or false") => {
            f.push(("widget", s("boolean")));
            f.push(("default", Y::B(false)));
        }
        _ if d.contains("whole number") => {
            f.push(("widget", s("number")));
            f.push(("value_type", s("int")));
        }
        _ if d.starts_with("a list") => {
            f.push(("widget", s("list")));
            f.push(("allow_add", Y::B(true)));
        }
        _ => f.push(("widget", s("string"))),
    }
}

fn clone_y(y: &Y) -> Y {
    match y {
        Y::S(v) => Y::S(v.clone()),
        Y::B(b) => Y::B(*b),
        Y::I(i) => Y::I(*i),
        Y::L(l) => Y::L(l.iter().map(clone_y).collect()),
        Y::M(p) => Y::M(p.iter().map(|(k, v)| (k.clone(), clone_y(v))).collect()),
    }
}

/// The fields of a page: one per front-matter key of `schema` (but `NOT_IN_FORM`), then the body.
pub(super) fn page_fields(schema: &Schema, tags: &Y, countries: &Y) -> Y {
    let mut fields: Vec<Y> = schema
        .keys
        .iter()
        .filter(|(k, _)| !NOT_IN_FORM.contains(k))
        .map(|(k, d)| field(k, d, tags, countries))
        .collect();
    fields.push(m(vec![
        ("label", s("Text")),
        ("name", s("body")),
        ("widget", s("markdown")),
        (
            "hint",
            s("Links to other pages are written @/ + the file's path in content/, like @/rights/asylum.md"),
        ),
        ("i18n", Y::B(true)),
    ]));
    Y::L(fields)
}

/// The services directory's fields, following `directory`'s validator.
fn directory_fields(loaded: &Parts, countries: &Y) -> Y {
    use crate::directory::{KINDS, SERVICES};
    let list = |values: &[&str]| Y::L(values.iter().map(|v| s(*v)).collect());
    let opt = |mut f: Vec<(&'static str, Y)>| {
        f.push(("required", Y::B(false)));
        m(f)
    };
    let notes: Vec<Y> = loaded
        .site
        .config
        .languages
        .iter()
        .map(|l| {
            opt(vec![
                ("label", s(format!("{} ({})", l.name, l.code))),
                ("name", s(l.code.clone())),
                ("widget", s("text")),
            ])
        })
        .collect();
    let entry = vec![
        m(vec![
            ("label", s("Id")),
            ("name", s("id")),
            ("widget", s("string")),
            (
                "hint",
                s("Unique: lowercase letters, digits and -, like mx-tapachula-info"),
            ),
            (
                "pattern",
                Y::L(vec![
                    s("^[a-z0-9-]+$"),
                    s("Only lowercase letters, digits and -"),
                ]),
            ),
        ]),
        m(vec![
            ("label", s("Name")),
            ("name", s("name")),
            ("widget", s("string")),
        ]),
        m(vec![
            ("label", s("Kind")),
            ("name", s("kind")),
            ("widget", s("select")),
            ("options", list(KINDS)),
        ]),
        m(vec![
            ("label", s("Country")),
            ("name", s("country")),
            ("widget", s("select")),
            ("options", clone_y(countries)),
        ]),
        m(vec![
            ("label", s("City")),
            ("name", s("city")),
            ("widget", s("string")),
        ]),
        opt(vec![
            ("label", s("Address")),
            ("name", s("address")),
            ("widget", s("string")),
        ]),
        opt(vec![
            ("label", s("Phone numbers")),
            ("name", s("phones")),
            ("widget", s("list")),
            (
                "hint",
                s(
                    "With + and the country code (+52 962 000 0000), or a short national number (911)",
                ),
            ),
            (
                "field",
                m(vec![
                    ("label", s("Number")),
                    ("name", s("number")),
                    ("widget", s("string")),
                    (
                        "pattern",
                        Y::L(vec![
                            s(PHONE_PATTERN),
                            s(
                                "Write + and the country code (+52 962 000 0000), or a short national number (911)",
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
        opt(vec![
            ("label", s("Opening hours")),
            ("name", s("hours")),
            ("widget", s("list")),
            (
                "summary",
                s("{{fields.days}} {{fields.from}}–{{fields.to}}"),
            ),
            (
                "fields",
                Y::L(vec![
                    m(vec![
                        ("label", s("Days")),
                        ("name", s("days")),
                        ("widget", s("string")),
                        ("hint", s("mon, tue … sun, or a range like mon-fri")),
                        (
                            "pattern",
                            Y::L(vec![
                                s(DAYS_PATTERN),
                                s("A day (mon … sun) or a range like mon-fri"),
                            ]),
                        ),
                    ]),
                    m(vec![
                        ("label", s("From")),
                        ("name", s("from")),
                        ("widget", s("string")),
                        (
                            "pattern",
                            Y::L(vec![s(TIME_PATTERN), s("A time like 09:00 (24 hours)")]),
                        ),
                    ]),
                    m(vec![
                        ("label", s("To")),
                        ("name", s("to")),
                        ("widget", s("string")),
                        (
                            "pattern",
                            Y::L(vec![s(TIME_PATTERN), s("A time like 17:00 (24 hours)")]),
                        ),
                    ]),
                ]),
            ),
        ]),
        opt(vec![
            ("label", s("Services offered")),
            ("name", s("services")),
            ("widget", s("select")),
            ("multiple", Y::B(true)),
            ("options", list(SERVICES)),
        ]),
        opt(vec![
            ("label", s("Languages spoken")),
            ("name", s("languages")),
            ("widget", s("list")),
            ("hint", s("Language codes, like es, en, ht")),
            (
                "field",
                m(vec![
                    ("label", s("Language")),
                    ("name", s("code")),
                    ("widget", s("string")),
                    (
                        "pattern",
                        Y::L(vec![
                            s(LANGUAGE_PATTERN),
                            s("A language code like es, en or fr-CA"),
                        ]),
                    ),
                ]),
            ),
        ]),
        m(vec![
            ("label", s("Cost")),
            ("name", s("cost")),
            ("widget", s("select")),
            ("options", list(&["free", "low-cost"])),
            ("default", s("free")),
        ]),
        m(vec![
            ("label", s("Last verified")),
            ("name", s("last_verified")),
            ("widget", s("senda-date")),
            ("hint", s("The day you called or visited the service")),
        ]),
        m(vec![
            ("label", s("Example (not a verified listing)")),
            ("name", s("example")),
            ("widget", s("boolean")),
            ("default", Y::B(true)),
        ]),
        opt(vec![
            ("label", s("Notes")),
            ("name", s("notes")),
            ("widget", s("object")),
            ("collapsed", Y::B(true)),
            ("fields", Y::L(notes)),
        ]),
    ];
    Y::L(vec![m(vec![
        ("label", s("Services")),
        ("name", s("services")),
        ("widget", s("list")),
        (
            "summary",
            s("{{fields.name}} ({{fields.city}}, {{fields.kind}})"),
        ),
        ("fields", Y::L(entry)),
    ])])
}

/// A phone number as `directory::tel_uri` accepts it: + and 8 to 15 digits not starting with 0,
/// or a short national number of 2 to 6 digits; spaces, dots, dashes and brackets between.
pub const PHONE_PATTERN: &str =
    r"^\s*(\+[ .()-]*[1-9]([ .()-]*[0-9]){7,14}|[ .()-]*([0-9][ .()-]*){2,6})[ .()-]*\s*$";
const DAYS_PATTERN: &str =
    r"^\s*(mon|tue|wed|thu|fri|sat|sun)(\s*-\s*(mon|tue|wed|thu|fri|sat|sun))?\s*$";
const TIME_PATTERN: &str = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";
const LANGUAGE_PATTERN: &str = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$";

/// A Decap collection name for a section path (`asylum/mexico` → `asylum-mexico`).
fn collection_name(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The content sections, as (collection name, folder inside content/, label), sorted by path:
/// first the home page's folder (content/ itself: the home page and the pages beside it; Decap
/// allows one file per language only in folder collections), then every section.
pub(super) fn sections(site: &Site) -> Vec<(String, String, String)> {
    let default = site.config.default_language;
    let mut list: Vec<(String, String, String)> = site
        .pages
        .iter()
        .filter(|p| p.is_section)
        .map(|p| {
            let title = &p.source(default).front.title;
            if p.path.is_empty() {
                (
                    "home".to_string(),
                    String::new(),
                    format!("{title} (home page and top-level pages)"),
                )
            } else {
                (collection_name(&p.path), p.path.clone(), title.clone())
            }
        })
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    let mut seen = std::collections::HashSet::new();
    for item in &mut list {
        while !seen.insert(item.0.clone()) {
            item.0.push('_');
        }
    }
    list
}

/// `admin/config.yml`. `local` is the port of Decap's local backend (`senda serve` only).
pub fn config_yml(loaded: &Parts, cms: &Cms, schema: &Schema, local: Option<u16>) -> String {
    let site = &loaded.site;
    let config = &site.config;
    let default = config.default_lang().code.clone();
    let tags = options(loaded, "tag-");
    let countries = options(loaded, "country-");

    let mut top: Vec<(&str, Y)> = vec![("backend", backend(cms))];
    if let Some(port) = local {
        top.push((
            "local_backend",
            m(vec![("url", s(format!("http://127.0.0.1:{port}/api/v1")))]),
        ));
    }
    if cms.editorial_workflow {
        top.push(("publish_mode", s("editorial_workflow")));
    }
    top.push(("site_url", s(config.base_url.clone())));
    top.push(("display_url", s(config.base_url.clone())));
    top.push(("locale", s(default.clone())));
    top.push(("media_folder", s(MEDIA_FOLDER)));
    top.push(("public_folder", s(PUBLIC_FOLDER)));
    top.push((
        "slug",
        m(vec![
            ("encoding", s("ascii")),
            ("clean_accents", Y::B(true)),
            ("sanitize_replacement", s("-")),
        ]),
    ));
    top.push((
        "i18n",
        m(vec![
            ("structure", s("multiple_files")),
            (
                "locales",
                Y::L(config.languages.iter().map(|l| s(l.code.clone())).collect()),
            ),
            ("default_locale", s(default.clone())),
        ]),
    ));

    let collections = collections(loaded, schema, &tags, &countries);
    top.push(("collections", Y::L(collections)));

    let mut out = String::from(
        "# Written by senda from site.yaml, the sections in content/ and the UI strings: do not edit\n# (change site.yaml's `cms:` and build again).\n",
    );
    emit(&mut out, &m(top), 0);
    out
}

/// `backend:`: the forge, the repository and branch, the addresses of its API and login.
fn backend(cms: &Cms) -> Y {
    let mut backend = vec![("name", s(cms.backend.name()))];
    if let Some(r) = &cms.repo {
        backend.push(("repo", s(r.clone())));
    }
    backend.push(("branch", s(cms.branch.clone())));
    if let Some(a) = &cms.api_root {
        backend.push(("api_root", s(a.clone())));
    }
    if let Some(l) = &cms.login_url {
        backend.push(("base_url", s(l.clone())));
    }
    if let Some(id) = &cms.app_id {
        backend.push(("app_id", s(id.clone())));
        if cms.backend == Backend::Gitlab {
            backend.push(("auth_type", s("pkce")));
        }
    }
    backend.push(("commit_messages", commit_messages()));
    m(backend)
}

/// `collections:`: one folder collection per content section (every page's fields), and the
/// services directory's data file when the site has one.
fn collections(loaded: &Parts, schema: &Schema, tags: &Y, countries: &Y) -> Vec<Y> {
    let config = &loaded.site.config;
    let fields = page_fields(schema, tags, countries);
    let mut collections = Vec::new();
    for (name, path, label) in sections(loaded.site) {
        collections.push(m(vec![
            ("name", s(name)),
            ("label", s(label)),
            (
                "folder",
                s(if path.is_empty() {
                    "content".to_string()
                } else {
                    format!("content/{path}")
                }),
            ),
            ("create", Y::B(true)),
            ("extension", s("md")),
            ("format", s("yaml-frontmatter")),
            ("slug", s("{{slug}}")),
            ("summary", s("{{title}}")),
            (
                "sortable_fields",
                Y::L(vec![s("weight"), s("title"), s("date")]),
            ),
            ("i18n", Y::B(true)),
            ("fields", clone_y(&fields)),
        ]));
    }
    if let Some(dir) = &config.directory {
        collections.push(m(vec![
            ("name", s("services-directory")),
            ("label", s("Services directory")),
            ("delete", Y::B(false)),
            ("editor", m(vec![("preview", Y::B(false))])),
            (
                "files",
                Y::L(vec![m(vec![
                    ("name", s("services")),
                    ("label", s("Services")),
                    ("file", s(format!("data/{}", dir.data))),
                    ("format", s("yaml")),
                    ("fields", directory_fields(loaded, countries)),
                ])]),
            ),
        ]));
    }
    collections
}

fn commit_messages() -> Y {
    m(vec![
        ("create", s("Create {{collection}} “{{slug}}” (web editor)")),
        ("update", s("Update {{collection}} “{{slug}}” (web editor)")),
        ("delete", s("Delete {{collection}} “{{slug}}” (web editor)")),
        ("uploadMedia", s("Upload “{{path}}” (web editor)")),
        ("deleteMedia", s("Delete “{{path}}” (web editor)")),
    ])
}
