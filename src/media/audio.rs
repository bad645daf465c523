//! Audio for each page version, for readers who cannot read or whose phone has no voice for
//! their language:
//! 1. a recording beside the page wins: `PATH.LANG.opus` (`PATH.opus` for the default
//!    language; `index.LANG.opus` in a page folder), or the file named by `audio:` in the
//!    front matter; it must be Ogg Opus (its length is read from the last Ogg page);
//! 2. otherwise, for the languages in `audio.synthesize`: the page's title and the text Listen
//!    reads (headings, paragraphs, list items, table cells), spoken by espeak-ng into a WAV
//!    file and encoded by opusenc (16 kbit/s, mono: about 120 KB a minute), kept in the cache
//!    under the hash of the text and the settings. A missing tool is an error naming its
//!    Debian package, only when something has to be made.
//!
//! Each audio gets its label (length, size, "computer voice") in every reader language.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::Cache;
use super::markup::size_text;
use super::{Made, MediaError};
use crate::config::Config;
use crate::content::{Site, Version};
use crate::diag::{Diagnostic, Diagnostics, Location, display_path};
use crate::fs::SiteFiles;
use crate::i18n::{Arg, I18n, strip_isolation};
use crate::lang::{Lang, PerLang};

/// The largest recording read (about 3 hours at 48 kbit/s).
const MAX_AUDIO_BYTES: u64 = 64 * 1024 * 1024;
/// opusenc's settings for speech: what the cache key says too.
const OPUS_BITRATE: &str = "16";

/// A page's audio.
/// A page's Opus file as the media stage publishes it (`/media/SLUG.LANG.KEY.opus`).
fn opus_file(
    slug: &str,
    code: &str,
    key: &str,
    bytes: u64,
    data: Option<Vec<u8>>,
    disk: Option<PathBuf>,
) -> Made {
    Made {
        url: crate::routes::audio_url(slug, code, key),
        width: 0,
        height: 0,
        bytes,
        disk,
        data,
    }
}

#[derive(Debug, Clone)]

pub struct Audio {
    pub(crate) file: Made,
    pub seconds: u64,
    /// Made by espeak-ng (not a person's recording).
    pub synthesized: bool,
    /// The language spoken.
    pub lang: String,
    /// The player's label in each reader language ("3 min 20 s, 1.2 MB").
    pub labels: PerLang<String>,
}

pub(crate) struct Loaded {
    pub pages: usize,
    pub synthesized: usize,
    pub files: Vec<(PathBuf, Made)>,
}

/// The recording candidates of a version: `content/a/b.ht.md` → `content/a/b.ht.opus`
/// (and `content/a/b.opus` for the default language).
fn recording_paths(v: &Version, config: &Config) -> Vec<PathBuf> {
    let name = v
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let base = match stem.rsplit_once('.') {
        Some((b, suffix)) if config.language_index(suffix).is_some() => b,
        _ => stem,
    };
    let code = config.code(v.lang);
    let mut out = vec![v.file.with_file_name(format!("{base}.{code}.opus"))];
    if v.lang == config.default_language {
        out.push(v.file.with_file_name(format!("{base}.opus")));
    }
    out
}

/// The length of an Ogg Opus file, in seconds; an error says why it is not one.
pub fn opus_seconds(bytes: &[u8]) -> Result<f64, String> {
    if bytes.len() < 47 || &bytes[..4] != b"OggS" || &bytes[28..36] != b"OpusHead" {
        return Err("it does not start with an Ogg page holding an OpusHead".into());
    }
    let pre_skip = u64::from(u16::from_le_bytes([bytes[38], bytes[39]]));
    // The last Ogg page's granule position: 48 kHz samples from the start.
    let last = memchr::memmem::rfind(bytes, b"OggS").unwrap_or(0);
    let g = bytes
        .get(last + 6..last + 14)
        .ok_or("its last Ogg page is cut short")?;
    let mut granule = [0u8; 8];
    granule.copy_from_slice(g);
    let granule = u64::from_le_bytes(granule);
    if granule == u64::MAX {
        return Err("its last Ogg page has no position".into());
    }
    Ok(granule.saturating_sub(pre_skip) as f64 / 48_000.0)
}

