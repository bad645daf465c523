//! The services directory: `data/services.yaml` validated like front matter (unknown keys,
//! bad phone numbers, dates, kinds and services are errors with file and line), entries not
//! verified for a year flagged to editors, and the per-language views the theme renders —
//! the directory section grouped by country and city, plus one page per country and one per
//! kind, so readers can filter without JavaScript.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::content::{PageId, Site};
use crate::data::{DATA_DIR, Data};
use crate::date::Date;
use crate::diag::{self, Coded, Diagnostics, Location};
use crate::lang::Lang;
use crate::yaml::{self, Schema};

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    services: Vec<RawEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    name: String,
    kind: Spanned<String>,
    country: Spanned<String>,
    city: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    phones: Vec<Spanned<String>>,
    #[serde(default)]
    hours: Vec<RawHours>,
    #[serde(default)]
    services: Vec<Spanned<String>>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    cost: Option<Spanned<String>>,
    #[serde(default)]
    last_verified: Option<Spanned<Date>>,
    example: Spanned<bool>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    notes: Option<Spanned<BTreeMap<String, String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    days: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
}

const SCHEMA: Schema = Schema {
    keys: &[
        ("services", "a list of entries"),
        ("id", "a short unique name like mx-tapachula-info"),
        ("name", "text"),
        (
            "kind",
            "one of information, shelter, health, legal, hotline",
        ),
        ("country", "a country code like mx"),
        ("city", "text"),
        ("address", "text"),
        (
            "phones",
            "a list of numbers like [\"+52 962 000 0000\", \"911\"]",
        ),
        (
            "hours",
            "a list like [{ days: mon-fri, from: \"09:00\", to: \"17:00\" }]",
        ),
        ("days", "mon, tue, ... sun, or a range like mon-fri"),
        ("from", "a time like \"09:00\""),
        ("to", "a time like \"17:00\""),
        ("services", "a list like [orientation, legal-advice]"),
        ("languages", "a list of language codes like [es, en]"),
        ("cost", "free or low-cost"),
        ("last_verified", "a date like 2026-05-31"),
        ("example", "true or false"),
        (
            "source",
            "where the listing was verified, like \"FACTS.md, Mexico (good)\" or \"called 2026-11-30\"",
        ),
        (
            "notes",
            "a map of language code to text, like { es: ..., en: ... }",
        ),
    ],
};

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

fn parse_days(s: &str) -> Option<(usize, usize)> {
    let day = |d: &str| DAYS.iter().position(|x| *x == d.trim());
    match s.split_once('-') {
        Some((a, b)) => Some((day(a)?, day(b)?)),
        None => day(s).map(|d| (d, d)),
    }
}

fn valid_time(t: &str) -> bool {
    let Some((h, m)) = t.split_once(':') else {
        return false;
    };
    let (Ok(h), Ok(m)) = (h.parse::<u8>(), m.parse::<u8>()) else {
        return false;
    };
    h.to_string().len() <= 2 && m < 60 && (h < 24 || (h == 24 && m == 0)) && t.len() == 5
}

/// Validates the configured data file. `None` if the site has no directory or it is unusable.
/// One listing checked field by field (each problem an error at its line); `seen` holds the ids
/// so far.
fn check_entry(
    e: RawEntry,
    site: &Site,
    today: Date,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    seen: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Entry {
    let id = e.id.value.trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        diags.error(&DirectoryError::BadId(id.clone()), at(&e.id.referenced));
    }
    if !seen.insert(id.clone()) {
        diags.error(
            &DirectoryError::DuplicateId(id.clone()),
            at(&e.id.referenced),
        );
    }
    let kind = e.kind.value.trim().to_string();
    if !KINDS.contains(&kind.as_str()) {
        diags.error(
            &DirectoryError::BadKind(kind.clone()),
            at(&e.kind.referenced),
        );
    }
    let country = e.country.value.trim().to_string();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_lowercase()) {
        diags.error(
            &DirectoryError::BadCountry(country.clone()),
            at(&e.country.referenced),
        );
    }
    let phones = check_phones(&e.phones, at, diags);
    let hours = check_hours(&e.hours, at, diags);
    for s in &e.services {
        if !SERVICES.contains(&s.value.as_str()) {
            diags.error(
                &DirectoryError::BadService(s.value.clone()),
                at(&s.referenced),
            );
        }
    }
    for l in &e.languages {
        if l.value.parse::<unic_langid::LanguageIdentifier>().is_err() {
            diags.error(
                &DirectoryError::BadLanguage(l.value.clone()),
                at(&l.referenced),
            );
        }
    }
    let cost = e.cost.as_ref().map(|c| c.value.trim().to_string());
    if let (Some(c), Some(raw)) = (&cost, &e.cost)
        && c != "free"
        && c != "low-cost"
    {
        diags.error(&DirectoryError::BadCost(c.clone()), at(&raw.referenced));
    }
    let example = e.example.value;
    check_verification(&e, today, at, diags);
    let notes = check_notes(e.notes.as_ref(), &e.id, &site.config, at, diags);
    Entry {
        id,
        name: e.name.trim().to_string(),
        kind,
        country,
        city: e.city.trim().to_string(),
        address: e
            .address
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
        phones,
        hours,
        services: e.services.into_iter().map(|s| s.value).collect(),
        languages: e.languages.into_iter().map(|s| s.value).collect(),
        cost,
        last_verified: e.last_verified.map(|v| v.value),
        example,
        source: e.source.map(|s| s.value.trim().to_string()),
        notes,
    }
}

