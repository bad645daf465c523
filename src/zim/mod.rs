//! The ZIM edition (`senda build --zim`): one ZIM file per language, Kiwix's convention, for
//! offline hotspots and readers (Kiwix Android, Kiwix Hotspot, Internet-in-a-Box). ZIM files
//! are made by the real tool, `zimwriterfs` from Debian's `zim-tools`; this module prepares
//! what it packs and runs it:
//!
//! 1. The site is rendered in memory as the ZIM edition (`Edition::zim`): not minified (the ZIM
//!    is compressed as a whole, and zimcheck only reads quoted attributes), and the theme leaves
//!    out what a Kiwix reader does not run reliably or cannot follow: scripts (so the service
//!    worker, "Save for offline", the quick exit and our own search), the language switcher and
//!    the feed.
//! 2. `select` picks one language's pages (not its 404 and offline pages) and every file they
//!    use. A link to a page that is not in that ZIM (another language, the language chooser)
//!    becomes plain text, so every internal link of a ZIM resolves inside it. Links stay
//!    relative, so pages keep the folders they have on the web (`es/rights/index.html`).
//! 3. Each language's files go into their own folder under a temporary directory, with a 48×48
//!    PNG illustration made from the theme's icon (`illustration`).
//! 4. `zimwriterfs` packs each folder with its metadata: the ISO 639-3 language (`iso639_3`),
//!    title and description (the `site-title` and `site-tagline` UI strings), creator,
//!    publisher and name (`zim:` in site.yaml), and Kiwix's full-text index.
//! 5. The ZIM files are written into a staging folder that replaces `--output` only when every
//!    language succeeded, like any build.
//!
//! Not deterministic, and not in senda's hands: zimwriterfs stamps the `Date` metadata with
//! the day it runs (it is run with `TZ=UTC`, so the date matches the file name's month) and
//! gives each file a random UUID. The content packed is the same for the same input.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::assets::Assets;
use crate::diag::{Coded, Diagnostics, Location};
use crate::output::{self, OutputFile};
use crate::{BuildOptions, Edition, Timings};

mod select;
pub use select::select;

/// The tool that makes ZIM files, and the Debian package that has it.
pub const TOOL: &str = "zimwriterfs";
pub const PACKAGE: &str = "zim-tools";
/// The illustration's file inside each ZIM's folder.
const ILLUSTRATION: &str = "zim-illustration-48.png";
/// A language's pages that a ZIM leaves out (relative to the language's folder).
const LEFT_OUT: [&str; 2] = ["404.html", "offline.html"];

/// `senda build --zim`: the site at `root`, into `root/public-zim`.
pub fn options(root: impl Into<PathBuf>) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.output = o.root.join("public-zim");
    o.minify = false;
    o.load.edition = Edition::Zim;
    o
}

/// One ZIM file written.
#[derive(Debug, Clone)]
pub struct ZimFile {
    /// ISO 639-3, as in the ZIM's metadata.
    pub iso639_3: String,
    pub path: PathBuf,
    pub bytes: u64,
    /// Files packed (pages, styles, images).
    pub entries: usize,
}

/// What a successful ZIM build did.
#[derive(Debug, Clone)]
pub struct ZimReport {
    pub files: Vec<ZimFile>,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub timings: Timings,
}

/// A ZIM build's result: the report if it succeeded, and every diagnostic.
#[derive(Debug)]
pub struct ZimBuild {
    pub report: Option<ZimReport>,
    pub diagnostics: Diagnostics,
}

#[derive(Debug, thiserror::Error)]
pub enum ZimError {
    #[error("`zimwriterfs` was not found; the ZIM edition is made with it")]
    ToolMissing,
    #[error("no ISO 639-3 code is known for the language `{0}`, and a ZIM file needs one")]
    UnknownLanguage(String),
    #[error(
        "the theme has no icon-192.png or icon-512.png in static/ to make the ZIM's 48×48 illustration from"
    )]
    NoIcon,
    #[error("{0} cannot be made into the ZIM's 48×48 illustration: {1}")]
    BadIcon(String, String),
    #[error("zimwriterfs failed for `{lang}` ({status}):\n{output}")]
    ToolFailed {
        lang: String,
        status: String,
        output: String,
    },
    #[error("cannot prepare the ZIM files: {0}")]
    Io(String),
}

