//! The errors of the translators' pipeline: each names what is wrong in plain words; the
//! callers attach the file and line (of the PO entry, or of the page).

use crate::diag::Coded;

#[derive(Debug, Clone, thiserror::Error)]
pub enum PoError {
    #[error("this is not PO syntax: {0}")]
    Syntax(String),
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    #[error("this PO file is for the language `{found}`, not `{expected}`")]
    Language { found: String, expected: String },
    #[error(
        "this entry has {found} plural form(s), but the file's Plural-Forms header says {expected}"
    )]
    Plural { found: usize, expected: usize },
    #[error("the translation drops or changes `{0}`, which must stay as it is in the source")]
    Dropped(String),
    #[error("the translation adds `{0}`, which the source does not have")]
    Added(String),
    #[error("the translation breaks the link to `{0}`: it is not a link any more")]
    BrokenLink(String),
    #[error("the translation changes the page's structure: {0}")]
    Structure(String),
    #[error("cannot write {0}: {1}")]
    Write(String, String),
    #[error("`{0}` is not one of the site's languages")]
    UnknownLanguage(String),
    #[error(
        "`{0}` is the default language: its pages are the sources, there is nothing to translate"
    )]
    DefaultLanguage(String),
    #[error("the PO folder {0} is inside content/: choose a folder outside it, like po/")]
    BadFolder(String),
}

impl Coded for PoError {
    fn code(&self) -> &'static str {
        match self {
            PoError::Syntax(_) => "po-syntax",
            PoError::Unreadable(_) => "unreadable",
            PoError::Language { .. } => "po-language",
            PoError::Plural { .. } => "po-plural",
            PoError::Dropped(_) | PoError::Added(_) | PoError::BrokenLink(_) => "po-placeholder",
            PoError::Structure(_) => "po-structure",
            PoError::Write(..) => "write-failed",
            PoError::UnknownLanguage(_) | PoError::DefaultLanguage(_) => "bad-language",
            PoError::BadFolder(_) => "bad-output",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            PoError::Dropped(_) | PoError::BrokenLink(_) => Some(
                "copy every `@/…` link address, `#anchor` and `{#id}` from the msgid as it is; translate only the words around them".into(),
            ),
            PoError::Added(_) => Some(
                "a translation has the same links as the source; ask an editor to add the link to the source page".into(),
            ),
            PoError::Structure(_) => Some(
                "keep the translation of a block on its own: do not start it with `#`, `-`, `1.`, `>` or a blank line".into(),
            ),
            PoError::Plural { .. } => Some(
                "give every msgstr[N] the header's number of forms, or fix the Plural-Forms line".into(),
            ),
            PoError::Language { .. } => Some(
                "each language's PO files live in their own folder: po/LANG/PATH.po".into(),
            ),
            _ => None,
        }
    }
}
