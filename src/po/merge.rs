//! Merging with msgmerge's semantics: the messages of the source as it is now, against the
//! entries of an existing PO file (or of any older version of the source).
//! 1. A message whose text is unchanged keeps its entry: translation, fuzzy flag, `#|` previous
//!    text, the translator's comments.
//! 2. A message that is new gets the closest unused entry, if one is close enough: its
//!    translation, marked fuzzy, with the old source text as `#| msgid`. "Close" is the share
//!    of words the two texts have in common (at least 60 %), or, for an entry in the same place
//!    (between the same unchanged neighbours), at least 20 %: a paragraph rewritten in place is
//!    still the same paragraph to its translator.
//! 3. Other new messages are untranslated.
//! 4. Entries no message uses become obsolete (`#~`) if they had a translation; obsolete
//!    entries stay, unless a message uses them again.
//!
//! The same pairing, run between two versions of the source, says which blocks changed.

use std::collections::{HashMap, HashSet};

use super::catalog::Entry;

/// A message to translate, made from the source's blocks (duplicates merged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub ctxt: Option<String>,
    pub id: String,
    /// For translators (`#.`): the kind of block and what to keep.
    pub notes: String,
    /// `content/rights/asylum.md:12`, one per block with this text.
    pub refs: Vec<String>,
    /// The first block's line.
    pub line: usize,
}

/// What happened to one message (or old entry) in a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The text changed: `before` is the text the translation was made for.
    Changed {
        before: Option<String>,
        now: String,
        line: usize,
    },
    /// New text (or text never translated).
    Added { now: String, line: usize },
    /// Text the source no longer has.
    Removed { before: String },
}

/// The result of a merge.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// In the messages' order, then the obsolete entries.
    pub entries: Vec<Entry>,
    /// Every message that is not translated and up to date, and every translated text dropped.
    pub changes: Vec<Change>,
}

/// How alike two texts are: the share of their words in common (letter case and punctuation
/// aside), 0 to 1.
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let same: usize = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * same as f32 / (a.len() + b.len()) as f32
}

const CLOSE: f32 = 0.6;
const CLOSE_IN_PLACE: f32 = 0.2;

/// Entries by their context and msgid.
type ByKey<'a, T> = HashMap<(Option<&'a str>, &'a str), T>;

/// Merges `old` entries (a PO file's, in its order) with the source's `messages`.
pub fn merge(old: &[Entry], messages: &[Message]) -> Merged {
    let live: Vec<&Entry> = old.iter().filter(|e| !e.obsolete).collect();
    let by_key: ByKey<usize> = live.iter().enumerate().map(|(i, e)| (e.key(), i)).collect();
    let obsolete_by_key: ByKey<&Entry> = old
        .iter()
        .filter(|e| e.obsolete)
        .map(|e| (e.key(), e))
        .collect();
    // 1. Unchanged texts.
    let matched: Vec<Option<usize>> = messages
        .iter()
        .map(|m| by_key.get(&(m.ctxt.as_deref(), m.id.as_str())).copied())
        .collect();
    let mut used: HashSet<usize> = matched.iter().flatten().copied().collect();
    // 2. Changed texts: the closest unused translated entry.
    let mut fuzzy_from: Vec<Option<usize>> = vec![None; messages.len()];
    for i in 0..messages.len() {
        if matched[i].is_some() {
            continue;
        }
        let m = &messages[i];
        if obsolete_by_key.contains_key(&(m.ctxt.as_deref(), m.id.as_str())) {
            continue;
        }
        if let Some(j) = closest(&live, &used, &matched, i, m) {
            used.insert(j);
            fuzzy_from[i] = Some(j);
        }
    }
    // 3. Each message's entry.
    let mut out = Merged::default();
    for (i, m) in messages.iter().enumerate() {
        let revived = obsolete_by_key
            .get(&(m.ctxt.as_deref(), m.id.as_str()))
            .copied();
        let from = match (matched[i], revived, fuzzy_from[i]) {
            (Some(j), _, _) => Origin::Same(live[j]),
            (None, Some(old), _) => Origin::Revived(old),
            (None, None, Some(j)) => Origin::Close(live[j]),
            (None, None, None) => Origin::Nothing,
        };
        out.entries.push(entry(m, from, &mut out.changes));
    }
    // 4. Obsolete: translated entries nothing uses, then the old obsolete ones still unused.
    obsolete(old, &live, &used, messages, &mut out);
    out
}

