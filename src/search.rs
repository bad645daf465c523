//! Search without a server: for each language, an index built at build time and fetched only
//! when someone searches, plus the A–Z list of topics that the search page shows (and that is
//! all a reader without JavaScript gets).
//!
//! Words are folded the same way here and in the browser (`app.js`): lowercase, NFD, combining
//! marks removed (so asilo = Asilo = ASÍLO), and Arabic normalised (hamza forms of alef, waw and
//! yeh to the bare letter, alef maqsura to yeh, teh marbuta to heh, tatweel and harakat removed).
//!
//! The index (`/LANG/search.HASH.json`) is `{"pages": [[title, description, url]], "terms":
//! {term: [page, weight, page, weight, ...]}}`, weight 3 for the title, 2 for description and
//! headings, 1 for the body; `url` is relative to the language's folder.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{PageId, Site};
use crate::lang::Lang;
use crate::markdown::Part;

/// Is this a combining mark removed by folding (Latin, Greek, Cyrillic, Hebrew, Arabic)?
fn is_removed_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Latin-1 letters folded the way NFD + mark removal + lowercase folds them (checked against
/// Python's unicodedata), so most Spanish, French and Creole words skip the normaliser.
fn fold_latin1(c: char) -> Option<char> {
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' | '0'..='9' => c,
        '\u{00C0}'..='\u{00C5}' | '\u{00E0}'..='\u{00E5}' => 'a',
        '\u{00C6}' | '\u{00E6}' => 'æ',
        '\u{00C7}' | '\u{00E7}' => 'c',
        '\u{00C8}'..='\u{00CB}' | '\u{00E8}'..='\u{00EB}' => 'e',
        '\u{00CC}'..='\u{00CF}' | '\u{00EC}'..='\u{00EF}' => 'i',
        '\u{00D0}' | '\u{00F0}' => 'ð',
        '\u{00D1}' | '\u{00F1}' => 'n',
        '\u{00D2}'..='\u{00D6}' | '\u{00F2}'..='\u{00F6}' => 'o',
        '\u{00D8}' | '\u{00F8}' => 'ø',
        '\u{00D9}'..='\u{00DC}' | '\u{00F9}'..='\u{00FC}' => 'u',
        '\u{00DD}' | '\u{00FD}' | '\u{00FF}' => 'y',
        '\u{00DE}' | '\u{00FE}' => 'þ',
        '\u{00DF}' => 'ß',
        _ => return None,
    })
}

/// Folds text for matching. Keep in step with `fold` in themes/default/static/app.js.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold`, into `out` (emptied first).
fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        match fold_latin1(c) {
            Some(f) => out.push(f),
            None => {
                out.clear();
                break;
            }
        }
    }
    if !out.is_empty() || fold_arabic(text, out) {
        return;
    }
    fold_nfd(text, out);
}

/// `fold_into` for a word of Arabic letters and marks only, without the normaliser: what its
/// NFD path gives (the letters with a hamza or madda decompose into the bare letter and a mark,
/// and every mark is removed; Arabic letters have no case). `false` (and `out` empty) for any
/// other character.
fn fold_arabic(text: &str, out: &mut String) -> bool {
    for c in text.chars() {
        match c {
            '\u{0622}' | '\u{0623}' | '\u{0625}' => out.push('\u{0627}'),
            '\u{0624}' => out.push('\u{0648}'),
            '\u{0626}' | '\u{0649}' => out.push('\u{064A}'),
            '\u{0629}' => out.push('\u{0647}'),
            '\u{0621}' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            '\u{0620}'..='\u{064A}' => out.push(c),
            _ => {
                out.clear();
                return false;
            }
        }
    }
    true
}

