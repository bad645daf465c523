//! SVG images are published as they are, only when they cannot run or fetch anything: the
//! file is parsed as XML (no DOCTYPE, so no entities) and refused, at the line of the
//! element, when it has a `<script>`, a `<foreignObject>`, an event handler (`onclick`…),
//! a link or style reference to anything but itself (`href="other.svg"`, `url(http…)`,
//! `@import`), or an element that embeds other content. Its size comes from `width` and
//! `height`, or its `viewBox`.

use std::path::Path;

use super::cache::Cache;
use super::{Made, MediaError};
use crate::diag::{Location, display_path};
use crate::fs::SiteFiles;

/// The largest SVG read: a drawing is a few tens of kilobytes.
const MAX_SVG_BYTES: u64 = 4 * 1024 * 1024;

const FORBIDDEN: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "audio",
    "video",
    "animate",
    "set",
];

/// Why it failed, and where in its file.
type Failed = (MediaError, Option<Location>);

/// Why an SVG is refused, and the byte offset of the element.
pub fn check(text: &str) -> Result<(), (String, usize)> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        let msg = match e {
            roxmltree::Error::DtdDetected => {
                "has a DOCTYPE (entities could hide anything)".to_string()
            }
            e => format!("is not well-formed XML: {e}"),
        };
        (msg, 0)
    })?;
    if !doc
        .root_element()
        .tag_name()
        .name()
        .eq_ignore_ascii_case("svg")
    {
        return Err((
            "is not an SVG image (its root element is not <svg>)".into(),
            0,
        ));
    }
    for node in doc.descendants() {
        let at = node.range().start;
        if node.is_element() {
            let name = node.tag_name().name().to_ascii_lowercase();
            if FORBIDDEN.contains(&name.as_str()) {
                return Err((format!("has a <{}> element", node.tag_name().name()), at));
            }
            for a in node.attributes() {
                let an = a.name().to_ascii_lowercase();
                let value = a.value().trim();
                if an.starts_with("on") {
                    return Err((format!("has an event handler ({}=…)", a.name()), at));
                }
                if matches!(an.as_str(), "href" | "src") && !value.starts_with('#') {
                    return Err((
                        format!("refers to another file ({}=\"{value}\")", a.name()),
                        at,
                    ));
                }
                if external_style(value) {
                    return Err((format!("refers to another file in {}", a.name()), at));
                }
            }
            if name == "style" {
                let css: String = node.descendants().filter_map(|n| n.text()).collect();
                if external_style(&css) {
                    return Err(("refers to another file in a <style>".into(), at));
                }
            }
        }
        if node.is_pi() {
            // <?xml-stylesheet href="…"?>
            return Err(("has a processing instruction (<?…?>)".into(), at));
        }
    }
    Ok(())
}

/// CSS that loads something: `@import`, or `url(…)` of anything but `#id`.
fn external_style(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return true;
    }
    lower.match_indices("url(").any(|(i, _)| {
        let rest = lower[i + 4..].trim_start_matches([' ', '"', '\'']);
        !rest.starts_with('#')
    })
}

/// A length in CSS pixels (`120`, `120px`), if it is one.
fn px(v: &str) -> Option<u32> {
    let v = v.trim().trim_end_matches("px");
    let f: f64 = v.parse().ok()?;
    (f.is_finite() && f > 0.0 && f < 100_000.0).then(|| f.round() as u32)
}

/// (width, height) of the drawing.
fn size(text: &str) -> (u32, u32) {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return (0, 0);
    };
    let root = doc.root_element();
    let w = root.attribute("width").and_then(px);
    let h = root.attribute("height").and_then(px);
    if let (Some(w), Some(h)) = (w, h) {
        return (w, h);
    }
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match vb[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w < 100_000.0 && h < 100_000.0 => {
            (w.round() as u32, h.round() as u32)
        }
        _ => (0, 0),
    }
}

// The error is a pair made once per refused SVG, never in a loop: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub(crate) fn make(files: &SiteFiles, path: &Path, _cache: &Cache) -> Result<Made, Failed> {
    let shown = display_path(path);
    let text = files
        .read_text(path, MAX_SVG_BYTES)
        .map_err(|e| (MediaError::Corrupt(shown.clone(), e.to_string()), None))?;
    if let Err((why, offset)) = check(&text) {
        return Err((
            MediaError::UnsafeSvg(why),
            Some(Location::at_offset(path, &text, offset)),
        ));
    }
    let (width, height) = size(&text);
    let key = Cache::key(&[&crate::assets::fast_hash(text.as_bytes()), "svg"]);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    let name = if name.trim_matches('-').is_empty() {
        "image".to_string()
    } else {
        name
    };
    Ok(Made {
        url: crate::routes::svg_url(&name, &key),
        width,
        height,
        bytes: text.len() as u64,
        disk: None,
        data: Some(text.into_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_outside_references_are_refused() {
        let ok = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><defs><marker id="a"/></defs><path d="M0 0" marker-end="url(#a)"/><use href="#a"/><text>Hi</text></svg>"##;
        assert_eq!(check(ok), Ok(()));
        assert_eq!(size(ok), (100, 50));
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg">
<script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect onload="x()"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="http://e.org/a.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.org/a.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://e/x)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        let (why, at) =
            check("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n<script>x</script></g></svg>")
                .unwrap_err();
        assert!(why.contains("script"), "{why}");
        assert_eq!(at, 45);
    }
}
