//! Readability of each page in each language, for `senda check` (warnings):
//! 1. the page's prose, from the block model (`po::blocks`): paragraphs, list items,
//!    quotations and footnotes (headings, table cells and alt text are not sentences), inline
//!    markup dropped, each piece of text keeping its place in the file;
//! 2. sentences: a block always ends one; inside a block, `.`, `!`, `?` or `…` (and closing
//!    quotes or brackets) before a space end one, unless the next word starts with a small
//!    letter (`p. ej. esto`, `etc. y`), the word is a known abbreviation or a single letter;
//! 3. words: runs of text with a letter or a digit; syllables by the rules of the language:
//!    Spanish vowel nuclei with diphthongs and hiatus (`pa-ís`, `ciu-dad`), French vowel
//!    groups less the silent final e, English vowel groups with the usual silent endings (the
//!    common heuristic: it counts the 24 syllables of Wikipedia's Flesch–Kincaid example);
//! 4. the measures: words per sentence, the share of sentences over `long_sentence_words`,
//!    and the standard score where the language has one: Szigriszt-Pazos's perspicuity read on
//!    the INFLESZ scale for Spanish (206.835 − 62.3 syllables/words − words/sentences), Flesch
//!    reading ease for English (206.835 − 1.015 words/sentences − 84.6 syllables/words),
//!    Kandel-Moles for French (207 − 1.015 words/sentences − 73.6 syllables/words). Haitian
//!    Creole, Arabic, Portuguese and the others get the length measures only.
//!
//! A page over a threshold of `readability:` in site.yaml gets one warning naming the
//! measures, with the three longest sentences and their lines to start with.

use std::fmt::Write as _;

use crate::config::Readability;
use crate::content::{Site, Version};
use crate::diag::{Coded, Diagnostics, Location};
use crate::po::blocks::{self, Kind};

/// A standard readability formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Szigriszt-Pazos perspicuity, INFLESZ scale (Spanish).
    Inflesz,
    /// Flesch reading ease (English).
    Flesch,
    /// Kandel & Moles's adaptation of Flesch (French).
    KandelMoles,
}

impl Formula {
    pub fn for_language(code: &str) -> Option<Formula> {
        match primary(code).as_str() {
            "es" => Some(Formula::Inflesz),
            "en" => Some(Formula::Flesch),
            "fr" => Some(Formula::KandelMoles),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Formula::Inflesz => "INFLESZ",
            Formula::Flesch => "Flesch reading ease",
            Formula::KandelMoles => "Kandel-Moles",
        }
    }

    /// The score from words per sentence and syllables per word.
    pub fn score(self, words_per_sentence: f64, syllables_per_word: f64) -> f64 {
        match self {
            Formula::Inflesz => 206.835 - 62.3 * syllables_per_word - words_per_sentence,
            Formula::Flesch => 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
            Formula::KandelMoles => 207.0 - 1.015 * words_per_sentence - 73.6 * syllables_per_word,
        }
    }

    /// The score's band in words (INFLESZ's own scale; Flesch's for the other two).
    pub fn band(self, score: f64) -> &'static str {
        match self {
            Formula::Inflesz => match score {
                s if s < 40.0 => "very difficult",
                s if s < 55.0 => "somewhat difficult",
                s if s < 65.0 => "normal",
                s if s < 80.0 => "fairly easy",
                _ => "very easy",
            },
            Formula::Flesch | Formula::KandelMoles => match score {
                s if s < 30.0 => "very difficult",
                s if s < 50.0 => "difficult",
                s if s < 60.0 => "fairly difficult",
                s if s < 70.0 => "plain",
                s if s < 80.0 => "fairly easy",
                s if s < 90.0 => "easy",
                _ => "very easy",
            },
        }
    }
}

fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// One sentence of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub words: usize,
    /// Its first line in the file.
    pub line: usize,
    pub text: String,
}

/// A page's measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    pub sentences: Vec<Sentence>,
    pub words: usize,
    pub syllables: usize,
    pub formula: Option<Formula>,
}

