//! Languages as the pipeline sees them: `Lang` (a language's index in site.yaml's order,
//! never a bare `usize`), `PerLang` (one value per language, indexed by `Lang`), and the text
//! direction a language tag implies.

use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// One of the site's languages: its place in `Config::languages` (the language chooser's
/// order). Values of this type only come from the config, so they always name a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Lang(pub(crate) usize);

impl Lang {
    /// The position in `Config::languages`.
    pub fn index(self) -> usize {
        self.0
    }
}

/// One value per language of the site, indexed by `Lang`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PerLang<T>(Vec<T>);

impl<T> PerLang<T> {
    /// From one value per language, in the config's order.
    pub fn from_vec(values: Vec<T>) -> Self {
        PerLang(values)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.0.iter_mut()
    }

    /// (language, value) pairs.
    pub fn enumerate(&self) -> impl Iterator<Item = (Lang, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (Lang(i), v))
    }

    pub fn get(&self, lang: Lang) -> Option<&T> {
        self.0.get(lang.0)
    }
}

impl<T> std::ops::Index<Lang> for PerLang<T> {
    type Output = T;
    fn index(&self, lang: Lang) -> &T {
        &self.0[lang.0]
    }
}

impl<T> std::ops::IndexMut<Lang> for PerLang<T> {
    fn index_mut(&mut self, lang: Lang) -> &mut T {
        &mut self.0[lang.0]
    }
}

impl<T> FromIterator<T> for PerLang<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerLang(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for PerLang<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a PerLang<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Languages written right to left (ISO 639 codes), used when `dir` is not given.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "lrc", "mzn", "nqo", "pnb", "prs",
    "ps", "sd", "syr", "ug", "ur", "yi",
];
const RTL_SCRIPTS: &[&str] = &["Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"];

/// The direction a language is written in, from its tag.
pub fn direction_of(id: &LanguageIdentifier) -> Dir {
    if let Some(script) = id.script {
        return if RTL_SCRIPTS.contains(&script.as_str()) {
            Dir::Rtl
        } else {
            Dir::Ltr
        };
    }
    if RTL_LANGUAGES.contains(&id.language.as_str()) {
        Dir::Rtl
    } else {
        Dir::Ltr
    }
}
