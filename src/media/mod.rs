//! Images and audio, for phones on 2G and for readers who cannot read. Runs once the content is
//! loaded, before routes are made:
//! 1. every image a page shows (`![alt](flow.png)` beside the page, `![alt](/images/x.jpg)`
//!    under `static/`) is found through `SiteFiles`, checked (its size from its header before
//!    any decoding, no animation, an SVG without scripts or outside references) and made into
//!    WebP files a few widths wide plus one JPEG or PNG fallback (`image`), each kept in the
//!    cache folder `.senda-cache/` under a key of its source bytes and settings, so a rebuild
//!    encodes only what changed;
//! 2. each image's HTML is written for every reader language (`markup`): a `<picture>` with
//!    `srcset`, or, over `images.tap_to_load_kb`, a closed `<details>` that fetches nothing
//!    until the reader taps "Show image (34 KB)";
//! 3. every page version gets its audio (`audio`): a recording beside it (`PATH.LANG.opus`, or
//!    `audio:` in its front matter) or, for the languages in `audio.synthesize`, speech made
//!    with espeak-ng and opusenc from the text Listen reads, cached by the text's hash.
//!
//! The files made are static assets under `media/` (names carry their key, so hosts cache them
//! forever); only `output` writes them into the site. The cache folder is senda's own: it is
//! never inside the output, and senda only ever adds to it.

mod audio;
mod cache;
mod markup;
mod picture;
mod svg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

pub use audio::Audio;
pub use cache::CACHE_DIR;

use crate::assets::Asset;
use crate::config::Language;
use crate::content::{CONTENT_DIR, Site};
use crate::diag::{Coded, Diagnostic, Diagnostics, Location};
use crate::fs::SiteFiles;
use crate::i18n::I18n;
use crate::options::Edition;

/// One WebP file of an image: its address, width in pixels and bytes.
pub type WebpFile = (String, u32, u64);
/// An image made: the image, and its width and height in pixels.
type Encoded = (Image, usize, usize);

/// `images:` in site.yaml, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    #[serde(default)]
    tap_to_load_kb: Option<f64>,
    #[serde(default)]
    widths: Option<Vec<u32>>,
    #[serde(default)]
    quality: Option<u32>,
}

/// `audio:` in site.yaml, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAudio {
    #[serde(default)]
    synthesize: Option<Vec<String>>,
}

/// Images and audio settings, validated.
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// Images larger than this (at a 360 px wide screen) wait for a tap.
    pub tap_to_load_bytes: u64,
    /// The widths raster images are made in (those not larger than the image).
    pub widths: Vec<u32>,
    /// WebP and JPEG quality, 1–100.
    pub quality: u8,
    /// The language codes whose pages get synthesised speech.
    pub synthesize: Vec<String>,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            tap_to_load_bytes: 20 * 1024,
            widths: vec![360, 720, 1080],
            quality: 75,
            synthesize: Vec::new(),
        }
    }
}

/// The widest image made: wider sources are made smaller.
const MAX_WIDTH: u32 = 4096;