/// The text Listen reads, from a version's body HTML: the text of headings, paragraphs,
/// list items and table cells, one block a line, tags dropped and entities decoded.
pub fn listen_text(title: &str, html: &str) -> String {
    let mut out = String::from(title.trim());
    out.push_str(".\n");
    let mut rest = html;
    let mut skip = false;
    while let Some(lt) = rest.find('<') {
        if !skip {
            out.push_str(&decode(&rest[..lt]));
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = rest[lt + 1..gt.saturating_sub(1).max(lt + 1)].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(name.as_str(), "script" | "style" | "svg" | "nav" | "figure") {
            skip = !tag.starts_with('/');
        }
        if matches!(
            name.as_str(),
            "p" | "li"
                | "td"
                | "th"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "br"
                | "tr"
                | "dt"
                | "dd"
        ) && !out.ends_with('\n')
        {
            out.push('\n');
        }
        rest = &rest[gt.min(rest.len())..];
    }
    if !skip {
        out.push_str(&decode(rest));
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &after[..e]);
        let ch = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") | Some("#39") => Some('\''),
            Some("nbsp") => Some(' '),
            Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A program on the PATH.
fn program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn run(tool: &'static str, cmd: &mut Command) -> Result<(), MediaError> {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| MediaError::ToolFailed {
            tool,
            reason: e.to_string(),
        })?;
    if out.status.success() {
        Ok(())
    } else {
        let reason = String::from_utf8_lossy(&out.stderr)
            .trim()
            .chars()
            .take(300)
            .collect::<String>();
        Err(MediaError::ToolFailed {
            tool,
            reason: if reason.is_empty() {
                out.status.to_string()
            } else {
                reason
            },
        })
    }
}

/// Speaks `text` in the espeak-ng voice `voice`: the Opus file's bytes.
fn synthesize(
    text: &str,
    voice: &str,
    espeak: &Path,
    opusenc: &Path,
) -> Result<Vec<u8>, MediaError> {
    let work = tempfile::tempdir().map_err(|e| MediaError::ToolFailed {
        tool: "espeak-ng",
        reason: e.to_string(),
    })?;
    let txt = work.path().join("text.txt");
    let wav = work.path().join("speech.wav");
    let opus = work.path().join("speech.opus");
    std::fs::write(&txt, text).map_err(|e| MediaError::ToolFailed {
        tool: "espeak-ng",
        reason: e.to_string(),
    })?;
    run(
        "espeak-ng",
        Command::new(espeak)
            .args(["-v", voice, "-s", "150", "-w"])
            .arg(&wav)
            .arg("-f")
            .arg(&txt),
    )?;
    run(
        "opusenc",
        Command::new(opusenc)
            .args(["--quiet", "--bitrate", OPUS_BITRATE, "--serial", "1"])
            .arg(&wav)
            .arg(&opus),
    )?;
    std::fs::read(&opus).map_err(|e| MediaError::ToolFailed {
        tool: "opusenc",
        reason: e.to_string(),
    })
}

/// "3 min 20 s, 1.2 MB", and "computer voice" when synthesised, in each reader language.
fn labels(
    config: &Config,
    i18n: &I18n,
    seconds: u64,
    bytes: u64,
    synthesized: bool,
) -> PerLang<String> {
    config
        .langs()
        .map(|reader| {
            let f = |key: &str, args: &[(String, Arg)]| {
                i18n.format(reader, key, args)
                    .map(|t| strip_isolation(&t))
                    .unwrap_or_default()
            };
            let duration = f(
                "media-duration",
                &[
                    ("minutes".into(), Arg::Int((seconds / 60) as i64)),
                    ("seconds".into(), Arg::Int((seconds % 60) as i64)),
                ],
            );
            let key = if synthesized {
                "media-audio-synthesized"
            } else {
                "media-audio-recorded"
            };
            f(
                key,
                &[
                    ("duration".into(), Arg::Str(duration)),
                    ("size".into(), Arg::Str(size_text(i18n, reader, bytes))),
                ],
            )
        })
        .collect()
}

/// What a version needs: its recording, or speech to make.
enum Need {
    Recording(PathBuf, Location),
    Speech { text: String, code: String },
}

/// The audio file of one version, before its labels.
struct Got {
    file: Made,
    seconds: f64,
    synthesized: bool,
    /// The file it comes from (the recording, or the page for speech).
    source: PathBuf,
    /// Synthesised by this build (not from the cache).
    fresh: bool,
}