impl Coded for ZimError {
    fn code(&self) -> &'static str {
        match self {
            ZimError::ToolMissing => "zim-tool-missing",
            ZimError::UnknownLanguage(_) => "zim-language",
            ZimError::NoIcon | ZimError::BadIcon(..) => "zim-illustration",
            ZimError::ToolFailed { .. } => "zim-failed",
            ZimError::Io(_) => "write-failed",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            ZimError::ToolMissing => Some(format!(
                "install Debian's `{PACKAGE}` package (`apt-get install {PACKAGE}`), or put `{TOOL}` on PATH"
            )),
            ZimError::UnknownLanguage(_) => Some(
                "ZIM files name their language in ISO 639-3: use a code whose first part is a two-letter ISO 639-1 code (`es`) or a three-letter ISO 639-3 code (`quc`)".into(),
            ),
            ZimError::NoIcon => Some("add a square PNG of at least 48×48 pixels as static/icon-192.png".into()),
            _ => None,
        }
    }
}

/// The ISO 639-3 code ZIM metadata needs for a BCP 47 language code: a three-letter primary
/// subtag is one already (`quc`, `prs`); a two-letter one is looked up (`es` → `spa`, `ht` →
/// `hat`, `ar` → `ara`: macrolanguages keep their macrolanguage code, as Kiwix does).
pub fn iso639_3(code: &str) -> Option<String> {
    let primary = code.split('-').next()?.to_ascii_lowercase();
    if !primary.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        3 => Some(primary),
        2 => ISO_639_1
            .binary_search_by(|(two, _)| (*two).cmp(primary.as_str()))
            .ok()
            .map(|i| ISO_639_1[i].1.to_string()),
        _ => None,
    }
}

/// ISO 639-1 → ISO 639-3, every code of ISO 639-1 (from Debian's iso-codes), sorted.
#[rustfmt::skip]
const ISO_639_1: &[(&str, &str)] = &[
    ("aa", "aar"), ("ab", "abk"), ("ae", "ave"), ("af", "afr"), ("ak", "aka"), ("am", "amh"),
    ("an", "arg"), ("ar", "ara"), ("as", "asm"), ("av", "ava"), ("ay", "aym"), ("az", "aze"),
    ("ba", "bak"), ("be", "bel"), ("bg", "bul"), ("bi", "bis"), ("bm", "bam"), ("bn", "ben"),
    ("bo", "bod"), ("br", "bre"), ("bs", "bos"), ("ca", "cat"), ("ce", "che"), ("ch", "cha"),
    ("co", "cos"), ("cr", "cre"), ("cs", "ces"), ("cu", "chu"), ("cv", "chv"), ("cy", "cym"),
    ("da", "dan"), ("de", "deu"), ("dv", "div"), ("dz", "dzo"), ("ee", "ewe"), ("el", "ell"),
    ("en", "eng"), ("eo", "epo"), ("es", "spa"), ("et", "est"), ("eu", "eus"), ("fa", "fas"),
    ("ff", "ful"), ("fi", "fin"), ("fj", "fij"), ("fo", "fao"), ("fr", "fra"), ("fy", "fry"),
    ("ga", "gle"), ("gd", "gla"), ("gl", "glg"), ("gn", "grn"), ("gu", "guj"), ("gv", "glv"),
    ("ha", "hau"), ("he", "heb"), ("hi", "hin"), ("ho", "hmo"), ("hr", "hrv"), ("ht", "hat"),
    ("hu", "hun"), ("hy", "hye"), ("hz", "her"), ("ia", "ina"), ("id", "ind"), ("ie", "ile"),
    ("ig", "ibo"), ("ii", "iii"), ("ik", "ipk"), ("io", "ido"), ("is", "isl"), ("it", "ita"),
    ("iu", "iku"), ("ja", "jpn"), ("jv", "jav"), ("ka", "kat"), ("kg", "kon"), ("ki", "kik"),
    ("kj", "kua"), ("kk", "kaz"), ("kl", "kal"), ("km", "khm"), ("kn", "kan"), ("ko", "kor"),
    ("kr", "kau"), ("ks", "kas"), ("ku", "kur"), ("kv", "kom"), ("kw", "cor"), ("ky", "kir"),
    ("la", "lat"), ("lb", "ltz"), ("lg", "lug"), ("li", "lim"), ("ln", "lin"), ("lo", "lao"),
    ("lt", "lit"), ("lu", "lub"), ("lv", "lav"), ("mg", "mlg"), ("mh", "mah"), ("mi", "mri"),
    ("mk", "mkd"), ("ml", "mal"), ("mn", "mon"), ("mr", "mar"), ("ms", "msa"), ("mt", "mlt"),
    ("my", "mya"), ("na", "nau"), ("nb", "nob"), ("nd", "nde"), ("ne", "nep"), ("ng", "ndo"),
    ("nl", "nld"), ("nn", "nno"), ("no", "nor"), ("nr", "nbl"), ("nv", "nav"), ("ny", "nya"),
    ("oc", "oci"), ("oj", "oji"), ("om", "orm"), ("or", "ori"), ("os", "oss"), ("pa", "pan"),
    ("pi", "pli"), ("pl", "pol"), ("ps", "pus"), ("pt", "por"), ("qu", "que"), ("rm", "roh"),
    ("rn", "run"), ("ro", "ron"), ("ru", "rus"), ("rw", "kin"), ("sa", "san"), ("sc", "srd"),
    ("sd", "snd"), ("se", "sme"), ("sg", "sag"), ("sh", "hbs"), ("si", "sin"), ("sk", "slk"),
    ("sl", "slv"), ("sm", "smo"), ("sn", "sna"), ("so", "som"), ("sq", "sqi"), ("sr", "srp"),
    ("ss", "ssw"), ("st", "sot"), ("su", "sun"), ("sv", "swe"), ("sw", "swa"), ("ta", "tam"),
    ("te", "tel"), ("tg", "tgk"), ("th", "tha"), ("ti", "tir"), ("tk", "tuk"), ("tl", "tgl"),
    ("tn", "tsn"), ("to", "ton"), ("tr", "tur"), ("ts", "tso"), ("tt", "tat"), ("tw", "twi"),
    ("ty", "tah"), ("ug", "uig"), ("uk", "ukr"), ("ur", "urd"), ("uz", "uzb"), ("ve", "ven"),
    ("vi", "vie"), ("vo", "vol"), ("wa", "wln"), ("wo", "wol"), ("xh", "xho"), ("yi", "yid"),
    ("yo", "yor"), ("za", "zha"), ("zh", "zho"), ("zu", "zul"),
];