/// `images:` and `audio:` checked.
pub fn config(
    images: Option<&RawImages>,
    audio: Option<&RawAudio>,
    languages: &[Language],
    at_key: &dyn Fn(&str) -> Location,
    diags: &mut Diagnostics,
) -> MediaConfig {
    let mut c = MediaConfig::default();
    if let Some(i) = images {
        if let Some(kb) = i.tap_to_load_kb {
            if kb.is_finite() && (0.0..=1e6).contains(&kb) {
                c.tap_to_load_bytes = (kb * 1024.0).round() as u64;
            } else {
                diags.error(
                    &MediaError::BadSetting(
                        "images.tap_to_load_kb",
                        "must be a number of kilobytes from 0 to 1000000",
                    ),
                    at_key("tap_to_load_kb"),
                );
            }
        }
        if let Some(w) = &i.widths {
            if w.is_empty() || w.len() > 8 || w.iter().any(|&x| !(16..=MAX_WIDTH).contains(&x)) {
                diags.error(
                    &MediaError::BadSetting(
                        "images.widths",
                        "must list 1 to 8 widths from 16 to 4096 pixels",
                    ),
                    at_key("widths"),
                );
            } else {
                let mut w = w.clone();
                w.sort_unstable();
                w.dedup();
                c.widths = w;
            }
        }
        if let Some(q) = i.quality {
            match u8::try_from(q) {
                Ok(q) if (1..=100).contains(&q) => c.quality = q,
                _ => diags.error(
                    &MediaError::BadSetting(
                        "images.quality",
                        "must be a whole number from 1 to 100",
                    ),
                    at_key("quality"),
                ),
            }
        }
    }
    if let Some(list) = audio.and_then(|a| a.synthesize.as_ref()) {
        for code in list {
            match languages.iter().find(|l| l.code.eq_ignore_ascii_case(code)) {
                Some(l) => c.synthesize.push(l.code.clone()),
                None => diags.error(
                    &MediaError::UnknownLanguage(code.clone()),
                    at_key("synthesize"),
                ),
            }
        }
    }
    c
}

/// Files beside the pages in `content/` that are not pages but media.
pub fn is_media_file(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "png" | "jpg" | "jpeg" | "webp" | "gif" | "svg" | "opus"
    )
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{0} {1}")]
    BadSetting(&'static str, &'static str),
    #[error("audio.synthesize names `{0}`, which is not one of the site's languages")]
    UnknownLanguage(String),
    #[error("the image `{0}` does not exist (looked for {1})")]
    Missing(String, String),
    #[error(
        "the image `{0}` is outside content/ and static/: senda only publishes images from there"
    )]
    Outside(String),
    #[error("`{0}` is not an image senda can publish (PNG, JPEG, WebP, GIF or SVG)")]
    UnknownFormat(String),
    #[error("the image {0} cannot be read: {1}")]
    Corrupt(String, String),
    #[error(
        "the image {file} is {width}×{height} pixels ({mp:.0} megapixels); the limit is {limit} megapixels"
    )]
    TooLarge {
        file: String,
        width: u32,
        height: u32,
        mp: f64,
        limit: u32,
    },
    #[error("the image {0} is animated: animations cost readers data and attention")]
    Animated(String),
    #[error("this SVG {0}")]
    UnsafeSvg(String),
    #[error("the image {0} could not be encoded: {1}")]
    Encode(String, String),
    #[error("the recording `{0}` does not exist (looked for {1})")]
    AudioMissing(String, String),
    #[error("the recording {0} is not an Ogg Opus file: {1}")]
    BadAudio(String, String),
    #[error("{tool} is not installed: it makes the synthesised audio of audio.synthesize")]
    ToolMissing {
        tool: &'static str,
        package: &'static str,
    },
    #[error("{tool} failed: {reason}")]
    ToolFailed { tool: &'static str, reason: String },
    #[error("the cache folder {0} cannot be written ({1}); the build goes on without it")]
    Cache(String, String),
}

