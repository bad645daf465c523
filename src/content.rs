//! `content/` → the site model. In steps:
//! 1. walk `content/` (symlinks followed, loops and links leaving the folder refused), sorted;
//! 2. for each `.md` file: read it (UTF-8, BOM and CRLF accepted), split and parse the YAML
//!    front matter, detect the language from the file name (`page.en.md`), render the body
//!    (`markdown`), all in parallel;
//! 3. group files into pages (one identity per path, one version per language) and sections,
//!    drop drafts unless asked, order children by weight, date and title;
//! 4. decide, for every page and language, which version is shown (the language itself or the
//!    first of its fallback chain that has one) and its URL (`/LANG/section/slug/`);
//! 5. resolve `@/` links and check their anchors; build the `tags` and `countries` taxonomies.
//!
//! The result, `Site`, is immutable: later stages only read it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Coded, Diagnostic, Diagnostics, Location};
use crate::markdown::{self, Document, Problem, RenderOptions};
use crate::yaml::{self, Schema};

pub const CONTENT_DIR: &str = "content";
/// Pages larger than this are refused: a real page is a few kilobytes.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

pub type PageId = usize;

/// A resolved `@/` link: the target page and, if the link names one, its language.
pub type Resolved = Option<(PageId, Option<usize>)>;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = s[0..4].parse().ok()?;
        let month: u8 = s[5..7].parse().ok()?;
        let day: u8 = s[8..10].parse().ok()?;
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (for "older than a year" and the like).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date a number of days after 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Today, in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs / 86_400)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(s.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date `{s}`, expected YYYY-MM-DD"))
        })
    }
}

/// Front matter, as written (SPEC §3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub countries: Option<Vec<String>>,
    #[serde(default)]
    pub review_by: Option<Date>,
    #[serde(default)]
    pub source_hash: Option<String>,
    #[serde(default)]
    pub aliases: Option<Vec<String>>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

pub const FRONT_MATTER_SCHEMA: Schema = Schema {
    keys: &[
        ("title", "text"),
        ("description", "text"),
        ("date", "a date like 2026-05-31"),
        ("updated", "a date like 2026-05-31"),
        ("weight", "a whole number, like 10"),
        ("draft", "true or false"),
        ("slug", "text (one URL segment)"),
        ("template", "a template file name, like page.html"),
        ("tags", "a list, like [asylum, documents]"),
        ("countries", "a list, like [mx, gt]"),
        ("review_by", "a date like 2026-05-31"),
        ("source_hash", "text"),
        ("aliases", "a list of paths, like [/es/old-page/]"),
        ("extra", "a map of free-form values"),
    ],
};

/// One file: one page in one language.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: usize,
    /// Relative to the site root, e.g. `content/rights/asylum.en.md`.
    pub file: PathBuf,
    pub front: FrontMatter,
    /// The whole file text (BOM removed, line ends normalised), for snippets and hashes.
    pub text: String,
    /// Byte offset of the body in `text`.
    pub body_offset: usize,
    pub doc: Document,
    /// For each `doc.links[i]`: the page and, if the link names one, the language.
    pub resolved: Vec<Resolved>,
}

impl Version {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// A location in the body, for diagnostics.
    pub fn at_body_offset(&self, offset: usize) -> Location {
        Location::at_offset(&self.file, &self.text, self.body_offset + offset)
    }

    /// Where a front-matter key is written (the first line if it is not).
    pub fn key_location(&self, key: &str) -> Location {
        key_location(&self.file, &self.text, self.body_offset, key)
    }
}

/// A page identity (all its languages). Sections are pages with children.
#[derive(Debug, Clone)]
pub struct Page {
    /// `""` for the home page, `rights` for a section, `rights/asylum` for a page.
    pub path: String,
    pub is_section: bool,
    pub parent: Option<PageId>,
    /// Indexed by language.
    pub versions: Vec<Option<Version>>,
    /// For sections: their pages and subsections, in display order.
    pub pages: Vec<PageId>,
    pub subsections: Vec<PageId>,
    /// For each reader language: the language of the version shown.
    pub shown: Vec<usize>,
    /// For each reader language: the site-absolute URL (`/es/rights/asylum/`).
    pub urls: Vec<String>,
}

impl Page {
    /// The version shown to a reader of `lang`.
    pub fn shown_version(&self, lang: usize) -> &Version {
        // `shown` always names a language that has a version (the default one at least).
        match &self.versions[self.shown[lang]] {
            Some(v) => v,
            None => unreachable_version(),
        }
    }

    pub fn has_translation(&self, lang: usize) -> bool {
        self.versions[lang].is_some()
    }

    /// The default-language version: every page has one.
    pub fn source(&self, default: usize) -> &Version {
        match &self.versions[default] {
            Some(v) => v,
            None => unreachable_version(),
        }
    }
}

