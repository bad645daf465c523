//! A whole site loaded and rendered in memory: no disk, no process, so a fuzzer runs it
//! thousands of times a second. The input is cut at 0xFF bytes into up to five parts:
//! 1. `content/page.md` (the home page links to it: `[x](@/page.md)`);
//! 2. `content/page.en.md`, its English translation;
//! 3. lines added to the Spanish UI strings (`locales/es/main.ftl`);
//! 4. `data/emergency.yaml`;
//! 5. `content/other/_index.md`, a section.
//! The first byte's lowest bit picks the phone or the kiosk edition. The theme and the UI strings
//! are read from the repository once. Any result is fine; a panic is a crash.
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use senda::SiteFiles;
use senda::{Edition, LoadOptions};

const SITE_YAML: &str = "\
title: Fuzz hub
base_url: https://fuzz.example.org/hub
default_language: es
languages:
  - { code: es, name: Español }
  - { code: en, name: English }
  - { code: ar, name: العربية, fallback: [en, es] }
theme: default
quick_exit: { url: \"https://www.google.com/\", safety: page.md }
";

const HOME: &str = "---\ntitle: Inicio\ndescription: La página de inicio.\n---\nLee [x](@/page.md).\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The fixed files: site.yaml, the home page, the theme, the UI strings.
fn base() -> &'static BTreeMap<PathBuf, Vec<u8>> {
    static BASE: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    BASE.get_or_init(|| {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("site.yaml"), SITE_YAML.as_bytes().to_vec());
        files.insert(PathBuf::from("content/_index.md"), HOME.as_bytes().to_vec());
        for dir in ["themes/default", "locales/es", "locales/en", "locales/ar"] {
            for entry in walkdir::WalkDir::new(repo().join(dir)) {
                let entry = entry.expect("read the repository");
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(repo()).expect("inside").to_path_buf();
                    files.insert(rel, std::fs::read(entry.path()).expect("read"));
                }
            }
        }
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let kiosk = data.first().is_some_and(|b| b & 1 == 1);
    let mut parts = data.split(|b| *b == 0xFF);
    let mut files = base().clone();
    for name in ["content/page.md", "content/page.en.md"] {
        if let Some(p) = parts.next() {
            files.insert(PathBuf::from(name), p.to_vec());
        }
    }
    if let Some(p) = parts.next() {
        let key = PathBuf::from("locales/es/main.ftl");
        let mut ftl = files.get(&key).cloned().unwrap_or_default();
        ftl.push(b'\n');
        ftl.extend_from_slice(p);
        files.insert(key, ftl);
    }
    for name in ["data/emergency.yaml", "content/other/_index.md"] {
        if let Some(p) = parts.next() {
            files.insert(PathBuf::from(name), p.to_vec());
        }
    }
    let opts = LoadOptions {
        base_url: None,
        drafts: false,
        edition: if kiosk { Edition::Kiosk } else { Edition::Web },
        today: senda::Date::parse("2026-12-01").unwrap_or_default(),
    };
    let mut diags = senda::Diagnostics::new();
    let _ = senda::render_site(SiteFiles::memory(files), &opts, true, &mut diags);
});
