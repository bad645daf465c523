//! The shape of `site.yaml` as written: the serde types it is read into and the schema of its
//! keys (what each expects, for the parser's messages), before any check.

use serde::Deserialize;

use super::{DirectoryConfig, QuickExit};
use crate::lang::Dir;
use crate::yaml::Schema;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) title: String,
    pub(super) base_url: String,
    pub(super) default_language: String,
    pub(super) languages: Vec<RawLanguage>,
    #[serde(default)]
    pub(super) theme: Option<String>,
    #[serde(default)]
    pub(super) kiosk: Option<RawKiosk>,
    #[serde(default)]
    pub(super) allow_raw_html: Option<bool>,
    #[serde(default)]
    pub(super) directory: Option<DirectoryConfig>,
    #[serde(default)]
    pub(super) budget_kb: Option<f64>,
    #[serde(default)]
    pub(super) quick_exit: Option<QuickExit>,
    #[serde(default)]
    pub(super) zim: Option<RawZim>,
    #[serde(default)]
    pub(super) cms: Option<crate::cms::CmsSettings>,
    #[serde(default)]
    pub(super) readability: Option<RawReadability>,
    #[serde(default)]
    pub(super) images: Option<crate::media::RawImages>,
    #[serde(default)]
    pub(super) audio: Option<crate::media::RawAudio>,
    #[serde(default)]
    pub(super) extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub(super) code: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) fallback: Option<Vec<String>>,
    #[serde(default)]
    pub(super) dir: Option<Dir>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKiosk {
    #[serde(default)]
    pub(super) idle_seconds: Option<u32>,
    #[serde(default)]
    pub(super) warning_seconds: Option<u32>,
}

pub(super) const SCHEMA: Schema = Schema {
    keys: &[
        ("title", "text"),
        (
            "base_url",
            "an absolute address like https://info.example.org",
        ),
        ("default_language", "a language code like es"),
        ("languages", "a list of languages, each { code, name }"),
        ("theme", "the name of a folder in themes/"),
        ("kiosk", "a map like { idle_seconds: 90 }"),
        ("idle_seconds", "a whole number of seconds"),
        ("warning_seconds", "a whole number of seconds, at least 20"),
        ("allow_raw_html", "true or false"),
        ("extra", "a map of free-form values"),
        (
            "directory",
            "a map like { data: services.yaml, section: directory }",
        ),
        ("data", "a file name inside data/, like services.yaml"),
        (
            "section",
            "a section folder inside content/, like directory",
        ),
        ("code", "a language code like es or fr-CA"),
        (
            "name",
            "text: a language's name in its own script, or the ZIM files' name like hub",
        ),
        (
            "zim",
            "a map like { name: hub, creator: ..., publisher: ... }",
        ),
        ("creator", "text: who made the content"),
        ("publisher", "text: who made the ZIM file"),
        (
            "fallback",
            "a list of language codes, ending with the default language",
        ),
        ("dir", "ltr or rtl"),
        (
            "cms",
            "a map like { backend: gitea, repo: ngo/hub, forge_url: https://git.example.org, app_id: ... }",
        ),
        ("backend", "git-gateway, github, gitlab, gitea or forgejo"),
        ("repo", "owner/name of the repository on the forge"),
        ("branch", "a branch name like main"),
        (
            "forge_url",
            "the forge's address, like https://git.example.org",
        ),
        ("app_id", "the OAuth application's client id"),
        (
            "auth_url",
            "the OAuth server's address, like https://auth.example.org",
        ),
        ("editorial_workflow", "true or false"),
        (
            "readability",
            "a map like { words_per_sentence: 15, long_sentences_percent: 10 }",
        ),
        ("enabled", "true or false"),
        (
            "words_per_sentence",
            "a number: the most words per sentence, on average",
        ),
        (
            "long_sentence_words",
            "a whole number: a sentence with more words is long",
        ),
        (
            "long_sentences_percent",
            "a number: the most long sentences, in percent",
        ),
        ("min_words", "a whole number of words"),
        (
            "min_score",
            "a map of language codes to the least score, like { es: 55, en: 60, fr: 60 }",
        ),
        (
            "images",
            "a map like { tap_to_load_kb: 20, widths: [360, 720, 1080], quality: 75 }",
        ),
        (
            "tap_to_load_kb",
            "a number of kilobytes: larger images wait for a tap",
        ),
        (
            "widths",
            "a list of widths in pixels, like [360, 720, 1080]",
        ),
        ("quality", "a whole number from 1 to 100"),
        ("audio", "a map like { synthesize: [ht] }"),
        (
            "synthesize",
            "a list of the site's language codes, like [ht]",
        ),
    ],
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReadability {
    #[serde(default)]
    pub(super) enabled: Option<bool>,
    #[serde(default)]
    pub(super) words_per_sentence: Option<f64>,
    #[serde(default)]
    pub(super) long_sentence_words: Option<usize>,
    #[serde(default)]
    pub(super) long_sentences_percent: Option<f64>,
    #[serde(default)]
    pub(super) min_words: Option<usize>,
    #[serde(default)]
    pub(super) min_score: Option<std::collections::BTreeMap<String, f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawZim {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) creator: Option<String>,
    #[serde(default)]
    pub(super) publisher: Option<String>,
}