#[cold]
fn unreachable_version() -> ! {
    // Guaranteed by `assemble`: pages without a default-language version are rejected, and
    // `shown` only names languages that have a version.
    panic!("internal error: a page lost its default-language version")
}

/// A term of a taxonomy (`tags: [asylum]` → the term `asylum`) in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

/// `tags` or `countries`, per language.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: &'static str,
    /// In URLs: `/LANG/SEGMENT/TERM/`.
    pub segment: &'static str,
    /// Indexed by language; terms sorted by slug.
    pub terms: Vec<Vec<Term>>,
}

/// Everything the render stage needs, loaded and checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// `pages[0]` is the home page.
    pub pages: Vec<Page>,
    pub by_path: HashMap<String, PageId>,
    pub taxonomies: Vec<Taxonomy>,
}

impl Site {
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.by_path.get(path).map(|&i| &self.pages[i])
    }

    pub fn default_lang(&self) -> usize {
        self.config.default_language
    }
}

/// The taxonomies: (front-matter key, URL segment). Countries use `by-country` so a content
/// section named `countries` stays free.
pub const TAXONOMIES: [(&str, &str); 2] = [("tags", "tags"), ("countries", "by-country")];

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("the folder content/ is missing")]
    NoContentDir,
    #[error("content/_index.md is missing: it is the home page")]
    NoHome,
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    #[error("this file is not UTF-8 text (the first bad byte is at offset {0})")]
    NotUtf8(usize),
    #[error("this file is too large ({0} bytes; the limit is {MAX_PAGE_BYTES})")]
    TooLarge(u64),
    #[error("this file is empty")]
    Empty,
    #[error("this file has no front matter")]
    NoFrontMatter,
    #[error("the front matter is never closed")]
    UnclosedFrontMatter,
    #[error("a symbolic link loop: this folder contains itself")]
    SymlinkLoop,
    #[error("this symbolic link points outside content/ ({0})")]
    SymlinkOutside(String),
    #[error("the file name ends in `.{0}`, but `{0}` is not one of the site's languages")]
    UnknownLanguage(String),
    #[error("the language in the file name is written `{0}`; the site's code is `{1}`")]
    LanguageCase(String, String),
    #[error("only Markdown (.md) files belong in content/; this file is not published")]
    NotMarkdown,
    #[error("`{0}` has a translation but no {1} version (the default language)")]
    NoSource(String, String),
    #[error("two files are the same page in the same language: {0} and {1}")]
    DuplicateVersion(String, String),
    #[error("two pages have the same address {0}: {1} and {2}")]
    DuplicateUrl(String, String, String),
    #[error(
        "the slug `{0}` must be one URL segment: no `/`, `\\`, `?`, `#`, `%`, spaces, `.` or `..`"
    )]
    BadSlug(String),
    #[error("`{0}` must not be empty")]
    EmptyValue(&'static str),
    #[error("the link target `@/{0}` does not exist")]
    BrokenLink(String),
    #[error("the link target `@/{0}` is a draft and is not published")]
    LinkToDraft(String),
    #[error("the link `@/{0}` must name a file from content/, like `@/rights/asylum.md`")]
    BadLinkPath(String),
    #[error("`{page}` has no heading or footnote with the id `{anchor}`")]
    MissingAnchor { page: String, anchor: String },
    #[error(
        "unsafe address `{0}` removed (only http, https, mailto, tel and relative addresses are kept)"
    )]
    UnsafeUrl(String),
    #[error("this image has no alt text: `{0}`")]
    ImageWithoutAlt(String),
    #[error("this address looks wrong: `{0}`")]
    MalformedUrl(String),
    #[error("the heading id `{0}` is used twice on this page")]
    DuplicateId(String),
    #[error("the heading id `{0}` is used by the theme itself; choose another")]
    ReservedId(String),
    #[error(
        "raw HTML was changed by the sanitiser (scripts, styles and unsafe attributes are removed)"
    )]
    RawHtmlRemoved,
    #[error("lists, quotes or HTML are nested {0} levels deep; the limit is {max}", max = markdown::MAX_NESTING)]
    TooDeep(usize),
    #[error("the alias `{0}` must be a path on this site, like /es/old-page/")]
    BadAlias(String),
    #[error("a page and a folder cannot have the same address: {0}")]
    TaxonomyClash(String),
}