/// `fold_into` through Unicode's canonical decomposition, for any text.
fn fold_nfd(text: &str, out: &mut String) {
    out.clear();
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    for c in nfd.chars() {
        if is_removed_mark(c) {
            continue;
        }
        match c {
            '\u{0649}' => out.push('\u{064A}'), // alef maqsura → yeh
            '\u{0629}' => out.push('\u{0647}'), // teh marbuta → heh
            '\u{0621}' => {}                    // a hamza on the line: written or not
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Calls `emit` with each folded word of `text`, two characters or longer; with `html`, tags
/// and entities (`&amp;`) are skipped. An Arabic word with the article (الطوارئ) is also given
/// without it (طوارئ), so either form finds it. One pass over the bytes; a lowercase ASCII
/// word (most of them) is passed as a slice of `text`, without a copy. (A build takes a
/// file's words through [`FileWords::of`], which folds each word as written only once.)
#[cfg(test)]
pub fn each_term(text: &str, html: bool, emit: &mut impl FnMut(&str)) {
    let mut lower = String::with_capacity(32);
    each_raw_word(text, html, &mut |word, ascii| {
        emit_word(word, ascii, &mut lower, emit);
    });
}

/// Calls `emit` with each word of `text` as written (a run of letters and digits, any
/// length), and whether it is all ASCII; [`emit_word`] folds it. With `html`, tags and
/// entities are skipped.
#[inline]
fn each_raw_word<'a>(text: &'a str, html: bool, emit: &mut impl FnMut(&'a str, bool)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The word being read: `text[start..]`, if `in_word`; all ASCII?
    let (mut start, mut in_word, mut ascii) = (0, false, true);
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            if !in_word {
                (start, in_word, ascii) = (i, true, true);
            }
            // The rest of an ASCII run at once.
            while i < n && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        if b >= 0x80 {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if is_letter_or_digit(c) {
                if !in_word {
                    (start, in_word) = (i, true);
                }
                ascii = false;
            } else if in_word {
                emit(&text[start..i], ascii);
                in_word = false;
            }
            i += c.len_utf8();
            continue;
        }
        // ASCII, not a letter or digit: the word ends here.
        if in_word {
            emit(&text[start..i], ascii);
            in_word = false;
        }
        i += 1;
        if html {
            i = skip_markup(bytes, i, b);
        }
    }
    if in_word {
        emit(&text[start..], ascii);
    }
}

/// Emits one word of [`each_term`] (two characters or longer), folded into `lower` unless it
/// is lowercase ASCII; an Arabic word with the article also without it.
#[inline]
fn emit_word(word: &str, ascii: bool, lower: &mut String, emit: &mut impl FnMut(&str)) {
    if word.len() < 2 {
        return;
    }
    if !ascii {
        fold_into(word, lower);
        let folded = lower.as_str();
        let mut chars = folded.chars();
        if chars.next().is_some() && chars.next().is_some() {
            emit(folded);
            if let Some(bare) = folded.strip_prefix("\u{0627}\u{0644}")
                && bare.chars().nth(1).is_some()
            {
                emit(bare);
            }
        }
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        lower.clear();
        lower.push_str(word);
        lower.make_ascii_lowercase();
        emit(lower);
    } else {
        emit(word);
    }
}

/// In HTML, where reading goes on after the byte `b` just before `i`: after the tag it opens
/// (`<`), or after the entity (`&name;`, `&#39;`, or an `&` and letters without `;`).
#[inline]
fn skip_markup(bytes: &[u8], mut i: usize, b: u8) -> usize {
    let n = bytes.len();
    if b == b'<' {
        i = memchr::memchr(b'>', &bytes[i..]).map_or(n, |j| i + j + 1);
    } else if b == b'&' {
        while i < n && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'#') {
            i += 1;
        }
        if i < n && bytes[i] == b';' {
            i += 1;
        }
    }
    i
}

/// `char::is_alphanumeric`, answered without the Unicode tables for the accented Latin and
/// the Arabic letters that most non-ASCII words of the hubs are made of.
fn is_letter_or_digit(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}' | '\u{0620}'..='\u{064A}')
        || c.is_alphanumeric()
}

