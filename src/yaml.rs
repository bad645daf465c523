//! YAML reading for every file an editor writes (site.yaml, front matter, data files): one
//! strict setup of serde-saphyr (no duplicate keys, only `true`/`false` as booleans, budgets
//! against alias bombs and huge documents), and its errors turned into plain-language messages
//! with a line, a column and a "did you mean" for misspelt keys.

use serde::de::DeserializeOwned;

use crate::diag::{self, Coded};

/// A YAML problem at a 1-based line and column of the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
    pub help: Option<String>,
}

impl Coded for YamlError {
    fn code(&self) -> &'static str {
        self.code
    }
    fn help(&self) -> Option<String> {
        self.help.clone()
    }
}

/// What a file's keys may be, so errors can name the expected type and suggest a key.
pub struct Schema<'a> {
    /// Every key allowed at any level, with a human description of its expected value.
    pub keys: &'a [(&'a str, &'a str)],
}

impl Schema<'_> {
    fn names(&self) -> Vec<&str> {
        self.keys.iter().map(|(k, _)| *k).collect()
    }
    fn expected(&self, key: &str) -> Option<&str> {
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
    }
}

/// The largest YAML text senda reads; front matter and config are far smaller.
const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(MAX_YAML_BYTES);
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_nodes = 100_000;
    budget.max_total_scalar_bytes = MAX_YAML_BYTES;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o.with_snippet = false;
    o.strict_booleans = true;
    o
}

/// Parses `text` into `T`. `schema` is used only to explain errors.
pub fn parse<T: DeserializeOwned>(text: &str, schema: &Schema) -> Result<T, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!(
                "this YAML is too large ({} bytes; the limit is {MAX_YAML_BYTES})",
                text.len()
            ),
            line: 1,
            column: 1,
            code: "yaml-too-large",
            help: None,
        });
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| explain(&e, text, schema))
}

fn explain(e: &serde_saphyr::Error, text: &str, schema: &Schema) -> YamlError {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let raw = e.to_string();
    // serde-saphyr appends " at line L, column C"; we show the location ourselves.
    let raw = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let key_here = key_on_line(text, line);

    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let help = diag::suggest(&key, &schema.names())
            .map(|k| format!("did you mean `{k}`?"))
            .or_else(|| Some(format!("the keys allowed here are: {}", allowed_list(&raw))));
        return YamlError {
            message: format!("unknown key `{key}`"),
            line,
            column,
            code: "unknown-key",
            help,
        };
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let what = schema.expected(key).unwrap_or("a value");
        return YamlError {
            message: format!("the key `{key}` is required ({what})"),
            line,
            column,
            code: "missing-key",
            help: None,
        };
    }
    if raw.starts_with("duplicate mapping key") {
        let key = raw
            .split(':')
            .nth(1)
            .and_then(|s| s.split(',').next())
            .unwrap_or("")
            .trim();
        return YamlError {
            message: format!("the key `{key}` is written twice"),
            line,
            column,
            code: "duplicate-key",
            help: Some("keep only one of them".into()),
        };
    }
    if raw.contains("found a tab") || raw.contains("tab") && raw.contains("indent") {
        return YamlError {
            message: "a tab is used for indentation; YAML needs spaces".into(),
            line,
            column,
            code: "yaml-syntax",
            help: Some("replace the tab with spaces".into()),
        };
    }
    if raw.contains("budget") || raw.contains("limit") && raw.contains("alias") {
        return YamlError {
            message: format!(
                "this YAML is too large or too deeply repeated to read safely ({raw})"
            ),
            line,
            column,
            code: "yaml-too-large",
            help: Some("anchors and aliases (`&name`, `*name`) are limited".into()),
        };
    }
    if raw.contains("unexpected character") {
        return YamlError {
            message: format!("this line has a character YAML does not allow ({raw})"),
            line,
            column,
            code: "yaml-syntax",
            help: Some(
                "remove it, or write it as an escape like \\u00e9 inside double quotes".into(),
            ),
        };
    }
    // `title:` with nothing after it is YAML's null.
    if raw.contains("null")
        && let Some(key) = key_here.as_deref()
        && schema.expected(key).is_some()
    {
        return YamlError {
            message: format!("`{key}` must not be empty"),
            line,
            column,
            code: "empty-value",
            help: Some(format!(
                "write {} after `{key}:`, or remove the line",
                schema.expected(key).unwrap_or("a value")
            )),
        };
    }
    let type_problem = raw.starts_with("invalid")
        || raw.starts_with("expected")
        || raw.starts_with("unexpected")
        || raw.starts_with("invalid type");
    if type_problem
        && let Some(key) = key_here.as_deref()
        && let Some(what) = schema.expected(key)
    {
        return YamlError {
            message: format!("`{key}` must be {what}"),
            line,
            column,
            code: "wrong-type",
            help: Some(format!("the YAML reader said: {raw}")),
        };
    }
    YamlError {
        message: format!("the YAML cannot be read: {raw}"),
        line,
        column,
        code: "yaml-syntax",
        help: None,
    }
}

/// `expected one of a, b, c` from serde's unknown-field message.
fn allowed_list(raw: &str) -> String {
    raw.split("expected one of ")
        .nth(1)
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The mapping key written on a line (`  weight: abc` → `weight`; `- tags: x` → `tags`).
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let l = l.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = l.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        weight: Option<i64>,
    }

    const S: Schema = Schema {
        keys: &[("title", "text"), ("weight", "a whole number, like 10")],
    };

    #[test]
    fn unknown_key_suggests() {
        let e = parse::<T>("title: x\ntitel: y\n", &S).unwrap_err();
        assert_eq!((e.code, e.line, e.column), ("unknown-key", 2, 1));
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_names_key_and_type() {
        let e = parse::<T>("title: x\nweight: abc\n", &S).unwrap_err();
        assert_eq!(e.code, "wrong-type");
        assert_eq!(e.message, "`weight` must be a whole number, like 10");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn an_empty_key_says_so_in_plain_words() {
        let e = parse::<T>("title:\nweight: 3\n", &S).unwrap_err();
        assert_eq!((e.code, e.line), ("empty-value", 1));
        assert_eq!(e.message, "`title` must not be empty");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse::<T>("title: x\ntitle: y\n", &S).unwrap_err();
        assert_eq!(e.code, "duplicate-key");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, n) in ["b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let p = ["a", "b", "c", "d", "e", "f", "g"][i];
            y.push_str(&format!(
                "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        y.push_str("title: x\n");
        assert!(parse::<serde_json::Value>(&y, &S).is_err());
    }
}