impl Coded for ContentError {
    fn code(&self) -> &'static str {
        use ContentError::*;
        match self {
            NoContentDir | NoHome => "missing-content",
            Unreadable(_) => "unreadable",
            NotUtf8(_) => "not-utf8",
            TooLarge(_) => "too-large",
            Empty | NoFrontMatter | UnclosedFrontMatter => "front-matter",
            SymlinkLoop | SymlinkOutside(_) => "symlink",
            UnknownLanguage(_) => "unknown-language",
            LanguageCase(..) => "language-case",
            NotMarkdown => "not-markdown",
            NoSource(..) => "no-source",
            DuplicateVersion(..) | DuplicateUrl(..) | TaxonomyClash(_) => "duplicate-url",
            BadSlug(_) => "bad-slug",
            EmptyValue(_) => "empty-value",
            BrokenLink(_) | LinkToDraft(_) | BadLinkPath(_) => "broken-link",
            MissingAnchor { .. } => "missing-anchor",
            UnsafeUrl(_) => "unsafe-url",
            ImageWithoutAlt(_) => "image-alt",
            MalformedUrl(_) => "malformed-url",
            DuplicateId(_) | ReservedId(_) => "duplicate-id",
            RawHtmlRemoved => "raw-html",
            BadAlias(_) => "bad-alias",
            TooDeep(_) => "too-deep",
        }
    }

    fn help(&self) -> Option<String> {
        use ContentError::*;
        match self {
            NoFrontMatter | Empty => Some(
                "start the file with a front matter block:\n     ---\n     title: The page title\n     ---"
                    .into(),
            ),
            UnclosedFrontMatter => Some("add a line with only `---` after the last key".into()),
            UnknownLanguage(_) => Some(
                "add the language to site.yaml, or rename the file (a dot before the last word marks a language)"
                    .into(),
            ),
            NoSource(_, _) => Some("write the default-language page first, then its translations".into()),
            MissingAnchor { .. } => Some(
                "give the heading a stable id: `## Heading {#my-id}`, and use the same id in every translation"
                    .into(),
            ),
            ImageWithoutAlt(_) => Some("describe the image: ![what it shows](image.png)".into()),
            BrokenLink(_) => Some("links to pages are written @/ + the path of the file inside content/".into()),
            _ => None,
        }
    }
}

/// A parsed file, before it is grouped into pages.
struct Parsed {
    identity: String,
    is_section: bool,
    version: Version,
}

/// What reading one file gave: the parsed file, or the identity of a file that could not be
/// read (its problems are reported; links to it must not be reported again).
type ParseResult = (Result<Parsed, Option<String>>, Vec<Diagnostic>);

/// Loads and checks `root/content`. Problems go to `diags`; the returned site holds every
/// page that could be read (the caller decides whether errors stop the build).
pub fn load(root: &Path, config: Config, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        diags.error(&ContentError::NoContentDir, Location::default());
        return None;
    }
    let files = walk(root, &dir, diags);

    let opts = RenderOptions {
        allow_raw_html: config.allow_raw_html,
    };
    let results: Vec<ParseResult> = files
        .par_iter()
        .map(|(rel, abs)| parse_file(rel, abs, &config, opts))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut failed = HashSet::new();
    for (p, d) in results {
        diags.extend(d);
        match p {
            Ok(p) => parsed.push(p),
            Err(Some(identity)) => {
                failed.insert(identity);
            }
            Err(None) => {}
        }
    }
    assemble(root, config, parsed, &failed, drafts, diags)
}

/// Every file under `content/`, sorted, as (path relative to the root, absolute path).
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, PathBuf)> {
    let canonical_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name.ends_with('~'))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                if e.loop_ancestor().is_some() {
                    diags.error(&ContentError::SymlinkLoop, Location::file(rel));
                } else {
                    let msg = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string());
                    diags.error(&ContentError::Unreadable(msg), Location::file(rel));
                }
                continue;
            }
        };
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if !target.starts_with(&canonical_dir) => {
                    diags.error(
                        &ContentError::SymlinkOutside(target.display().to_string()),
                        Location::file(&rel),
                    );
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    diags.error(
                        &ContentError::Unreadable(e.to_string()),
                        Location::file(&rel),
                    );
                    continue;
                }
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            diags.warning(&ContentError::NotMarkdown, Location::file(&rel));
            continue;
        }
        files.push((rel, path.to_path_buf()));
    }
    files
}

/// Reads a file's text: UTF-8 required, BOM dropped, CRLF turned into LF.
pub fn read_text(abs: &Path, limit: u64) -> Result<String, ContentError> {
    use std::io::Read as _;
    let unreadable = |e: std::io::Error| ContentError::Unreadable(e.to_string());
    let file = std::fs::File::open(abs).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > limit {
        return Err(ContentError::TooLarge(len));
    }
    // The size is known: one allocation, no second look-up of the path. A file that grows
    // while it is read is still cut at the limit.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(ContentError::TooLarge(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| ContentError::NotUtf8(e.utf8_error().valid_up_to()))?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// Where the front matter's YAML and the body are: (yaml start, yaml end, body start).
pub fn split_front_matter(text: &str) -> Result<(usize, usize, usize), ContentError> {
    if text.trim().is_empty() {
        return Err(ContentError::Empty);
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(ContentError::NoFrontMatter);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body = (end + 1).min(text.len());
            return Ok((yaml_start, pos, body));
        }
        pos = end + 1;
    }
    Err(ContentError::UnclosedFrontMatter)
}