/// For the new message `i`, the closest unused translated entry in `live` close enough to
/// take its translation, preferring one in the same place (between the same matched
/// neighbours).
fn closest(
    live: &[&Entry],
    used: &HashSet<usize>,
    matched: &[Option<usize>],
    i: usize,
    m: &Message,
) -> Option<usize> {
    let lo = matched[..i].iter().rev().flatten().next().copied();
    let hi = matched[i + 1..].iter().flatten().next().copied();
    let in_place = |j: usize| lo.is_none_or(|lo| j > lo) && hi.is_none_or(|hi| j < hi);
    let mut best: Option<(bool, f32, usize)> = None;
    for (j, e) in live.iter().enumerate() {
        if used.contains(&j) || e.ctxt != m.ctxt || e.translation.trim().is_empty() {
            continue;
        }
        let before = e.previous.as_deref().filter(|_| e.fuzzy).unwrap_or(&e.id);
        let ratio = similarity(before, &m.id).max(similarity(&e.id, &m.id));
        let place = in_place(j);
        let close = ratio >= CLOSE || place && ratio >= CLOSE_IN_PLACE;
        if close && best.is_none_or(|b| (place, ratio) > (b.0, b.1)) {
            best = Some((place, ratio, j));
        }
    }
    best.map(|(_, _, j)| j)
}