/// A program on PATH.
fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// One language's ZIM: what zimwriterfs is told about it.
struct Book {
    code: String,
    iso: String,
    title: String,
    description: String,
    creator: String,
    publisher: String,
}

/// `senda build --zim`.
pub fn build(opts: &BuildOptions) -> ZimBuild {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = build_inner(opts, &mut diags, start);
    ZimBuild {
        report,
        diagnostics: diags,
    }
}

fn io(what: &Path, e: impl std::fmt::Display) -> ZimError {
    ZimError::Io(format!("{}: {e}", what.display()))
}

/// Renders the site's ZIM edition, then makes one ZIM per language and swaps them into the
/// output folder together.
fn build_inner(opts: &BuildOptions, diags: &mut Diagnostics, start: Instant) -> Option<ZimReport> {
    let (tool, rendered, books, picture) = prepare(opts, diags)?;
    let mut timings = rendered.timings.clone();
    let config = &rendered.loaded.site.config;
    let today = opts.load.today;
    let month = format!("{:04}-{:02}", today.year, today.month);
    let work = match tempfile::Builder::new().prefix("senda-zim-").tempdir() {
        Ok(w) => w,
        Err(e) => {
            diags.error(&io(&std::env::temp_dir(), e), Location::default());
            return None;
        }
    };
    let staging = match output::begin(&opts.output, false) {
        Ok(s) => s,
        Err(e) => {
            diags.error(&e, Location::default());
            return None;
        }
    };
    let mut written = Vec::new();
    for book in &books {
        let mut files = select(&rendered.files, &book.code, diags);
        files.insert(
            ILLUSTRATION.to_string(),
            OutputFile::bytes(ILLUSTRATION, picture.clone()),
        );
        let dir = work.path().join(&book.code);
        if let Err(e) = output::write_site(&dir, &files) {
            diags.error(&e, Location::default());
            break;
        }
        let name = format!("{}_{}", config.zim.name, book.code);
        let file = staging.dir().join(format!("{name}_{month}.zim"));
        if let Err(e) = zimwriterfs(&tool, &dir, &file, book, &name, &config.base_url) {
            diags.error(&e, Location::default());
            break;
        }
        // The folder is not needed any more: free the disk as we go.
        let _ = std::fs::remove_dir_all(&dir);
        written.push((book, file, files.len()));
    }
    if diags.has_errors() {
        staging.abandon();
        return None;
    }
    timings.lap("zimwriterfs: one ZIM per language");
    let files = commit(staging, &written, &opts.output, diags)?;
    crate::drop_later(rendered);
    Some(ZimReport {
        files,
        elapsed: start.elapsed(),
        output: opts.output.clone(),
        timings,
    })
}