/// Splits and parses the front matter of a page's text (for tools and fuzzing; the build
/// does the same in `parse_file`).
pub fn parse_front_matter(text: &str) -> Result<FrontMatter, String> {
    let (yaml_start, yaml_end, _) = split_front_matter(text).map_err(|e| e.to_string())?;
    yaml::parse(&text[yaml_start..yaml_end], &FRONT_MATTER_SCHEMA).map_err(|e| e.to_string())
}

/// `rights/asylum.en.md` → (`rights/asylum`, is_section=false, language index).
fn identity_of(
    rel_in_content: &Path,
    config: &Config,
) -> Result<(String, bool, usize, Option<ContentError>), ContentError> {
    let mut segments: Vec<String> = rel_in_content
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    let mut lang = config.default_language;
    let mut warning = None;
    let mut name = stem.to_string();
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        match config.language_index(suffix) {
            Some(i) => {
                if config.languages[i].code != suffix {
                    warning = Some(ContentError::LanguageCase(
                        suffix.to_string(),
                        config.languages[i].code.clone(),
                    ));
                }
                lang = i;
                name = base.to_string();
            }
            None if looks_like_language(suffix) => {
                return Err(ContentError::UnknownLanguage(suffix.to_string()));
            }
            None => {}
        }
    }
    let is_section = name == "_index";
    if !is_section {
        segments.push(name);
    }
    Ok((segments.join("/"), is_section, lang, warning))
}