impl Coded for MediaError {
    fn code(&self) -> &'static str {
        match self {
            MediaError::BadSetting(..) | MediaError::UnknownLanguage(_) => "bad-media-config",
            MediaError::Missing(..) | MediaError::Outside(_) => "image-missing",
            MediaError::UnknownFormat(_) | MediaError::Corrupt(..) | MediaError::Encode(..) => {
                "bad-image"
            }
            MediaError::TooLarge { .. } => "image-too-large",
            MediaError::Animated(_) => "image-animated",
            MediaError::UnsafeSvg(_) => "unsafe-svg",
            MediaError::AudioMissing(..) | MediaError::BadAudio(..) => "bad-audio",
            MediaError::ToolMissing { .. } | MediaError::ToolFailed { .. } => "audio-tool",
            MediaError::Cache(..) => "media-cache",
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            MediaError::Missing(..) => Some(
                "write the image's path relative to the page's file (flow.png beside it), or from static/ (/images/flow.png)"
                    .into(),
            ),
            MediaError::TooLarge { .. } => {
                Some("make the image smaller (2000 pixels wide is plenty for a phone)".into())
            }
            MediaError::Animated(_) => Some("use a still image".into()),
            MediaError::UnsafeSvg(_) => Some(
                "SVG images may not have scripts, event handlers (onclick…), foreignObject, a DOCTYPE or links to other files; save it again as plain SVG"
                    .into(),
            ),
            MediaError::ToolMissing { package, .. } => {
                Some(format!("install it (Debian, Ubuntu: apt-get install {package}), or remove audio.synthesize from site.yaml"))
            }
            MediaError::BadAudio(..) => Some(
                "convert it with opusenc (opus-tools): opusenc recording.wav page.ht.opus".into(),
            ),
            _ => None,
        }
    }
}

/// What the media stage did, for the build's summary and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Different image files shown by pages.
    pub images: usize,
    /// Files encoded by this build (WebP, fallbacks).
    pub encoded: usize,
    /// Files taken from the cache.
    pub cached: usize,
    /// Pages with audio, and how many of them were synthesised now.
    pub audio: usize,
    pub synthesized: usize,
}

/// One file made (or taken from the cache).
#[derive(Debug, Clone)]
pub(crate) struct Made {
    /// The site-absolute address, `/media/flow-360.0123456789.webp`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// In the cache (copied when the site is written), or in memory.
    pub disk: Option<PathBuf>,
    pub data: Option<Vec<u8>>,
}

/// An image ready to be shown.
#[derive(Debug, Clone)]
pub(crate) enum Image {
    Raster {
        /// WebP files, narrowest first.
        webp: Vec<Made>,
        /// A JPEG or PNG for browsers without WebP.
        fallback: Made,
    },
    Svg(Made),
}

impl Image {
    fn files(&self) -> Vec<&Made> {
        match self {
            Image::Raster { webp, fallback } => webp.iter().chain([fallback]).collect(),
            Image::Svg(m) => vec![m],
        }
    }

    /// The file a 360 px wide screen downloads: its bytes count against the tap threshold
    /// and the page's budget.
    pub fn at_360(&self) -> &Made {
        match self {
            Image::Raster { webp, fallback } => webp
                .iter()
                .find(|m| m.width >= 360)
                .or(webp.last())
                .unwrap_or(fallback),
            Image::Svg(m) => m,
        }
    }
}

/// The images and recordings of every page, made: the files to publish and what each page
/// weighs in images.
#[derive(Debug, Default)]
pub struct MediaFiles {
    pub assets: Vec<Asset>,
    pub stats: Stats,
    /// Per page address (`/es/health/x/`): the bytes of its images at 360 px, in full and
    /// before any tap.
    pub weights: BTreeMap<String, (u64, u64)>,
    /// Per language code: for each image its pages show, its WebP files (address, width,
    /// bytes), for "Save for offline" to pick the one the phone shows.
    pub offline_images: BTreeMap<String, Vec<Vec<WebpFile>>>,
    /// Per language code: the audio of its pages (address, bytes).
    pub offline_audio: BTreeMap<String, Vec<(String, u64)>>,
}

/// Where an image of a page is, inside the site: relative to the page's file, or under
/// `static/` for site-absolute addresses. `None` if it leaves content/ and static/.
fn image_path(page_file: &Path, src: &str) -> Option<PathBuf> {
    let (path, _) = crate::html::split_suffix(src.trim());
    let decoded = crate::html::percent_decode(path);
    let (base, rest): (PathBuf, &str) = match decoded.strip_prefix('/') {
        Some(rest) => (PathBuf::from("static"), rest),
        None => (page_file.parent()?.to_path_buf(), decoded.as_ref()),
    };
    let mut out = base;
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if !out.pop() {
                    return None;
                }
            }
            s if s.contains('\\') => return None,
            s => out.push(s),
        }
    }
    let inside = out.starts_with(CONTENT_DIR) || out.starts_with("static");
    (inside && out.components().count() > 1).then_some(out)
}

