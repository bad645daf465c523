//! One image file → the files a page shows. Raster images (PNG, JPEG, WebP, GIF):
//! 1. the size is read from the header (and JPEG's orientation), before any pixel is decoded:
//!    over `MAX_MEGAPIXELS` is an error, and decoding is bounded by the same limit;
//! 2. animations (APNG, animated GIF or WebP) are refused;
//! 3. the widths to make: each of `images.widths` narrower than the image, and the image's own
//!    width when it is narrower than the widest of them (an image is never made larger);
//! 4. every file's key (source bytes + width + format + quality) is looked up in the cache;
//!    only when one is missing is the image decoded, turned upright, resized
//!    (`fast_image_resize`, Lanczos 3) and encoded: lossy WebP (libwebp, through `webp`), and
//!    one fallback no wider than 720 px, JPEG for photos and PNG for the rest.
//!
//! Re-encoding drops every piece of metadata (EXIF, GPS positions, camera serial numbers).
//! SVG files are checked by `svg` and published as they are.

use std::io::Cursor;
use std::path::Path;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::cache::Cache;
use super::{Image, Made, MediaConfig, MediaError};
use crate::diag::{Location, display_path};
use crate::fs::SiteFiles;

/// The largest image accepted, in megapixels (a 40 MP photo decodes to 160 MB).
pub const MAX_MEGAPIXELS: u32 = 40;
/// The largest image file read.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The widest fallback: browsers without WebP are old phones.
const FALLBACK_MAX: u32 = 720;

/// Why it failed, and where in its file.
type Failed = (MediaError, Option<Location>);

/// `flow chart.PNG` → `flow-chart`: a safe start for the file's name in the output.
fn stem(path: &Path) -> String {
    let raw = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut out = String::new();
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "image".into() } else { out }
}

/// The widths made of an image `width` pixels wide.
pub fn widths(width: u32, wanted: &[u32]) -> Vec<u32> {
    let widest = wanted.iter().copied().max().unwrap_or(width);
    let mut out: Vec<u32> = wanted.iter().copied().filter(|&w| w < width).collect();
    let own = width.min(widest);
    if !out.contains(&own) {
        out.push(own);
    }
    out.sort_unstable();
    out
}

fn height_for(width: u32, src_w: u32, src_h: u32) -> u32 {
    let h = (u64::from(width) * u64::from(src_h) + u64::from(src_w) / 2) / u64::from(src_w.max(1));
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// One file to make: its width, format and key.
struct Want {
    width: u32,
    height: u32,
    ext: &'static str,
    key: String,
}

/// Makes the files of the image at `path`: (the image, files encoded now, files from the
/// cache).
// The error is a pair made once per failed image, never in a loop: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub(crate) fn make(
    files: &SiteFiles,
    path: &Path,
    config: &MediaConfig,
    cache: &Cache,
) -> Result<(Image, usize, usize), Failed> {
    let shown = display_path(path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "svg" {
        return super::svg::make(files, path, cache).map(|m| (Image::Svg(m), 0, 0));
    }
    let corrupt = |e: String| (MediaError::Corrupt(shown.clone(), e), None);
    let bytes = files
        .read(path, MAX_FILE_BYTES)
        .map_err(|e| corrupt(e.to_string()))?;
    let (format, decoder) = decoder(&bytes, &shown)?;
    let (raw_w, raw_h) = decoder.dimensions();
    check_size(raw_w, raw_h, &shown)?;
    if animated(format, &bytes).map_err(|e| corrupt(e.to_string()))? {
        return Err((MediaError::Animated(shown), None));
    }
    let mut decoder = decoder;
    let orientation = decoder.orientation().map_err(|e| corrupt(e.to_string()))?;
    let (w, h) = if turned(orientation) {
        (raw_h, raw_w)
    } else {
        (raw_w, raw_h)
    };
    let wants = wants(&bytes, format, (w, h), config);
    let name = stem(path);
    let mut made: Vec<Option<Made>> = wants
        .iter()
        .map(|wt| {
            cache
                .get("images", &wt.key, wt.ext)
                .map(|(disk, len)| made_file(&name, wt, len, Some(disk), None))
        })
        .collect();
    let cached = made.iter().filter(|m| m.is_some()).count();
    let mut encoded = 0;
    if cached < wants.len() {
        let mut img = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(e.to_string()))?;
        img.apply_orientation(orientation);
        encoded = encode_missing(img, &wants, &mut made, &name, config, cache)
            .map_err(|e| (MediaError::Encode(shown.clone(), e), None))?;
    }
    let mut made: Vec<Made> = made.into_iter().flatten().collect();
    let Some(fallback) = made.pop() else {
        return Err((MediaError::Encode(shown, "nothing was made".into()), None));
    };
    Ok((
        Image::Raster {
            webp: made,
            fallback,
        },
        encoded,
        cached,
    ))
}

