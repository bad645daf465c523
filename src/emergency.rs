//! `data/emergency.yaml`: the emergency numbers of every page's strip, of the emergency-numbers
//! page and of the kiosk's "scan to call" codes, validated where they are loaded. Every number
//! must say what it is for (`label`, one of `LABELS`, each shown in the reader's language as the
//! UI string `emergency-label-LABEL`) and where the fact comes from (`source`); `unsure: true`,
//! on a country or on one number, marks what the facts sheets do not confirm, and readers see
//! it marked. A number without a label, or with a label senda does not know, is an error with
//! the file and line: the strip can never show bare numbers again.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::data::{DATA_DIR, Data};
use crate::diag::{self, Coded, Diagnostics, Location};
use crate::yaml::{self, Schema};

/// The data file.
pub const FILE: &str = "emergency.yaml";

/// What a number can be for.
pub const LABELS: &[&str] = &[
    "emergency",
    "police",
    "firefighters",
    "red-cross",
    "medical",
    "disasters",
    "anonymous-report",
    "women",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    countries: Vec<RawCountry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    country: Spanned<String>,
    // Read by the templates; accepted here.
    #[serde(default, rename = "unsure")]
    _unsure: bool,
    numbers: Vec<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumber {
    number: Spanned<String>,
    label: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    #[serde(default, rename = "unsure")]
    _unsure: bool,
}

const SCHEMA: Schema = Schema {
    keys: &[
        (
            "countries",
            "a list of countries, each { country, numbers }",
        ),
        ("country", "a country code like mx"),
        ("unsure", "true or false"),
        (
            "numbers",
            "a list like [{ number: \"911\", label: emergency, source: ... }]",
        ),
        ("number", "a number like \"911\""),
        ("label", "what the number is for, like emergency or police"),
        (
            "source",
            "where the number comes from, like \"FACTS.md, Mexico (good)\"",
        ),
    ],
};

#[derive(Debug, thiserror::Error)]
pub enum EmergencyError {
    #[error("the number {0} has no `label`: say what it is for ({labels})", labels = LABELS.join(", "))]
    NoLabel(String),
    #[error("the label `{0}` is unknown")]
    BadLabel(String),
    #[error("the number {0} has no `source`: name the line of the facts sheet it comes from")]
    NoSource(String),
    #[error("`{0}` is not an emergency number (2 to 6 digits, like \"911\")")]
    BadNumber(String),
    #[error("`{0}` is not a country code (two lowercase letters, like mx)")]
    BadCountry(String),
}

impl Coded for EmergencyError {
    fn code(&self) -> &'static str {
        "emergency-number"
    }

    fn help(&self) -> Option<String> {
        match self {
            EmergencyError::BadLabel(l) => Some(match diag::suggest(l, LABELS) {
                Some(s) => format!("did you mean `{s}`? The labels are: {}", LABELS.join(", ")),
                None => format!("the labels are: {}", LABELS.join(", ")),
            }),
            EmergencyError::NoLabel(_) => {
                Some("readers must see what each number is for, in their language".into())
            }
            _ => None,
        }
    }
}

/// Validates `data/emergency.yaml` if the site has one, and returns its numbers (templates
/// read the file itself through `load_data`). Problems go to `diags`.
pub fn load(data: &Data, diags: &mut Diagnostics) -> Vec<String> {
    let Some(source) = data.files.get(FILE) else {
        return Vec::new();
    };
    let file = std::path::Path::new(DATA_DIR).join(FILE);
    let text = &source.text;
    let raw: RawFile = match yaml::parse(text, &SCHEMA) {
        Ok(r) => r,
        Err(e) => {
            diags.error(&e, Location::at(&file, text, e.line, e.column));
            return Vec::new();
        }
    };
    let at = |l: &serde_saphyr::Location| {
        Location::at(&file, text, l.line() as usize, l.column() as usize)
    };
    let mut out = Vec::new();
    for c in raw.countries {
        let code = c.country.value.trim().to_string();
        if code.len() != 2 || !code.chars().all(|ch| ch.is_ascii_lowercase()) {
            diags.error(
                &EmergencyError::BadCountry(code.clone()),
                at(&c.country.referenced),
            );
        }
        for n in c.numbers {
            let number = n.number.value.trim().to_string();
            let digits_ok =
                (2..=6).contains(&number.len()) && number.chars().all(|ch| ch.is_ascii_digit());
            if !digits_ok {
                diags.error(
                    &EmergencyError::BadNumber(number.clone()),
                    at(&n.number.referenced),
                );
            }
            match &n.label {
                None => {
                    diags.error(
                        &EmergencyError::NoLabel(number.clone()),
                        at(&n.number.referenced),
                    );
                    continue;
                }
                Some(l) if !LABELS.contains(&l.value.trim()) => {
                    diags.error(
                        &EmergencyError::BadLabel(l.value.clone()),
                        at(&l.referenced),
                    );
                    continue;
                }
                Some(_) => {}
            }
            if n.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
                diags.error(
                    &EmergencyError::NoSource(number.clone()),
                    at(&n.number.referenced),
                );
            }
            out.push(number);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataFile;

    fn data(text: &str) -> Data {
        let mut d = Data::default();
        d.files.insert(
            FILE.into(),
            DataFile {
                text: text.into(),
                value: serde_json::Value::Null,
            },
        );
        d
    }

    #[test]
    fn every_number_needs_a_known_label_and_a_source() {
        let mut diags = Diagnostics::new();
        let c = load(
            &data(
                "countries:\n  - country: gt\n    numbers:\n      - { number: \"110\", label: police, source: x }\n      - { number: \"125\" }\n      - { number: \"122\", label: bomberos, source: x }\n      - { number: \"119\", label: disasters }\n",
            ),
            &mut diags,
        );
        let found: Vec<(&str, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            found,
            [
                ("emergency-number", Some(5)),
                ("emergency-number", Some(6)),
                ("emergency-number", Some(7))
            ]
        );
        assert_eq!(c, ["110", "119"]);
        let help: Vec<String> = diags.iter().filter_map(|d| d.help.clone()).collect();
        assert!(
            help.iter().any(|h| h.contains("the labels are")),
            "{help:?}"
        );
    }
}
