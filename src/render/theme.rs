//! The theme: its Tera templates read once at load (through `SiteFiles`), what they tell the
//! rest of senda before anything renders (the ids they use, which no heading may take; the UI
//! strings they refer to, for `check`), their compilation with senda's functions, and Tera's
//! errors turned into diagnostics that point into the template.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use super::RenderError;
use super::context::Shared;
use crate::config::Config;
use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fs::SiteFiles;

pub const TEMPLATES_DIR: &str = "templates";
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The pages every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "chooser.html",
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
    "404.html",
];

/// Templates that make senda's own pages; a content page cannot use one of them (it would
/// be published without its text, or break the template).
const NOT_PAGE_TEMPLATES: &[&str] = &[
    "base.html",
    "chooser.html",
    "404.html",
    "offline.html",
    "search.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
];

/// Ids a theme may use without writing them literally (the skip link's target, landmarks,
/// the preview's error overlay): no heading takes them either.
const ALWAYS_RESERVED: &[&str] = &[
    "top",
    "content",
    "nav",
    "search",
    "footer",
    "header",
    "toc",
    "languages",
    "skip",
    "senda-overlay",
];

/// A theme, read.
#[derive(Debug, Clone)]
pub struct Theme {
    /// `themes/NAME`, relative to the site.
    pub dir: PathBuf,
    /// (name inside templates/, text), sorted by name.
    pub sources: Vec<(String, String)>,
    /// Every id the templates write literally, and `ALWAYS_RESERVED`.
    pub reserved_ids: Vec<String>,
}

impl Theme {
    /// Reads `themes/NAME/templates`. `None` (with a diagnostic) if the theme has none.
    pub fn read(files: &SiteFiles, config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
        let dir = Path::new("themes").join(&config.theme);
        let templates = dir.join(TEMPLATES_DIR);
        if !files.is_dir(&templates) {
            diags.error(
                &RenderError::NoTheme(config.theme.clone()),
                Location::file(&templates),
            );
            return None;
        }
        let walked = files.walk(&templates);
        for (path, problem) in &walked.problems {
            diags.error(problem, problem.location(path));
        }
        let mut sources = Vec::new();
        for rel in walked.files {
            let name = crate::diag::display_path(rel.strip_prefix(&templates).unwrap_or(&rel));
            match files.read_text(&rel, MAX_TEMPLATE_BYTES) {
                Ok(text) => sources.push((name, text)),
                Err(e) => diags.error(&e, e.location(&rel)),
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.iter().any(|(n, _)| n == required) {
                diags.error(
                    &RenderError::MissingTemplate((*required).to_string()),
                    Location::file(&templates),
                );
            }
        }
        let reserved_ids = reserved_ids(&sources);
        Some(Theme {
            dir,
            sources,
            reserved_ids,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }

    fn source(&self, name: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }

    /// Checks every page's `template:`: it must exist and be a page template.
    pub fn check_page_templates(&self, site: &Site, diags: &mut Diagnostics) {
        for page in &site.pages {
            for v in page.versions.iter().flatten() {
                let Some(t) = &v.front.template else { continue };
                let t = t.trim();
                let problem = if !self.has(t) {
                    Some(RenderError::UnknownTemplate(t.to_string()))
                } else if NOT_PAGE_TEMPLATES.contains(&t) || t.starts_with("partials/") {
                    Some(RenderError::NotAPageTemplate(t.to_string()))
                } else {
                    None
                };
                if let Some(p) = problem {
                    diags.error(&p, v.key_location("template"));
                }
            }
        }
    }

    /// Compiles the templates, with senda's functions registered first.
    pub(super) fn compile(&self, shared: &Arc<Shared>, diags: &mut Diagnostics) -> Option<Tera> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".htm"]);
        tera.set_escape_fn(crate::html::tera_escape);
        super::functions::register(&mut tera, shared);
        if let Err(e) = tera.add_raw_templates(self.sources.clone()) {
            diags.push(self.diagnostic(&e));
            return None;
        }
        Some(tera)
    }

    /// A Tera error as a diagnostic pointing into the template.
    pub(super) fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let (name, line, col, message) = describe(e);
        let templates = self.dir.join(TEMPLATES_DIR);
        let at = match (&name, line) {
            (Some(n), Some(line)) => match self.source(n) {
                Some(src) => Location::at(templates.join(n), src, line, col.unwrap_or(1)),
                None => {
                    let mut at = Location::file(templates.join(n));
                    at.line = Some(line);
                    at.column = col;
                    at
                }
            },
            (Some(n), None) => Location::file(templates.join(n)),
            (None, _) => Location::file(templates),
        };
        Diagnostic::error(&RenderError::Template(message), at)
    }

    /// The UI strings templates refer to: keys written in full (`t(key="home")`), and
    /// prefixes of keys built from data (`t(key="tag-" ~ tag)` → `tag-`), with the ones senda
    /// itself uses (`month-`, `date-long`, `qr-`, ...). `check` counts keys matching either as
    /// used, whether or not this edition rendered them.
    pub fn key_refs(&self) -> (Vec<String>, Vec<String>) {
        let mut literals = Vec::new();
        let mut prefixes = vec![
            "month-".to_string(),
            "date-long".to_string(),
            "qr-".to_string(),
            "site-short-name".to_string(),
            // Written by the media stage: image and audio labels.
            "media-".to_string(),
        ];
        for (_, text) in &self.sources {
            let mut rest = text.as_str();
            while let Some(i) = rest.find("key=") {
                rest = &rest[i + 4..];
                let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                let Some(end) = rest[1..].find(quote) else {
                    break;
                };
                let literal = &rest[1..1 + end];
                let after = rest[1 + end + 1..].trim_start();
                if after.starts_with('~') && !literal.is_empty() {
                    prefixes.push(literal.to_string());
                } else if !literal.is_empty() {
                    literals.push(literal.to_string());
                }
            }
        }
        prefixes.sort();
        prefixes.dedup();
        literals.sort();
        literals.dedup();
        (literals, prefixes)
    }
}

/// (template, line, column, message) of a Tera error, with the causes a function gave.
fn describe(e: &tera::Error) -> (Option<String>, Option<usize>, Option<usize>, String) {
    use std::error::Error as _;
    let (name, line, col, mut message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            (
                Some(r.filename().to_string()),
                Some(span.start_line),
                Some(span.start_col + 1),
                r.message().to_string(),
            )
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain } => (
            Some(tpl.clone()),
            None,
            None,
            format!(
                "templates include each other in a circle: {}",
                include_chain.join(" → ")
            ),
        ),
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => (
            Some(tpl.clone()),
            None,
            None,
            format!(
                "templates extend each other in a circle: {}",
                inheritance_chain.join(" → ")
            ),
        ),
        other => (None, None, None, other.to_string()),
    };
    // A function's own error (a missing UI string, say) is the interesting part.
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = s.source();
    }
    (name, line, col, message)
}

/// The ids templates write as `id="..."` (not the ones made from values), and the ids every
/// theme may use.
fn reserved_ids(sources: &[(String, String)]) -> Vec<String> {
    let mut ids: Vec<String> = ALWAYS_RESERVED.iter().map(|s| s.to_string()).collect();
    for (_, text) in sources {
        let mut rest = text.as_str();
        while let Some(i) = rest.find(" id=\"") {
            rest = &rest[i + 5..];
            let Some(end) = rest.find('"') else { break };
            let id = &rest[..end];
            if !id.is_empty() && !id.contains(['{', '%', '}']) {
                ids.push(id.to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}