/// What every version needs: pages (not section indexes: their templates show no player) with
/// `audio:` in front matter, a recording beside them, or a language in `audio.synthesize`.
fn needs(
    files: &SiteFiles,
    site: &Site,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<(usize, Lang, Need)> {
    let mut needs = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        if page.is_section {
            continue;
        }
        for (lang, v) in page.versions.enumerate() {
            let Some(v) = v else { continue };
            if let Some(a) = &v.front.audio {
                let at = v.key_location("audio");
                match super::image_path(&v.file, a)
                    .filter(|p| p.starts_with(crate::content::CONTENT_DIR))
                {
                    Some(p) if files.is_file(&p) => needs.push((id, lang, Need::Recording(p, at))),
                    p => diags.error(
                        &MediaError::AudioMissing(
                            a.clone(),
                            p.map_or_else(|| a.clone(), |p| display_path(&p)),
                        ),
                        at,
                    ),
                }
                continue;
            }
            if let Some(p) = recording_paths(v, config)
                .into_iter()
                .find(|p| files.is_file(p))
            {
                let at = Location::file(&p);
                needs.push((id, lang, Need::Recording(p, at)));
                continue;
            }
            let code = config.code(lang);
            if config.media.synthesize.iter().any(|c| c == code) {
                let doc = match site.document(v) {
                    Ok(doc) => doc,
                    Err(e) => {
                        diags.error(&e, Location::file(&v.file));
                        continue;
                    }
                };
                let html = crate::render::body_html(site, v, &doc, lang);
                needs.push((
                    id,
                    lang,
                    Need::Speech {
                        text: listen_text(&v.front.title, &html),
                        code: code.to_string(),
                    },
                ));
            }
        }
    }
    needs
}

/// The cache key of speech: the text, the voice and the settings it is made with.
fn speech_key(text: &str, code: &str) -> String {
    Cache::key(&[
        &crate::assets::fast_hash(text.as_bytes()),
        code,
        "espeak-ng -s 150",
        OPUS_BITRATE,
    ])
}

/// espeak-ng and opusenc, looked for once and only when some speech is not in the cache:
/// `Ok(None)` when none is needed, `Err(())` (reported) when one is missing.
fn speech_tools(
    needs: &[(usize, Lang, Need)],
    cache: &Cache,
    config: &Config,
    diags: &mut Diagnostics,
) -> Result<Option<(PathBuf, PathBuf)>, ()> {
    let to_make = needs.iter().any(|(_, _, n)| match n {
        Need::Speech { text, code } => cache
            .get("audio", &speech_key(text, code), "opus")
            .is_none(),
        Need::Recording(..) => false,
    });
    if !to_make {
        return Ok(None);
    }
    let (tool, package) = match (program("espeak-ng"), program("opusenc")) {
        (Some(e), Some(o)) => return Ok(Some((e, o))),
        (None, _) => ("espeak-ng", "espeak-ng"),
        (_, None) => ("opusenc", "opus-tools"),
    };
    diags.error(
        &MediaError::ToolMissing { tool, package },
        config.at_key("synthesize"),
    );
    Err(())
}

/// The name of a page's audio files: its path, lowercase ASCII, at most 60 characters.
fn audio_slug(page_path: &str) -> String {
    let slug = if page_path.is_empty() {
        "home".to_string()
    } else {
        page_path.replace('/', "-")
    };
    slug.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(60)
        .collect()
}

/// A recording beside the page: read, measured, published under its content key.
fn recording(files: &SiteFiles, path: PathBuf, slug: &str, code: &str) -> Result<Got, MediaError> {
    let bytes = files
        .read(&path, MAX_AUDIO_BYTES)
        .map_err(|e| MediaError::BadAudio(display_path(&path), e.to_string()))?;
    let seconds = opus_seconds(&bytes).map_err(|e| MediaError::BadAudio(display_path(&path), e))?;
    let key = Cache::key(&[&crate::assets::fast_hash(&bytes), "recording"]);
    let disk = files.disk_path(&path);
    let file = opus_file(
        slug,
        code,
        &key,
        bytes.len() as u64,
        disk.is_none().then_some(bytes),
        disk,
    );
    Ok(Got {
        file,
        seconds,
        synthesized: false,
        source: path,
        fresh: false,
    })
}