fn looks_like_language(s: &str) -> bool {
    let (primary, rest) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn parse_file(rel: &Path, abs: &Path, config: &Config, opts: RenderOptions) -> ParseResult {
    let mut diags = Vec::new();
    let rel_in_content = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let (identity, is_section, lang) = match identity_of(rel_in_content, config) {
        Ok((i, s, l, warning)) => {
            if let Some(w) = warning {
                diags.push(Diagnostic::warning(&w, Location::file(rel)));
            }
            (i, s, l)
        }
        Err(e) => {
            diags.push(Diagnostic::error(&e, Location::file(rel)));
            return (Err(None), diags);
        }
    };
    let failed = Err(Some(identity.clone()));
    let text = match read_text(abs, MAX_PAGE_BYTES) {
        Ok(t) => t,
        Err(ContentError::NotUtf8(offset)) => {
            // Point at the line of the bad byte, using what could be read.
            let bytes = std::fs::read(abs).unwrap_or_default();
            let good = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
            diags.push(Diagnostic::error(
                &ContentError::NotUtf8(offset),
                Location::at_offset(rel, &good, good.len()),
            ));
            return (failed, diags);
        }
        Err(e) => {
            diags.push(Diagnostic::error(&e, Location::file(rel)));
            return (failed, diags);
        }
    };
    // A translation a web editor left empty counts as missing (the fallback chain shows).
    if lang != config.default_language && crate::stub::is_empty_translation(&text) {
        let warning = crate::stub::EmptyTranslation;
        diags.push(Diagnostic::warning(&warning, Location::file(rel)));
        return (Err(None), diags);
    }
    let (yaml_start, yaml_end, body_offset) = match split_front_matter(&text) {
        Ok(x) => x,
        Err(e) => {
            diags.push(Diagnostic::error(&e, Location::at(rel, &text, 1, 1)));
            return (failed, diags);
        }
    };
    let front: FrontMatter = match yaml::parse(&text[yaml_start..yaml_end], &FRONT_MATTER_SCHEMA) {
        Ok(f) => f,
        Err(e) => {
            // YAML lines count from the line after the opening `---`.
            let at = Location::at(rel, &text, e.line + 1, e.column);
            diags.push(Diagnostic::error(&e, at));
            return (failed, diags);
        }
    };
    let front_at = |key: &str| key_location(rel, &text, yaml_end + 1, key);
    if front.title.trim().is_empty() {
        diags.push(Diagnostic::error(
            &ContentError::EmptyValue("title"),
            front_at("title"),
        ));
    }
    if let Some(slug) = &front.slug
        && !valid_slug(slug)
    {
        diags.push(Diagnostic::error(
            &ContentError::BadSlug(slug.clone()),
            front_at("slug"),
        ));
        return (failed, diags);
    }
    for alias in front.aliases.iter().flatten() {
        if clean_alias(alias).is_none() {
            diags.push(Diagnostic::error(
                &ContentError::BadAlias(alias.clone()),
                front_at("aliases"),
            ));
        }
    }

    let doc = markdown::render(&text[body_offset..], opts);
    let version = Version {
        lang,
        file: rel.to_path_buf(),
        front,
        text,
        body_offset,
        resolved: Vec::new(),
        doc,
    };
    for (problem, offset) in &version.doc.problems {
        let at = version.at_body_offset(*offset);
        let d = match problem {
            Problem::UnsafeUrl(u) => Diagnostic::warning(&ContentError::UnsafeUrl(u.clone()), at),
            Problem::ImageWithoutAlt(u) => {
                Diagnostic::warning(&ContentError::ImageWithoutAlt(u.clone()), at)
            }
            Problem::MalformedUrl(u) => {
                Diagnostic::warning(&ContentError::MalformedUrl(u.clone()), at)
            }
            Problem::ReservedId(id) => Diagnostic::error(&ContentError::ReservedId(id.clone()), at),
            Problem::DuplicateId(id) => {
                Diagnostic::error(&ContentError::DuplicateId(id.clone()), at)
            }
            Problem::RawHtmlRemoved => {
                Diagnostic::warning(&ContentError::RawHtmlRemoved, Location::file(rel))
            }
            Problem::TooDeep(depth) => {
                Diagnostic::error(&ContentError::TooDeep(*depth), version.at_body_offset(0))
            }
        };
        diags.push(d);
    }
    (
        Ok(Parsed {
            identity,
            is_section,
            version,
        }),
        diags,
    )
}

/// The location of `key:` in the front matter (which ends before `end`).
fn key_location(file: &Path, text: &str, end: usize, key: &str) -> Location {
    let needle = format!("\n{key}:");
    match text[..end.min(text.len())].find(&needle) {
        Some(o) => Location::at_offset(file, text, o + 1),
        None => Location::at(file, text, 1, 1),
    }
}

fn valid_slug(slug: &str) -> bool {
    let s = slug.trim();
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.chars().any(|c| {
            matches!(
                c,
                '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>' | '\'' | '&'
            ) || c.is_whitespace()
                || c.is_control()
        })
}

/// The hash a translation records of its source (`source_hash`): of the source's body, so
/// editing only the source's front matter (a new review date) does not outdate translations.
pub fn source_hash(body: &str) -> String {
    crate::assets::content_hash(body.trim().as_bytes())
}

/// `/es/old-page/` → `es/old-page`; refuses `..`, absolute URLs and empty paths.
pub fn clean_alias(alias: &str) -> Option<String> {
    let a = alias.trim();
    if !a.starts_with('/') || a.contains("://") || a.contains('\\') {
        return None;
    }
    let segments: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments.iter().any(|s| {
            *s == "." || *s == ".." || s.contains(['?', '#', '%']) || s.contains(char::is_control)
        })
    {
        return None;
    }
    Some(segments.join("/"))
}

/// A URL segment from a file or folder name: lowercase, spaces to dashes, Unicode kept.
pub fn url_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '-' || c == '.' || c.is_whitespace() {
            dash = true;
        }
    }
    if dash && out.is_empty() {
        out.push('-');
    }
    out
}

