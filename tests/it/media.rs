//! Images and audio (issue 17): the files made (their widths and heights, decoded back), the
//! `<picture>` markup, the tap-to-load `<details>`, the cache (a second build encodes
//! nothing), every refused image as an error at its file and line with the previous site
//! untouched, recordings and synthesised speech, `check`'s image weights, "Save for offline",
//! and in Chromium (tests/browser/media.mjs): nothing fetched before the tap or the press of
//! Listen.

use std::path::Path;

use scraper::Html;

use crate::common::*;

/// A picture with detail in it (noise, so it does not compress to nothing), as PNG bytes.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 12345;
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        };
        image::Rgb([
            (x * 255 / width.max(1)) as u8 ^ next(),
            (y * 255 / height.max(1)) as u8 ^ next(),
            next(),
        ])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A flat picture (compresses well: under the tap threshold).
fn small_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([11, 110, 79]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    }));
    let mut out = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut out),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    out
}

/// A PNG whose header says `width`×`height`, with almost no pixel data: refusing it must not
/// need decoding it.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A two-frame GIF.
fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut out);
        for c in [0u8, 255] {
            let frame = image::Frame::new(image::RgbaImage::from_pixel(
                8,
                8,
                image::Rgba([c, 0, 0, 255]),
            ));
            enc.encode_frame(frame).unwrap();
        }
    }
    out
}

/// A tiny Ogg Opus file as far as its headers go: 3 s long (48 kHz granule on its last page).
fn opus_headers(seconds: u64) -> Vec<u8> {
    let mut b = vec![0u8; 60];
    b[..4].copy_from_slice(b"OggS");
    b[28..36].copy_from_slice(b"OpusHead");
    b[38..40].copy_from_slice(&312u16.to_le_bytes());
    let mut last = b"OggS\0\0".to_vec();
    last.extend_from_slice(&(48_000 * seconds + 312).to_le_bytes());
    last.extend_from_slice(&[0; 20]);
    b.extend(last);
    b
}

const GUIDE: &str = "---\ntitle: Guía\ndescription: Una guía con imágenes.\n---\nTexto antes.\n\n![Mapa de la ruta](map.png \"El mapa\")\n\n![Un icono](icon.png)\n\nUna foto ![Foto de la oficina](/images/office.jpg) en una frase.\n\n![Diagrama de pasos](flow.svg)\n";
const GUIDE_EN: &str = "---\ntitle: Guide\ndescription: A guide with pictures.\n---\nText first.\n\n![Map of the route](map.png)\n";
const FLOW_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"200\" viewBox=\"0 0 360 200\"><title>Pasos</title><rect x=\"10\" y=\"10\" width=\"100\" height=\"50\" fill=\"#eee\"/><text x=\"20\" y=\"40\">Paso 1</text></svg>\n";

/// The basic fixture with a page folder of images (`content/guide/`) and a photo in static/.
fn site_with_images() -> Site {
    let site = Site::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}images: {{ tap_to_load_kb: 10 }}\n"),
    );
    site.write("content/guide/index.md", GUIDE);
    site.write("content/guide/index.en.md", GUIDE_EN);
    write_bytes(&site, "content/guide/map.png", &png(1600, 1000));
    write_bytes(&site, "content/guide/icon.png", &small_png(200, 100));
    write_bytes(&site, "static/images/office.jpg", &jpeg(800, 600));
    site.write("content/guide/flow.svg", FLOW_SVG);
    site
}

