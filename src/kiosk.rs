//! The kiosk edition (`senda build --kiosk`): the same pages for a touch screen in a Migration
//! Information Center, made to run from local files with no network. This module holds what
//! differs in the pages themselves: QR codes (inline SVG, made at build time) that take a page
//! or a phone number to the reader's own phone, and the rewriting of links a kiosk cannot
//! follow — external links become their text and address plus a QR code, phone links get a QR
//! code of their `tel:` address. The kiosk's behaviour (idle reset, text size, back and home)
//! is in the theme's `kiosk.js`.

use qrcode::QrCode;
use qrcode::render::svg;

/// A QR code as inline SVG (no XML declaration), `size` CSS pixels wide, or `None` if the
/// text is too long for a QR code.
pub fn qr_svg(text: &str, size: u32) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    let svg = match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    };
    Some(svg.replacen("<svg ", "<svg role=\"img\" focusable=\"false\" ", 1))
}

/// Captions in the page's language for the QR codes added to links.
pub struct Captions<'a> {
    /// "Scan to call {number}", with `{number}` as the place of the number.
    pub call: &'a dyn Fn(&str) -> String,
    /// "Scan to open this link on your phone".
    pub link: &'a str,
}

/// Rewrites the links of rendered Markdown for a kiosk. `base_url` links are the hub's own
/// (kept); other `http(s)` links are not clickable on a kiosk and become text plus a QR code;
/// `tel:` links keep working (a kiosk may have a phone) and get a QR code.
pub fn transform_links(html: &str, base_url: &str, captions: &Captions) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html;
    while let Some(start) = rest.find("<a href=\"") {
        let href_start = start + "<a href=\"".len();
        let Some(href_len) = rest[href_start..].find('"') else {
            break;
        };
        let href_raw = &rest[href_start..href_start + href_len];
        let Some(tag_end) = rest[href_start..].find('>').map(|i| href_start + i + 1) else {
            break;
        };
        let Some(close) = rest[tag_end..].find("</a>").map(|i| tag_end + i) else {
            break;
        };
        let href = href_raw.replace("&amp;", "&");
        let inner = &rest[tag_end..close];
        out.push_str(&rest[..start]);
        let own = href == base_url
            || href
                .strip_prefix(base_url)
                .is_some_and(|r| r.starts_with(['/', '?', '#']));
        let protocol_relative = crate::markdown::is_protocol_relative(&href);
        let external = protocol_relative
            || (href.starts_with("http://") || href.starts_with("https://")) && !own;
        if external {
            // A protocol-relative address (`//host`, `\\host`) is another site.
            let href = if protocol_relative {
                format!("https://{}", href.trim_start_matches(['/', '\\']))
            } else {
                href
            };
            out.push_str("<span class=\"kiosk-link\">");
            out.push_str(inner);
            out.push_str(" <small class=\"url\">");
            out.push_str(href_raw);
            out.push_str("</small>");
            if let Some(svg) = qr_svg(&href, 132) {
                out.push_str("<span class=\"qr qr-small\">");
                out.push_str(&svg);
                out.push_str("<span class=\"qr-caption\">");
                out.push_str(&crate::html::escape(captions.link));
                out.push_str("</span></span>");
            }
            out.push_str("</span>");
        } else if let Some(number) = href.strip_prefix("tel:") {
            out.push_str(&rest[start..close + 4]);
            if let Some(svg) = qr_svg(&href, 132) {
                out.push_str("<span class=\"qr qr-small\">");
                out.push_str(&svg);
                out.push_str("<span class=\"qr-caption\">");
                out.push_str(&crate::html::escape(&(captions.call)(number)));
                out.push_str("</span></span>");
            }
        } else {
            out.push_str(&rest[start..close + 4]);
        }
        rest = &rest[close + 4..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(n: &str) -> String {
        format!("Call {n}")
    }

    #[test]
    fn qr_codes_are_inline_svg() {
        let svg = qr_svg("https://info.example.org/es/", 160).unwrap_or_default();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
        assert!(svg.contains("<path"));
    }

    #[test]
    fn external_links_become_text_and_qr_own_links_stay() {
        let c = Captions {
            call: &call,
            link: "Open on your phone",
        };
        let html = "<p>See <a href=\"https://www.acnur.org/x?a=1&amp;b=2\">ACNUR</a>, <a href=\"https://info.example.org/es/\">us</a>, <a href=\"../x/index.html\">here</a> and call <a href=\"tel:911\">911</a>.</p>";
        let out = transform_links(html, "https://info.example.org", &c);
        assert!(!out.contains("href=\"https://www.acnur.org"), "{out}");
        assert!(out.contains("<span class=\"kiosk-link\">ACNUR <small class=\"url\">https://www.acnur.org/x?a=1&amp;b=2</small>"), "{out}");
        assert!(out.contains("href=\"https://info.example.org/es/\""));
        assert!(out.contains("href=\"../x/index.html\""));
        assert!(out.contains("<a href=\"tel:911\">911</a><span class=\"qr qr-small\"><svg"));
        assert!(out.contains("Call 911"));
        assert_eq!(out.matches("<svg").count(), 2);
    }

    #[test]
    fn look_alike_and_protocol_relative_hosts_are_external() {
        let c = Captions {
            call: &call,
            link: "Open on your phone",
        };
        for href in [
            "https://info.example.org.evil.example/",
            "//evil.example/x",
            "\\\\evil.example\\x",
            "/\\evil.example",
        ] {
            let html = format!("<p><a href=\"{href}\">x</a></p>");
            let out = transform_links(&html, "https://info.example.org", &c);
            assert!(!out.contains("<a href"), "{href}: {out}");
            assert!(out.contains("kiosk-link"), "{href}: {out}");
        }
    }
}