fn assemble(
    root: &Path,
    config: Config,
    parsed: Vec<Parsed>,
    failed: &HashSet<String>,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let n_langs = config.languages.len();
    let default = config.default_language;

    // 1. Group files by identity.
    let mut groups: BTreeMap<String, (bool, Vec<Option<Version>>)> = BTreeMap::new();
    for p in parsed {
        let entry = groups
            .entry(p.identity.clone())
            .or_insert_with(|| (p.is_section, vec![None; n_langs]));
        if entry.0 != p.is_section {
            diags.error(
                &ContentError::DuplicateUrl(
                    format!("/{}/", p.identity),
                    "a page".into(),
                    "a section (_index.md)".into(),
                ),
                Location::file(&p.version.file),
            );
            continue;
        }
        let lang = p.version.lang;
        if let Some(existing) = &entry.1[lang] {
            diags.error(
                &ContentError::DuplicateVersion(
                    crate::diag::display_path(&existing.file),
                    crate::diag::display_path(&p.version.file),
                ),
                Location::file(&p.version.file),
            );
            continue;
        }
        entry.1[lang] = Some(p.version);
    }

    // 2. Drafts out (a draft source hides its translations too); pages without a
    //    default-language version refused, unless that file failed to load (already reported).
    let mut pages: Vec<Page> = Vec::with_capacity(groups.len());
    let mut hidden_drafts: HashSet<String> = HashSet::new();
    for (path, (is_section, mut versions)) in groups {
        let source_is_draft = versions[default]
            .as_ref()
            .is_some_and(|v| v.front.draft == Some(true));
        if !drafts {
            for v in versions.iter_mut() {
                if v.as_ref().is_some_and(|v| v.front.draft == Some(true)) {
                    *v = None;
                }
            }
        }
        if versions[default].is_none() {
            if source_is_draft {
                hidden_drafts.insert(path);
            } else if !failed.contains(&path)
                && let Some(v) = versions.iter().flatten().next()
            {
                diags.error(
                    &ContentError::NoSource(
                        if path.is_empty() {
                            "/".into()
                        } else {
                            path.clone()
                        },
                        config.languages[default].code.clone(),
                    ),
                    Location::file(&v.file),
                );
            }
            continue;
        }
        pages.push(Page {
            path,
            is_section,
            parent: None,
            versions,
            pages: Vec::new(),
            subsections: Vec::new(),
            shown: Vec::new(),
            urls: Vec::new(),
        });
    }

    // The home page first.
    let Some(home) = pages.iter().position(|p| p.path.is_empty() && p.is_section) else {
        if !failed.contains("") {
            diags.error(&ContentError::NoHome, Location::file(CONTENT_DIR));
        }
        return None;
    };
    pages.swap(0, home);
    let mut by_path: HashMap<String, PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.clone(), i))
        .collect();

    // 3. Parents: the nearest enclosing section.
    for i in 1..pages.len() {
        let mut parent_path = pages[i].path.as_str();
        let parent = loop {
            parent_path = parent_path.rsplit_once('/').map_or("", |(p, _)| p);
            if let Some(&p) = by_path.get(parent_path)
                && pages[p].is_section
            {
                break p;
            }
            if parent_path.is_empty() {
                break 0;
            }
        };
        pages[i].parent = Some(parent);
    }
    for i in 1..pages.len() {
        if let Some(parent) = pages[i].parent {
            if pages[i].is_section {
                pages[parent].subsections.push(i);
            } else {
                pages[parent].pages.push(i);
            }
        }
    }
    // Order: weight (unset last), newest date first, title, path.
    let keys: Vec<_> = pages.iter().map(|p| sort_key(p, default)).collect();
    for p in pages.iter_mut() {
        p.pages.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
        p.subsections.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }

    // 4. Shown version and URL per language. Parents come before children in path order, so
    //    process by depth.
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by_key(|&i| {
        (
            pages[i].path.matches('/').count() + usize::from(!pages[i].path.is_empty()),
            i,
        )
    });
    for &i in &order {
        let mut shown = Vec::with_capacity(n_langs);
        let mut urls = Vec::with_capacity(n_langs);
        for lang in 0..n_langs {
            let s = config
                .chain(lang)
                .find(|&l| pages[i].versions[l].is_some())
                .unwrap_or(default);
            shown.push(s);
            let url = match pages[i].parent {
                None => format!("/{}/", config.languages[lang].code),
                Some(parent) => {
                    let version = pages[i].versions[s].as_ref();
                    let slug = version
                        .and_then(|v| v.front.slug.as_deref())
                        .map(|s| s.trim().to_string())
                        .unwrap_or_else(|| {
                            url_segment(pages[i].path.rsplit('/').next().unwrap_or(""))
                        });
                    format!("{}{}/", pages[parent].urls[lang], slug)
                }
            };
            urls.push(url);
        }
        pages[i].shown = shown;
        pages[i].urls = urls;
    }

    // Same URL twice?
    let mut seen: HashMap<&str, PageId> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        for url in &p.urls {
            if let Some(&other) = seen.get(url.as_str()) {
                if other != i {
                    diags.error(
                        &ContentError::DuplicateUrl(
                            url.clone(),
                            crate::diag::display_path(&pages[other].source(default).file),
                            crate::diag::display_path(&p.source(default).file),
                        ),
                        Location::file(&p.source(default).file),
                    );
                }
            } else {
                seen.insert(url, i);
            }
        }
    }
    // Taxonomy folders must not clash with content.
    for (_, segment) in TAXONOMIES {
        for lang in &config.languages {
            let url = format!("/{}/{segment}/", lang.code);
            if let Some(&i) = seen.get(url.as_str()) {
                diags.error(
                    &ContentError::TaxonomyClash(url),
                    Location::file(&pages[i].source(default).file),
                );
            }
        }
    }

    // 5. Links.
    let link_targets: Vec<Vec<Vec<Resolved>>> = pages
        .iter()
        .map(|p| {
            p.versions
                .iter()
                .map(|v| match v {
                    None => Vec::new(),
                    Some(v) => v
                        .doc
                        .links
                        .iter()
                        .enumerate()
                        .map(|(li, link)| {
                            resolve_link(
                                &link.path,
                                link.anchor.as_deref(),
                                v,
                                li,
                                &Targets {
                                    pages: &pages,
                                    by_path: &by_path,
                                    failed,
                                    drafts: &hidden_drafts,
                                },
                                &config,
                                diags,
                            )
                        })
                        .collect(),
                })
                .collect()
        })
        .collect();
    for (p, per_lang) in pages.iter_mut().zip(link_targets) {
        for (v, targets) in p.versions.iter_mut().zip(per_lang) {
            if let Some(v) = v {
                v.resolved = targets;
            }
        }
    }

    // 6. Taxonomies.
    let taxonomies = build_taxonomies(&pages, n_langs, &keys);

    by_path.shrink_to_fit();
    Some(Site {
        root: root.to_path_buf(),
        config,
        pages,
        by_path,
        taxonomies,
    })
}