fn decode(path: &Path) -> image::DynamicImage {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (address, width) of each entry of a srcset.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|item| {
            let (url, w) = item.split_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The output file an address in `page` (relative to it) names.
fn file_of(site: &Site, page: &str, url: &str) -> std::path::PathBuf {
    let dir = Path::new(page).parent().unwrap();
    let mut p = site.public().join(dir);
    for seg in url.split('/') {
        match seg {
            ".." => {
                p.pop();
            }
            "." | "" => {}
            s => p.push(s),
        }
    }
    p
}

fn build_summary(out: &std::process::Output) -> String {
    stderr(out)
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn pictures_are_resized_encoded_and_marked_up() {
    let site = site_with_images();
    let out = site.build();
    let summary = build_summary(&out);
    assert!(summary.contains("4 image(s)"), "{summary}");
    let page = "es/guide/index.html";
    let doc = site.html(page);

    // The large map: behind "Show image (… KB)", a <picture> with WebP at 360, 720, 1080.
    let details = doc
        .select(&sel("figure.media details.tap"))
        .next()
        .unwrap_or_else(|| {
            panic!(
                "a tap-to-load image in {}",
                doc.root_element()
                    .select(&sel(".content"))
                    .next()
                    .map(|c| c.html())
                    .unwrap_or_default()
            )
        });
    assert!(
        details.value().attr("open").is_none(),
        "closed until tapped"
    );
    let summary_text = text(&Html::parse_fragment(&details.html()), "summary");
    assert!(
        summary_text.starts_with("Ver la imagen (") && summary_text.contains(" KB)"),
        "{summary_text}"
    );
    assert!(summary_text.contains("Mapa de la ruta"), "{summary_text}");
    let frag = Html::parse_fragment(&details.html());
    // The picture waits in an inert <template> (the theme's script puts it in place on the
    // tap); in its place, a link to the 360 px file serves readers without JavaScript.
    let template = frag
        .select(&sel("details.tap > template"))
        .next()
        .expect("the picture waits in a template");
    assert!(template.html().contains("<picture>"), "{}", details.html());
    // Template contents are not part of the page (scraper, like a browser, keeps them in a
    // fragment of their own): the picture is not inside the <details> until a script puts it.
    assert_eq!(frag.select(&sel("details.tap picture")).count(), 0);
    assert_eq!(frag.select(&sel("picture")).count(), 1);
    let open = frag
        .select(&sel("details.tap > a.tap-open"))
        .next()
        .expect("a link to the image for readers without JavaScript");
    assert_eq!(open.text().collect::<String>(), "Abrir la imagen");
    let source = frag
        .select(&sel("picture > source[type=\"image/webp\"]"))
        .next()
        .unwrap();
    let set = srcset(source.value().attr("srcset").unwrap());
    assert_eq!(
        open.value().attr("href"),
        Some(set[0].0.as_str()),
        "the link opens the file made for 360 px"
    );
    assert_eq!(
        set.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [360, 720, 1080]
    );
    assert!(source.value().attr("sizes").unwrap().contains("100vw"));
    for (url, w) in &set {
        assert!(url.ends_with(".webp"), "{url}");
        let file = file_of(&site, page, url);
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(&bytes[..4], b"RIFF", "{url}");
        assert_eq!(&bytes[8..15], b"WEBPVP8", "{url}: lossy WebP");
        assert_ne!(bytes[15], b'L', "{url}: lossy (VP8), not lossless (VP8L)");
        let img = decode(&file);
        assert_eq!((img.width(), img.height()), (*w, w * 1000 / 1600), "{url}");
    }
    let img = frag.select(&sel("picture > img")).next().unwrap().value();
    assert_eq!(img.attr("alt"), Some("Mapa de la ruta"));
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("720"), Some("450"))
    );
    let fallback = file_of(&site, page, img.attr("src").unwrap());
    assert!(fallback.to_string_lossy().ends_with(".png"));
    let f = decode(&fallback);
    assert_eq!((f.width(), f.height()), (720, 450));
    assert_eq!(text(&doc, "figure.media figcaption"), "El mapa");

    // The small icon: shown at once (lazy), one width (never larger than the original).
    let pictures = doc
        .select(&sel(".content figure.media > picture"))
        .collect::<Vec<_>>();
    assert_eq!(pictures.len(), 1, "the icon is not behind a tap");
    let icon = Html::parse_fragment(&pictures[0].html());
    let set = srcset(&attr(&icon, "source", "srcset").unwrap());
    assert_eq!(set.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [200]);
    assert_eq!(attr(&icon, "img", "loading").as_deref(), Some("lazy"));

    // The photo from static/, in the middle of a sentence: a link with the same words (the
    // photo is 800 × 600 with detail: over 20 KB at 360 px?), or an inline picture.
    let inline = doc
        .select(&sel(".content p a.tap, .content p picture"))
        .next()
        .expect("the inline photo");
    let photo_file = match inline.value().name() {
        "a" => file_of(&site, page, inline.value().attr("href").unwrap()),
        _ => {
            let f = Html::parse_fragment(&inline.html());
            file_of(
                &site,
                page,
                &srcset(&attr(&f, "source", "srcset").unwrap())[0].0,
            )
        }
    };
    let photo = decode(&photo_file);
    assert_eq!((photo.width(), photo.height()), (360, 270));
    // Its fallback is a JPEG.
    let jpg = walkdir::WalkDir::new(site.public().join("media"))
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name().to_string_lossy().starts_with("office-720.")
                && e.file_name().to_string_lossy().ends_with(".jpg")
        });
    assert!(jpg, "office-720.HASH.jpg");

    // The SVG: published as it is, with its size.
    let svg = doc
        .select(&sel(".content img[src$=\".svg\"]"))
        .next()
        .expect("the SVG")
        .value();
    assert_eq!(
        (svg.attr("width"), svg.attr("height")),
        (Some("360"), Some("200"))
    );
    assert_eq!(
        std::fs::read_to_string(file_of(&site, page, svg.attr("src").unwrap())).unwrap(),
        FLOW_SVG
    );

    // The English reader of the English page gets English words.
    let en = site.html("en/guide/index.html");
    assert!(text(&en, "details.tap summary").starts_with("Show image ("));
    // A French reader sees the Spanish page (fallback), with the button in French.
    let fr = site.html("fr/guide/index.html");
    let s = fr
        .select(&sel("details.tap summary > span"))
        .next()
        .unwrap();
    assert_eq!(s.value().attr("lang"), Some("fr"));
    assert!(
        text(&fr, "details.tap summary").starts_with("Afficher l’image ("),
        "{}",
        text(&fr, "details.tap summary")
    );
    // The source images beside the page are not published as they are.
    assert!(!site.public().join("es/guide/map.png").exists());

    // Kiosk: no tap, the widest file.
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let k = read_kiosk(&site, "es/guide/index.html");
    assert!(k.select(&sel("details.tap")).next().is_none());
    let set = srcset(&attr(&k, "figure.media picture source", "srcset").unwrap());
    assert_eq!(set.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [1080]);
    assert_eq!(attr(&k, "figure.media picture img", "loading"), None);
}

