//! Property test (issue 8): random small sites — odd names, hostile titles, random Markdown,
//! links between pages, partial translations — never make senda panic; every internal link in
//! the output leads to a file of the output; and the same input gives the same bytes.

use std::path::Path;

use proptest::prelude::*;

use crate::common::*;

#[derive(Debug, Clone)]
struct Page {
    name: String,
    title: String,
    body: Vec<Block>,
    translated: bool,
}

#[derive(Debug, Clone)]
enum Block {
    Text(String),
    Heading(String),
    List(Vec<String>),
    Link(usize),
    Quote(String),
    Table(String, String),
    Raw(String),
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        Just("mi página".to_string()),
        Just("ÜBER uns".to_string()),
        Just("a-b_c".to_string()),
        Just("اللجوء".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.¿?áéíóúñ]{0,40}",
        Just("<script>alert(1)</script>".to_string()),
        Just("\"quotes\" & 'apostrophes' <b>".to_string()),
        Just("*emphasis* `code` ~~strike~~ [^1]".to_string()),
        Just("مرحبا بالعالم".to_string()),
        ".{0,20}",
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        text().prop_map(Block::Text),
        text().prop_map(Block::Heading),
        prop::collection::vec(text(), 1..4).prop_map(Block::List),
        (0usize..6).prop_map(Block::Link),
        text().prop_map(Block::Quote),
        (text(), text()).prop_map(|(a, b)| Block::Table(a, b)),
        prop_oneof![
            Just("<div onclick=\"x()\">raw</div>".to_string()),
            Just("<a href=\"javascript:x()\">j</a>".to_string()),
            Just("<details><summary>s</summary>d</details>".to_string()),
        ]
        .prop_map(Block::Raw),
    ]
}

fn pages() -> impl Strategy<Value = Vec<Page>> {
    prop::collection::vec(
        (
            names(),
            text(),
            prop::collection::vec(block(), 0..6),
            any::<bool>(),
        )
            .prop_map(|(name, title, body, translated)| Page {
                name,
                title,
                body,
                translated,
            }),
        1..6,
    )
}

/// A YAML double-quoted string (YAML, unlike JSON, forbids raw C0/C1 control characters).
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the generated site; pages with clashing names are dropped.
fn write_site(root: &Path, pages: &[Page]) -> Vec<String> {
    let repo = repo();
    std::fs::create_dir_all(root.join("content")).unwrap();
    // Copies, not links: senda refuses links that lead out of the site.
    copy_dir(&repo.join("themes"), &root.join("themes"));
    copy_dir(&repo.join("locales"), &root.join("locales"));
    std::fs::write(
        root.join("site.yaml"),
        "title: P\nbase_url: https://p.example.org\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n  - { code: en, name: English }\n",
    )
    .unwrap();
    let mut kept: Vec<String> = Vec::new();
    for p in pages {
        let slug = senda::url_segment(&p.name);
        let no_letters = !slug.chars().any(char::is_alphanumeric);
        if no_letters || kept.iter().any(|k| senda::url_segment(k) == slug) {
            continue;
        }
        kept.push(p.name.clone());
    }
    let link_to = |i: usize| {
        let target = &kept[i % kept.len()];
        format!("[link](@/{}.md)", target.replace(' ', "%20"))
    };
    std::fs::write(
        root.join("content/_index.md"),
        format!("---\ntitle: Home\n---\n{}\n", link_to(0)),
    )
    .unwrap();
    for p in pages.iter().filter(|p| kept.contains(&p.name)) {
        let mut body = String::new();
        for b in &p.body {
            match b {
                Block::Text(t) => body.push_str(&format!("{t}\n\n")),
                Block::Heading(t) => body.push_str(&format!("## {t}\n\n")),
                Block::List(items) => {
                    for i in items {
                        body.push_str(&format!("- {i}\n"));
                    }
                    body.push('\n');
                }
                Block::Link(i) => body.push_str(&format!("See {}.\n\n", link_to(*i))),
                Block::Quote(t) => body.push_str(&format!("> {t}\n\n")),
                Block::Table(a, b) => {
                    body.push_str(&format!("| {a} | b |\n| --- | --- |\n| {b} | 1 |\n\n"))
                }
                Block::Raw(h) => body.push_str(&format!("{h}\n\n")),
            }
        }
        let title = if p.title.trim().is_empty() {
            "T".to_string()
        } else {
            p.title.clone()
        };
        let front = format!(
            "---\ntitle: {}\ntags: [{}]\n---\n",
            yaml_string(&title),
            yaml_string(&p.name)
        );
        std::fs::write(
            root.join(format!("content/{}.md", p.name)),
            format!("{front}{body}"),
        )
        .unwrap();
        if p.translated {
            std::fs::write(
                root.join(format!("content/{}.en.md", p.name)),
                format!("{front}EN {body}"),
            )
            .unwrap();
        }
    }
    kept
}

/// Every relative href/src of every HTML file resolves to an output file.
fn assert_links_resolve(out: &Path) {
    for (file, bytes) in snapshot(out) {
        if !file.ends_with(".html") || file.ends_with("404.html") || file.ends_with("offline.html")
        {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let dir = Path::new(&file).parent().unwrap().to_path_buf();
        for (sel_, attr_) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
        ] {
            for value in attrs(&doc, sel_, attr_) {
                if value.contains(':') || value.starts_with('#') || value.starts_with("//") {
                    continue; // absolute URLs (canonical, hreflang, tel:, https:) and fragments
                }
                let path = value.split(['#', '?']).next().unwrap();
                let decoded = percent_decode(path);
                let target = out.join(&dir).join(&decoded);
                assert!(target.is_file(), "{file}: {value} does not lead to a file");
            }
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Ok(b) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_sites_build_links_resolve_and_output_is_deterministic(pages in pages()) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        write_site(&root, &pages);
        let mut first = senda::BuildOptions::new(&root);
        first.output = dir.path().join("one");
        let a = senda::build(&first);
        if a.report.is_none() {
            // Only one kind of generated site is invalid: two names with the same address. It
            // must be said with diagnostics, not a panic, and nothing is written.
            let codes: Vec<&str> = a.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
            prop_assert!(!codes.is_empty() && codes.iter().all(|c| *c == "duplicate-url"), "{:?}", a.diagnostics.clone().sorted());
            prop_assert!(!first.output.exists());
            return Ok(());
        }
        assert_links_resolve(&first.output);
        let mut second = senda::BuildOptions::new(&root);
        second.output = dir.path().join("two");
        let b = senda::build(&second);
        prop_assert!(b.report.is_some());
        prop_assert!(snapshot(&first.output) == snapshot(&second.output), "two builds differ");
    }
}
