//! One listing of the services directory's data file as written, and its checks, field by
//! field: each problem an error (or, for a stale listing, a warning) at its line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{DAYS, DirectoryError, Entry, Hours, KINDS, SERVICES, STALE_AFTER_DAYS, tel_uri};
use crate::content::Site;
use crate::date::Date;
use crate::diag::{Diagnostics, Location};
use crate::yaml::{self, Schema};

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

/// The listings of the data file's `text` (at `file`), each checked; `None` after any error.
pub(super) fn entries(
    text: &str,
    file: &Path,
    site: &Site,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Vec<Entry>> {
    let raw: RawFile = match yaml::parse(text, &SCHEMA) {
        Ok(r) => r,
        Err(e) => {
            diags.error(&e, Location::at(file, text, e.line, e.column));
            return None;
        }
    };
    let at = |l: &serde_saphyr::Location| {
        Location::at(file, text, l.line() as usize, l.column() as usize)
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
    Some(entries)
}

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
    let id = check_id(&e.id, at, seen, diags);
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
    check_services_and_languages(&e, at, diags);
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

/// A listing's `id`: lowercase letters, digits and `-`, and not one used before (`seen`).
fn check_id(
    raw: &Spanned<String>,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    seen: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> String {
    let id = raw.value.trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        diags.error(&DirectoryError::BadId(id.clone()), at(&raw.referenced));
    }
    if !seen.insert(id.clone()) {
        diags.error(
            &DirectoryError::DuplicateId(id.clone()),
            at(&raw.referenced),
        );
    }
    id
}

/// A listing's services (from [`SERVICES`]) and languages (BCP 47 tags).
fn check_services_and_languages(
    e: &RawEntry,
    at: &dyn Fn(&serde_saphyr::Location) -> Location,
    diags: &mut Diagnostics,
) {
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

/// `mon-fri` → (0, 4), `sun` → (6, 6).
pub(super) fn parse_days(s: &str) -> Option<(usize, usize)> {
    let day = |d: &str| DAYS.iter().position(|x| *x == d.trim());
    match s.split_once('-') {
        Some((a, b)) => Some((day(a)?, day(b)?)),
        None => day(s).map(|d| (d, d)),
    }
}

/// A 24-hour time, `09:00` to `24:00`.
pub(super) fn valid_time(t: &str) -> bool {
    let Some((h, m)) = t.split_once(':') else {
        return false;
    };
    let (Ok(h), Ok(m)) = (h.parse::<u8>(), m.parse::<u8>()) else {
        return false;
    };
    h.to_string().len() <= 2 && m < 60 && (h < 24 || (h == 24 && m == 0)) && t.len() == 5
}
