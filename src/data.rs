//! `data/*.yaml`: structured files editors keep beside the pages (emergency numbers, the
//! services directory). Each is read once, strictly, into a JSON-like value that templates get
//! through `load_data(path=...)`; files with a known schema are validated by their own module.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::yaml::{self, Schema};

pub const DATA_DIR: &str = "data";
const MAX_DATA_BYTES: u64 = 4 * 1024 * 1024;

/// A data file: its text (for diagnostics) and its value.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub text: String,
    pub value: serde_json::Value,
}

/// Every data file, by path inside `data/` (`services.yaml`, `mx/services.yaml`).
#[derive(Debug, Default)]
pub struct Data {
    pub files: BTreeMap<String, DataFile>,
}

const ANY: Schema = Schema { keys: &[] };

impl Data {
    pub fn get(&self, path: &str) -> Option<&serde_json::Value> {
        self.files
            .get(path.trim_start_matches('/'))
            .map(|f| &f.value)
    }
}

pub fn load(files: &SiteFiles, diags: &mut Diagnostics) -> Data {
    let dir = Path::new(DATA_DIR);
    let mut data = Data::default();
    let walked = files.walk(dir);
    for (path, problem) in &walked.problems {
        diags.error(problem, problem.location(path));
    }
    for rel in walked.files {
        let is_yaml = rel.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml {
            continue;
        }
        let key = crate::diag::display_path(rel.strip_prefix(dir).unwrap_or(&rel));
        let text = match files.read_text(&rel, MAX_DATA_BYTES) {
            Ok(t) => t,
            Err(e) => {
                diags.error(&e, e.location(&rel));
                continue;
            }
        };
        match yaml::parse::<serde_json::Value>(&text, &ANY) {
            Ok(value) => {
                data.files.insert(key, DataFile { text, value });
            }
            Err(e) => diags.error(&e, Location::at(&rel, &text, e.line, e.column)),
        }
    }
    data
}