#[test]
fn a_second_build_encodes_nothing_and_the_output_is_the_same() {
    let site = site_with_images();
    let first = site.build();
    let s1 = build_summary(&first);
    assert!(
        s1.contains("4 image(s), 10 file(s) encoded, 0 from the cache"),
        "{s1}"
    );
    let before = snapshot(&site.public());
    assert!(site.root().join(".senda-cache/images").is_dir());
    let second = site.build();
    let s2 = build_summary(&second);
    assert!(
        s2.contains("4 image(s), 0 file(s) encoded, 10 from the cache"),
        "{s2}"
    );
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the same bytes from the cache"
    );
    // A changed image is the only one made again; the cache is never inside the output.
    write_bytes(&site, "content/guide/icon.png", &small_png(210, 100));
    let third = build_summary(&site.build());
    assert!(
        third.contains("2 file(s) encoded, 8 from the cache"),
        "{third}"
    );
    assert!(!site.public().join(".senda-cache").exists());
    // --output may not be the cache.
    let out = site.run(&[
        "build",
        "--output",
        site.root().join(".senda-cache").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A site built with no cache (deleted) gives the same bytes again.
    std::fs::remove_dir_all(site.root().join(".senda-cache")).unwrap();
    write_bytes(&site, "content/guide/icon.png", &small_png(200, 100));
    site.build();
    assert_eq!(snapshot(&site.public()), before);
}

#[test]
fn an_image_without_alt_text_is_an_error_at_its_line() {
    let msg = fails_cleanly(
        |s| {
            write_bytes(s, "content/rights/map.png", &small_png(50, 50));
            s.write(
                "content/rights/detention.md",
                "---\ntitle: Detención\n---\nTexto.\n\n![](map.png)\n",
            );
        },
        "image-alt",
        "content/rights/detention.md",
        Some(6),
    );
    assert!(msg.contains("map.png"), "{msg}");
}

fn page_with(s: &Site, image: &str) {
    s.write(
        "content/rights/detention.md",
        &format!("---\ntitle: Detención\n---\nTexto.\n\n![Una imagen]({image})\n"),
    );
}

#[test]
fn a_corrupt_png_is_an_error_at_the_line_that_shows_it() {
    let msg = fails_cleanly(
        |s| {
            let mut bytes = png(64, 64);
            bytes.truncate(bytes.len() / 2);
            bytes[40] ^= 0xff;
            write_bytes(s, "content/rights/broken.png", &bytes);
            page_with(s, "broken.png");
        },
        "bad-image",
        "content/rights/detention.md",
        Some(6),
    );
    assert!(msg.contains("content/rights/broken.png"), "{msg}");
}

#[test]
fn an_svg_with_a_script_is_an_error_at_the_script() {
    let msg = fails_cleanly(
        |s| {
            s.write(
                "content/rights/evil.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"5\" height=\"5\"/>\n<script>alert(1)</script>\n</svg>\n",
            );
            page_with(s, "evil.svg");
        },
        "unsafe-svg",
        "content/rights/evil.svg",
        Some(3),
    );
    assert!(msg.contains("script"), "{msg}");
    for (name, svg) in [
        (
            "onload.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>",
        ),
        (
            "fo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>",
        ),
        (
            "ext.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/a.png\"/></svg>",
        ),
    ] {
        fails_cleanly(
            |s| {
                s.write(&format!("content/rights/{name}"), svg);
                page_with(s, name);
            },
            "unsafe-svg",
            &format!("content/rights/{name}"),
            Some(1),
        );
    }
}

#[test]
fn a_100_megapixel_png_is_refused_from_its_header() {
    let start = std::time::Instant::now();
    let msg = fails_cleanly(
        |s| {
            write_bytes(
                s,
                "content/rights/huge.png",
                &png_header_only(10_000, 10_000),
            );
            page_with(s, "huge.png");
        },
        "image-too-large",
        "content/rights/detention.md",
        Some(6),
    );
    assert!(
        msg.contains("10000×10000") && msg.contains("100 megapixels"),
        "{msg}"
    );
    assert!(start.elapsed().as_secs() < 60);
}

#[test]
fn animated_and_missing_images_are_errors() {
    fails_cleanly(
        |s| {
            write_bytes(s, "content/rights/anim.gif", &animated_gif());
            page_with(s, "anim.gif");
        },
        "image-animated",
        "content/rights/detention.md",
        Some(6),
    );
    let msg = fails_cleanly(
        |s| page_with(s, "nope.png"),
        "image-missing",
        "content/rights/detention.md",
        Some(6),
    );
    assert!(msg.contains("content/rights/nope.png"), "{msg}");
    fails_cleanly(
        |s| page_with(s, "../../site.yaml"),
        "image-missing",
        "content/rights/detention.md",
        Some(6),
    );
}

#[test]
fn a_recording_gets_a_player_with_its_length_and_size() {
    let site = site_with_images();
    write_bytes(&site, "content/guide/index.opus", &opus_headers(75));
    let out = site.build();
    assert!(
        build_summary(&out).contains("1 page(s) with audio"),
        "{}",
        build_summary(&out)
    );
    let doc = site.html("es/guide/index.html");
    let audio = doc
        .select(&sel("figure.audio audio"))
        .next()
        .expect("a player")
        .value();
    assert!(audio.attr("controls").is_some());
    assert_eq!(audio.attr("preload"), Some("none"));
    assert_eq!(audio.attr("lang"), Some("es"));
    let src = audio.attr("src").unwrap();
    assert!(src.ends_with(".opus"), "{src}");
    assert_eq!(
        std::fs::read(file_of(&site, "es/guide/index.html", src)).unwrap(),
        opus_headers(75)
    );
    let label = text(&doc, "figure.audio figcaption");
    assert!(
        label.starts_with("Grabación de esta página: 1 min 15 s, 1 KB"),
        "{label}"
    );
    // The English page has no recording of its own.
    let en = site.html("en/guide/index.html");
    assert!(en.select(&sel("figure.audio")).next().is_none());
    // Offline lists: the images of the language's pages, and the audio apart.
    let m: serde_json::Value = serde_json::from_str(&site.read("es/offline.json")).unwrap();
    let images = m["images"].as_array().unwrap();
    assert_eq!(images.len(), 4, "{m}");
    assert!(images.iter().any(|v| v.as_array().unwrap().len() == 3));
    assert_eq!(
        m["audio"][0][1],
        opus_headers(75).len(),
        "the recording's bytes"
    );
    assert!(m["audio"][0][0].as_str().unwrap().starts_with("media/"));
    // Not an Ogg Opus file: an error naming it.
    write_bytes(&site, "content/guide/index.opus", b"ID3 not opus");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[bad-audio]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_reports_the_images_of_each_page_at_360_px() {
    let site = site_with_images();
    let out = site.run(&["check"]);
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.contains("/es/guide/"))
        .unwrap_or_else(|| panic!("no weight line for /es/guide/:\n{err}"));
    assert!(
        line.contains("HTML + CSS") && line.contains("images at 360 px"),
        "{line}"
    );
    assert!(line.contains("before a tap"), "{line}");
}

/// espeak-ng and opusenc, or None (test skipped) unless SENDA_REQUIRE_BROWSER=1.
fn speech_tools() -> Option<()> {
    let mut missing = Vec::new();
    for t in ["espeak-ng", "opusenc"] {
        if find_program(t).is_none() {
            missing.push(t);
        }
    }
    crate::browser::missing(&missing, "espeak-ng and opus-tools")
}

const HT_SITE: &str = "title: Fixture hub\nbase_url: https://hub.example.org/sub\ndefault_language: es\nlanguages:\n  - { code: es, name: Español }\n  - { code: en, name: English }\n  - { code: fr, name: Français, fallback: [es] }\n  - { code: ar, name: العربية, fallback: [en, es] }\n  - { code: ht, name: Kreyòl ayisyen, fallback: [es] }\ntheme: default\nimages: { tap_to_load_kb: 10 }\naudio: { synthesize: [ht] }\n";

/// The basic fixture with Haitian Creole pages whose speech is synthesised, and the images.
fn site_with_speech() -> Site {
    let site = site_with_images();
    site.write("site.yaml", HT_SITE);
    site.write(
        "content/rights/asylum.ht.md",
        "---\ntitle: Azil\ndescription: Kijan pou w mande azil.\n---\nOu gen dwa mande azil.\n\n## Kisa pou w fè?\n\n- Ale nan yon sant enfòmasyon.\n- Mande èd.\n",
    );
    site.write(
        "content/guide/index.ht.md",
        "---\ntitle: Gid\ndescription: Yon gid ak imaj.\n---\nTèks la.\n\n![Kat wout la](map.png)\n",
    );
    site
}

#[test]
fn speech_is_synthesised_for_the_languages_asked_and_a_recording_wins() {
    if speech_tools().is_none() {
        return;
    }
    let site = site_with_speech();
    write_bytes(&site, "content/guide/index.ht.opus", &opus_headers(4));
    let out = site.build();
    let s = build_summary(&out);
    assert!(s.contains("synthesised"), "{s}");
    let doc = site.html("ht/rights/asylum/index.html");
    let audio = doc
        .select(&sel("figure.audio audio"))
        .next()
        .expect("a player")
        .value();
    assert_eq!(audio.attr("preload"), Some("none"));
    assert_eq!(audio.attr("lang"), Some("ht"));
    let file = file_of(
        &site,
        "ht/rights/asylum/index.html",
        audio.attr("src").unwrap(),
    );
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..4], b"OggS");
    assert_eq!(&bytes[28..36], b"OpusHead");
    let label = text(&doc, "figure.audio figcaption");
    assert!(
        label.starts_with("Yon vwa òdinatè li paj sa a: "),
        "{label}"
    );
    // The recording wins over speech.
    let guide = site.html("ht/guide/index.html");
    assert!(text(&guide, "figure.audio figcaption").starts_with("Anrejistreman paj sa a: 4 s"));
    // Pages in other languages have no speech; a Spanish page shown to a Haitian reader
    // (fallback) neither: it is not in Haitian Creole.
    assert!(
        site.html("es/rights/asylum/index.html")
            .select(&sel("figure.audio"))
            .next()
            .is_none()
    );
    assert!(
        site.html("ht/rights/detention/index.html")
            .select(&sel("figure.audio"))
            .next()
            .is_none()
    );
    // Cached by the text: a second build synthesises nothing, and gives the same bytes.
    let before = snapshot(&site.public());
    let s2 = build_summary(&site.build());
    assert!(s2.contains("0 synthesised"), "{s2}");
    assert_eq!(snapshot(&site.public()), before);
}

