//! Phone numbers written in page text (`senda check`'s `unknown-number` rule). A number a
//! migrant may dial must come from a checked data file: `data/emergency.yaml` or a verified
//! entry of the services directory. A phone-like number in a page that is in neither (and not
//! in the page's `allow_numbers`) is a warning with its file and line, so an editor cannot
//! publish an unverified number by accident.
//!
//! Phone-like is, in the page's Markdown (front matter, link addresses and `{#ids}` aside):
//! 1. a `tel:` address;
//! 2. `+` and digits (`+52 962 000 0000`), or `*`/`#` and 2 to 6 digits (`*765`);
//! 3. groups of digits joined by spaces, dashes or dots, 7 to 15 digits in all
//!    (`55 5658 1111`, `2527-3761`; dates like `2026-12-01` are not);
//! 4. a short number (2 to 6 digits) right after a word for calling in one of the hub's
//!    languages ("llama al 088", "call 1572", "rele 114", "اتصلوا بالرقم 132"), or after such a
//!    number and "or"/"o"/"/" ("110 o 120").

use std::collections::BTreeSet;

/// Words after which a short number is a phone number, by language, lowercase.
const CALL_WORDS: &[&str] = &[
    // es
    "llama",
    "llamar",
    "llámanos",
    "llamen",
    "marca",
    "marcar",
    "marque",
    "número",
    "numero",
    "números",
    "línea",
    "linea",
    "teléfono",
    "telefono",
    "tel",
    "denuncia",
    "denuncias",
    // en
    "call",
    "dial",
    "number",
    "numbers",
    "line",
    "phone",
    "hotline",
    "report",
    // fr
    "appelez",
    "appeler",
    "composez",
    "numéro",
    "numéros",
    "ligne",
    "téléphone",
    "signalez",
    // ht
    "rele",
    "konpoze",
    "nimewo",
    "liy",
    "telefòn",
    // pt
    "ligue",
    "ligar",
    "disque",
    "discar",
    "linha",
    "telefone",
    "denúncia",
    // ar
    "اتصلوا",
    "اتصل",
    "اتصلي",
    "رقم",
    "الرقم",
    "بالرقم",
    "خط",
    "هاتف",
];

/// Words that join two numbers ("110 o 120").
const JOINERS: &[&str] = &[
    "o", "or", "ou", "oswa", "y", "and", "et", "e", "ak", "أو", "و", "/", ",",
];

/// Small words that may stand between joined numbers ("110, o al 120").
const ARTICLES: &[&str] = &["al", "el", "le", "la", "a", "au", "ao", "o", "en", "no"];

/// A phone-like number found in text: its digits and its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub digits: String,
    pub written: String,
    pub offset: usize,
}

/// The digits of a number as written (`+52 962 000 0000` → `529620000000`, `9-1-1` → `911`).
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The text of a Markdown body with what is not prose blanked out (same length, so offsets
/// stay): link and image addresses, `{#ids}`, URLs, code, HTML tags.
fn prose(body: &str) -> String {
    let mut out: Vec<u8> = body.as_bytes().to_vec();
    let blank = |out: &mut Vec<u8>, a: usize, b: usize| {
        for c in &mut out[a..b] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Only ASCII starts what is blanked: look at character boundaries only.
        if !body.is_char_boundary(i) {
            i += 1;
            continue;
        }
        // `](address)`: keep a tel: address (checked separately), blank the rest.
        if b[i] == b']' && b.get(i + 1) == Some(&b'(') {
            let end = body[i..].find(')').map_or(b.len(), |e| i + e);
            blank(&mut out, i + 2, end);
            i = end;
            continue;
        }
        let ends = |open: &str, close: &str| {
            body[i..].starts_with(open).then(|| {
                body[i + open.len()..]
                    .find(close)
                    .map_or(b.len(), |e| i + open.len() + e + close.len())
            })
        };
        let span = ends("{#", "}")
            .or_else(|| ends("http://", " "))
            .or_else(|| ends("https://", " "))
            .or_else(|| ends("`", "`"))
            .or_else(|| (b[i] == b'<').then(|| body[i..].find('>').map_or(b.len(), |e| i + e + 1)));
        match span {
            Some(end) => {
                blank(&mut out, i, end.min(b.len()));
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Is `s` (digits with separators) a date like 2026-12-01 or 01/12/2026?
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    parts.len() == 3
        && (parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2
            || parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2)
}

/// The phone-like numbers of a page body (Markdown).
pub fn find(body: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for (i, _) in body.match_indices("tel:") {
        let rest = &body[i + 4..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || "+-. ()".contains(c)))
            .unwrap_or(rest.len());
        let written = rest[..end].trim().to_string();
        if !digits(&written).is_empty() {
            found.push(Found {
                digits: digits(&written),
                written,
                offset: i,
            });
        }
    }
    let text = prose(body);
    let tokens = number_runs(&text);
    let mut last_phone_end: Option<usize> = None;
    for (start, end) in tokens {
        let run = &text[start..end];
        let n = digits(run);
        let before = &text[..start];
        let prev_char = before.chars().next_back();
        // The words of the clause the number is in, nearest first.
        let clause = before
            .rfind([',', '.', ';', ':', '(', ')', '\n'])
            .map_or(before, |i| &before[i + 1..]);
        let words: Vec<String> = clause
            .split_whitespace()
            .rev()
            .take(3)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        let international = prev_char == Some('+');
        // `*765` is a star code; `**30**` and `*30*` are Markdown emphasis.
        let emphasis = before.ends_with("**")
            || text[end..].starts_with('*')
            || before.ends_with('#') && text[end..].starts_with('#');
        let star = matches!(prev_char, Some('*' | '#')) && !emphasis && (2..=6).contains(&n.len());
        let grouped = run.contains([' ', '-', '.']) && (7..=15).contains(&n.len()) && !is_date(run);
        let after_call_word = (2..=6).contains(&n.len())
            && !run.contains([' ', '.', ','])
            && words.iter().any(|w| CALL_WORDS.contains(&w.as_str()));
        let chained = (2..=6).contains(&n.len())
            && last_phone_end.is_some_and(|e| {
                text[e..start]
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
                    .filter(|w| !w.is_empty())
                    .all(|w| JOINERS.contains(&w) || ARTICLES.contains(&w))
            });
        if (international && n.len() >= 8) || star || grouped || after_call_word || chained {
            found.push(Found {
                written: run.to_string(),
                digits: n,
                offset: start,
            });
            last_phone_end = Some(end);
        }
    }
    found
}

/// Runs of digits that may be joined by single spaces, dashes or dots (a digit on each side).
fn number_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A number inside a word or a decimal ("art.109", "1,600") is not a phone number's start.
        let start = i;
        let mut end = i;
        while end < b.len() {
            let joins = matches!(b[end], b' ' | b'-' | b'.')
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
                && end > start;
            if b[end].is_ascii_digit() || joins {
                end += 1;
            } else {
                break;
            }
        }
        let glued = start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b',');
        if !glued {
            out.push((start, end));
        }
        i = end.max(i + 1);
    }
    out
}