/// Resizes and encodes the files not found in the cache (their slots in `made` are empty),
/// caching each; returns how many were encoded. Takes the upright image.
fn encode_missing(
    img: DynamicImage,
    wants: &[Want],
    made: &mut [Option<Made>],
    name: &str,
    config: &MediaConfig,
    cache: &Cache,
) -> Result<usize, String> {
    let alpha = img.color().has_alpha();
    let (pixels, kind) = if alpha {
        (img.to_rgba8().into_raw(), fr::PixelType::U8x4)
    } else {
        (img.to_rgb8().into_raw(), fr::PixelType::U8x3)
    };
    let (w, h) = (img.width(), img.height());
    // The decoded image goes before encoding: a 40 MP image is 160 MB in each form.
    drop(img);
    let src = fr::images::Image::from_vec_u8(w, h, pixels, kind).map_err(|e| e.to_string())?;
    let mut encoded = 0;
    for (slot, wt) in made.iter_mut().zip(wants) {
        if slot.is_some() {
            continue;
        }
        let data = encode(&src, wt, alpha, config.quality)?;
        encoded += 1;
        let disk = cache.put("images", &wt.key, wt.ext, &data);
        let len = data.len() as u64;
        let data = disk.is_none().then_some(data);
        *slot = Some(made_file(name, wt, len, disk, data));
    }
    Ok(encoded)
}

/// A decoder for a PNG, JPEG, WebP or GIF, its decoding bounded by `MAX_MEGAPIXELS`.
#[allow(clippy::result_large_err)]
fn decoder<'a>(
    bytes: &'a [u8],
    shown: &str,
) -> Result<(ImageFormat, impl ImageDecoder + 'a), Failed> {
    let corrupt = |e: String| (MediaError::Corrupt(shown.to_string(), e), None);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| corrupt(e.to_string()))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif)) => {
            f
        }
        _ => return Err((MediaError::UnknownFormat(shown.to_string()), None)),
    };
    let max_pixels = u64::from(MAX_MEGAPIXELS) * 1_000_000;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(100_000);
    limits.max_image_height = Some(100_000);
    limits.max_alloc = Some(max_pixels * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => (too_large(shown, 0, 0), None),
        e => corrupt(e.to_string()),
    })?;
    Ok((format, decoder))
}

fn too_large(shown: &str, width: u32, height: u32) -> MediaError {
    MediaError::TooLarge {
        file: shown.to_string(),
        width,
        height,
        mp: (u64::from(width) * u64::from(height)) as f64 / 1e6,
        limit: MAX_MEGAPIXELS,
    }
}

/// Over `MAX_MEGAPIXELS`, or with no pixels at all: an error, before any pixel is decoded.
#[allow(clippy::result_large_err)]
fn check_size(width: u32, height: u32, shown: &str) -> Result<(), Failed> {
    if u64::from(width) * u64::from(height) > u64::from(MAX_MEGAPIXELS) * 1_000_000 {
        return Err((too_large(shown, width, height), None));
    }
    if width == 0 || height == 0 {
        let e = MediaError::Corrupt(shown.to_string(), "it has no pixels".into());
        return Err((e, None));
    }
    Ok(())
}

/// The orientation turns the image a quarter: width and height swap.
fn turned(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation as O;
    matches!(
        orientation,
        O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH
    )
}

