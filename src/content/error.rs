//! The content stage's problems, each with its diagnostic code and, where it helps, a hint.

use crate::diag::Coded;
use crate::markdown;

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("the folder content/ is missing")]
    NoContentDir,
    #[error("content/_index.md is missing: it is the home page")]
    NoHome,
    #[error("this file is empty")]
    Empty,
    #[error("this file has no front matter")]
    NoFrontMatter,
    #[error("the front matter is never closed")]
    UnclosedFrontMatter,
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
    #[error("this file changed while the site was being built")]
    ChangedDuringBuild,
    #[error("the alias `{0}` must be a path on this site, like /es/old-page/")]
    BadAlias(String),
    #[error("a page and a folder cannot have the same address: {0}")]
    TaxonomyClash(String),
    #[error(
        "the name `{0}` has no letter or digit to make an address from; rename the file or give the page a `slug`"
    )]
    BadFileName(String),
    #[error("the {taxonomy} `{name}` has no letter or digit to make an address from")]
    EmptyTerm {
        taxonomy: &'static str,
        name: String,
    },
    #[error("{0}")]
    TermClash(Box<TermClash>),
    #[error("quick_exit.safety names `{0}`, which is not a page of the site")]
    NoSafetyPage(String),
}

impl Coded for ContentError {
    fn code(&self) -> &'static str {
        use ContentError::*;
        match self {
            NoContentDir | NoHome => "missing-content",
            Empty | NoFrontMatter | UnclosedFrontMatter => "front-matter",
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
            BadFileName(_) => "bad-file-name",
            EmptyTerm { .. } | TermClash(_) => "duplicate-url",
            NoSafetyPage(_) => "broken-link",
            TooDeep(_) => "too-deep",
            ChangedDuringBuild => "changed-during-build",
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
            TermClash(_) => Some("give the two a clearly different name, or use the same one on both pages".into()),
            ChangedDuringBuild => Some("build again once the file is saved; nothing was published".into()),
            NoSafetyPage(_) => Some("write the page, or fix the path in site.yaml (a file inside content/, like safety.md)".into()),
            _ => None,
        }
    }
}

/// Two names of one taxonomy that would share an address.
#[derive(Debug, thiserror::Error)]
#[error(
    "the {taxonomy} `{a}` ({a_file}) and `{b}` ({b_file}) would share one address, …/{segment}/{slug}/"
)]
pub struct TermClash {
    pub taxonomy: &'static str,
    pub segment: &'static str,
    pub slug: String,
    pub a: String,
    pub a_file: String,
    pub b: String,
    pub b_file: String,
}
