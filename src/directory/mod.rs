//! The services directory: `data/services.yaml` validated like front matter (unknown keys,
//! bad phone numbers, dates, kinds and services are errors with file and line), entries not
//! verified for a year flagged to editors, and the per-language views the theme renders —
//! the directory section grouped by country and city, plus one page per country and one per
//! kind, so readers can filter without JavaScript.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::{PageId, Site};
use crate::data::{DATA_DIR, Data};
use crate::date::Date;
use crate::diag::{self, Coded, Diagnostics};

mod check;
mod view;

pub use view::{Filter, View, view_value};

/// The kinds of service, in display order.
pub const KINDS: &[&str] = &["information", "shelter", "health", "legal", "hotline"];
/// What a service may offer (each has a UI string `service-NAME`).
pub const SERVICES: &[&str] = &[
    "orientation",
    "legal-advice",
    "asylum-help",
    "shelter",
    "food",
    "health-care",
    "psychosocial",
    "phone-calls",
    "internet",
    "hygiene",
    "child-protection",
    "women-protection",
    "emergency",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Entries older than this are flagged.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Opening hours: a day range and a time range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub first_day: usize,
    pub last_day: usize,
    pub from: String,
    pub to: String,
}

/// A validated entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub city: String,
    pub address: Option<String>,
    /// (as written, `tel:` URI).
    pub phones: Vec<(String, String)>,
    pub hours: Vec<Hours>,
    pub services: Vec<String>,
    pub languages: Vec<String>,
    /// `free` or `low-cost`, when known.
    pub cost: Option<String>,
    /// The day a real listing was last checked (examples have none).
    pub last_verified: Option<Date>,
    /// A placeholder, not a real service: its numbers are not dialable.
    pub example: bool,
    /// Where a real listing was verified.
    pub source: Option<String>,
    /// By language code.
    pub notes: BTreeMap<String, String>,
}

/// The directory: its entries and the section it is shown in.
#[derive(Debug, Clone)]
pub struct Directory {
    pub section: PageId,
    pub entries: Vec<Entry>,
    pub file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error(
        "`{0}` is not a phone number: write it with + and the country code (\"+52 962 000 0000\") or as a short national number (\"911\")"
    )]
    BadPhone(String),
    #[error("the kind `{0}` is unknown")]
    BadKind(String),
    #[error("the service `{0}` is unknown")]
    BadService(String),
    #[error("`{0}` is not a country code (two lowercase letters, like mx)")]
    BadCountry(String),
    #[error("`{0}` is not a language code")]
    BadLanguage(String),
    #[error("the cost must be `free` or `low-cost`, not `{0}`")]
    BadCost(String),
    #[error("`{0}` is not a day or a range of days (mon, tue, ... sun; mon-fri)")]
    BadDays(String),
    #[error("`{0}` is not a time (HH:MM, from 00:00 to 24:00)")]
    BadTime(String),
    #[error("the id `{0}` is used twice")]
    DuplicateId(String),
    #[error("the id `{0}` must use only lowercase letters, digits and -")]
    BadId(String),
    #[error("this entry was last verified on {date}, more than a year ago ({days} days)")]
    Stale { date: Date, days: i64 },
    #[error("the directory section `content/{0}/_index.md` does not exist")]
    NoSection(String),
    #[error("the directory data file data/{0} does not exist")]
    NoData(String),
    #[error("this real listing (example: false) has no `{0}`")]
    Unverified(&'static str),
    #[error("notes are given in `{0}`, which is not one of the site's languages")]
    NoteLanguage(String),
    #[error("the notes of `{id}` are missing in {langs}; readers in those languages see none")]
    MissingNotes { id: String, langs: String },
}

impl Coded for DirectoryError {
    fn code(&self) -> &'static str {
        match self {
            DirectoryError::Stale { .. } => "stale-entry",
            DirectoryError::NoSection(_) | DirectoryError::NoData(_) => "directory-missing",
            DirectoryError::MissingNotes { .. } => "missing-note",
            _ => "directory-entry",
        }
    }
    fn help(&self) -> Option<String> {
        match self {
            DirectoryError::BadKind(k) => Some(match diag::suggest(k, KINDS) {
                Some(s) => format!("did you mean `{s}`? The kinds are: {}", KINDS.join(", ")),
                None => format!("the kinds are: {}", KINDS.join(", ")),
            }),
            DirectoryError::BadService(k) => Some(match diag::suggest(k, SERVICES) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the services are: {}", SERVICES.join(", ")),
            }),
            DirectoryError::Stale { .. } => {
                Some("call or visit the service, then update `last_verified`".into())
            }
            DirectoryError::Unverified(_) => Some(
                "a listing readers may call needs `last_verified` (the day you checked it) and `source` (how); keep `example: true` until then"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// `+52 962 000 0000` → `tel:+529620000000`; `911` → `tel:911`.
pub fn tel_uri(number: &str) -> Option<String> {
    let n = number.trim();
    let international = n.starts_with('+');
    let body = n.strip_prefix('+').unwrap_or(n);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let ok = if international {
        (8..=15).contains(&digits.len()) && !digits.starts_with('0')
    } else {
        (2..=6).contains(&digits.len())
    };
    ok.then(|| format!("tel:{}{digits}", if international { "+" } else { "" }))
}

/// Validates the configured data file. `None` if the site has no directory or it is unusable.
pub fn load(site: &Site, data: &Data, today: Date, diags: &mut Diagnostics) -> Option<Directory> {
    let cfg = site.config.directory.as_ref()?;
    let section_path = cfg.section.trim_matches('/').to_string();
    let Some(&section) = site.by_path.get(&section_path) else {
        diags.error(
            &DirectoryError::NoSection(section_path),
            site.config.at_key("directory"),
        );
        return None;
    };
    let file = PathBuf::from(DATA_DIR).join(&cfg.data);
    let Some(source) = data.files.get(cfg.data.trim_start_matches('/')) else {
        diags.error(
            &DirectoryError::NoData(cfg.data.clone()),
            site.config.at_key("directory"),
        );
        return None;
    };
    let entries = check::entries(&source.text, &file, site, today, diags)?;
    Some(Directory {
        section,
        entries,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::check::{parse_days, valid_time};
    use super::*;

    #[test]
    fn tel_uris() {
        assert_eq!(
            tel_uri("+52 962 000 0000").as_deref(),
            Some("tel:+529620000000")
        );
        assert_eq!(tel_uri("911").as_deref(), Some("tel:911"));
        assert_eq!(
            tel_uri("+1 (555) 010-9999").as_deref(),
            Some("tel:+15550109999")
        );
        assert_eq!(
            tel_uri("962 000 0000"),
            None,
            "long national numbers need the country code"
        );
        assert_eq!(tel_uri("+52 abc"), None);
        assert_eq!(tel_uri("javascript:alert(1)"), None);
        assert_eq!(tel_uri("+0 123 456 789"), None);
    }

    #[test]
    fn days_and_times() {
        assert_eq!(parse_days("mon-fri"), Some((0, 4)));
        assert_eq!(parse_days("sun"), Some((6, 6)));
        assert_eq!(parse_days("monday"), None);
        assert!(
            valid_time("09:00")
                && valid_time("24:00")
                && !valid_time("24:30")
                && !valid_time("9:00")
        );
    }
}