/// The folded words of a text (see `each_term`).
#[cfg(test)]
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, false, &mut |w| out.push(w.to_string()));
    out
}

/// FxHash (rustc's hasher): fast for the many short words of the index; order never leaks
/// into the output (terms are sorted).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A file's words as (word number, weight), each word once, in no particular order.
pub type Numbered = Vec<(u32, u32)>;

/// The words of every file, by number: `vocab` is the whole site's sorted vocabulary, and
/// `files[page][version language]` lists (word number, weight) for each file.
#[derive(Debug, Clone, Default)]
pub struct SiteTerms {
    pub vocab: Vec<String>,
    pub files: Vec<Vec<Option<Numbered>>>,
}

/// The texts of one parsed file that its search words come from, each with whether it is
/// HTML and its words' weight: 3 for the title, 2 for the description and headings, 1 for
/// the body.
fn weighted_texts<'a>(
    front: &'a crate::content::FrontMatter,
    doc: &'a crate::markdown::Document,
) -> impl Iterator<Item = (&'a str, bool, u32)> {
    let headings = doc
        .toc
        .iter()
        .flat_map(|h| std::iter::once(h).chain(&h.children))
        .map(|h| (h.title.as_str(), false, 2));
    let body = doc.parts.iter().filter_map(|p| match p {
        Part::Html(h) => Some((h.as_str(), true, 1)),
        _ => None,
    });
    [
        (front.title.as_str(), false, 3),
        (front.description.as_deref().unwrap_or(""), false, 2),
    ]
    .into_iter()
    .chain(headings)
    .chain(body)
}

/// Calls `emit` with each word of one parsed file as written (see [`each_raw_word`]) and its
/// weight (see [`weighted_texts`]). A word may come several times.
fn each_weighted_word<'a>(
    front: &'a crate::content::FrontMatter,
    doc: &'a crate::markdown::Document,
    emit: &mut impl FnMut(&'a str, bool, u32),
) {
    for (text, html, weight) in weighted_texts(front, doc) {
        each_raw_word(text, html, &mut |w, ascii| emit(w, ascii, weight));
    }
}

/// A word of a file as written, and the places in [`FileWords`]'s packed string of the one or
/// two folded words it gives (`n` of them).
struct Written<'a> {
    word: &'a str,
    places: [usize; 2],
    n: usize,
}

/// The distinct words of one file, each with its highest weight, taken when the file is
/// parsed (a build keeps these, not the rendered body, until the indexes are written). Packed
/// in one string: for each word its weight as one digit, the word, then NUL (a word has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileWords(Box<str>);

impl FileWords {
    pub fn of(front: &crate::content::FrontMatter, doc: &crate::markdown::Document) -> Self {
        // Sized for a page of about this body (a distinct word every 16 bytes or so), so the
        // tables rarely grow.
        let body: usize = doc
            .parts
            .iter()
            .map(|p| if let Part::Html(h) = p { h.len() } else { 0 })
            .sum();
        let mut packed = String::with_capacity(body / 4);
        // Each folded word's place (of its weight digit) in `packed` and its length, found by
        // the word's hash and compared with the word in `packed`: no word is copied twice.
        let mut places: hashbrown::HashTable<(usize, usize)> =
            hashbrown::HashTable::with_capacity(body / 16);
        // Each word as written, with the places of what it folds to: a word seen again (most
        // are) is not folded again.
        let mut written: hashbrown::HashTable<Written> =
            hashbrown::HashTable::with_capacity(body / 16);
        let mut lower = String::with_capacity(32);
        let raise = |packed: &mut String, at: usize, digit: u8| {
            if packed.as_bytes().get(at).is_some_and(|&d| d < digit) {
                packed.replace_range(at..at + 1, char::from(digit).encode_utf8(&mut [0; 4]));
            }
        };
        each_weighted_word(front, doc, &mut |word, ascii, weight| {
            if word.len() < 2 {
                return;
            }
            let digit = b'0' + weight.min(9) as u8;
            let hash = word_hash(word.as_bytes());
            if let Some(w) = written.find(hash, |w| w.word == word) {
                for &at in &w.places[..w.n] {
                    raise(&mut packed, at, digit);
                }
                return;
            }
            let mut w = Written {
                word,
                places: [0; 2],
                n: 0,
            };
            emit_word(word, ascii, &mut lower, &mut |t| {
                let hash = word_hash(t.as_bytes());
                let at = match places.find(hash, |&place| word_at(&packed, place) == t.as_bytes()) {
                    Some(&(at, _)) => {
                        raise(&mut packed, at, digit);
                        at
                    }
                    None => {
                        let at = packed.len();
                        places.insert_unique(hash, (at, t.len()), |&place| {
                            word_hash(word_at(&packed, place))
                        });
                        packed.push(char::from(digit));
                        packed.push_str(t);
                        packed.push('\0');
                        at
                    }
                };
                if let Some(p) = w.places.get_mut(w.n) {
                    *p = at;
                    w.n += 1;
                }
            });
            written.insert_unique(hash, w, |w| word_hash(w.word.as_bytes()));
        });
        // `into_boxed_str` gives back the spare capacity.
        FileWords(packed.into_boxed_str())
    }