/// The display order of a page among its siblings: weight (unset last), newest date first,
/// title, path.
type SortKey = (i64, std::cmp::Reverse<Option<Date>>, String, String);

fn sort_key(p: &Page, default: usize) -> SortKey {
    let v = p.source(default);
    (
        v.front.weight.unwrap_or(i64::MAX),
        std::cmp::Reverse(v.front.date),
        v.front.title.to_lowercase(),
        p.path.clone(),
    )
}

/// `tags` and `countries`, per language, from the shown versions of pages (not sections).
fn build_taxonomies(pages: &[Page], n_langs: usize, keys: &[SortKey]) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for (name, segment) in TAXONOMIES {
        let mut terms = Vec::with_capacity(n_langs);
        for lang in 0..n_langs {
            let mut map: BTreeMap<String, Term> = BTreeMap::new();
            for (i, p) in pages.iter().enumerate() {
                if p.is_section {
                    continue;
                }
                let front = &p.shown_version(lang).front;
                let list = if name == "tags" {
                    &front.tags
                } else {
                    &front.countries
                };
                for t in list.iter().flatten() {
                    let slug = url_segment(t);
                    if slug.is_empty() {
                        continue;
                    }
                    let term = map.entry(slug.clone()).or_insert_with(|| Term {
                        name: t.trim().to_string(),
                        slug,
                        pages: Vec::new(),
                    });
                    if !term.pages.contains(&i) {
                        term.pages.push(i);
                    }
                }
            }
            let mut list: Vec<Term> = map.into_values().collect();
            for t in &mut list {
                t.pages.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
            }
            terms.push(list);
        }
        taxonomies.push(Taxonomy {
            name,
            segment,
            terms,
        });
    }
    taxonomies
}

/// What `update` did with a changed file.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The page was updated in place.
    Updated(PageId),
    /// The file has errors (in the diagnostics); the site is unchanged.
    Failed,
    /// The change touches the site's structure (a new or removed file, a slug, a draft, an
    /// alias): load everything again.
    Reload,
}

/// Updates one changed Markdown file in an already loaded site (for `serve`): parse it again,
/// swap its version in, resolve its links, re-sort its section and the taxonomies. Anything
/// that would move pages around asks for a full `load` instead.
pub fn update(site: &mut Site, rel: &Path, drafts: bool, diags: &mut Diagnostics) -> Update {
    let abs = site.root.join(rel);
    if !rel.starts_with(CONTENT_DIR) || rel.extension().is_none_or(|e| e != "md") || !abs.is_file()
    {
        return Update::Reload;
    }
    let opts = RenderOptions {
        allow_raw_html: site.config.allow_raw_html,
    };
    let (parsed, problems) = parse_file(rel, &abs, &site.config, opts);
    let errors = problems.iter().any(Diagnostic::is_error);
    diags.extend(problems);
    let parsed = match parsed {
        Ok(p) if !errors => p,
        // An empty translation stub: the page loses that language.
        Err(None) if !errors => return Update::Reload,
        _ => return Update::Failed,
    };
    let Some(&id) = site.by_path.get(&parsed.identity) else {
        return Update::Reload;
    };
    let lang = parsed.version.lang;
    let page = &site.pages[id];
    let Some(old) = page.versions[lang].as_ref() else {
        return Update::Reload;
    };
    let (a, b) = (&old.front, &parsed.version.front);
    let is_draft = b.draft == Some(true) && !drafts;
    if page.is_section != parsed.is_section
        || a.slug != b.slug
        || a.draft != b.draft
        || a.aliases != b.aliases
        || is_draft
    {
        return Update::Reload;
    }
    let reorder = (a.weight, a.date, &a.title) != (b.weight, b.date, &b.title);
    let mut version = parsed.version;
    let no_failed = HashSet::new();
    let no_drafts = HashSet::new();
    let targets = Targets {
        pages: &site.pages,
        by_path: &site.by_path,
        failed: &no_failed,
        drafts: &no_drafts,
    };
    let before = diags.error_count();
    version.resolved = (0..version.doc.links.len())
        .map(|i| {
            let link = &version.doc.links[i];
            resolve_link(
                &link.path,
                link.anchor.as_deref(),
                &version,
                i,
                &targets,
                &site.config,
                diags,
            )
        })
        .collect();
    if diags.error_count() > before {
        return Update::Failed;
    }
    site.pages[id].versions[lang] = Some(version);
    let default = site.config.default_language;
    if reorder && let Some(parent) = site.pages[id].parent {
        let mut children = std::mem::take(&mut site.pages[parent].pages);
        let mut subs = std::mem::take(&mut site.pages[parent].subsections);
        children.sort_by_cached_key(|&c| sort_key(&site.pages[c], default));
        subs.sort_by_cached_key(|&c| sort_key(&site.pages[c], default));
        site.pages[parent].pages = children;
        site.pages[parent].subsections = subs;
    }
    let keys: Vec<SortKey> = site.pages.iter().map(|p| sort_key(p, default)).collect();
    site.taxonomies = build_taxonomies(&site.pages, site.config.languages.len(), &keys);
    Update::Updated(id)
}