impl Measures {
    pub fn words_per_sentence(&self) -> f64 {
        self.words as f64 / self.sentences.len().max(1) as f64
    }

    pub fn syllables_per_word(&self) -> f64 {
        self.syllables as f64 / self.words.max(1) as f64
    }

    /// Percentage of sentences with more than `limit` words.
    pub fn long_percent(&self, limit: usize) -> f64 {
        let long = self.sentences.iter().filter(|s| s.words > limit).count();
        long as f64 * 100.0 / self.sentences.len().max(1) as f64
    }

    pub fn score(&self) -> Option<f64> {
        self.formula
            .map(|f| f.score(self.words_per_sentence(), self.syllables_per_word()))
    }
}

/// Measures a body written in `code`; `first_line` is the file line the body starts on.
pub fn measure(body: &str, code: &str, first_line: usize) -> Measures {
    let formula = Formula::for_language(code);
    let lang = primary(code);
    let mut m = Measures {
        sentences: Vec::new(),
        words: 0,
        syllables: 0,
        formula,
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset).max(1);
    for b in blocks::extract(body) {
        if !matches!(
            b.kind,
            Kind::Paragraph | Kind::ListItem | Kind::BlockQuote | Kind::Footnote
        ) {
            continue;
        }
        let (text, offsets) = plain(&body[b.range.clone()], b.range.start);
        for (start, end) in split_sentences(&text, &lang) {
            let sentence = text[start..end].trim();
            let words: Vec<&str> = sentence.split_whitespace().filter(|w| is_word(w)).collect();
            if words.is_empty() {
                continue;
            }
            m.words += words.len();
            if formula.is_some() {
                m.syllables += words.iter().map(|w| syllables(w, &lang)).sum::<usize>();
            }
            let lead = text[start..end].len() - text[start..end].trim_start().len();
            let offset = source_offset(&offsets, start + lead);
            m.sentences.push(Sentence {
                words: words.len(),
                line: first_line + line_of(offset) - 1,
                text: sentence.to_string(),
            });
        }
    }
    m
}

/// The visible text of a block's source (inline markup dropped), and for each piece of it
/// (position in the text, offset in the body).
fn plain(source: &str, base: usize) -> (String, Vec<(usize, usize)>) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::with_capacity(source.len());
    let mut offsets = Vec::new();
    let mut in_image = 0usize;
    for (event, range) in
        Parser::new_ext(source, crate::markdown::parser_options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                offsets.push((text.len(), base + range.start));
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                text.push(' ');
            }
            _ => {}
        }
    }
    (text, offsets)
}

fn source_offset(offsets: &[(usize, usize)], pos: usize) -> usize {
    let i = offsets.partition_point(|(p, _)| *p <= pos);
    match i.checked_sub(1).and_then(|i| offsets.get(i)) {
        Some((p, o)) => o + (pos - p),
        None => offsets.first().map_or(0, |(_, o)| *o),
    }
}

fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// Abbreviations after which a period does not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "sr", "sra", "srta", "dr", "dra", "ud", "uds", "núm", "no", "art", "av", "avda", "pág", "tel",
    "etc", "ej", "aprox", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "p.ej", "mme", "mlle", "m",
    "n°", "nº",
];

/// (start, end) byte ranges of the sentences of a text.
fn split_sentences(text: &str, _lang: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // The end of the punctuation, closing quotes and brackets included.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '»' | '”' | '’' | ')' | ']'
                )
            {
                j += 1;
            }
            let at_space = j >= chars.len() || chars[j].1.is_whitespace();
            if at_space && !continues(text, pos, &chars, j) {
                let end = chars.get(j).map_or(text.len(), |(p, _)| *p);
                out.push((start, end));
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if text[start..].trim().chars().any(char::is_alphanumeric) {
        out.push((start, text.len()));
    }
    out
}