/// The files to make of an upright image `w` × `h`: a WebP per width, then the fallback
/// (JPEG for a JPEG, PNG for the rest) no wider than `FALLBACK_MAX`. Keys: source bytes,
/// format, width, quality.
fn wants(bytes: &[u8], format: ImageFormat, (w, h): (u32, u32), config: &MediaConfig) -> Vec<Want> {
    let source = crate::assets::fast_hash(bytes);
    let q = config.quality.to_string();
    let fallback_ext = if format == ImageFormat::Jpeg {
        "jpg"
    } else {
        "png"
    };
    let sizes = widths(w.min(super::MAX_WIDTH), &config.widths);
    let fallback_w = sizes
        .iter()
        .copied()
        .filter(|&x| x <= FALLBACK_MAX)
        .max()
        .unwrap_or(sizes[0]);
    let want = |width: u32, ext: &'static str| {
        let ws = width.to_string();
        Want {
            width,
            height: height_for(width, w, h),
            ext,
            key: Cache::key(&[&source, ext, &ws, &q]),
        }
    };
    let mut wants: Vec<Want> = sizes.iter().map(|&x| want(x, "webp")).collect();
    wants.push(want(fallback_w, fallback_ext));
    wants
}

fn made_file(
    name: &str,
    wt: &Want,
    bytes: u64,
    disk: Option<std::path::PathBuf>,
    data: Option<Vec<u8>>,
) -> Made {
    Made {
        url: url(name, wt),
        width: wt.width,
        height: wt.height,
        bytes,
        disk,
        data,
    }
}

fn url(name: &str, wt: &Want) -> String {
    crate::routes::image_url(name, wt.width, &wt.key, wt.ext)
}

/// An APNG, or a GIF or WebP with more than one frame.
fn animated(format: ImageFormat, bytes: &[u8]) -> image::ImageResult<bool> {
    use image::AnimationDecoder as _;
    Ok(match format {
        ImageFormat::Png => image::codecs::png::PngDecoder::new(Cursor::new(bytes))?.is_apng()?,
        ImageFormat::WebP => {
            image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))?.has_animation()
        }
        ImageFormat::Gif => {
            image::codecs::gif::GifDecoder::new(Cursor::new(bytes))?
                .into_frames()
                .take(2)
                .count()
                > 1
        }
        _ => false,
    })
}

/// Resizes `src` to `wt` and encodes it.
fn encode(src: &fr::images::Image, wt: &Want, alpha: bool, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (wt.width, wt.height);
    let pixels = if (w, h) == (src.width(), src.height()) {
        src.buffer().to_vec()
    } else {
        let mut dst = fr::images::Image::new(w, h, src.pixel_type());
        let opts = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        fr::Resizer::new()
            .resize(src, &mut dst, &opts)
            .map_err(|e| e.to_string())?;
        dst.into_vec()
    };
    let mut out = Vec::new();
    match wt.ext {
        "webp" => {
            let enc = if alpha {
                webp::Encoder::from_rgba(&pixels, w, h)
            } else {
                webp::Encoder::from_rgb(&pixels, w, h)
            };
            let mem = enc
                .encode_simple(false, f32::from(quality))
                .map_err(|e| format!("{e:?}"))?;
            out.extend_from_slice(&mem);
        }
        "jpg" => {
            use image::ImageEncoder as _;
            let rgb: Vec<u8> = if alpha {
                pixels
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect()
            } else {
                pixels
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.max(1))
                .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
        }
        _ => {
            use image::ImageEncoder as _;
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(&pixels, w, h, color)
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_larger_than_the_image() {
        assert_eq!(widths(2000, &[360, 720, 1080]), [360, 720, 1080]);
        assert_eq!(widths(800, &[360, 720, 1080]), [360, 720, 800]);
        assert_eq!(widths(300, &[360, 720, 1080]), [300]);
        assert_eq!(widths(720, &[360, 720, 1080]), [360, 720]);
        assert_eq!(height_for(360, 1000, 500), 180);
        assert_eq!(stem(Path::new("content/a/Flow Chart.PNG")), "flow-chart");
        assert_eq!(stem(Path::new("content/a/¿¿.png")), "image");
    }
}