    /// Each word and its weight, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.0
            .split_terminator('\0')
            .filter_map(|w| Some((w.get(1..)?, u32::from(w.as_bytes()[0].wrapping_sub(b'0')))))
    }
}

/// The words of a run of pages, numbered against the run's own vocabulary: each distinct
/// word is allocated once per run, not once per file.
struct Run {
    words: Vec<Box<str>>,
    files: Vec<Vec<Option<Numbered>>>,
}

/// Pages per run: large enough that most words repeat within a run, small enough that
/// runs spread over the threads.
const RUN_PAGES: usize = 128;

/// The word packed at `place` (the place of its weight digit, its length) by [`FileWords::of`].
fn word_at(packed: &str, (at, len): (usize, usize)) -> &[u8] {
    packed
        .as_bytes()
        .get(at + 1..at + 1 + len)
        .unwrap_or_default()
}

/// A hash of a word for [`FileWords::of`]'s table: FxHash's step over its bytes, eight at a
/// time, the last eight (or, for a shorter word, its first and last four, or its first, middle
/// and last byte) read at once.
#[inline]
fn word_hash(w: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let n = w.len();
    let eight = |i: usize| w.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok());
    let four = |i: usize| w.get(i..i + 4).and_then(|s| <[u8; 4]>::try_from(s).ok());
    let mut h = n as u64;
    let mut step = |x: u64| h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            step(eight(i).map_or(0, u64::from_le_bytes));
            i += 8;
        }
        step(eight(n - 8).map_or(0, u64::from_le_bytes));
    } else if n >= 4 {
        let first = four(0).map_or(0, u32::from_le_bytes);
        let last = four(n - 4).map_or(0, u32::from_le_bytes);
        step(u64::from(first) << 32 | u64::from(last));
    } else if n > 0 {
        step(u64::from(w[0]) << 16 | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]));
    }
    h
}

/// A word of up to 8 bytes as one number.
fn short_key(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut key = [0u8; 8];
        key[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(key)
    })
}

