//! Fluent UI strings: any `.ftl` text for the default language (English; Arabic, with its six
//! plural categories, has no file and falls back to it) must load, and every message it
//! defines must format (or fail with an error) without a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use senda::{Arg, Config, Diagnostics, I18n};

const SITE_YAML: &str = "\
title: Fuzz hub
base_url: https://fuzz.example.org
default_language: en
languages:
  - { code: en, name: English }
  - { code: ar, name: العربية }
theme: default
";

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let mut diags = Diagnostics::new();
        let config = senda::parse_config(SITE_YAML, &mut diags);
        assert!(
            !diags.has_errors(),
            "the fixed site.yaml is invalid: {diags:?}"
        );
        config.expect("the fixed site.yaml is invalid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = config();
    let mut diags = Diagnostics::new();
    let i18n = I18n::from_sources(
        config,
        vec![
            vec![("locales/en/main.ftl".into(), text.to_string())],
            vec![],
        ],
        &mut diags,
    );
    let args = [("count".to_string(), Arg::Int(3))];
    let (en, ar) = (config.default_language, config.language_index("ar").expect("ar"));
    let ids: Vec<String> = i18n.messages[en].keys().cloned().collect();
    for id in &ids {
        let _ = i18n.format(en, id, &args);
        // The same id for an Arabic reader: the fallback chain to English.
        let _ = i18n.format(ar, id, &args);
    }
});