/// Speech for `text` in `voice`: from the cache, or made now (and cached).
fn speech(
    cache: &Cache,
    tools: Option<&(PathBuf, PathBuf)>,
    text: &str,
    voice: &str,
    slug: &str,
    code: &str,
    source: PathBuf,
) -> Result<Got, MediaError> {
    let key = speech_key(text, voice);
    let (file, fresh) = match cache.get("audio", &key, "opus") {
        Some((disk, len)) => (opus_file(slug, code, &key, len, None, Some(disk)), false),
        None => {
            let Some((espeak, opusenc)) = tools else {
                return Err(MediaError::ToolMissing {
                    tool: "espeak-ng",
                    package: "espeak-ng",
                });
            };
            let bytes = synthesize(text, voice, espeak, opusenc)?;
            let disk = cache.put("audio", &key, "opus", &bytes);
            let len = bytes.len() as u64;
            (
                opus_file(slug, code, &key, len, disk.is_none().then_some(bytes), disk),
                true,
            )
        }
    };
    let seconds = match (&file.disk, &file.data) {
        (_, Some(b)) => opus_seconds(b),
        (Some(d), None) => std::fs::read(d)
            .map_err(|e| e.to_string())
            .and_then(|b| opus_seconds(&b)),
        (None, None) => Ok(0.0),
    }
    .map_err(|e| MediaError::ToolFailed {
        tool: "opusenc",
        reason: e,
    })?;
    Ok(Got {
        file,
        seconds,
        synthesized: true,
        source,
        fresh,
    })
}

/// Gives every version its audio.
pub(crate) fn load(
    files: &SiteFiles,
    site: &mut Site,
    i18n: &I18n,
    cache: &Cache,
    diags: &mut Diagnostics,
) -> Loaded {
    let config = site.config.clone();
    let mut out = Loaded {
        pages: 0,
        synthesized: 0,
        files: Vec::new(),
    };
    let needs = needs(files, site, &config, diags);
    let Ok(tools) = speech_tools(&needs, cache, &config, diags) else {
        return out;
    };
    let made: Vec<(usize, Lang, Result<Got, Diagnostic>)> = needs
        .into_par_iter()
        .map(|(id, lang, need)| {
            let slug = audio_slug(&site.pages[id].path);
            let code = config.code(lang);
            let got = match need {
                Need::Recording(path, at) => {
                    recording(files, path, &slug, code).map_err(|e| Diagnostic::error(&e, at))
                }
                Need::Speech { text, code: voice } => {
                    let source = site.pages[id].versions[lang]
                        .as_ref()
                        .map(|v| v.file.clone())
                        .unwrap_or_default();
                    speech(cache, tools.as_ref(), &text, &voice, &slug, code, source)
                        .map_err(|e| Diagnostic::error(&e, config.at_key("synthesize")))
                }
            };
            (id, lang, got)
        })
        .collect();
    for (id, lang, got) in made {
        let got = match got {
            Ok(got) => got,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let secs = got.seconds.round() as u64;
        let audio = Audio {
            labels: labels(&config, i18n, secs, got.file.bytes, got.synthesized),
            file: got.file,
            seconds: secs,
            synthesized: got.synthesized,
            lang: config.code(lang).to_string(),
        };
        out.pages += 1;
        out.synthesized += usize::from(got.fresh);
        out.files.push((got.source, audio.file.clone()));
        if let Some(v) = site.pages[id].versions[lang].as_mut() {
            v.audio = Some(Arc::new(audio));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_text_is_the_blocks_of_the_page() {
        let t = listen_text(
            "Asile",
            "<h2 id=\"a\">Qui&nbsp;?</h2>\n<p>Un <a href=\"/x/\">lien</a> &amp; du texte.</p><ul><li>un</li><li>deux</li></ul><script>x</script>",
        );
        assert_eq!(t, "Asile.\nQui ?\nUn lien & du texte.\nun\ndeux");
    }

    #[test]
    fn opus_length_comes_from_the_last_page() {
        let mut b = vec![0u8; 60];
        b[..4].copy_from_slice(b"OggS");
        b[28..36].copy_from_slice(b"OpusHead");
        b[38..40].copy_from_slice(&312u16.to_le_bytes());
        let mut last = b"OggS\0\0".to_vec();
        last.extend_from_slice(&(48_000u64 * 3 + 312).to_le_bytes());
        last.extend_from_slice(&[0; 20]);
        b.extend(last);
        assert_eq!(opus_seconds(&b), Ok(3.0));
        assert!(opus_seconds(b"RIFF....").is_err());
    }
}
