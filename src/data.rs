//! `data/*.yaml`: structured files editors keep beside the pages (emergency numbers, the
//! services directory). Each is read once, strictly, into a JSON-like value that templates get
//! through `load_data(path=...)`; files with a known schema are validated by their own module.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diag::{Diagnostics, Location};
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

pub fn load(root: &Path, diags: &mut Diagnostics) -> Data {
    let dir = root.join(DATA_DIR);
    let mut data = Data::default();
    if !dir.is_dir() {
        return data;
    }
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let key = crate::diag::display_path(path.strip_prefix(&dir).unwrap_or(path));
        let text = match crate::content::read_text(path, MAX_DATA_BYTES) {
            Ok(t) => t,
            Err(e) => {
                diags.error(&e, Location::file(&rel));
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