/// What a link may point at.
struct Targets<'a> {
    pages: &'a [Page],
    by_path: &'a HashMap<String, PageId>,
    /// Identities whose files failed to load (their errors are reported already).
    failed: &'a HashSet<String>,
    /// Identities left out as drafts.
    drafts: &'a HashSet<String>,
}

fn resolve_link(
    raw: &str,
    anchor: Option<&str>,
    from: &Version,
    index: usize,
    targets: &Targets,
    config: &Config,
    diags: &mut Diagnostics,
) -> Resolved {
    let pages = targets.pages;
    // Where the link is, for an error: computed only when there is one.
    let at = || from.at_body_offset(from.doc.links[index].offset);
    let decoded = percent_decode(raw);
    let path = decoded.trim();
    if !path.ends_with(".md")
        || path.starts_with('/')
        || path
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
    {
        diags.error(&ContentError::BadLinkPath(raw.to_string()), at());
        return None;
    }
    let (identity, _, lang, _) = match identity_of(Path::new(path), config) {
        Ok(x) => x,
        Err(_) => {
            diags.error(&ContentError::BrokenLink(raw.to_string()), at());
            return None;
        }
    };
    let explicit_lang = path
        .strip_suffix(".md")
        .and_then(|s| s.rsplit_once('.'))
        .is_some_and(|(_, suffix)| config.language_index(suffix).is_some());
    let Some(&target) = targets.by_path.get(&identity) else {
        if targets.drafts.contains(&identity) {
            diags.error(&ContentError::LinkToDraft(raw.to_string()), at());
        } else if !targets.failed.contains(&identity) {
            diags.error(&ContentError::BrokenLink(raw.to_string()), at());
        }
        return None;
    };
    if explicit_lang && pages[target].versions[lang].is_none() {
        diags.error(&ContentError::BrokenLink(raw.to_string()), at());
        return None;
    }
    if let Some(anchor) = anchor {
        // The anchor must exist where the author can see it: in the version of the target
        // shown in the language the link is written in.
        let reader = if explicit_lang { lang } else { from.lang };
        let shown = pages[target].shown_version(reader);
        if !shown.doc.has_id(anchor) {
            diags.error(
                &ContentError::MissingAnchor {
                    page: crate::diag::display_path(&shown.file),
                    anchor: anchor.to_string(),
                },
                at(),
            );
        }
    }
    Some((target, explicit_lang.then_some(lang)))
}

/// `%20` → space, so `@/my%20page.md` finds `my page.md`.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        let d = Date::parse("2026-11-29").unwrap_or(Date {
            year: 0,
            month: 1,
            day: 1,
        });
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
    }

    #[test]
    fn front_matter_split() {
        assert_eq!(
            split_front_matter("---\na: 1\n---\nbody").ok(),
            Some((4, 9, 13))
        );
        assert!(matches!(
            split_front_matter("---\na: 1\n"),
            Err(ContentError::UnclosedFrontMatter)
        ));
        assert!(matches!(
            split_front_matter("# hi"),
            Err(ContentError::NoFrontMatter)
        ));
        assert!(matches!(split_front_matter(""), Err(ContentError::Empty)));
    }

    #[test]
    fn segments_and_slugs() {
        assert_eq!(url_segment("Mi Página"), "mi-página");
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug(".."));
        assert!(valid_slug("asilo-político"));
        assert_eq!(clean_alias("/es/viejo/"), Some("es/viejo".into()));
        assert_eq!(clean_alias("/es/../x/"), None);
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
    }
}