/// What every ZIM needs, each checked before any is made: zimwriterfs, a safe output folder,
/// the rendered ZIM edition, one book per language and the illustration.
fn prepare(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(PathBuf, crate::Rendered, Vec<Book>, Vec<u8>)> {
    // The tool first: without it nothing else is worth doing.
    let Some(tool) = find_tool(TOOL) else {
        diags.error(&ZimError::ToolMissing, Location::default());
        return None;
    };
    if let Err(e) = output::check_output_dir(&opts.root, &opts.output) {
        diags.error(&e, Location::default());
        return None;
    }
    let load = crate::LoadOptions {
        edition: Edition::Zim,
        ..opts.load.clone()
    };
    let rendered = crate::render_site(crate::fs::SiteFiles::disk(&opts.root), &load, false, diags)?;
    let books = books(&rendered.loaded.site.config, &rendered.loaded.i18n, diags);
    let picture = match illustration(&rendered.loaded.assets) {
        Ok(p) => Some(p),
        Err(e) => {
            diags.error(&e, Location::default());
            None
        }
    };
    if diags.has_errors() {
        return None;
    }
    Some((tool, rendered, books, picture?))
}

/// Swaps the finished ZIMs (`written`: book, file in the staging folder, entries) into
/// `output`; what each file is.
fn commit(
    staging: output::Staging,
    written: &[(&Book, PathBuf, usize)],
    output: &Path,
    diags: &mut Diagnostics,
) -> Option<Vec<ZimFile>> {
    let names: Vec<(String, PathBuf)> = written
        .iter()
        .filter_map(|(_, f, _)| {
            f.file_name()
                .map(|n| (n.to_string_lossy().into_owned(), f.clone()))
        })
        .collect();
    let sizes: Vec<u64> = names
        .iter()
        .map(|(_, f)| f.metadata().map(|m| m.len()).unwrap_or(0))
        .collect();
    if let Err(e) = staging.commit() {
        diags.error(&e, Location::default());
        return None;
    }
    let files = written
        .iter()
        .zip(names.iter().zip(sizes))
        .map(|((book, _, entries), ((name, _), bytes))| ZimFile {
            iso639_3: book.iso.clone(),
            path: output.join(name),
            bytes,
            entries: *entries,
        })
        .collect();
    Some(files)
}

/// One book per language: its ISO 639-3 code, and title, description, creator and publisher
/// (from the language's UI strings and site.yaml's `zim:`). An unknown language is an error.
fn books(
    config: &crate::config::Config,
    i18n: &crate::i18n::I18n,
    diags: &mut Diagnostics,
) -> Vec<Book> {
    let text = |lang: crate::lang::Lang, key: &str| {
        i18n.format(lang, key, &[])
            .map(|t| crate::i18n::strip_isolation(&t).trim().to_string())
            .ok()
            .filter(|t| !t.is_empty())
    };
    let mut books = Vec::new();
    for lang in config.langs() {
        let l = config.language(lang);
        let Some(iso) = iso639_3(&l.code) else {
            diags.error(
                &ZimError::UnknownLanguage(l.code.clone()),
                config.at_key("languages"),
            );
            continue;
        };
        let title = text(lang, "site-title").unwrap_or_else(|| config.title.clone());
        let description = text(lang, "site-tagline").unwrap_or_else(|| title.clone());
        let creator = config.zim.creator.clone().unwrap_or_else(|| title.clone());
        let publisher = config
            .zim
            .publisher
            .clone()
            .unwrap_or_else(|| creator.clone());
        books.push(Book {
            code: l.code.clone(),
            iso,
            title,
            description,
            creator,
            publisher,
        });
    }
    books
}

/// Runs zimwriterfs on one language's folder.
fn zimwriterfs(
    tool: &Path,
    dir: &Path,
    file: &Path,
    book: &Book,
    name: &str,
    base_url: &str,
) -> Result<(), ZimError> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let out = Command::new(tool)
        .arg(format!("--welcome={}/index.html", book.code))
        .arg(format!("--illustration={ILLUSTRATION}"))
        .arg(format!("--language={}", book.iso))
        .arg(format!("--title={}", book.title))
        .arg(format!("--description={}", book.description))
        .arg(format!("--creator={}", book.creator))
        .arg(format!("--publisher={}", book.publisher))
        .arg(format!("--name={name}"))
        .arg(format!("--source={base_url}/{}/", book.code))
        .arg(format!("--scraper=senda {}", env!("CARGO_PKG_VERSION")))
        .arg(format!("--threads={threads}"))
        .arg(dir)
        .arg(file)
        // Its `Date` metadata is the local day: make it the UTC day, like the file's name.
        .env("TZ", "UTC")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| io(tool, e))?;
    if out.status.success() && file.is_file() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    // The end of what it said is where the reason is.
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(20)..].join("\n");
    Err(ZimError::ToolFailed {
        lang: book.code.clone(),
        status: out.status.to_string(),
        output: tail,
    })
}