#[test]
fn a_missing_speech_tool_is_an_error_naming_its_package() {
    let site = site_with_speech();
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_senda"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[audio-tool]: espeak-ng is not installed"),
        "{err}"
    );
    assert!(err.contains("apt-get install espeak-ng"), "{err}");
    assert!(!site.public().exists());
}

#[test]
fn in_chromium_nothing_is_fetched_before_the_tap_listen_or_save_with_audio() {
    let Some(tools) = crate::browser::tools() else {
        return;
    };
    if speech_tools().is_none() {
        return;
    }
    let site = site_with_speech();
    site.build();
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    crate::browser::npm_ci(&tools);
    let kiosk = site.root().join("public-kiosk");
    crate::browser::run_checks(
        &tools,
        "media.mjs",
        &[
            "--public",
            site.public().to_str().unwrap(),
            "--kiosk",
            kiosk.to_str().unwrap(),
        ],
        String::new,
    );
}

#[test]
fn senda_new_finds_the_source_in_a_page_folder() {
    let site = site_with_images();
    // A translation of the page folder's page is written beside it, with the source's hash.
    let out = site.run(&["new", "guide", "--lang", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = std::fs::read_to_string(site.root().join("content/guide/index.fr.md")).unwrap();
    let body = &GUIDE[GUIDE.find("\n---\n").unwrap() + 5..];
    let hash = senda::source_hash(body);
    assert!(fr.contains(&format!("source_hash: \"{hash}\"")), "{fr}");
    // --refresh finds it too.
    site.write(
        "content/guide/index.en.md",
        &GUIDE_EN.replace("---\nText", "source_hash: \"0000000000\"\n---\nText"),
    );
    let out = site.run(&["new", "guide", "--lang", "en", "--refresh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(site.root().join("content/guide/index.en.md"))
            .unwrap()
            .contains(&format!("source_hash: \"{hash}\""))
    );
}
