//! The translators' pipeline (README, Translators): `senda po export` and `senda po import` on
//! the `po` fixture, checked with GNU gettext's `msgfmt --check` and translate-toolkit's
//! `pofilter` (Debian's gettext and translate-toolkit; the tests that need them are skipped
//! with a notice when they are missing, unless SENDA_REQUIRE_BROWSER=1); paragraph-level
//! changes in `status` (from the PO file, and from git history); a `status` that reports
//! whatever is broken; readability warnings in `check`.

use std::path::{Path, PathBuf};
use std::process::Command;

use senda::catalog;

use crate::browser::{find_program, missing};
use crate::common::*;

fn po(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.root().join("po").join(rel))
        .unwrap_or_else(|e| panic!("po/{rel}: {e}"))
}

fn run_ok(site: &Site, args: &[&str]) -> String {
    let out = site.run(args);
    assert!(
        out.status.success(),
        "senda {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every PO file of a language, relative to po/LANG.
fn po_files(site: &Site, lang: &str) -> Vec<PathBuf> {
    let dir = site.root().join("po").join(lang);
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "po"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// A pseudo-translation that keeps what must be kept: ROT13 on the words (case kept), but not
/// on link addresses, `{#id}` blocks, code or words in capitals (acronyms like COMAR).
fn pseudo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let closing = match (c, chars.get(i + 1)) {
            (']', Some('(')) => Some(')'),
            ('{', _) => Some('}'),
            ('`', _) => Some('`'),
            _ => None,
        };
        if let Some(close) = closing {
            let start = if c == ']' { i + 2 } else { i + 1 };
            let end = chars[start..]
                .iter()
                .position(|&x| x == close)
                .map_or(chars.len(), |p| start + p + 1);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() {
            let end = chars[i..]
                .iter()
                .position(|x| !x.is_alphabetic())
                .map_or(chars.len(), |p| i + p);
            let word: String = chars[i..end].iter().collect();
            if word.chars().count() > 1 && word.chars().all(|c| c.is_uppercase()) {
                out.push_str(&word);
            } else {
                out.extend(word.chars().map(|c| match c {
                    'a'..='m' | 'A'..='M' => (c as u8 + 13) as char,
                    'n'..='z' | 'N'..='Z' => (c as u8 - 13) as char,
                    _ => c,
                }));
            }
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Fills every entry of a language's PO files with `f(msgid)`, as a translator would.
fn fill(site: &Site, lang: &str, f: impl Fn(&str) -> String) {
    for path in po_files(site, lang) {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut c = catalog::parse(&text).unwrap();
        for e in c.entries.iter_mut().filter(|e| !e.obsolete) {
            e.translation = f(&e.id);
            e.fuzzy = false;
            e.previous = None;
        }
        std::fs::write(&path, catalog::write(&c)).unwrap();
    }
}

/// GNU gettext's msgfmt and translate-toolkit's pofilter, or None (skipped).
fn gettext_tools() -> Option<(PathBuf, PathBuf)> {
    let msgfmt = find_program(&["msgfmt"]);
    let pofilter = find_program(&["pofilter"]);
    let mut not_found = Vec::new();
    if msgfmt.is_none() {
        not_found.push("msgfmt");
    }
    if pofilter.is_none() {
        not_found.push("pofilter");
    }
    missing(&not_found, "Debian's gettext and translate-toolkit")?;
    Some((msgfmt.unwrap(), pofilter.unwrap()))
}

/// `msgfmt --check` passes with nothing to say.
fn assert_msgfmt(msgfmt: &Path, file: &Path) {
    let out = Command::new(msgfmt)
        .args(["--check", "--check-accelerators=&", "-o", "/dev/null"])
        .arg(file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.trim().is_empty(),
        "msgfmt --check {}:\n{err}",
        file.display()
    );
}

/// pofilter's checks find nothing (but `unchanged`: acronyms like CURP are the same in every
/// language, and `untranslated`/`isfuzzy` when the file is not filled in).
fn assert_pofilter(pofilter: &Path, file: &Path, filled: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("failures.po");
    let mut cmd = Command::new(pofilter);
    cmd.args(["--progress=none", "--excludefilter=unchanged"]);
    if !filled {
        cmd.args(["--excludefilter=untranslated", "--excludefilter=isfuzzy"]);
    }
    let out = cmd
        .arg("-i")
        .arg(file)
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pofilter {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let failures = std::fs::read_to_string(&out_file).unwrap_or_default();
    let units = failures.matches("\nmsgid ").count();
    assert_eq!(
        units,
        0,
        "pofilter found problems in {}:\n{failures}",
        file.display()
    );
}

/// The entry with this msgid.
fn entry<'a>(c: &'a catalog::Catalog, id: &str) -> &'a catalog::Entry {
    c.entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id:?} in {:#?}", c.entries))
}

#[test]
fn export_writes_one_entry_per_block_with_references_and_is_stable() {
    let site = Site::fixture("po");
    let out = site.run(&["po", "export", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Exported 4 page(s)"),
        "{}",
        stderr(&out)
    );
    let pot = po(&site, "templates/rights/asylum.pot");
    let text = po(&site, "en/rights/asylum.po");
    let c = catalog::parse(&text).unwrap();
    // Title and description, with their contexts, then the blocks in order.
    let ids: Vec<(Option<&str>, &str)> = c
        .entries
        .iter()
        .map(|e| (e.ctxt.as_deref(), e.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (Some("title"), "Pedir asilo"),
            (Some("description"), "Cómo pedir asilo, paso a paso."),
            (
                None,
                "Puedes pedir asilo en cualquier momento. Es **gratis** y es tu derecho."
            ),
            (None, "Los pasos {#steps}"),
            (
                None,
                "Ve a la oficina de la [COMAR](@/rights/detention.md#comar)."
            ),
            (None, "Llena el formulario. Pide ayuda si no entiendes."),
            (None, "Guarda tu constancia:"),
            (None, "el papel sellado,"),
            (None, "una foto del papel."),
            (None, "Documento"),
            (None, "Para qué sirve"),
            (None, "Constancia"),
            (None, "Prueba que pediste asilo"),
            (None, "CURP"),
            (None, "Trabajar y estudiar"),
            (
                None,
                "Nadie puede cobrarte por pedir asilo. Si alguien te pide dinero, denúncialo."
            ),
            (None, "Un mapa de las oficinas de la COMAR"),
            (None, "¿Cuánto cuesta? {#cost}"),
            (
                None,
                "Es gratis. Lee [la detención](@/rights/detention.md) y [los pasos](#steps).[^1]"
            ),
            (None, "Revisa la fecha en la oficina."),
        ]
    );
    // References (file:line) and notes for translators.
    let steps = entry(&c, "Los pasos {#steps}");
    assert_eq!(steps.refs, ["content/rights/asylum.md:11"]);
    assert_eq!(
        steps.notes.as_deref(),
        Some("heading (level 2). Keep as it is: {#steps}")
    );
    assert!(text.contains("#: content/rights/asylum.md:13\n"), "{text}");
    assert!(text.contains("\"Language: en\\n\""), "{text}");
    assert!(text.contains("\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\""));
    assert!(pot.contains("#, fuzzy\nmsgid \"\""), "{pot}");
    assert!(c.entries.iter().all(|e| e.translation.is_empty()));
    // Nothing changes on a second export: the same bytes.
    let before = snapshot(&site.root().join("po"));
    let out = run_ok(&site, &["po", "export", "--lang", "en"]);
    let _ = out;
    assert_eq!(snapshot(&site.root().join("po")), before);
    // Every language without --lang (not the default one).
    run_ok(&site, &["po", "export"]);
    assert!(site.root().join("po/fr/rights/asylum.po").is_file());
    assert!(site.root().join("po/ar/_index.po").is_file());
    assert!(!site.root().join("po/es").exists());
    assert!(po(&site, "ar/_index.po").contains("nplurals=6"));
}

#[test]
fn round_trip_export_translate_import_builds_with_links_and_anchors() {
    let tools = gettext_tools();
    let site = Site::fixture("po");
    run_ok(&site, &["po", "export", "--lang", "en"]);
    if let Some((msgfmt, pofilter)) = &tools {
        for f in po_files(&site, "en") {
            assert_msgfmt(msgfmt, &f);
            assert_pofilter(pofilter, &f, false);
        }
    }
    fill(&site, "en", pseudo);
    if let Some((msgfmt, pofilter)) = &tools {
        for f in po_files(&site, "en") {
            assert_msgfmt(msgfmt, &f);
            assert_pofilter(pofilter, &f, true);
        }
    }
    let filled = snapshot(&site.root().join("po"));
    let out = site.run(&["po", "import", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("en: 4 PO file(s): 4 page(s) written"),
        "{}",
        stderr(&out)
    );
    // The page: the source's structure, the translated text, the front matter of `senda new`.
    let page = std::fs::read_to_string(site.root().join("content/rights/asylum.en.md")).unwrap();
    let hash = senda::source_hash(
        &std::fs::read_to_string(site.root().join("content/rights/asylum.md")).unwrap()
            [std::fs::read_to_string(site.root().join("content/rights/asylum.md"))
                .unwrap()
                .match_indices("---\n")
                .nth(1)
                .unwrap()
                .0
                + 4..],
    );
    assert!(page.starts_with("---\ntitle: \"Crqve nfvyb\"\n"), "{page}");
    assert!(page.contains(&format!("source_hash: \"{hash}\"")), "{page}");
    assert!(page.contains("tags: [asylum]\n"), "{page}");
    assert!(page.contains("## Ybf cnfbf {#steps}\n"), "{page}");
    assert!(
        page.contains("2. Yyran ry sbezhynevb. Cvqr nlhqn fv ab ragvraqrf.\n"),
        "{page}"
    );
    assert!(
        page.contains("| Pbafgnapvn | Cehron dhr crqvfgr nfvyb |\n"),
        "{page}"
    );
    assert!(page.contains("   - ry cncry fryynqb,\n"), "{page}");
    assert!(
        page.contains("![Ha zncn qr ynf bsvpvanf qr yn COMAR](/images/map.png)"),
        "{page}"
    );
    assert!(
        page.contains("```\ncódigo que no se traduce\n```\n"),
        "code is kept"
    );
    // It builds, and every link and anchor is there.
    site.build();
    let doc = site.html("en/rights/asylum/index.html");
    assert_eq!(attr(&doc, "h2#steps", "id").as_deref(), Some("steps"));
    assert!(doc.select(&sel("h2#cost")).next().is_some());
    let hrefs = attrs(&doc, ".content a", "href");
    assert!(
        hrefs.iter().any(|h| h == "../detention/index.html#comar"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.iter().any(|h| h == "../detention/index.html"),
        "{hrefs:?}"
    );
    let page_dir = site.public().join("en/rights/asylum");
    for h in &hrefs {
        let (path, anchor) = h.split_once('#').unwrap_or((h, ""));
        let target = if path.is_empty() {
            page_dir.join("index.html")
        } else {
            page_dir.join(path)
        };
        assert!(target.is_file(), "{h} leads nowhere");
        if !anchor.is_empty() {
            let html = std::fs::read_to_string(&target).unwrap();
            let t = scraper::Html::parse_document(&html);
            assert!(
                t.select(&sel(&format!("[id=\"{anchor}\"]")))
                    .next()
                    .is_some(),
                "{h}: no #{anchor}"
            );
        }
    }
    assert_eq!(text(&doc, "h1"), "Crqve nfvyb");
    // Exporting again changes nothing: the translations are kept, byte for byte.
    run_ok(&site, &["po", "export", "--lang", "en"]);
    assert_eq!(snapshot(&site.root().join("po")), filled);
    // Importing again writes nothing new.
    let out = site.run(&["po", "import", "--lang", "en"]);
    assert!(
        stderr(&out).contains("0 page(s) written, 4 unchanged"),
        "{}",
        stderr(&out)
    );
    let s: serde_json::Value = serde_json::from_str(&run_ok(
        &site,
        &["status", "--format", "json", "--lang", "en"],
    ))
    .unwrap();
    assert_eq!(s["languages"][0]["translated"], 4, "{s:#}");

    // One paragraph of the source changes: exactly that entry is fuzzy, with its old text.
    let src = site.root().join("content/rights/asylum.md");
    let old = std::fs::read_to_string(&src).unwrap();
    std::fs::write(
        &src,
        old.replace("Es gratis. Lee", "Es gratis siempre. Lee"),
    )
    .unwrap();
    run_ok(&site, &["po", "export", "--lang", "en"]);
    let c = catalog::parse(&po(&site, "en/rights/asylum.po")).unwrap();
    let fuzzy: Vec<&catalog::Entry> = c.entries.iter().filter(|e| e.fuzzy).collect();
    assert_eq!(fuzzy.len(), 1, "{fuzzy:#?}");
    assert!(fuzzy[0].id.starts_with("Es gratis siempre. Lee"));
    assert!(
        fuzzy[0]
            .previous
            .as_deref()
            .is_some_and(|p| p.starts_with("Es gratis. Lee")),
        "{:?}",
        fuzzy[0]
    );
    assert!(c.entries.iter().all(|e| !e.obsolete));
    if let Some((msgfmt, _)) = &tools {
        assert_msgfmt(msgfmt, &site.root().join("po/en/rights/asylum.po"));
    }
    // status: outdated, 1 block changed, known from the PO file.
    let s: serde_json::Value = serde_json::from_str(&run_ok(
        &site,
        &["status", "--format", "json", "--lang", "en"],
    ))
    .unwrap();
    let en = &s["languages"][0];
    assert_eq!(en["outdated"], 1, "{s:#}");
    let t = en["todo"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == "content/rights/asylum.en.md")
        .unwrap();
    assert_eq!(t["blocks"], 1, "{t:#}");
    assert_eq!(t["changes_from"], "po/en/rights/asylum.po");
    let text = run_ok(&site, &["status", "--lang", "en"]);
    assert!(
        text.contains("outdated  content/rights/asylum.en.md  (1 block changed)"),
        "{text}"
    );
    let diff = run_ok(
        &site,
        &["status", "--diff", "rights/asylum.md", "--lang", "en"],
    );
    assert!(
        diff.contains("content/rights/asylum.md:36: changed"),
        "{diff}"
    );
    assert!(
        diff.contains("Es [-gratis.-]{+gratis siempre.+} Lee"),
        "{diff}"
    );
}

/// The fixture exported and filled in for English.
fn translated_fixture() -> Site {
    let site = Site::fixture("po");
    run_ok(&site, &["po", "export", "--lang", "en"]);
    fill(&site, "en", pseudo);
    site
}

/// Changes the msgstr of the entry `id` in po/en/rights/asylum.po; returns its line.
fn set_translation(site: &Site, id: &str, translation: &str) -> usize {
    let path = site.root().join("po/en/rights/asylum.po");
    let mut c = catalog::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    c.entries
        .iter_mut()
        .find(|e| e.id == id)
        .unwrap()
        .translation = translation.into();
    let text = catalog::write(&c);
    std::fs::write(&path, &text).unwrap();
    catalog::parse(&text)
        .unwrap()
        .entries
        .iter()
        .find(|e| e.id == id)
        .unwrap()
        .line
}

/// `po import` fails with `code` at `po/en/rights/asylum.po:line`, and writes nothing.
fn import_fails(site: &Site, code: &str, line: usize) -> String {
    let before = snapshot(&site.root().join("content"));
    let out = site.run(&["po", "import", "--lang", "en"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(
        err.contains(&format!("--> po/en/rights/asylum.po:{line}:")),
        "wanted line {line}:\n{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        snapshot(&site.root().join("content")),
        before,
        "nothing is written"
    );
    err
}

#[test]
fn a_bad_po_file_is_an_error_with_its_line_and_nothing_is_written() {
    // A link dropped.
    let site = translated_fixture();
    let line = set_translation(
        &site,
        "Ve a la oficina de la [COMAR](@/rights/detention.md#comar).",
        "Go to the COMAR office.",
    );
    let err = import_fails(&site, "po-placeholder", line);
    assert!(err.contains("`@/rights/detention.md#comar`"), "{err}");
    // An anchor changed.
    let site = translated_fixture();
    let line = set_translation(&site, "Los pasos {#steps}", "The steps {#the-steps}");
    import_fails(&site, "po-placeholder", line);
    // A link broken.
    let site = translated_fixture();
    let line = set_translation(
        &site,
        "Es gratis. Lee [la detención](@/rights/detention.md) y [los pasos](#steps).[^1]",
        "It is free. Read [detention](@/rights/detention.md and [the steps](#steps).[^1]",
    );
    let err = import_fails(&site, "po-placeholder", line);
    assert!(err.contains("breaks the link"), "{err}");
    // A translation that would turn a paragraph into a list.
    let site = translated_fixture();
    let line = set_translation(
        &site,
        "Puedes pedir asilo en cualquier momento. Es **gratis** y es tu derecho.",
        "- You can ask for asylum at any time.",
    );
    import_fails(&site, "po-structure", line);
    // A syntax error.
    let site = translated_fixture();
    let path = site.root().join("po/en/rights/asylum.po");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().position(|l| l == "msgid \"CURP\"").unwrap() + 2;
    let broken = text.replace(
        "msgid \"CURP\"\nmsgstr \"CURP\"",
        "msgid \"CURP\"\nmsgstr \"CURP",
    );
    assert_ne!(broken, text);
    std::fs::write(&path, broken).unwrap();
    import_fails(&site, "po-syntax", line);
    // A plural entry with the wrong number of forms.
    let site = translated_fixture();
    let path = site.root().join("po/en/rights/asylum.po");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nmsgid \"one day\"\nmsgid_plural \"days\"\nmsgstr[0] \"un día\"\nmsgstr[1] \"días\"\nmsgstr[2] \"días\"\n");
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().count() - 2;
    import_fails(&site, "po-plural", line);
    // A PO file of another language in the wrong folder.
    let site = translated_fixture();
    let path = site.root().join("po/en/rights/asylum.po");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"Language: en\\n\"", "\"Language: fr\\n\""),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("Language: en"))
        .unwrap()
        + 1;
    import_fails(&site, "po-language", line);
}

#[test]
fn unfinished_pages_wait_unless_partial_which_marks_what_is_left() {
    let site = Site::fixture("po");
    run_ok(&site, &["po", "export", "--lang", "fr"]);
    // Only the title and the first paragraph.
    let path = site.root().join("po/fr/rights/asylum.po");
    let mut c = catalog::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for e in &mut c.entries {
        if e.ctxt.as_deref() == Some("title") {
            e.translation = "Demander l'asile".into();
        }
        if e.id.starts_with("Puedes pedir asilo") {
            e.translation = "Vous pouvez demander l'asile à tout moment. C'est **gratuit**.".into();
        }
    }
    std::fs::write(&path, catalog::write(&c)).unwrap();
    let out = site.run(&["po", "import", "--lang", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("skipped po/fr/rights/asylum.po: 18 of 20 entries untranslated, 0 fuzzy"),
        "{}",
        stderr(&out)
    );
    assert!(!site.root().join("content/rights/asylum.fr.md").exists());
    let out = site.run(&["po", "import", "--lang", "fr", "--partial"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(site.root().join("content/rights/asylum.fr.md")).unwrap();
    assert!(page.contains("Vous pouvez demander l'asile"), "{page}");
    assert!(
        page.contains(
            "## <span lang=\"es\" dir=\"ltr\" class=\"untranslated\">Los pasos</span> {#steps}"
        ),
        "{page}"
    );
    let out = site.build();
    assert!(
        !stderr(&out).contains("warning"),
        "no sanitiser warning: {}",
        stderr(&out)
    );
    let doc = site.html("fr/rights/asylum/index.html");
    assert_eq!(text(&doc, "h1"), "Demander l'asile");
    assert!(
        doc.select(&sel("h2#steps span[lang=es].untranslated"))
            .next()
            .is_some()
    );
    assert!(
        text(&doc, ".notice")
            .contains("Certaines parties de cette page ne sont pas encore traduites"),
        "{}",
        text(&doc, ".notice")
    );
    let s: serde_json::Value = serde_json::from_str(&run_ok(
        &site,
        &["status", "--format", "json", "--lang", "fr"],
    ))
    .unwrap();
    let fr = &s["languages"][0];
    assert_eq!(fr["partial"], 1, "{s:#}");
    let t = fr["todo"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == "content/rights/asylum.fr.md")
        .unwrap();
    assert_eq!(t["state"], "partial");
    assert!(t["blocks"].as_u64().unwrap() >= 10, "{t:#}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn translations_made_before_po_files_bootstrap_and_git_history_gives_the_changes() {
    if find_program(&["git"]).is_none() {
        missing(&["git"], "git").map(|_| ()).unwrap_or_default();
        return;
    }
    let site = Site::fixture("po");
    // A hand-made English translation, with the source's hash.
    let src_path = site.root().join("content/rights/detention.md");
    let src = std::fs::read_to_string(&src_path).unwrap();
    let body = &src[src.match_indices("---\n").nth(1).unwrap().0 + 4..];
    let hash = senda::source_hash(body);
    site.write(
        "content/rights/detention.en.md",
        &format!(
            "---\ntitle: \"If you are detained\"\ndescription: \"Your rights if you are detained.\"\nweight: 20\nreview_by: 2027-06-30\nsource_hash: \"{hash}\"\n---\nEven so, you have rights.\n\n## COMAR {{#comar}}\n\nCOMAR handles asylum claims. Read [how to ask for asylum](@/rights/asylum.md#steps).\n"
        ),
    );
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-q", "-m", "start"]);
    // Export pairs the blocks: everything translated, nothing fuzzy (same structure).
    run_ok(&site, &["po", "export", "--lang", "en"]);
    let c = catalog::parse(&po(&site, "en/rights/detention.po")).unwrap();
    assert!(c.entries.iter().all(|e| e.done()), "{:#?}", c.entries);
    assert_eq!(entry(&c, "La COMAR {#comar}").translation, "COMAR {#comar}");
    std::fs::remove_dir_all(site.root().join("po")).unwrap();

    // The source changes, and is committed: without a PO file, git history tells what changed.
    std::fs::write(
        &src_path,
        src.replace(
            "Aun así, tienes derechos.",
            "Aun así, tienes todos tus derechos.",
        ),
    )
    .unwrap();
    git(site.root(), &["commit", "-q", "-am", "change"]);
    let s: serde_json::Value = serde_json::from_str(&run_ok(
        &site,
        &["status", "--format", "json", "--lang", "en"],
    ))
    .unwrap();
    let t = s["languages"][0]["todo"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == "content/rights/detention.en.md")
        .cloned()
        .unwrap();
    assert_eq!(t["state"], "outdated");
    assert_eq!(t["blocks"], 1, "{t:#}");
    assert!(
        t["changes_from"].as_str().unwrap().starts_with("git "),
        "{t:#}"
    );
    let diff = run_ok(
        &site,
        &[
            "status",
            "--diff",
            "content/rights/detention.md",
            "--lang",
            "en",
        ],
    );
    assert!(diff.contains("{+todos tus+}"), "{diff}");
    // And export: that block fuzzy with its old text, the others translated.
    run_ok(&site, &["po", "export", "--lang", "en"]);
    let c = catalog::parse(&po(&site, "en/rights/detention.po")).unwrap();
    let changed = entry(&c, "Aun así, tienes todos tus derechos.");
    assert!(changed.fuzzy);
    assert_eq!(
        changed.previous.as_deref(),
        Some("Aun así, tienes derechos.")
    );
    assert_eq!(changed.translation, "Even so, you have rights.");
    assert_eq!(c.entries.iter().filter(|e| !e.done()).count(), 1);

    // Out of git, status says it cannot tell.
    std::fs::remove_dir_all(site.root().join(".git")).unwrap();
    std::fs::remove_dir_all(site.root().join("po")).unwrap();
    let text = run_ok(&site, &["status", "--lang", "en"]);
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    assert!(
        text.contains("outdated  content/rights/detention.en.md\n"),
        "{text}"
    );
    assert!(
        text.split_whitespace().collect::<Vec<_>>().join(" ").contains("which blocks changed is not known for 1 outdated translation(s): the site is not in a git repository."),
        "{text}"
    );
}

#[test]
fn status_reports_what_it_can_when_files_are_broken() {
    let site = Site::fixture("po");
    run_ok(&site, &["po", "export", "--lang", "en"]);
    fill(&site, "en", pseudo);
    run_ok(&site, &["po", "import", "--lang", "en"]);
    // A misspelt key in a translation, and a broken home page source.
    let p = site.root().join("content/rights/detention.en.md");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replacen("title:", "titel:", 1)).unwrap();
    site.write("content/_index.md", "---\ntitle: [unclosed\n---\nHola.\n");
    let out = site.run(&["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("Translation status: 3 pages"), "{text}");
    assert!(text.contains("English (en)"), "{text}");
    assert!(
        text.contains("unreadable  content/rights/detention.en.md"),
        "{text}"
    );
    assert!(text.contains("Files that could not be read (2)"), "{text}");
    assert!(
        text.contains("--> content/rights/detention.en.md:2:1"),
        "{text}"
    );
    assert!(text.contains("--> content/_index.md:"), "{text}");
    let s: serde_json::Value =
        serde_json::from_slice(&site.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(s["languages"][0]["unreadable"], 1);
    assert_eq!(s["unreadable"].as_array().unwrap().len(), 2, "{s:#}");
    // --strict fails on it; no site at all fails too.
    assert_eq!(site.run(&["status", "--strict"]).status.code(), Some(1));
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_senda"))
        .args(["status", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no site"), "{}", stderr(&out));
}

#[test]
fn long_sentences_get_a_readability_warning_with_their_lines() {
    let site = Site::fixture("po");
    site.write(
        "content/rights/long.md",
        "---\ntitle: Largo\nreview_by: 2027-06-30\n---\nEsta es una frase corta. Otra frase corta.\n\nCuando llegues a la oficina de migración tendrás que presentar todos los documentos que te pidan las autoridades, aunque no entiendas para qué sirven ni quién los va a revisar después.\n\nEs breve.\n\nSi no tienes los papeles que te piden en la oficina, puedes pedir que te expliquen con calma qué otros documentos sirven y dónde los puedes conseguir gratis.\n\nLa ley dice que tienes derecho a un intérprete y a que te expliquen cada paso del trámite en un idioma que entiendas bien, sin pagar nada a nadie.\n\nTermina aquí.\n",
    );
    let out = site.run(&["check", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let w: Vec<&serde_json::Value> = list.iter().filter(|d| d["code"] == "readability").collect();
    assert_eq!(w.len(), 1, "{list:#?}");
    let d = w[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/rights/long.md");
    assert_eq!(d["line"], 7, "the longest sentence");
    let message = d["message"].as_str().unwrap();
    // 3 of its 7 sentences are long; 14.6 words per sentence and INFLESZ 61 pass the defaults.
    assert_eq!(
        message,
        "hard to read: 43 % of its sentences have more than 20 words (at most 20 %)"
    );
    let help = d["help"].as_str().unwrap();
    let lines: Vec<&str> = help
        .lines()
        .filter(|l| l.trim().starts_with("line "))
        .collect();
    assert_eq!(lines.len(), 3, "{help}");
    assert!(lines[0].contains("line 7 (31 words)"), "{help}");
    assert!(
        lines[1].contains("line 11 (") || lines[1].contains("line 13 ("),
        "{help}"
    );
    // The thresholds come from site.yaml.
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}readability: {{ words_per_sentence: 12, min_score: {{ es: 90 }} }}\n"),
    );
    let out = site.run(&["check", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let w: Vec<&serde_json::Value> = list
        .iter()
        .filter(|d| d["code"] == "readability" && d["file"] == "content/rights/long.md")
        .collect();
    assert_eq!(w.len(), 1, "{list:#?}");
    let message = w[0]["message"].as_str().unwrap();
    assert!(
        message.contains("words per sentence on average (at most 12)"),
        "{message}"
    );
    assert!(message.contains("INFLESZ"), "{message}");
    assert!(message.contains("(at least 90)"), "{message}");
    site.write(
        "site.yaml",
        &format!("{config}readability: {{ words_per_sentence: 40, long_sentences_percent: 100, min_score: {{ es: 0 }} }}\n"),
    );
    let out = site.run(&["check", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !list.iter().any(|d| d["code"] == "readability"),
        "{list:#?}"
    );
    site.write(
        "site.yaml",
        &format!("{config}readability: {{ min_score: {{ de: 50 }} }}\n"),
    );
    let out = site.run(&["check"]);
    assert!(
        stderr(&out).contains("error[bad-readability]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_bundled_hub_passes_readability_with_the_defaults() {
    let site = Site::bundled();
    let out = site.run(&["check", "--format", "json", "--readability"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let warned: Vec<String> = list
        .iter()
        .filter(|d| d["code"] == "readability")
        .map(|d| format!("{}: {}", d["file"], d["message"]))
        .collect();
    assert!(warned.is_empty(), "{}", warned.join("\n"));
}

#[test]
fn the_bundled_hub_exports_valid_po_files_and_exports_again_byte_for_byte() {
    let site = Site::bundled();
    let out = site.run(&["po", "export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stderr(&out);
    assert!(!report.contains("error"), "{report}");
    // Every language's files, made from the translations the hub already has.
    for lang in ["en", "fr", "ht", "ar", "pt"] {
        assert!(
            report.contains(&format!("  {lang:<6} 58 PO file(s) (58 changed, ")),
            "{report}"
        );
    }
    let first = snapshot(&site.root().join("po"));
    assert_eq!(
        first.len(),
        58 * 6,
        "58 templates and 58 PO files per language"
    );
    if let Some((msgfmt, _)) = gettext_tools() {
        // The PO files (the templates keep gettext's placeholders in their header, as POT
        // files do, which msgfmt --check mentions).
        for (name, _) in first.iter().filter(|(n, _)| n.ends_with(".po")) {
            assert_msgfmt(&msgfmt, &site.root().join("po").join(name));
        }
    }
    let out = site.run(&["po", "export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("58 template(s) (0 changed)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&site.root().join("po")), first, "byte for byte");
}