/// Whether the text goes on in the same sentence after the punctuation at `pos` (ending at
/// char index `next`).
fn continues(text: &str, pos: usize, chars: &[(usize, char)], next: usize) -> bool {
    // The next word starts with a small letter: the same sentence.
    let rest = chars[next..]
        .iter()
        .map(|(_, c)| *c)
        .find(|c| !c.is_whitespace());
    if rest.is_some_and(char::is_lowercase) {
        return true;
    }
    if text[pos..].starts_with('.') {
        let before = &text[..pos];
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let w = word.to_lowercase();
        if ABBREVIATIONS.contains(&w.as_str()) {
            return true;
        }
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
            return true;
        }
    }
    false
}

/// The syllables of a word in a language (0 for a language without rules).
pub fn syllables(word: &str, lang: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        // A number: a syllable per digit is about what reading it aloud takes.
        return word.chars().filter(char::is_ascii_digit).count().max(1);
    }
    let n = match lang {
        "es" => syllables_es(&letters),
        "fr" => syllables_fr(&letters),
        "en" => syllables_en(&letters),
        _ => 0,
    };
    n.max(1)
}

fn syllables_es(w: &[char]) -> usize {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let vowel_at = |i: usize| {
        let c = w[i];
        if strong(c) || weak(c) {
            return true;
        }
        // `y` is a vowel alone, at the end of a word, or between consonants.
        c == 'y'
            && (w.len() == 1
                || i + 1 == w.len()
                || (i > 0 && !vowelish(w[i - 1]) && !vowelish(w[i + 1])))
    };
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (i, &c) in w.iter().enumerate() {
        if !vowel_at(i) {
            prev = None;
            continue;
        }
        match prev {
            // Two strong vowels (or an accented í/ú beside any vowel): a hiatus.
            Some(p) if strong(p) && strong(c) => count += 1,
            Some(_) => {}
            None => count += 1,
        }
        prev = Some(c);
    }
    count
}

fn vowelish(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü'
    )
}

fn syllables_fr(w: &[char]) -> usize {
    let vowel = |c: char| {
        matches!(
            c,
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'y'
                | 'à'
                | 'â'
                | 'ä'
                | 'é'
                | 'è'
                | 'ê'
                | 'ë'
                | 'î'
                | 'ï'
                | 'ô'
                | 'ö'
                | 'ù'
                | 'û'
                | 'ü'
                | 'ÿ'
                | 'œ'
                | 'æ'
        )
    };
    let n = w.len();
    let mut count = 0;
    let mut in_group = false;
    for i in 0..n {
        let c = w[i];
        if !vowel(c) {
            in_group = false;
            continue;
        }
        // A new syllable inside a group: after é (créer, réel; not the silent end of année),
        // and at a diaeresis (naïf, Noël).
        let split = in_group
            && i > 0
            && (matches!(w[i - 1], 'é' | 'è')
                && !(c == 'e' && (i + 1 == n || (i + 2 == n && w[i + 1] == 's')))
                || matches!(c, 'ï' | 'ë' | 'ü'));
        if !in_group || split {
            count += 1;
        }
        in_group = true;
    }
    // The silent final e (table, personnes), after a consonant, in a word with another vowel.
    let end = if n >= 2 && w[n - 1] == 's' { n - 1 } else { n };
    if count > 1 && end >= 2 && w[end - 1] == 'e' && !vowel(w[end - 2]) {
        count -= 1;
    }
    count
}

