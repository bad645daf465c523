//! The kiosk edition (issue 6): what can be checked without a browser here, and the browser
//! checks (tests/browser/kiosk.mjs, in Debian's Chromium, from file://) when one is present.

use std::path::Path;
use std::process::Command;

use crate::common::*;

fn kiosk_site(idle: u32) -> Site {
    let site = Site::bundled();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace(
            "kiosk: { idle_seconds: 90 }",
            &format!("kiosk: {{ idle_seconds: {idle}, warning_seconds: 30 }}"),
        ),
    );
    let out = site.run(&["build", "--kiosk"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

/// Decodes every QR code in a PNG image.
pub fn decode_qr(png_path: &Path) -> Vec<String> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let luma = |x: usize, y: usize| -> u8 {
        let i = (y * w + x) * channels;
        if channels >= 3 {
            ((u32::from(buf[i]) + u32::from(buf[i + 1]) + u32::from(buf[i + 2])) / 3) as u8
        } else {
            buf[i]
        }
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, luma);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, content)| content))
        .collect()
}

#[test]
fn kiosk_build_has_qr_codes_touch_layout_and_no_clickable_external_links() {
    let site = kiosk_site(90);
    let out = site.root().join("public-kiosk");
    // A separate folder; the phone site is untouched.
    assert!(out.join("index.html").is_file());
    assert!(!site.public().exists());
    // No service worker or host files: the kiosk runs from local files.
    assert!(!out.join("sw.js").exists() && !out.join("_headers").exists());

    let start = read_kiosk(&site, "index.html");
    assert_eq!(
        attrs(&start, "ul.tiles a", "lang"),
        ["es", "en", "fr", "ht", "ar", "pt"]
    );
    assert_eq!(
        text(&start, "ul.tiles a[lang=ht] span"),
        "Touche pou kòmanse"
    );
    assert!(start.select(&sel("html[data-kiosk]")).next().is_some());

    let page = read_kiosk(&site, "es/rights/detention/index.html");
    let html = page.root_element().html();
    assert!(
        page.select(&sel(".qr-page svg path")).next().is_some(),
        "a QR code on every page"
    );
    assert_eq!(
        plain(&text(&page, ".qr-page figcaption")),
        "Escanea con tu teléfono para abrir esta página"
    );
    assert!(
        page.select(&sel(".kiosk-bar [data-kiosk-back]"))
            .next()
            .is_some()
    );
    assert!(page.select(&sel("[data-kiosk-text]")).count() == 2);
    assert!(!html.contains("serviceWorker.register"), "no inline script");
    let idle = page.select(&sel("html")).next().unwrap();
    assert_eq!(idle.value().attr("data-idle"), Some("90"));
    assert_eq!(idle.value().attr("data-warning"), Some("30"));

    // The emergency numbers page and the directory: tel: links with QR codes.
    let sos = read_kiosk(&site, "es/help/emergency-numbers/index.html");
    assert!(sos.select(&sel(".numbers-list .qr svg")).count() >= 7);
    let dir = read_kiosk(&site, "es/directory/index.html");
    // Only real lines can be called: an example's placeholder number has no QR code.
    let real = dir.select(&sel(".service a.tel")).count();
    assert!(real >= 9, "{real} real lines");
    assert_eq!(dir.select(&sel(".service .qr svg")).count(), real);
    assert_eq!(
        dir.select(&sel(".service .example-number + .example"))
            .count(),
        dir.select(&sel(".service .example-number")).count()
    );
    // No clickable link leaves the kiosk's own pages.
    for (file, _) in snapshot(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let doc = read_kiosk(&site, &file);
        for href in attrs(&doc, "main a[href]", "href") {
            assert!(
                !href.starts_with("http"),
                "{file}: clickable external link {href}"
            );
        }
    }
}

#[test]
fn kiosk_in_chromium_from_file_urls() {
    let Some(node) = crate::common::browser_tools() else {
        return;
    };
    let site = kiosk_site(10);
    crate::common::ensure_node_modules();
    let shots = crate::common::screenshots_dir();
    let qr = site.root().join("qr.png");
    let out = Command::new(node)
        .current_dir(repo().join("tests/browser"))
        .arg("kiosk.mjs")
        .arg("--dir")
        .arg(site.root().join("public-kiosk"))
        .args(["--idle", "10", "--warning", "30", "--shots"])
        .arg(&shots)
        .arg("--qr")
        .arg(&qr)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "kiosk browser checks failed:\n{report}\n{}",
        stderr(&out)
    );
    // The QR code on the screen takes the reader to the same page on the phone site.
    let decoded = decode_qr(&qr);
    assert_eq!(
        decoded,
        ["https://info.example.org/es/rights/detention/"],
        "decoded from {}",
        qr.display()
    );
}