fn run_terms(pages: &[crate::content::Page]) -> Run {
    let mut short: FxMap<u64, u32> = FxMap::default();
    let mut ids: FxMap<Box<str>, u32> = FxMap::default();
    let mut words: Vec<Box<str>> = Vec::new();
    // For each word of the run: the last file it was seen in (numbered from 1) and its place
    // in that file's list, so a repeated word only raises its weight.
    let mut seen: Vec<(u32, u32)> = Vec::new();
    let mut file = 0u32;
    let files = pages
        .iter()
        .map(|p| {
            p.versions
                .iter()
                .map(|v| {
                    v.as_ref().map(|v| {
                        file += 1;
                        let mut list: Numbered = Vec::new();
                        for (t, weight) in v.terms.iter() {
                            // Most words fit in 8 bytes: found by one integer (a word has
                            // no NUL, so the zero padding cannot be confused with one).
                            let next = words.len() as u32;
                            let id = match short_key(t) {
                                Some(k) => *short.entry(k).or_insert(next),
                                None => match ids.get(t) {
                                    Some(&id) => id,
                                    None => {
                                        ids.insert(t.into(), next);
                                        next
                                    }
                                },
                            };
                            if id == next {
                                // A new word of this run.
                                words.push(t.into());
                                seen.push((0, 0));
                            }
                            let s = &mut seen[id as usize];
                            if s.0 == file {
                                let e = &mut list[s.1 as usize];
                                e.1 = e.1.max(weight);
                            } else {
                                *s = (file, list.len() as u32);
                                list.push((id, weight));
                            }
                        }
                        list
                    })
                })
                .collect()
        })
        .collect();
    Run { words, files }
}