/// A location for a problem with the image `index` of a page version.
fn at_image(v: &crate::content::Version, index: usize) -> Location {
    v.at_body_offset(v.doc.images.get(index).map_or(0, |i| i.offset))
}

/// Makes every image and recording of the site, and writes each image's HTML into the page
/// versions that show it. Problems go to `diags` with the page's file and line (or the SVG's).
pub fn load(
    files: &SiteFiles,
    site: &mut Site,
    i18n: &I18n,
    edition: Edition,
    diags: &mut Diagnostics,
) -> MediaFiles {
    let config = site.config.media.clone();
    let cache = cache::Cache::new(files);
    let mut out = MediaFiles::default();

    // 1. Every image shown, once, with the pages and lines that show it.
    let mut sources: BTreeMap<PathBuf, Vec<Location>> = BTreeMap::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for page in &site.pages {
        for v in page.versions.iter().flatten() {
            for (i, img) in v.doc.images.iter().enumerate() {
                let at = at_image(v, i);
                match image_path(&v.file, &img.src) {
                    None => {
                        problems.push(Diagnostic::error(&MediaError::Outside(img.src.clone()), at))
                    }
                    Some(p) if !files.is_file(&p) => problems.push(Diagnostic::error(
                        &MediaError::Missing(img.src.clone(), crate::diag::display_path(&p)),
                        at,
                    )),
                    Some(p) => sources.entry(p).or_default().push(at),
                }
            }
        }
    }
    for d in problems {
        diags.push(d);
    }

    // 2. Made in parallel, each from the cache when it can be.
    let list: Vec<(&PathBuf, &Vec<Location>)> = sources.iter().collect();
    let results: Vec<(PathBuf, Result<Encoded, Diagnostic>)> = list
        .par_iter()
        .map(|(path, refs)| {
            let r = picture::make(files, path, &config, &cache).map_err(|(e, at)| {
                let at = at.unwrap_or_else(|| refs.first().cloned().unwrap_or_default());
                Diagnostic::error(&e, at)
            });
            ((*path).clone(), r)
        })
        .collect();
    let mut images: BTreeMap<PathBuf, Image> = BTreeMap::new();
    for (path, r) in results {
        match r {
            Ok((image, encoded, cached)) => {
                out.stats.encoded += encoded;
                out.stats.cached += cached;
                images.insert(path, image);
            }
            Err(d) => diags.push(d),
        }
    }
    out.stats.images = images.len();
    if let Some(e) = cache.take_error() {
        diags.warning(&e, Location::default());
    }

    // 3. Each image's HTML, per reader language.
    let site_config = site.config.clone();
    let ctx = markup::Ctx {
        config: &site_config,
        i18n,
        edition,
    };
    let shown: Vec<Vec<(crate::lang::Lang, crate::lang::Lang)>> = site
        .pages
        .iter()
        .map(|p| site_config.langs().map(|l| (l, p.shown[l])).collect())
        .collect();
    for (id, page) in site.pages.iter_mut().enumerate() {
        for v in page.versions.iter_mut().flatten() {
            let mut htmls = Vec::with_capacity(v.doc.images.len());
            for img in &v.doc.images {
                let found = image_path(&v.file, &img.src).and_then(|p| images.get(&p));
                let html: crate::lang::PerLang<String> = site_config
                    .langs()
                    .map(|reader| match found {
                        Some(image)
                            if shown[id].iter().any(|&(r, s)| r == reader && s == v.lang) =>
                        {
                            markup::image(&ctx, image, img, reader, v.lang)
                        }
                        _ => String::new(),
                    })
                    .collect();
                htmls.push(html);
            }
            v.images_html = htmls;
        }
    }
    // What each page weighs in images, and what each language saves offline.
    for page in &site.pages {
        for reader in site_config.langs() {
            let v = page.shown_version(reader);
            let mut full = 0;
            let mut untapped = 0;
            let mut seen = Vec::new();
            for img in &v.doc.images {
                let Some(path) = image_path(&v.file, &img.src) else {
                    continue;
                };
                let Some(image) = images.get(&path) else {
                    continue;
                };
                let b = image.at_360().bytes;
                full += b;
                if b <= config.tap_to_load_bytes {
                    untapped += b;
                }
                if !seen.contains(&path) {
                    seen.push(path);
                    let webp: Vec<(String, u32, u64)> = match image {
                        Image::Raster { webp, .. } => webp
                            .iter()
                            .map(|m| (m.url.clone(), m.width, m.bytes))
                            .collect(),
                        Image::Svg(m) => vec![(m.url.clone(), 0, m.bytes)],
                    };
                    let list = out
                        .offline_images
                        .entry(site_config.code(reader).to_string())
                        .or_default();
                    if !list.contains(&webp) {
                        list.push(webp);
                    }
                }
            }
            if !v.doc.images.is_empty() {
                out.weights
                    .insert(page.urls[reader].clone(), (full, untapped));
            }
        }
    }

    // 4. Audio.
    let made_audio = audio::load(files, site, i18n, &cache, diags);
    out.stats.audio = made_audio.pages;
    out.stats.synthesized = made_audio.synthesized;
    for page in &site.pages {
        for reader in site_config.langs() {
            if let Some(a) = &page.shown_version(reader).audio {
                let list = out
                    .offline_audio
                    .entry(site_config.code(reader).to_string())
                    .or_default();
                let entry = (a.file.url.clone(), a.file.bytes);
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
        }
    }

    // 5. The files, once each.
    let mut seen = std::collections::HashSet::new();
    let all_images = images.iter().flat_map(|(src, img)| {
        img.files()
            .into_iter()
            .map(move |m| (src.clone(), m.clone()))
    });
    let all_audio = made_audio.files.into_iter();
    for (source, m) in all_images.chain(all_audio) {
        let path = m.url.trim_start_matches('/').to_string();
        if !seen.insert(path.clone()) {
            continue;
        }
        out.assets.push(Asset {
            out: path,
            source,
            disk: m.disk,
            bytes: m.data,
        });
    }
    out
}

/// The audio of a version, for its page's context: the player's address, and its label in
/// the reader's language.
pub fn audio_value(audio: Option<&Arc<Audio>>, reader: crate::lang::Lang) -> tera::Value {
    match audio {
        None => tera::Value::none(),
        Some(a) => {
            let mut m = tera::Map::new();
            m.insert("url".into(), tera::Value::from(a.file.url.as_str()));
            m.insert("lang".into(), tera::Value::from(a.lang.as_str()));
            m.insert(
                "label".into(),
                tera::Value::from(a.labels.get(reader).map_or("", String::as_str)),
            );
            m.insert("seconds".into(), tera::Value::from(a.seconds));
            m.insert("bytes".into(), tera::Value::from(a.file.bytes));
            m.insert("synthesized".into(), tera::Value::from(a.synthesized));
            tera::Value::from(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_stay_in_content_and_static() {
        let page = Path::new("content/health/care/index.md");
        assert_eq!(
            image_path(page, "flow.png"),
            Some(PathBuf::from("content/health/care/flow.png"))
        );
        assert_eq!(
            image_path(page, "../shared/map%20a.png"),
            Some(PathBuf::from("content/health/shared/map a.png"))
        );
        assert_eq!(
            image_path(page, "/images/x.jpg"),
            Some(PathBuf::from("static/images/x.jpg"))
        );
        assert_eq!(image_path(page, "../../../site.yaml"), None);
        assert_eq!(image_path(page, "../../../../etc/passwd"), None);
        assert_eq!(image_path(page, "/../site.yaml"), None);
    }
}