/// Phone numbers, each with its `tel:` address.
fn check_phones(
    raw: &[Spanned<String>],
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut phones = Vec::new();
    for p in raw {
        match tel_uri(&p.value) {
            Some(uri) => phones.push((p.value.trim().to_string(), uri)),
            None => diags.error(
                &DirectoryError::BadPhone(p.value.clone()),
                at(&p.referenced),
            ),
        }
    }
    phones
}

/// Opening hours: days (`mon-fri`) and 24-hour times.
fn check_hours(
    raw: &[RawHours],
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    diags: &mut Diagnostics,
) -> Vec<Hours> {
    let mut hours = Vec::new();
    for h in raw {
        let days = parse_days(&h.days.value);
        if days.is_none() {
            diags.error(
                &DirectoryError::BadDays(h.days.value.clone()),
                at(&h.days.referenced),
            );
        }
        for t in [&h.from, &h.to] {
            if !valid_time(&t.value) {
                diags.error(&DirectoryError::BadTime(t.value.clone()), at(&t.referenced));
            }
        }
        if let Some((first_day, last_day)) = days {
            hours.push(Hours {
                first_day,
                last_day,
                from: h.from.value.clone(),
                to: h.to.value.clone(),
            });
        }
    }
    hours
}

/// A real listing (`example: false`) says when and how it was checked; a check over a year
/// old is a warning.
fn check_verification(
    e: &RawEntry,
    today: Date,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    diags: &mut Diagnostics,
) {
    let example = e.example.value;
    if !example {
        if e.last_verified.is_none() {
            diags.error(
                &DirectoryError::Unverified("last_verified"),
                at(&e.example.referenced),
            );
        }
        if e.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
            diags.error(
                &DirectoryError::Unverified("source"),
                at(&e.example.referenced),
            );
        }
    }
    if let Some(v) = &e.last_verified
        && !example
    {
        let days = today.days_since_epoch() - v.value.days_since_epoch();
        if days > STALE_AFTER_DAYS {
            diags.warning(
                &DirectoryError::Stale {
                    date: v.value,
                    days,
                },
                at(&v.referenced),
            );
        }
    }
}

/// Notes per language: known languages only; missing ones are a warning.
fn check_notes(
    raw: Option<&Spanned<BTreeMap<String, String>>>,
    id: &Spanned<String>,
    config: &crate::config::Config,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut notes = BTreeMap::new();
    if let Some(n) = raw {
        for (lang, text) in &n.value {
            if config.language_index(lang).is_none() {
                diags.error(
                    &DirectoryError::NoteLanguage(lang.clone()),
                    at(&n.referenced),
                );
            }
            notes.insert(lang.clone(), text.trim().to_string());
        }
    }
    if !notes.is_empty() {
        let missing: Vec<&str> = config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|c| !notes.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            diags.warning(
                &DirectoryError::MissingNotes {
                    id: id.value.trim().to_string(),
                    langs: missing.join(", "),
                },
                at(&id.referenced),
            );
        }
    }
    notes
}

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
    let text = &source.text;
    let raw: RawFile = match yaml::parse(text, &SCHEMA) {
        Ok(r) => r,
        Err(e) => {
            diags.error(&e, Location::at(&file, text, e.line, e.column));
            return None;
        }
    };
    let at = |l: &serde_saphyr::Location| {
        Location::at(&file, text, l.line() as usize, l.column() as usize)
    };
    let mut seen = BTreeSet::new();
    let mut entries = Vec::new();
    let before = diags.error_count();
    for e in raw.services {
        entries.push(check_entry(e, site, today, &at, &mut seen, diags));
    }
    if diags.error_count() > before {
        return None;
    }
    Some(Directory {
        section,
        entries,
        file,
    })
}

/// A filter of the directory: everything, one country, or one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    All,
    Country(String),
    Kind(String),
}

/// One directory page to render: its URL (site-absolute) and what it shows.
#[derive(Debug, Clone)]
pub struct View {
    pub lang: Lang,
    pub url: String,
    pub filter: Filter,
}