fn syllables_en(w: &[char]) -> usize {
    let mut w: Vec<char> = w
        .iter()
        .copied()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if w.len() <= 3 {
        return 1;
    }
    let not_l_vowel = |c: char| !matches!(c, 'l' | 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let n = w.len();
    if n >= 3 && w[n - 2] == 'e' && w[n - 1] == 's' && not_l_vowel(w[n - 3]) {
        w.truncate(n - 3);
    } else if (w[n - 2] == 'e' && w[n - 1] == 'd') || (w[n - 1] == 'e' && not_l_vowel(w[n - 2])) {
        w.truncate(n - 2);
    }
    if w.first() == Some(&'y') {
        w.remove(0);
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut i = 0;
    while i < w.len() {
        if vowel(w[i]) {
            count += 1;
            i += if i + 1 < w.len() && vowel(w[i + 1]) {
                2
            } else {
                1
            };
        } else {
            i += 1;
        }
    }
    count
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReadabilityWarning(String, String);

impl Coded for ReadabilityWarning {
    fn code(&self) -> &'static str {
        "readability"
    }
    fn help(&self) -> Option<String> {
        Some(self.1.clone())
    }
}

/// What is over the thresholds on a page, if anything: the message and its help.
pub fn judge(m: &Measures, settings: &Readability, code: &str) -> Option<(String, String)> {
    if m.words < settings.min_words || m.sentences.is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    let wps = m.words_per_sentence();
    if wps > settings.words_per_sentence {
        problems.push(format!(
            "{wps:.1} words per sentence on average (at most {})",
            trim_number(settings.words_per_sentence)
        ));
    }
    let long = m.long_percent(settings.long_sentence_words);
    if long > settings.long_sentences_percent {
        problems.push(format!(
            "{long:.0} % of its sentences have more than {} words (at most {} %)",
            settings.long_sentence_words,
            trim_number(settings.long_sentences_percent)
        ));
    }
    let min = settings
        .min_score
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code) || *c == primary(code))
        .map(|(_, s)| *s);
    if let (Some(f), Some(score), Some(min)) = (m.formula, m.score(), min)
        && score < min
    {
        problems.push(format!(
            "{} {score:.1}, {} (at least {})",
            f.name(),
            f.band(score),
            trim_number(min)
        ));
    }
    if problems.is_empty() {
        return None;
    }
    let message = format!("hard to read: {}", problems.join("; "));
    let mut longest: Vec<&Sentence> = m.sentences.iter().collect();
    longest.sort_by(|a, b| b.words.cmp(&a.words).then(a.line.cmp(&b.line)));
    let mut help = String::from("shorten the longest sentences first:");
    for s in longest.iter().take(3) {
        let mut text: String = s.text.chars().take(70).collect();
        if s.text.chars().count() > 70 {
            text.push('…');
        }
        let _ = write!(help, "\n       line {} ({} words): {text}", s.line, s.words);
    }
    Some((message, help))
}

fn trim_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The measures of one version of a page.
pub fn measure_version(v: &Version, code: &str) -> Measures {
    let first_line = v.text[..v.body_offset].matches('\n').count() + 1;
    measure(v.body(), code, first_line)
}

/// `senda check`'s readability warnings: one per page and language over a threshold, at the
/// line of its longest sentence.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let settings = &site.config.readability;
    if !settings.enabled {
        return;
    }
    for page in &site.pages {
        for v in page.versions.iter().flatten() {
            let code = site.config.code(v.lang);
            let m = measure_version(v, code);
            if let Some((message, help)) = judge(&m, settings, code) {
                let line = m
                    .sentences
                    .iter()
                    .max_by(|a, b| a.words.cmp(&b.words).then(b.line.cmp(&a.line)))
                    .map_or(1, |s| s.line);
                diags.warning(
                    &ReadabilityWarning(message, help),
                    Location::at(&v.file, &v.text, line, 1),
                );
            }
        }
    }
}

/// One language's readability over its pages (each page's own text; fallbacks not counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub code: String,
    pub pages: usize,
    pub sentences: usize,
    pub words_per_sentence: f64,
    pub long_percent: f64,
    pub formula: Option<Formula>,
    pub score: Option<f64>,
    /// Pages with a readability warning.
    pub warned: usize,
}

