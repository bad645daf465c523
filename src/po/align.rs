//! A first PO file for a translation made before there were PO files: the blocks of the source
//! are paired with the blocks of the translation, and each pair becomes a translated entry.
//!
//! Pairing is a sequence alignment (Needleman–Wunsch) over the two pages' blocks: two blocks
//! may pair only if they are of the same kind (a level-2 heading with a level-2 heading); a
//! pair scores higher when both sit in the same containers, keep the same links and anchors,
//! have the same numbers and a plausible length for a translation; skipping a block costs a
//! little. A pair the evidence does not confirm (different links or numbers, an odd length,
//! nothing to compare but its place) is marked fuzzy, for the translator to check. A block the
//! translation left in the source language (the same words, more than two of them, as
//! `senda new --lang` copies them) stays untranslated.

use super::blocks::{Block, Kind};
use super::catalog::Entry;
use super::context;

/// A score at or above this makes a pair sure.
const SURE: i32 = 5;
/// Same kind, same place, nothing against it.
const PLAIN: i32 = 3;
const GAP: i32 = -1;

fn digits(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// How well two blocks pair; `None` when they cannot.
fn score(s: &Block, t: &Block) -> Option<i32> {
    if s.kind != t.kind {
        return None;
    }
    let mut score = 2;
    if s.path == t.path {
        score += 1;
    }
    if !s.keep.is_empty() || !t.keep.is_empty() {
        if s.keep == t.keep {
            score += 3;
        } else {
            score -= 2;
        }
    }
    let (ds, dt) = (digits(&s.text), digits(&t.text));
    if !ds.is_empty() || !dt.is_empty() {
        score += if ds == dt { 2 } else { -2 };
    }
    let (ls, lt) = (s.text.chars().count(), t.text.chars().count());
    if ls.max(lt) >= 12 {
        let r = lt as f64 / ls.max(1) as f64;
        score += if (0.5..=2.0).contains(&r) { 1 } else { -2 };
    }
    Some(score)
}

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// source[i] with translation[j], and the pair's score.
    Pair(usize, usize, i32),
    /// A source block with no translation.
    Source,
    /// A translation block with no source.
    Translation,
}

/// Aligns `source` with `translation` (body blocks, in order).
fn steps(source: &[Block], translation: &[Block]) -> Vec<Step> {
    let (n, m) = (source.len(), translation.len());
    // best[i][j]: the best total for source[i..] and translation[j..].
    let mut best = vec![vec![0i32; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            if i == n && j == m {
                continue;
            }
            let mut b = i32::MIN;
            if i < n {
                b = b.max(best[i + 1][j] + GAP);
            }
            if j < m {
                b = b.max(best[i][j + 1] + GAP);
            }
            if i < n
                && j < m
                && let Some(s) = score(&source[i], &translation[j])
            {
                b = b.max(best[i + 1][j + 1] + s);
            }
            best[i][j] = b;
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let pair = (i < n && j < m)
            .then(|| score(&source[i], &translation[j]))
            .flatten()
            .filter(|s| best[i][j] == best[i + 1][j + 1] + s);
        if let Some(s) = pair {
            out.push(Step::Pair(i, j, s));
            i += 1;
            j += 1;
        } else if i < n && best[i][j] == best[i + 1][j] + GAP {
            out.push(Step::Source);
            i += 1;
        } else {
            out.push(Step::Translation);
            j += 1;
        }
    }
    out
}

/// A translation block that is only a copy of its source (more than two words, unchanged).
fn copied(s: &Block, t: &Block) -> bool {
    s.text == t.text && s.text.split_whitespace().count() > 2
}

/// PO entries from a source's blocks and its translation's (both from `version_blocks`).
/// `all_fuzzy`: the translation was made from another version of the source, which history
/// cannot give: every pair is only a guess.
pub fn align(source: &[Block], translation: &[Block], all_fuzzy: bool) -> Vec<Entry> {
    let front = |b: &[Block], k: Kind| b.iter().find(|x| x.kind == k).cloned();
    let body = |b: &[Block]| -> Vec<Block> {
        b.iter()
            .filter(|x| !matches!(x.kind, Kind::Title | Kind::Description))
            .cloned()
            .collect()
    };
    let mut out: Vec<Entry> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |s: &Block, t: &Block, fuzzy: bool| {
        if !s.translatable
            || t.text.trim().is_empty()
            || copied(s, t)
            || !seen.insert((context(s.kind), s.text.clone()))
        {
            return;
        }
        out.push(Entry {
            ctxt: context(s.kind),
            id: s.text.clone(),
            translation: t.text.clone(),
            fuzzy: fuzzy || all_fuzzy,
            ..Entry::default()
        });
    };
    for k in [Kind::Title, Kind::Description] {
        if let (Some(s), Some(t)) = (front(source, k), front(translation, k))
            && s.text != t.text
        {
            push(&s, &t, false);
        }
    }
    let (s_body, t_body) = (body(source), body(translation));
    let steps = steps(&s_body, &t_body);
    for (k, step) in steps.iter().enumerate() {
        let Step::Pair(i, j, score) = *step else {
            continue;
        };
        // Sure: strong evidence, or no contrary evidence in a stretch where both pages have
        // the same blocks (no block skipped next to it).
        let next_to_gap = [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter_map(|x| steps.get(x))
            .any(|s| !matches!(s, Step::Pair(..)));
        let sure = score >= SURE || score >= PLAIN && !next_to_gap;
        push(&s_body[i], &t_body[j], !sure);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::po::blocks::extract;

    /// A paragraph only the source has (its number tells it apart): the pairs beside the gap
    /// are doubtful (fuzzy), the others sure. (Where nothing tells two candidates apart, the
    /// earlier pair wins, and both neighbours of the gap are fuzzy all the same.)
    #[test]
    fn pairs_blocks_and_doubts_what_nothing_confirms() {
        let es = extract(
            "Lee [esto](@/a.md).\n\n## ¿Qué hacer? {#que}\n\n- Llama al 911.\n- Pide ayuda a alguien de confianza.\n\nUn párrafo nuevo, de 2026, que la traducción no tiene.\n\nFin del texto con tres palabras más.\n",
        );
        let en = extract(
            "Read [this](@/a.md).\n\n## What to do? {#que}\n\n- Call 911.\n- Ask someone you trust for help.\n\nThe end of the text, with three more words.\n",
        );
        let e = align(&es, &en, false);
        let got: Vec<(&str, &str, bool)> = e
            .iter()
            .map(|e| (e.id.as_str(), e.translation.as_str(), e.fuzzy))
            .collect();
        assert_eq!(
            got,
            [
                ("Lee [esto](@/a.md).", "Read [this](@/a.md).", false),
                ("¿Qué hacer? {#que}", "What to do? {#que}", false),
                ("Llama al 911.", "Call 911.", false),
                (
                    "Pide ayuda a alguien de confianza.",
                    "Ask someone you trust for help.",
                    true
                ),
                (
                    "Fin del texto con tres palabras más.",
                    "The end of the text, with three more words.",
                    true
                ),
            ]
        );
    }

    #[test]
    fn copies_of_the_source_stay_untranslated() {
        let es = extract("Esto no está traducido todavía.\n\nMéxico\n");
        let e = align(&es, &es, false);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].id, "México");
    }
}
