//! The command line (SPEC §1), as clap derive types: raw arguments only, no behaviour.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "senda",
    version,
    about = "Build multilingual migration information hubs from Markdown",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (all-or-nothing).
    Build(BuildArgs),
    /// Preview the site on this computer, rebuilding and reloading as files change.
    Serve(ServeArgs),
    /// Find every problem in the site without writing anything.
    Check(CheckArgs),
    /// Show how far each translation is, and what is left to do.
    Status(StatusArgs),
    /// Start a new page, or a translation of a page.
    New(NewArgs),
    /// Pages as gettext PO files, for translators' tools (Weblate, Pontoon, Poedit).
    #[command(subcommand)]
    Po(PoCommand),
}

#[derive(Debug, Subcommand)]
pub enum PoCommand {
    /// Write a POT template per page and a PO file per page and language, merging what is
    /// already translated (changed texts become fuzzy, with the previous text).
    Export(PoExportArgs),
    /// Write each language's translated pages (page.LANG.md) from its PO files.
    Import(PoImportArgs),
}

#[derive(Debug, Args)]
pub struct PoExportArgs {
    /// One language [default: every language but the default one].
    #[arg(long)]
    pub lang: Option<String>,
    /// Where the PO files go [default: ROOT/po].
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct PoImportArgs {
    /// One language [default: every language but the default one].
    #[arg(long)]
    pub lang: Option<String>,
    /// Where the PO files are [default: ROOT/po].
    #[arg(long = "from")]
    pub dir: Option<PathBuf>,
    /// Also write pages not fully translated: their untranslated blocks stay in the source
    /// language, marked as such.
    #[arg(long)]
    pub partial: bool,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (the one holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Replace base_url from site.yaml (for a preview or another host).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Also write gzip (`.gz`) and brotli (`.br`) copies beside every text file, for servers
    /// that serve them.
    #[arg(long)]
    pub precompress: bool,
    /// Build the kiosk edition for touch screens (default output: ROOT/public-kiosk).
    #[arg(long, conflicts_with = "zim")]
    pub kiosk: bool,
    /// Build one ZIM file per language for Kiwix readers and offline hotspots, with
    /// zimwriterfs from Debian's zim-tools (default output: ROOT/public-zim).
    #[arg(long, conflicts_with = "precompress")]
    pub zim: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on. Use 0.0.0.0 only on a network you trust.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Preview the kiosk edition.
    #[arg(long)]
    pub kiosk: bool,
    /// The port of the web editor's local backend (`decap-server`) that /admin/ talks to.
    #[arg(long, default_value_t = crate::cms::LOCAL_BACKEND_PORT)]
    pub cms_port: u16,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat pages past their review date as errors.
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also print each language's readability (words per sentence, long sentences, score).
    #[arg(long)]
    pub readability: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// Only this language.
    #[arg(long)]
    pub lang: Option<String>,
    /// Print what changed in PAGE's source since its --lang translation was made, word by word.
    #[arg(long, value_name = "PAGE", requires = "lang")]
    pub diff: Option<String>,
    /// Exit with 1 when a file could not be read.
    #[arg(long)]
    pub strict: bool,
    /// Where the PO files are [default: ROOT/po].
    #[arg(long)]
    pub po: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The page's file inside content/, e.g. rights/work.md.
    pub path: String,
    /// Create the translation of PATH into this language.
    #[arg(long)]
    pub lang: Option<String>,
    /// With --lang: record that the translation is up to date with its source.
    #[arg(long, requires = "lang")]
    pub refresh: bool,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Html,
}
