//! One resolved options value per command, made from the command line's raw arguments
//! (`From<cli::…Args>`): defaults filled in (the output folder beside the site, the kiosk
//! edition's own folder), and today's date read once here, at the edge, so the library itself
//! never reads the clock.

use std::path::PathBuf;

use crate::cli;
use crate::date::Date;

/// Which edition of the site to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// The public site for phones: service worker, offline manifests, `_headers`.
    Web,
    /// For a touch screen running from local files: QR codes, no service worker.
    Kiosk,
    /// The pages of the Kiwix ZIM edition (`zim` packs them): no scripts, no service worker,
    /// one language per file.
    Zim,
}

/// What a load of the site needs, for every command.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub edition: Edition,
    /// Decides which review dates have passed and which directory entries are stale.
    pub today: Date,
}

/// `senda build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where the site goes; `root/public` (`root/public-kiosk` for the kiosk) by default.
    pub output: PathBuf,
    pub load: LoadOptions,
    /// Minify HTML (default on; off makes debugging templates easier).
    pub minify: bool,
    /// Write `.gz` copies of text files.
    pub precompress: bool,
}

impl BuildOptions {
    /// The phone site of the site in `root`, into `root/public`, with today's date.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            load: LoadOptions {
                base_url: None,
                drafts: false,
                edition: Edition::Web,
                today: Date::today(),
            },
            minify: cfg!(feature = "minify"),
            precompress: false,
        }
    }

    /// The kiosk edition, into `root/public-kiosk`.
    pub fn kiosk(root: impl Into<PathBuf>) -> Self {
        let mut o = BuildOptions::new(root);
        o.output = o.root.join("public-kiosk");
        o.load.edition = Edition::Kiosk;
        o
    }
}

impl From<cli::BuildArgs> for BuildOptions {
    fn from(args: cli::BuildArgs) -> Self {
        let mut o = if args.kiosk {
            BuildOptions::kiosk(&args.root)
        } else {
            BuildOptions::new(&args.root)
        };
        if let Some(out) = args.output {
            o.output = out;
        }
        o.load.base_url = args.base_url;
        o.load.drafts = args.drafts;
        o.precompress = args.precompress;
        o
    }
}

/// `senda serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub edition: Edition,
    pub today: Date,
    /// The port of Decap CMS's local backend (`decap-server`), which /admin/ may talk to.
    pub cms_port: u16,
}

impl From<cli::ServeArgs> for ServeOptions {
    fn from(args: cli::ServeArgs) -> Self {
        ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            drafts: args.drafts,
            edition: if args.kiosk {
                Edition::Kiosk
            } else {
                Edition::Web
            },
            today: Date::today(),
            cms_port: args.cms_port,
        }
    }
}

/// `senda check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Pages past their review date are errors.
    pub strict: bool,
    pub today: Date,
    /// Also measure each language's readability as a whole.
    pub readability: bool,
}

impl From<&cli::CheckArgs> for CheckOptions {
    fn from(args: &cli::CheckArgs) -> Self {
        CheckOptions {
            root: args.root.clone(),
            strict: args.strict,
            today: Date::today(),
            readability: args.readability,
        }
    }
}

/// `senda new`.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    /// The page's file inside content/.
    pub path: String,
    pub lang: Option<String>,
    pub refresh: bool,
    pub today: Date,
}

impl From<cli::NewArgs> for NewOptions {
    fn from(args: cli::NewArgs) -> Self {
        NewOptions {
            root: args.root,
            path: args.path,
            lang: args.lang,
            refresh: args.refresh,
            today: Date::today(),
        }
    }
}

/// `senda po export`.
#[derive(Debug, Clone)]
pub struct PoExportOptions {
    pub root: PathBuf,
    /// Where the PO files go (`root/po` by default).
    pub dir: Option<PathBuf>,
    /// One language, or every translation language.
    pub lang: Option<String>,
    /// The revision date a new PO file records.
    pub today: Date,
}

impl From<cli::PoExportArgs> for PoExportOptions {
    fn from(args: cli::PoExportArgs) -> Self {
        PoExportOptions {
            root: args.root,
            dir: args.out,
            lang: args.lang,
            today: Date::today(),
        }
    }
}

/// `senda po import`.
#[derive(Debug, Clone)]
pub struct PoImportOptions {
    pub root: PathBuf,
    /// Where the PO files are (`root/po` by default).
    pub dir: Option<PathBuf>,
    pub lang: Option<String>,
    /// Write pages with untranslated or fuzzy entries too.
    pub partial: bool,
}

impl From<cli::PoImportArgs> for PoImportOptions {
    fn from(args: cli::PoImportArgs) -> Self {
        PoImportOptions {
            root: args.root,
            dir: args.dir,
            lang: args.lang,
            partial: args.partial,
        }
    }
}