/// The ZIM's 48×48 PNG illustration, made from the theme's (or site's) icon: the first of
/// icon-48.png, icon-192.png and icon-512.png, scaled down by averaging (alpha-weighted).
pub fn illustration(assets: &Assets) -> Result<Vec<u8>, ZimError> {
    for name in ["icon-48.png", "icon-192.png", "icon-512.png"] {
        let Some(asset) = assets.files.iter().find(|a| a.out == name) else {
            continue;
        };
        let bytes = match &asset.bytes {
            Some(b) => b.clone(),
            None => std::fs::read(&asset.source).map_err(|e| io(&asset.source, e))?,
        };
        return scale_to_48(&bytes)
            .map_err(|e| ZimError::BadIcon(crate::diag::display_path(&asset.source), e));
    }
    Err(ZimError::NoIcon)
}

/// The largest icon read: 4096×4096.
const MAX_ICON_SIDE: u32 = 4096;

fn scale_to_48(png_bytes: &[u8]) -> Result<Vec<u8>, String> {
    const SIDE: usize = 48;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w > MAX_ICON_SIDE || h > MAX_ICON_SIDE {
        return Err(format!(
            "it is {w}×{h} pixels, more than {MAX_ICON_SIDE}×{MAX_ICON_SIDE}"
        ));
    }
    if (w as usize) < SIDE || (h as usize) < SIDE {
        return Err(format!("it is {w}×{h} pixels, less than 48×48"));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "it is too large".to_string())?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let (w, h, line) = (info.width as usize, info.height as usize, info.line_size);
    let channels = info.color_type.samples();
    let rgba = |x: usize, y: usize| -> [u32; 4] {
        let p = &buf[y * line + x * channels..];
        match channels {
            1 => [p[0].into(), p[0].into(), p[0].into(), 255],
            2 => [p[0].into(), p[0].into(), p[0].into(), p[1].into()],
            3 => [p[0].into(), p[1].into(), p[2].into(), 255],
            _ => [p[0].into(), p[1].into(), p[2].into(), p[3].into()],
        }
    };
    let mut out = vec![0u8; SIDE * SIDE * 4];
    for oy in 0..SIDE {
        let (y0, y1) = (oy * h / SIDE, ((oy + 1) * h / SIDE).max(oy * h / SIDE + 1));
        for ox in 0..SIDE {
            let (x0, x1) = (ox * w / SIDE, ((ox + 1) * w / SIDE).max(ox * w / SIDE + 1));
            // Colours weighted by their alpha, so transparent pixels do not darken edges.
            let mut sum = [0u64; 4];
            for y in y0..y1 {
                for x in x0..x1 {
                    let [r, g, b, a] = rgba(x, y);
                    sum[0] += u64::from(r * a);
                    sum[1] += u64::from(g * a);
                    sum[2] += u64::from(b * a);
                    sum[3] += u64::from(a);
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            let o = (oy * SIDE + ox) * 4;
            for c in 0..3 {
                out[o + c] = (sum[c] + sum[3] / 2).checked_div(sum[3]).unwrap_or(0) as u8;
            }
            out[o + 3] = ((sum[3] + n / 2) / n) as u8;
        }
    }
    let mut png_out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_out, SIDE as u32, SIDE as u32);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&out).map_err(|e| e.to_string())?;
    }
    Ok(png_out)
}

#[cfg(test)]
mod tests {
    use super::select::*;
    use super::*;

