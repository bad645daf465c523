//! The HTML of an image in a page, for one reader language:
//! - a `<picture>`: WebP files in `srcset` with `sizes` for the theme's column, the JPEG or
//!   PNG fallback in `<img>` with `width`/`height` (no layout shift), `loading="lazy"`,
//!   `decoding="async"`;
//! - over `images.tap_to_load_kb` (the bytes a 360 px screen would download), inside a closed
//!   `<details>` whose summary says "Show image (34 KB)" in the reader's language. The
//!   `<picture>` is in a `<template>` (inert: a browser fetches nothing in it) that the theme's
//!   script puts in place when the reader opens the `<details>`; without JavaScript, or before
//!   the script has arrived on a slow network, the open `<details>` holds a link to the 360 px
//!   file ("Open the image"). Either way nothing is downloaded until the reader taps. (A lazy
//!   image would not do: with JavaScript off the HTML standard turns lazy loading off and the
//!   browser fetches it at once.) An image in the middle of a sentence cannot hold a
//!   `<details>`: it becomes a link to the image with the same words;
//! - on a kiosk (local files, a big screen): the widest file, shown at once; in a ZIM file
//!   (which packs what `src` names, and runs no script of senda's): the fallback alone, shown
//!   at once.
//!
//! Addresses are site-absolute (`/media/…`); the render stage makes them relative.

use super::{Image, Made};
use crate::config::Config;
use crate::html::escape;
use crate::i18n::{Arg, I18n, strip_isolation};
use crate::lang::Lang;
use crate::markdown::ImageRef;
use crate::options::Edition;

/// The theme's text column: 42rem wide with 1rem padding on each side; the whole screen
/// less the padding on phones.
const SIZES: &str = "(min-width: 42rem) 40rem, calc(100vw - 2rem)";

pub(crate) struct Ctx<'a> {
    pub config: &'a Config,
    pub i18n: &'a I18n,
    pub edition: Edition,
}

/// A size in the reader's language: "34 KB", "1,2 Mo".
pub(crate) fn size_text(i18n: &I18n, lang: Lang, bytes: u64) -> String {
    let text = if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        i18n.format(
            lang,
            "media-size-mb",
            &[
                ("whole".into(), Arg::Int((tenths / 10) as i64)),
                ("tenths".into(), Arg::Int((tenths % 10) as i64)),
            ],
        )
    } else {
        i18n.format(
            lang,
            "media-size-kb",
            &[("kb".into(), Arg::Int(bytes.div_ceil(1024).max(1) as i64))],
        )
    };
    text.map(|t| strip_isolation(&t))
        .unwrap_or_else(|_| format!("{} KB", bytes.div_ceil(1024)))
}

/// A UI string, or `default` (English) when the site's locales lack it: a control is never
/// left without words.
fn text(i18n: &I18n, lang: Lang, key: &str, args: &[(String, Arg)], default: &str) -> String {
    i18n.format(lang, key, args)
        .map(|t| strip_isolation(&t))
        .unwrap_or_else(|_| default.to_string())
}

fn srcset(list: &[Made]) -> String {
    list.iter()
        .map(|m| format!("{} {}w", escape(&m.url), m.width))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dims(m: &Made) -> String {
    if m.width > 0 && m.height > 0 {
        format!(" width=\"{}\" height=\"{}\"", m.width, m.height)
    } else {
        String::new()
    }
}

/// The `<picture>` (or `<img>` for SVG) itself.
fn picture(image: &Image, alt: &str, title: &str, kiosk: bool, zim: bool) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let lazy = if kiosk { "" } else { " loading=\"lazy\"" };
    match image {
        // A ZIM file packs what `src` names (not `srcset`): the fallback alone.
        Image::Raster { fallback, .. } if zim => format!(
            "<img src=\"{}\"{} alt=\"{}\"{title}{lazy} decoding=\"async\">",
            escape(&fallback.url),
            dims(fallback),
            escape(alt),
        ),
        Image::Raster { webp, fallback } => {
            let sources = if kiosk {
                srcset(&webp[webp.len().saturating_sub(1)..])
            } else {
                srcset(webp)
            };
            let sizes = if kiosk {
                String::new()
            } else {
                format!(" sizes=\"{SIZES}\"")
            };
            format!(
                "<picture><source type=\"image/webp\" srcset=\"{sources}\"{sizes}><img src=\"{}\"{} alt=\"{}\"{title}{lazy} decoding=\"async\"></picture>",
                escape(&fallback.url),
                dims(fallback),
                escape(alt),
            )
        }
        Image::Svg(m) => format!(
            "<img src=\"{}\"{} alt=\"{}\"{title}{lazy} decoding=\"async\">",
            escape(&m.url),
            dims(m),
            escape(alt),
        ),
    }
}

/// The HTML of `r` (an image of a page written in `content_lang`) for a reader of `reader`.
pub(crate) fn image(
    ctx: &Ctx,
    image: &Image,
    r: &ImageRef,
    reader: Lang,
    content_lang: Lang,
) -> String {
    let kiosk = ctx.edition == Edition::Kiosk;
    let pic = picture(image, &r.alt, &r.title, kiosk, ctx.edition == Edition::Zim);
    let at_360 = image.at_360();
    let tap = ctx.edition == Edition::Web && at_360.bytes > ctx.config.media.tap_to_load_bytes;
    let caption = if r.title.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", escape(&r.title))
    };
    // The reader's words inside a page shown in another language say which language they are.
    let lang_attr = if reader == content_lang {
        String::new()
    } else {
        let l = ctx.config.language(reader);
        format!(" lang=\"{}\" dir=\"{}\"", escape(&l.code), l.dir.as_str())
    };
    let size = size_text(ctx.i18n, reader, at_360.bytes);
    let show = text(
        ctx.i18n,
        reader,
        "media-show-image",
        &[("size".into(), Arg::Str(size.clone()))],
        &format!("Show image ({size})"),
    );
    match (r.block, tap) {
        (true, false) => format!("<figure class=\"media\">{pic}{caption}</figure>"),
        (true, true) => format!(
            "<figure class=\"media\"><details class=\"tap\"><summary><span{lang_attr}>{}</span> <span class=\"alt\">{}</span></summary><template>{pic}</template><a class=\"tap-open\" href=\"{}\"{lang_attr}>{}</a></details>{caption}</figure>",
            escape(&show),
            escape(&r.alt),
            escape(&at_360.url),
            escape(&text(
                ctx.i18n,
                reader,
                "media-open-image",
                &[],
                "Open the image"
            )),
        ),
        (false, false) => pic,
        (false, true) => format!(
            "<a class=\"tap\" href=\"{}\"><span{lang_attr}>{}</span>: {}</a>",
            escape(&at_360.url),
            escape(&show),
            escape(&r.alt),
        ),
    }
}
