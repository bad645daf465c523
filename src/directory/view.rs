//! The directory's pages: one view per language for everything, each country and each kind,
//! and the template value of each (entries grouped by country and city, the filters' links).

use std::collections::BTreeMap;

use super::{DAYS, Directory, Entry, KINDS};
use crate::content::Site;
use crate::lang::Lang;

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
        "groups": groups(dir, view, site.config.code(lang)),
        "total": count(&view.filter),
        "examples": dir.entries.iter().filter(|e| e.example && Directory::matches(&view.filter, e)).count(),
    })
}

/// The view's entries grouped by country (data order), then city (alphabetical), then name.
fn groups(dir: &Directory, view: &View, code: &str) -> Vec<serde_json::Value> {
    use serde_json::json;
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
                json!({"city": city, "entries": list.into_iter().map(|e| entry_value(e, code)).collect::<Vec<_>>()})
            })
            .collect();
        groups.push(json!({"country": country, "cities": cities}));
    }
    groups
}

/// The template value of one entry, for a reader of the language `code`.
fn entry_value(e: &Entry, code: &str) -> serde_json::Value {
    use serde_json::json;
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
}