/// Every language's readability, for `senda check --readability`.
pub fn summary(site: &Site) -> Vec<Summary> {
    let settings = &site.config.readability;
    site.config
        .langs()
        .map(|lang| {
            let code = site.config.code(lang);
            let mut all = Measures {
                sentences: Vec::new(),
                words: 0,
                syllables: 0,
                formula: Formula::for_language(code),
            };
            let (mut pages, mut warned) = (0, 0);
            for v in site.pages.iter().filter_map(|p| p.versions[lang].as_ref()) {
                let m = measure_version(v, code);
                pages += 1;
                if judge(&m, settings, code).is_some() {
                    warned += 1;
                }
                all.words += m.words;
                all.syllables += m.syllables;
                all.sentences.extend(m.sentences);
            }
            Summary {
                code: code.to_string(),
                pages,
                sentences: all.sentences.len(),
                words_per_sentence: all.words_per_sentence(),
                long_percent: all.long_percent(settings.long_sentence_words),
                formula: all.formula,
                score: all.score(),
                warned,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables_and_flesch_kincaid_match_wikipedias_example() {
        // Wikipedia, "Flesch–Kincaid readability tests": this sentence has 13 words and 24
        // syllables, a grade level of 11.3.
        let s = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.";
        let m = measure(s, "en", 1);
        assert_eq!((m.words, m.syllables, m.sentences.len()), (13, 24, 1));
        let grade = 0.39 * m.words_per_sentence() + 11.8 * m.syllables_per_word() - 15.59;
        assert_eq!(format!("{grade:.1}"), "11.3");
        // The same inputs in Flesch's reading ease (206.835 − 1.015 × 13 − 84.6 × 24/13).
        assert_eq!(format!("{:.1}", m.score().unwrap_or_default()), "37.5");
        // Also there: Green Eggs and Ham, 5.7 words per sentence and 1.02 syllables per
        // word, grade −1.3 (Flesch–Kincaid) — and so 114.8 reading ease.
        let grade = 0.39 * 5.7 + 11.8 * 1.02 - 15.59;
        assert_eq!(format!("{grade:.1}"), "-1.3");
        assert_eq!(format!("{:.1}", Formula::Flesch.score(5.7, 1.02)), "114.8");
    }

    #[test]
    fn spanish_syllables_follow_diphthongs_and_hiatus() {
        for (w, n) in [
            ("camino", 3),
            ("ahora", 3),
            ("país", 2),
            ("ciudad", 2),
            ("aeropuerto", 5),
            ("Guatemala", 4),
            ("día", 2),
            ("muy", 1),
            ("y", 1),
            ("hoy", 1),
            ("ya", 1),
            ("guerra", 2),
            ("pingüino", 3),
            ("refugiados", 4),
            ("migración", 3),
            ("oído", 3),
        ] {
            assert_eq!(syllables(w, "es"), n, "{w}");
        }
    }

    #[test]
    fn inflesz_and_kandel_moles_formulas() {
        // Szigriszt-Pazos: P = 206.835 − 62.3 · S/P − P/F. 100 words, 200 syllables, 5
        // sentences: 206.835 − 124.6 − 20 = 62.235, "normal" on the INFLESZ scale.
        let p = Formula::Inflesz.score(20.0, 2.0);
        assert!((p - 62.235).abs() < 1e-9);
        assert_eq!(Formula::Inflesz.band(p), "normal");
        // Kandel & Moles: 207 − 1.015 · 20 − 0.736 · 150 = 76.3.
        let k = Formula::KandelMoles.score(20.0, 1.5);
        assert!((k - 76.3).abs() < 1e-9);
        for (w, n) in [
            ("table", 1),
            ("personnes", 2),
            ("créer", 2),
            ("année", 2),
            ("naïf", 2),
            ("eau", 1),
        ] {
            assert_eq!(syllables(w, "fr"), n, "{w}");
        }
    }

    #[test]
    fn sentences_end_at_punctuation_and_blocks_with_their_lines() {
        let body = "Primera frase corta. Segunda frase, p. ej. con una abreviatura.\n¿Tienes miedo? Dilo.\n\n- Un punto de lista sin punto final\n- Otro\n";
        let m = measure(body, "es", 10);
        let got: Vec<(usize, &str)> = m
            .sentences
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (10, "Primera frase corta."),
                (10, "Segunda frase, p. ej. con una abreviatura."),
                (11, "¿Tienes miedo?"),
                (11, "Dilo."),
                (13, "Un punto de lista sin punto final"),
                (14, "Otro"),
            ]
        );
    }
}
