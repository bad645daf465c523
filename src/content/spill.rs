//! The bodies a build cannot keep in memory: written, while their files are parsed, to one
//! unnamed temporary file (`O_TMPFILE` where the system has it: no name, so nothing to delete,
//! and gone when senda ends, however it ends), and read back when their page is rendered.
//! Reading a body back costs a copy; parsing its file again cost a second Markdown render.
//!
//! Each body is one record at its own place, written with one positioned write, so the files
//! parsed in parallel never wait for each other. A record that cannot be written (a full disk)
//! or read back whole leaves its body to be parsed again from its file (`parse::reparse`).

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::markdown::{Document, Part, TocEntry};

/// The temporary file and where its next record goes.
#[derive(Debug)]
pub struct Spill {
    file: File,
    end: AtomicU64,
}

/// Where one body's record is in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    at: u64,
    len: u32,
}

/// A record larger than this is not written (its body is parsed again): no real page comes
/// near it, and its length fits the record's `u32`.
const MAX_RECORD: usize = 64 * 1024 * 1024;

impl Spill {
    /// A new, empty spill file in the system's temporary folder (`TMPDIR`); `None` if none can
    /// be made there (bodies are then parsed again).
    pub fn new() -> Option<Spill> {
        Some(Spill {
            file: tempfile::tempfile().ok()?,
            end: AtomicU64::new(0),
        })
    }

    /// Writes the body and table of contents of `doc`; `None` if they could not be written.
    pub fn put(&self, doc: &Document) -> Option<Place> {
        let record = encode(doc);
        if record.len() > MAX_RECORD {
            return None;
        }
        let len = record.len() as u64;
        let at = self.end.fetch_add(len, Ordering::Relaxed);
        write_at(&self.file, &record, at).ok()?;
        Some(Place {
            at,
            len: len as u32,
        })
    }

    /// The body and table of contents written at `place`, into a copy of `doc` (the version's
    /// document, whose body was freed); `None` if the record cannot be read back whole.
    pub fn get(&self, place: Place, doc: &Document) -> Option<Document> {
        let mut record = vec![0; place.len as usize];
        read_at(&self.file, &mut record, place.at).ok()?;
        let (parts, toc) = decode(&record)?;
        let mut out = doc.clone();
        out.parts = parts;
        out.toc = toc;
        Some(out)
    }
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

// Elsewhere a positioned write is not one call the threads can share: the bodies are parsed
// again instead.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// A record: the parts (a tag byte, then the HTML's length and bytes, or the index of the link
/// or image), then the table of contents (each entry's level, id, title and children, in
/// order). Every count and length is a little-endian `u32`.
fn encode(doc: &Document) -> Vec<u8> {
    let html: usize = doc
        .parts
        .iter()
        .map(|p| if let Part::Html(h) = p { h.len() } else { 0 })
        .sum();
    let mut out = Vec::with_capacity(html + 5 * doc.parts.len() + 64);
    put_len(&mut out, doc.parts.len());
    for part in &doc.parts {
        match part {
            Part::Html(h) => {
                out.push(0);
                put_str(&mut out, h);
            }
            Part::Link(i) => {
                out.push(1);
                put_len(&mut out, *i);
            }
            Part::Image(i) => {
                out.push(2);
                put_len(&mut out, *i);
            }
        }
    }
    put_toc(&mut out, &doc.toc);
    out
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    // Lengths over u32 make the record too large to write (`MAX_RECORD`) anyway.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_toc(out: &mut Vec<u8>, entries: &[TocEntry]) {
    put_len(out, entries.len());
    for e in entries {
        out.push(e.level);
        put_str(out, &e.id);
        put_str(out, &e.title);
        put_toc(out, &e.children);
    }
}

/// The parts and table of contents of a whole record; `None` unless it is one, exactly.
fn decode(record: &[u8]) -> Option<(Vec<Part>, Vec<TocEntry>)> {
    let mut r = Reader(record);
    let n = r.len()?;
    // Each part takes at least five bytes: a count cannot make a huge allocation.
    let mut parts = Vec::with_capacity(n.min(record.len() / 5));
    for _ in 0..n {
        parts.push(match r.byte()? {
            0 => Part::Html(r.string()?),
            1 => Part::Link(r.len()?),
            2 => Part::Image(r.len()?),
            _ => return None,
        });
    }
    let toc = r.toc(0)?;
    r.0.is_empty().then_some((parts, toc))
}

/// What is left of a record to read.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn len(&mut self) -> Option<usize> {
        let b = self.bytes(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.len()?;
        let b = self.bytes(n)?;
        Some(simdutf8::basic::from_utf8(b).ok()?.to_owned())
    }

    /// A table of contents; headings nest six deep at most, so a deeper one is not a record.
    fn toc(&mut self, depth: usize) -> Option<Vec<TocEntry>> {
        if depth > 6 {
            return None;
        }
        let n = self.len()?;
        // Each entry takes at least thirteen bytes.
        let mut out = Vec::with_capacity(n.min(self.0.len() / 13));
        for _ in 0..n {
            let level = self.byte()?;
            let id = self.string()?;
            let title = self.string()?;
            let children = self.toc(depth + 1)?;
            out.push(TocEntry {
                level,
                id,
                title,
                children,
            });
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{self, RenderOptions};

    const PAGE: &str = "# Asilo\n\nVe a [la COMAR](@/help.md#oficinas) con ![mapa](mapa.png) tus papeles.\n\n## Cómo pedirlo {#pedir}\n\n### Qué llevar\n\nTexto[^1].\n\n[^1]: Nota.\n\n## Después\n";

    #[test]
    fn a_body_read_back_is_the_one_written() {
        let spill = Spill::new().expect("a temporary file");
        let doc = markdown::render(PAGE, RenderOptions::default());
        assert!(doc.parts.len() > 2 && !doc.toc.is_empty(), "{doc:?}");
        let other = markdown::render("Otra *página*.\n", RenderOptions::default());
        let places = [spill.put(&doc).unwrap(), spill.put(&other).unwrap()];
        let mut freed = doc.clone();
        freed.parts.clear();
        freed.toc.clear();
        let back = spill.get(places[0], &freed).unwrap();
        assert_eq!(back.parts, doc.parts);
        assert_eq!(back.toc, doc.toc);
        assert_eq!(back.links, doc.links);
        assert_eq!(spill.get(places[1], &freed).unwrap().parts, other.parts);
    }

    #[test]
    fn a_record_cut_short_or_too_long_is_not_read() {
        let spill = Spill::new().expect("a temporary file");
        let doc = markdown::render(PAGE, RenderOptions::default());
        let place = spill.put(&doc).unwrap();
        let record = encode(&doc);
        for cut in 0..record.len() {
            assert!(decode(&record[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = record.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let past_the_end = Place {
            at: place.at + 1,
            ..place
        };
        assert!(spill.get(past_the_end, &doc).is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_are_refused(bytes in proptest::collection::vec(0u8..=255, 0..200)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn any_markdown_round_trips(text in "[#*\\[\\]()a-zé \n!^:{}]{0,300}") {
            let doc = markdown::render(&text, RenderOptions::default());
            let (parts, toc) = decode(&encode(&doc)).unwrap();
            proptest::prop_assert_eq!(parts, doc.parts);
            proptest::prop_assert_eq!(toc, doc.toc);
        }
    }
}
