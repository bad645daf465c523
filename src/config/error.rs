//! The errors of `site.yaml`, with their codes and help.

use crate::diag::Coded;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("site.yaml is missing from {0}")]
    Missing(String),
    #[error("`{0}` is not a valid language code (BCP 47, like `es`, `fr-CA` or `prs`)")]
    BadCode(String),
    #[error("the language `{0}` is listed twice")]
    DuplicateLanguage(String),
    #[error("the default language `{0}` is not in `languages`")]
    UnknownDefault(String),
    #[error("the fallback `{fallback}` of `{lang}` is not one of the site's languages")]
    UnknownFallback { lang: String, fallback: String },
    #[error("the fallback chain of `{0}` comes back to `{0}` itself")]
    CircularFallback(String),
    #[error("the fallback chain of `{lang}` must end with the default language `{default}`")]
    FallbackNotEndingInDefault { lang: String, default: String },
    #[error("the default language `{0}` cannot have a fallback")]
    DefaultWithFallback(String),
    #[error("`{0}` is listed twice in a fallback chain")]
    RepeatedFallback(String),
    #[error(
        "base_url must be an absolute http(s) address with no spaces, quotes, user name or password, not `{0}`"
    )]
    BadBaseUrl(String),
    #[error("quick_exit.url must be an absolute http(s) address, not `{0}`")]
    BadExitUrl(String),
    #[error("`languages` is empty: list at least the default language")]
    NoLanguages,
    #[error("the theme name `{0}` must be a plain folder name")]
    BadTheme(String),
    #[error("kiosk.idle_seconds must be at least 10 (it is {0})")]
    IdleTooShort(u32),
    #[error("kiosk.warning_seconds must be at least 20 (WCAG 2.2.1; it is {0})")]
    WarningTooShort(u32),
    #[error("budget_kb must be a positive number of kilobytes (it is {0})")]
    BadBudget(f64),
    #[error("zim.{0} {1}")]
    BadZim(&'static str, &'static str),
    #[error("readability.{0} {1}")]
    BadReadability(String, String),
}

impl Coded for ConfigError {
    fn code(&self) -> &'static str {
        match self {
            ConfigError::Missing(_) => "config-missing",
            ConfigError::BadCode(_) => "bad-language-code",
            ConfigError::DuplicateLanguage(_) => "duplicate-language",
            ConfigError::UnknownDefault(_)
            | ConfigError::UnknownFallback { .. }
            | ConfigError::CircularFallback(_)
            | ConfigError::FallbackNotEndingInDefault { .. }
            | ConfigError::DefaultWithFallback(_)
            | ConfigError::RepeatedFallback(_) => "bad-fallback",
            ConfigError::BadBaseUrl(_) | ConfigError::BadExitUrl(_) => "bad-base-url",
            ConfigError::NoLanguages => "no-languages",
            ConfigError::BadTheme(_) => "bad-theme",
            ConfigError::IdleTooShort(_) | ConfigError::WarningTooShort(_) => "bad-kiosk",
            ConfigError::BadBudget(_) => "bad-budget",
            ConfigError::BadZim(..) => "bad-zim",
            ConfigError::BadReadability(..) => "bad-readability",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            ConfigError::FallbackNotEndingInDefault { default, .. } => {
                Some(format!("add `{default}` at the end of the list"))
            }
            ConfigError::DefaultWithFallback(_) => Some("remove its `fallback`".into()),
            _ => None,
        }
    }
}