/// The numbers a page may show: every emergency number, every phone of a verified directory
/// entry, and the page's own `allow_numbers`.
pub fn known<'a>(
    emergency: impl IntoIterator<Item = &'a str>,
    directory: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<String> {
    emergency
        .into_iter()
        .chain(directory)
        .map(digits)
        .filter(|d| !d.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(body: &str) -> Vec<String> {
        find(body).into_iter().map(|f| f.digits).collect()
    }

    #[test]
    fn phone_like_numbers_are_found_in_every_language() {
        assert_eq!(
            numbers("En México, marca 911. Denuncia al 089."),
            ["911", "089"]
        );
        assert_eq!(
            numbers("Llama al 110 o 120, o al 125."),
            ["110", "120", "125"]
        );
        assert_eq!(
            numbers("Línea Mujeres 55 5658 1111, opción 1."),
            ["5556581111"]
        );
        assert_eq!(
            numbers("Delegación 2527-3761 (no confirmado)."),
            ["25273761"]
        );
        assert_eq!(numbers("SOS Mujeres *765 en la ciudad."), ["765"]);
        assert_eq!(numbers("Call +52 962 000 0000 now."), ["529620000000"]);
        assert_eq!(numbers("Rele 114 si w an danje."), ["114"]);
        assert_eq!(numbers("Ligue para o 190."), ["190"]);
        assert_eq!(numbers("Appelez le 088."), ["088"]);
        assert_eq!(numbers("اتصلوا بالرقم 132 للطوارئ الطبية."), ["132"]);
        assert_eq!(numbers("Costa Rica: 9-1-1."), Vec::<String>::new());
        assert_eq!(numbers("Costa Rica: marca 9-1-1."), ["911"]);
        assert_eq!(numbers("[llama](tel:+529620000000)"), ["529620000000"]);
    }

    proptest::proptest! {
        #[test]
        fn finding_numbers_never_panics(s in "\\PC{0,80}|[0-9 +*#().\\-\\[\\]{}<>`éñ€🙂]{0,60}") {
            let _ = find(&s);
        }
    }

    #[test]
    fn ordinary_numbers_are_not_phone_numbers() {
        for text in [
            "Tienes 30 días hábiles para pedirlo.",
            "La ley (art. 109) lo dice. En 2023 fueron 113,660.",
            "Revisado el 2026-12-01; dura 180 días.",
            "El fallo 388/2022 de la Corte.",
            "Lee [esto](@/help/a.md#x-911) y [esto](https://x.org/911).",
            "## Título {#line-911}",
            "Más de 520 000 personas cruzaron.",
            "Le 15 janvier, à 9 h.",
            "Tienes **30 días hábiles** y *15* más.",
            "- **089**: denúncia anônima, grátis, 24 horas, todos os dias.",
            "Se dieron 10 571 llamadas.",
        ] {
            assert!(numbers(text).is_empty(), "{text}: {:?}", numbers(text));
        }
    }
}