/// Every file's words, numbered against one sorted vocabulary (in parallel: runs of pages
/// are read separately, then their vocabularies merged and their numbers translated).
pub fn all_terms(site: &Site) -> SiteTerms {
    let runs: Vec<Run> = site.pages.par_chunks(RUN_PAGES).map(run_terms).collect();
    let mut vocab: Vec<&str> = runs
        .iter()
        .flat_map(|r| r.words.iter().map(|w| &**w))
        .collect();
    vocab.par_sort_unstable();
    vocab.dedup();
    // Each run's word numbers in the site's vocabulary (every word is in it).
    let globals: Vec<Vec<u32>> = runs
        .par_iter()
        .map(|run| {
            run.words
                .iter()
                .map(|w| vocab.binary_search(&&**w).unwrap_or_else(|i| i) as u32)
                .collect()
        })
        .collect();
    let vocab: Vec<String> = vocab.into_iter().map(str::to_string).collect();
    let files = runs
        .into_par_iter()
        .zip(globals)
        .flat_map_iter(|(run, global)| {
            run.files.into_iter().map(move |versions| {
                versions
                    .into_iter()
                    .map(|list| {
                        list.map(|mut list| {
                            for e in &mut list {
                                e.0 = global[e.0 as usize];
                            }
                            list
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    SiteTerms { vocab, files }
}

/// `n` in decimal (what `write!(out, "{n}")` writes, without the formatting machinery: the
/// index of a large site has millions of numbers).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

fn push_json_str(out: &mut String, s: &str) {
    // serde_json escapes exactly as JSON needs; writing into a String cannot fail.
    if let Ok(quoted) = serde_json::to_string(s) {
        out.push_str(&quoted);
    }
}

/// The search index of one language, as JSON, from `all_terms`.
pub fn index(site: &Site, lang: Lang, terms: &SiteTerms) -> String {
    let prefix = format!("/{}/", site.config.code(lang));
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); terms.vocab.len()];
    let mut out = String::with_capacity(site.pages.len() * 200);
    out.push_str("{\"pages\":[");
    for (i, page) in site.pages.iter().enumerate() {
        let v = page.shown_version(lang);
        let f = &v.front;
        let url = page.urls[lang]
            .strip_prefix(&prefix)
            .unwrap_or(&page.urls[lang]);
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_str(&mut out, f.title.trim());
        out.push(',');
        push_json_str(&mut out, f.description.as_deref().unwrap_or("").trim());
        out.push(',');
        push_json_str(&mut out, url);
        out.push(']');
        if let Some(list) = terms
            .files
            .get(i)
            .and_then(|t| t.get(page.shown[lang].index()))
            .and_then(Option::as_ref)
        {
            for (id, weight) in list {
                let p = &mut postings[*id as usize];
                p.push(i as u32);
                p.push(*weight);
            }
        }
    }
    out.push_str("],\"terms\":{");
    let mut first = true;
    for (id, list) in postings.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        push_json_str(&mut out, &terms.vocab[id]);
        out.push_str(":[");
        for (k, n) in list.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_number(&mut out, *n);
        }
        out.push(']');
    }
    out.push_str("}}");
    out
}

/// The A–Z list: (letter, pages) sorted by folded title in the reader's language.
pub fn a_to_z(site: &Site, lang: Lang) -> Vec<(String, Vec<PageId>)> {
    let mut titled: Vec<(String, PageId)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let title = p.shown_version(lang).front.title.trim().to_string();
            // Sort by the first letter or digit (titles may start with ¿ or «).
            let key: String = fold(title.trim_start_matches(|c: char| !c.is_alphanumeric()));
            (key, i)
        })
        .collect();
    titled.sort();
    let mut groups: Vec<(String, Vec<PageId>)> = Vec::new();
    for (key, id) in titled {
        let letter: String = key
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_else(|| "#".into());
        match groups.last_mut() {
            Some((l, ids)) if *l == letter => ids.push(id),
            _ => groups.push((letter, vec![id])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u32::MAX] {
            let mut out = String::from("[");
            push_number(&mut out, n);
            assert_eq!(out, format!("[{n}"));
        }
    }

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("ASÍLO"), "asilo");
        assert_eq!(fold("Asilo"), fold("asílo"));
        assert_eq!(fold("Niñez"), "ninez");
        assert_eq!(fold("Kreyòl"), "kreyol");
    }

    #[test]
    fn the_latin1_fast_path_agrees_with_the_normaliser() {
        for cp in 0xC0u32..=0xFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !c.is_alphanumeric() {
                continue;
            }
            let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
                .normalize(&c.to_string())
                .into_owned();
            let slow: String = nfd
                .chars()
                .filter(|c| !is_removed_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold_latin1(c).map(String::from), Some(slow), "{c}");
        }
    }

    #[test]
    fn the_letter_fast_path_agrees_with_the_standard_library() {
        for c in ('\u{80}'..='\u{07FF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn arabic_words_fold_without_the_normaliser_as_they_do_with_it() {
        let arabic: Vec<char> = ('\u{0600}'..='\u{06FF}').collect();
        let mut words: Vec<String> = arabic.iter().map(|c| c.to_string()).collect();
        for a in &arabic {
            for b in [
                '\u{0627}', '\u{0623}', '\u{064E}', '\u{0654}', '\u{0649}', 'a', 'é',
            ] {
                words.push(format!("{a}{b}"));
                words.push(format!("{b}{a}"));
            }
        }
        words.extend(
            [
                "الطوارئ",
                "مُسْتَشْفَى",
                "إسعاف",
                "مؤسسة",
                "آمن",
                "ـــطوارئـ",
                "لاجئة",
            ]
            .map(String::from),
        );
        let (mut fast, mut slow) = (String::new(), String::new());
        for w in &words {
            fold_into(w, &mut fast);
            fold_nfd(w, &mut slow);
            assert_eq!(
                fast,
                slow,
                "{w:?} {:?}",
                w.chars().map(u32::from).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn folding_normalises_arabic() {
        // hamza on alef, harakat, tatweel, alef maqsura, teh marbuta
        assert_eq!(fold("أَمان"), fold("امان"));
        assert_eq!(fold("إسعاف"), fold("اسعاف"));
        assert_eq!(fold("اللـجوء"), fold("اللجوء"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("مساعدة"), fold("مساعده"));
        assert_eq!(fold("الطوارىء"), fold("الطوارئ"));
        let t: Vec<String> = terms("أرقام الطوارئ");
        assert!(t.contains(&fold("طوارئ")), "{t:?}");
    }

    #[test]
    fn terms_split_on_punctuation() {
        let t: Vec<String> = terms("¿Qué es el asilo? COMAR, 30 días.");
        assert_eq!(t, ["que", "es", "el", "asilo", "comar", "30", "dias"]);
        let mut html = Vec::new();
        each_term(
            "<p>an &amp; <b>bb&#39;ss</b> &lt;cc&gt;<a href=\"x\">dd</a></p>",
            true,
            &mut |w| html.push(w.to_string()),
        );
        assert_eq!(html, ["an", "bb", "ss", "cc", "dd"]);
    }

    /// The words of `text` the slow, obvious way: tags and entities become spaces, the rest
    /// is split on whatever is not a letter or digit, each piece folded.
    fn reference_terms(text: &str, html: bool) -> Vec<String> {
        let mut plain = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if html && c == '<' {
                plain.push(' ');
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            } else if html && c == '&' {
                plain.push(' ');
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '#' {
                        chars.next();
                    } else {
                        if n == ';' {
                            chars.next();
                        }
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        let mut out = Vec::new();
        for w in plain.split(|c: char| !c.is_alphanumeric()) {
            let f = fold(w);
            if w.len() < 2 || f.chars().count() < 2 {
                continue;
            }
            let bare = f
                .strip_prefix("\u{0627}\u{0644}")
                .filter(|b| b.chars().count() >= 2)
                .map(str::to_string);
            out.push(f);
            out.extend(bare);
        }
        out
    }

    /// The words of a file in the order first seen, each with its highest weight, the slow way:
    /// every word folded, then looked for in a list.
    fn reference_words(
        front: &crate::content::FrontMatter,
        doc: &crate::markdown::Document,
    ) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = Vec::new();
        for (text, html, w) in weighted_texts(front, doc) {
            each_term(
                text,
                html,
                &mut |t| match out.iter_mut().find(|(x, _)| x == t) {
                    Some(e) => e.1 = e.1.max(w),
                    None => out.push((t.to_string(), w)),
                },
            );
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn file_words_are_each_word_once_with_its_highest_weight(
            title in "[abA\u{0627}\u{0644} ]{0,12}",
            description in "[aAé ]{0,12}",
            heading in "[abÁ ]{0,12}",
            body in "[abAé\u{0627}\u{0644}É <>p ]{0,300}",
        ) {
            let front: crate::content::FrontMatter =
                serde_json::from_value(serde_json::json!({ "title": title, "description": description }))
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let doc = crate::markdown::Document {
                parts: vec![Part::Html(body)],
                toc: vec![crate::markdown::TocEntry {
                    level: 2,
                    id: String::new(),
                    title: heading,
                    children: Vec::new(),
                }],
                ..Default::default()
            };
            let words: Vec<(String, u32)> = FileWords::of(&front, &doc)
                .iter()
                .map(|(w, n)| (w.to_string(), n))
                .collect();
            proptest::prop_assert_eq!(words, reference_words(&front, &doc));
        }
    }

    #[test]
    fn words_of_every_length_hash_apart_from_their_neighbours() {
        // Words that differ in one byte anywhere, up to 40 bytes long.
        let mut seen = std::collections::HashSet::new();
        for n in 0..40 {
            for i in 0..n {
                let mut w = vec![b'a'; n];
                w[i] = b'b';
                assert!(seen.insert(word_hash(&w)), "{n} {i}");
            }
            assert!(seen.insert(word_hash(&vec![b'a'; n])), "{n}");
        }
    }

    proptest::proptest! {
        #[test]
        fn each_term_agrees_with_the_obvious_splitter(
            text in "[a-zA-Z0-9 <>&;#=\"éÉñÑàçİß\u{301}\u{0627}\u{0644}\u{0637}\u{0648}\u{0631}\u{0626}.,¿?-]{0,60}",
            html in proptest::bool::ANY,
        ) {
            let mut fast = Vec::new();
            each_term(&text, html, &mut |w| fast.push(w.to_string()));
            proptest::prop_assert_eq!(fast, reference_terms(&text, html));
        }
    }
}