/// Where a message's translation comes from.
enum Origin<'a> {
    /// The live entry with the same text.
    Same(&'a Entry),
    /// The obsolete entry with the same text.
    Revived(&'a Entry),
    /// A close live entry: its translation, fuzzy.
    Close(&'a Entry),
    Nothing,
}

/// The entry for message `m`, and what changed for it.
fn entry(m: &Message, from: Origin, changes: &mut Vec<Change>) -> Entry {
    let mut e = Entry {
        ctxt: m.ctxt.clone(),
        id: m.id.clone(),
        notes: Some(m.notes.clone()).filter(|n| !n.is_empty()),
        refs: m.refs.clone(),
        ..Entry::default()
    };
    let added = || Change::Added {
        now: m.id.clone(),
        line: m.line,
    };
    match from {
        Origin::Same(old) => {
            e.translation = old.translation.clone();
            e.fuzzy = old.fuzzy && !old.translation.is_empty();
            e.previous = old.previous.clone().filter(|_| e.fuzzy);
            e.comments = old.comments.clone();
            e.flags = old.flags.clone();
            if e.fuzzy {
                changes.push(Change::Changed {
                    before: e.previous.clone(),
                    now: m.id.clone(),
                    line: m.line,
                });
            } else if e.translation.trim().is_empty() {
                changes.push(added());
            }
        }
        Origin::Revived(old) => {
            e.translation = old.translation.clone();
            e.fuzzy = old.fuzzy;
            e.previous = old.previous.clone().filter(|_| e.fuzzy);
            e.comments = old.comments.clone();
            e.flags = old.flags.clone();
            if !e.done() {
                changes.push(added());
            }
        }
        Origin::Close(old) => {
            e.translation = old.translation.clone();
            e.fuzzy = true;
            let before = if old.fuzzy && old.previous.is_some() {
                old.previous.clone()
            } else {
                Some(old.id.clone())
            };
            e.previous = before.clone();
            e.comments = old.comments.clone();
            e.flags = old.flags.clone();
            changes.push(Change::Changed {
                before,
                now: m.id.clone(),
                line: m.line,
            });
        }
        Origin::Nothing => changes.push(added()),
    }
    e
}

/// Adds the obsolete entries: the translated live ones nothing `used`, then the old obsolete
/// ones no message uses again.
fn obsolete(
    old: &[Entry],
    live: &[&Entry],
    used: &HashSet<usize>,
    messages: &[Message],
    out: &mut Merged,
) {
    let current: HashSet<(Option<&str>, &str)> = messages
        .iter()
        .map(|m| (m.ctxt.as_deref(), m.id.as_str()))
        .collect();
    let mut obsolete_keys: HashSet<(Option<String>, String)> = HashSet::new();
    for (j, e) in live.iter().enumerate() {
        if used.contains(&j) || e.translation.trim().is_empty() {
            continue;
        }
        out.changes.push(Change::Removed {
            before: e.id.clone(),
        });
        obsolete_keys.insert((e.ctxt.clone(), e.id.clone()));
        out.entries.push(Entry {
            obsolete: true,
            refs: Vec::new(),
            notes: None,
            line: 0,
            ..(*e).clone()
        });
    }
    for e in old.iter().filter(|e| e.obsolete) {
        if current.contains(&e.key())
            || !obsolete_keys.insert((e.ctxt.clone(), e.id.clone()))
            || e.translation.trim().is_empty() && e.plurals.is_none()
        {
            continue;
        }
        out.entries.push(Entry {
            refs: Vec::new(),
            notes: None,
            line: 0,
            ..e.clone()
        });
    }
}

/// How many blocks changed, counted once each: a changed text, a new one, a dropped one.
pub fn changed_blocks(changes: &[Change]) -> usize {
    changes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: &str) -> Message {
        Message {
            ctxt: None,
            id: id.into(),
            notes: String::new(),
            refs: vec![],
            line: 1,
        }
    }

    fn done(id: &str, tr: &str) -> Entry {
        Entry {
            id: id.into(),
            translation: tr.into(),
            ..Entry::default()
        }
    }

    #[test]
    fn unchanged_changed_new_and_dropped() {
        let old = vec![
            done("Uno dos tres cuatro.", "One two three four."),
            done("Un párrafo que cambia un poco hoy.", "A paragraph."),
            done("Se va.", "Goes."),
        ];
        let new = vec![
            msg("Uno dos tres cuatro."),
            msg("Un párrafo que cambia bastante hoy."),
            msg("Totalmente nuevo y distinto."),
        ];
        let m = merge(&old, &new);
        assert_eq!(m.entries.len(), 4);
        assert!(m.entries[0].done());
        assert!(m.entries[1].fuzzy);
        assert_eq!(
            m.entries[1].previous.as_deref(),
            Some("Un párrafo que cambia un poco hoy.")
        );
        // In place of "Se va." between the same neighbours, but with no word in common.
        assert!(m.entries[2].translation.is_empty());
        assert!(m.entries[3].obsolete);
        assert_eq!(m.changes.len(), 3, "{:?}", m.changes);
        // Merging again changes nothing.
        let again = merge(&m.entries, &new);
        assert_eq!(again.entries, m.entries);
    }

    #[test]
    fn a_paragraph_rewritten_in_place_stays_paired() {
        let old = vec![
            done("A.", "a"),
            done(
                "El plazo es de 30 días hábiles.",
                "The deadline is 30 working days.",
            ),
            done("B.", "b"),
        ];
        let new = vec![
            msg("A."),
            msg("Tienes 30 días hábiles para pedirlo."),
            msg("B."),
        ];
        let m = merge(&old, &new);
        assert!(m.entries[1].fuzzy, "{:?}", m.entries[1]);
        assert_eq!(m.changes.len(), 1);
        assert!(m.entries.iter().all(|e| !e.obsolete));
    }
}
