//! A whole build of a one-page site whose page is the fuzz input: front matter, Markdown, `@/`
//! link resolution (the home page links to the page), templates, search index, feeds, output.
//! Any result is fine (the input is usually not a valid page); a panic is a crash.
//!
//! The site (site.yaml, home page, Spanish UI strings, the default theme) is written once per
//! process into a temporary folder `senda-fuzz-site-PID-*`; each execution rewrites only
//! `content/page.md` and builds into `public/` there. Folders left by earlier processes that are
//! no longer running are removed at start-up.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const SITE_YAML: &str = "\
title: Fuzz hub
base_url: https://fuzz.example.org
default_language: es
languages:
  - { code: es, name: Español }
theme: default
";

const HOME: &str = "\
---
title: Inicio
description: La página de inicio.
---
Bienvenida. Lee [x](@/page.md).
";

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    page: PathBuf,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder of the fixture");
    for entry in std::fs::read_dir(from).expect("read the theme") {
        let entry = entry.expect("read the theme");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("read the theme").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy the theme");
        }
    }
}

/// Removes `senda-fuzz-site-PID-*` folders whose process is gone (tmin and crash reruns start
/// many short-lived processes).
fn remove_stale(tmp: &Path) {
    let Ok(rd) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("senda-fuzz-site-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // One rendering thread: the fuzzer runs with one worker on a shared machine.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
        let tmp = std::env::temp_dir();
        remove_stale(&tmp);
        let dir = tempfile::Builder::new()
            .prefix(&format!("senda-fuzz-site-{}-", std::process::id()))
            .tempdir()
            .expect("create the site folder");
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("site.yaml"), SITE_YAML).expect("write site.yaml");
        std::fs::create_dir_all(root.join("content")).expect("create content/");
        std::fs::write(root.join("content/_index.md"), HOME).expect("write the home page");
        std::fs::create_dir_all(root.join("locales/es")).expect("create locales/es/");
        std::fs::copy(
            repo().join("locales/es/main.ftl"),
            root.join("locales/es/main.ftl"),
        )
        .expect("copy locales/es/main.ftl");
        copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
        let page = root.join("content/page.md");
        Fixture {
            _dir: dir,
            root,
            page,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    std::fs::write(&f.page, data).expect("write content/page.md");
    let _ = senda::build(&senda::BuildOptions::new(&f.root));
});