impl Directory {
    /// Countries with entries, in the order of first appearance in the data (editors order it).
    pub fn countries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entries {
            if !out.contains(&e.country) {
                out.push(e.country.clone());
            }
        }
        out
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        KINDS
            .iter()
            .copied()
            .filter(|k| self.entries.iter().any(|e| e.kind == *k))
            .collect()
    }

    pub fn url(&self, site: &Site, lang: Lang, filter: &Filter) -> String {
        let base = &site.pages[self.section].urls[lang];
        let filter = match filter {
            Filter::All => None,
            Filter::Country(c) => Some(("country", c.as_str())),
            Filter::Kind(k) => Some(("kind", k.as_str())),
        };
        crate::routes::directory_url(base, filter)
    }

    /// Every directory page in every language.
    pub fn views(&self, site: &Site) -> Vec<View> {
        let mut filters = vec![Filter::All];
        filters.extend(self.countries().into_iter().map(Filter::Country));
        filters.extend(
            self.kinds()
                .into_iter()
                .map(|k| Filter::Kind(k.to_string())),
        );
        let mut views = Vec::new();
        for lang in site.config.langs() {
            for f in &filters {
                views.push(View {
                    lang,
                    url: self.url(site, lang, f),
                    filter: f.clone(),
                });
            }
        }
        views
    }

    pub fn matches(filter: &Filter, e: &Entry) -> bool {
        match filter {
            Filter::All => true,
            Filter::Country(c) => &e.country == c,
            Filter::Kind(k) => &e.kind == k,
        }
    }
}

/// The template value of one view, for a reader of `lang`.
pub fn view_value(dir: &Directory, site: &Site, view: &View) -> serde_json::Value {
    use serde_json::json;
    let lang = view.lang;
    let code = site.config.code(lang);
    let entry_value = |e: &Entry| {
        // A note in the reader's own language, or none: never a note in another language.
        let notes = e.notes.get(code).cloned();
        json!({
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "country": e.country,
            "city": e.city,
            "address": e.address,
            // An example's numbers are placeholders: no call link for them.
            "phones": e.phones.iter().map(|(n, uri)| json!({"number": n, "tel": if e.example { None } else { Some(uri) }})).collect::<Vec<_>>(),
            "hours": e.hours.iter().map(|h| json!({
                "first_day": DAYS[h.first_day],
                "last_day": DAYS[h.last_day],
                "from": h.from,
                "to": h.to,
                "always": h.first_day == 0 && h.last_day == 6 && h.from == "00:00" && h.to == "24:00",
            })).collect::<Vec<_>>(),
            "services": e.services,
            "languages": e.languages,
            "cost": e.cost,
            "last_verified": e.last_verified.map(|d| d.to_string()),
            "example": e.example,
            "source": e.source,
            "notes": notes,
        })
    };
    // Grouped by country (data order), then city (alphabetical), then name.
    let mut groups = Vec::new();
    for country in dir.countries() {
        let mut cities: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for e in dir
            .entries
            .iter()
            .filter(|e| e.country == country && Directory::matches(&view.filter, e))
        {
            cities.entry(e.city.clone()).or_default().push(e);
        }
        if cities.is_empty() {
            continue;
        }
        let cities: Vec<_> = cities
            .into_iter()
            .map(|(city, mut list)| {
                list.sort_by(|a, b| a.name.cmp(&b.name));
                json!({"city": city, "entries": list.into_iter().map(entry_value).collect::<Vec<_>>()})
            })
            .collect();
        groups.push(json!({"country": country, "cities": cities}));
    }
    let count = |f: &Filter| {
        dir.entries
            .iter()
            .filter(|e| Directory::matches(f, e))
            .count()
    };
    let countries: Vec<_> = dir
        .countries()
        .into_iter()
        .map(|c| {
            let f = Filter::Country(c.clone());
            json!({"code": c, "url": dir.url(site, lang, &f), "count": count(&f), "current": view.filter == f})
        })
        .collect();
    let kinds: Vec<_> = dir
        .kinds()
        .into_iter()
        .map(|k| {
            let f = Filter::Kind(k.to_string());
            json!({"code": k, "url": dir.url(site, lang, &f), "count": count(&f), "current": view.filter == f})
        })
        .collect();
    let filter = match &view.filter {
        Filter::All => serde_json::Value::Null,
        Filter::Country(c) => json!({"type": "country", "code": c}),
        Filter::Kind(k) => json!({"type": "kind", "code": k}),
    };
    json!({
        "url": dir.url(site, lang, &Filter::All),
        "filter": filter,
        "countries": countries,
        "kinds": kinds,
        "groups": groups,
        "total": count(&view.filter),
        "examples": dir.entries.iter().filter(|e| e.example && Directory::matches(&view.filter, e)).count(),
    })
}

#[cfg(test)]
mod tests {
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