    #[test]
    fn language_codes() {
        for (bcp47, iso) in [
            ("es", "spa"),
            ("ht", "hat"),
            ("ar", "ara"),
            ("fr", "fra"),
            ("en", "eng"),
            ("pt", "por"),
            ("pt-BR", "por"),
            ("fr-CA", "fra"),
            ("fa", "fas"),
            ("zh-Hant", "zho"),
            ("quc", "quc"),
            ("kek", "kek"),
            ("mam", "mam"),
            ("cak", "cak"),
            ("prs", "prs"),
        ] {
            assert_eq!(iso639_3(bcp47).as_deref(), Some(iso), "{bcp47}");
        }
        assert_eq!(iso639_3("xx"), None);
        assert_eq!(iso639_3("x-private"), None);
        assert!(ISO_639_1.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn targets() {
        let from = "es/rights/detention/index.html";
        assert_eq!(
            target(from, "../index.html"),
            Target::File("es/rights/index.html".into())
        );
        assert_eq!(
            target(from, "../../../style.1.css"),
            Target::File("style.1.css".into())
        );
        assert_eq!(
            target(from, "../../../en/"),
            Target::File("en/index.html".into())
        );
        assert_eq!(target(from, "../../../../x.html"), Target::Outside);
        assert_eq!(
            target(from, "mi-p%C3%A1gina/index.html#x"),
            Target::File("es/rights/detention/mi-página/index.html".into())
        );
        for not in [
            "#top",
            "",
            "tel:911",
            "https://a.org/",
            "//a.org/x",
            "?q=1",
            "mailto:a@b",
        ] {
            assert_eq!(target(from, not), Target::NotAFile, "{not}");
        }
    }

    #[test]
    fn links_out_of_the_zim_become_text() {
        let html = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"../style.css\"><link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\"></head>\
            <body><!-- <a href=\"../en/index.html\"> --><a href=\"../en/index.html\" lang=\"en\" class=\"x\" hreflang=\"en\">English</a> \
            <a href=\"rights/index.html\">rights</a> <a href=\"https://acnur.org/\">ACNUR</a> <A HREF='../index.html'>all</A>\
            <script>var s = '<a href=\"../fr/\">';</script></body></html>";
        let ok = ["es/rights/index.html", "style.css"];
        let mut asked = Vec::new();
        let out = rewrite_html(html, "es/index.html", &mut |t: &str| {
            asked.push(t.to_string());
            ok.contains(&t)
        })
        .unwrap_or_default();
        assert!(
            out.contains("<span lang=\"en\" class=\"x\">English</span>"),
            "{out}"
        );
        assert!(out.contains("<span>all</span>"), "{out}");
        assert!(
            out.contains("<a href=\"rights/index.html\">rights</a>"),
            "{out}"
        );
        assert!(
            out.contains("<a href=\"https://acnur.org/\">ACNUR</a>"),
            "{out}"
        );
        assert!(
            out.contains("<link rel=\"stylesheet\" href=\"../style.css\">"),
            "{out}"
        );
        assert!(!out.contains("atom.xml"), "{out}");
        // Comments and scripts are left alone.
        assert!(
            out.contains("<!-- <a href=\"../en/index.html\"> -->"),
            "{out}"
        );
        assert!(out.contains("var s = '<a href=\"../fr/\">';"), "{out}");
        assert_eq!(
            asked,
            [
                "style.css",
                "es/atom.xml",
                "en/index.html",
                "es/rights/index.html",
                "index.html"
            ]
        );
        // A redirect out of the ZIM is left out.
        let alias = "<!doctype html><meta http-equiv=\"refresh\" content=\"0; url=../en/x/index.html\"><a href=\"../en/x/index.html\">x</a>";
        assert!(rewrite_html(alias, "es/old/index.html", &mut |_: &str| false).is_none());
    }

    #[test]
    fn the_illustration_is_48_pixels() {
        // A 96×96 icon: left half opaque red, right half transparent.
        let mut pixels = Vec::new();
        for _ in 0..96 {
            for x in 0..96 {
                pixels.extend_from_slice(if x < 48 {
                    &[200, 0, 0, 255]
                } else {
                    &[0, 0, 0, 0]
                });
            }
        }
        let mut icon = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut icon, 96, 96);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().expect("header");
            w.write_image_data(&pixels).expect("data");
        }
        let small = scale_to_48(&icon).expect("scaled");
        let mut reader = png::Decoder::new(std::io::Cursor::new(&small))
            .read_info()
            .expect("png");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        assert_eq!((info.width, info.height), (48, 48));
        assert_eq!(&buf[..4], &[200, 0, 0, 255]);
        assert_eq!(buf[47 * 4 + 3], 0);
        assert!(scale_to_48(b"not a png").is_err());
    }
}
