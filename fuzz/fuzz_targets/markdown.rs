//! Markdown → HTML, with and without raw HTML allowed: never a panic, and with raw HTML not
//! allowed the output must not be able to run script:
//! - no `<script` element;
//! - no attribute `href` whose address uses the `javascript:` scheme (after decoding character
//!   references and dropping the tabs, newlines and leading spaces/controls browsers ignore);
//! - no event-handler attribute (`onclick`, `onerror`, ...), which the README promises the
//!   sanitiser removes.
//!
//! `@/` links are left as placeholders by `render`; here they stand for a harmless URL (their
//! resolution is exercised by the `site` target).
#![no_main]

use libfuzzer_sys::fuzz_target;
use senda::{Part, RenderOptions, render_markdown as render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = render(
        text,
        RenderOptions {
            allow_raw_html: true,
            reserved_ids: &[],
        },
    );
    let doc = render(
        text,
        RenderOptions {
            allow_raw_html: false,
            reserved_ids: &[],
        },
    );
    let html: String = doc
        .parts
        .iter()
        .map(|p| match p {
            Part::Html(h) => h.as_str(),
            Part::Link(_) => "/resolved/index.html",
            // An image of this site: the media stage writes its markup, not the input.
            Part::Image(_) => "",
        })
        .collect();
    check_safe(&html);
});

/// Walks the start tags of `html` (text and attribute values of senda's output never contain a
/// raw `<`: pulldown-cmark escapes it, and ammonia re-serialises raw HTML) and checks each.
fn check_safe(html: &str) {
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        i += off + 1;
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = lower[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(lower.len(), |e| i + e);
        let name = &lower[i..name_end];
        assert!(name != "script", "a <script> element survived:\n{html}");
        i = name_end;
        // Attributes up to the end of the tag.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let a_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = &lower[a_start..i];
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v_end = lower[j + 1..]
                            .find(q as char)
                            .map_or(lower.len(), |e| j + 1 + e);
                        value = &html[j + 1..v_end];
                        j = (v_end + 1).min(b.len());
                    }
                    _ => {
                        let v_end = lower[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(lower.len(), |e| j + e);
                        value = &html[j..v_end];
                        j = v_end;
                    }
                }
                i = j;
            }
            assert!(
                !is_event_handler(attr),
                "event-handler attribute `{attr}` on <{name}> survived:\n{html}"
            );
            if attr == "href" {
                assert!(
                    !is_javascript(value),
                    "href `{value}` on <{name}> runs script:\n{html}"
                );
            }
        }
    }
}

/// Events of the HTML standard (GlobalEventHandlers, WindowEventHandlers, DocumentAndElement-
/// EventHandlers) and the common non-standard ones: `on` + one of these is a script attribute.
const EVENTS: &[&str] = &[
    "abort",
    "afterprint",
    "animationcancel",
    "animationend",
    "animationiteration",
    "animationstart",
    "auxclick",
    "beforecopy",
    "beforecut",
    "beforeinput",
    "beforematch",
    "beforepaste",
    "beforeprint",
    "beforetoggle",
    "beforeunload",
    "blur",
    "cancel",
    "canplay",
    "canplaythrough",
    "change",
    "click",
    "close",
    "command",
    "contentvisibilityautostatechange",
    "contextlost",
    "contextmenu",
    "contextrestored",
    "copy",
    "cuechange",
    "cut",
    "dblclick",
    "drag",
    "dragend",
    "dragenter",
    "dragexit",
    "dragleave",
    "dragover",
    "dragstart",
    "drop",
    "durationchange",
    "emptied",
    "ended",
    "error",
    "focus",
    "focusin",
    "focusout",
    "formdata",
    "fullscreenchange",
    "fullscreenerror",
    "gotpointercapture",
    "hashchange",
    "input",
    "invalid",
    "keydown",
    "keypress",
    "keyup",
    "languagechange",
    "load",
    "loadeddata",
    "loadedmetadata",
    "loadend",
    "loadstart",
    "lostpointercapture",
    "message",
    "messageerror",
    "mousedown",
    "mouseenter",
    "mouseleave",
    "mousemove",
    "mouseout",
    "mouseover",
    "mouseup",
    "mousewheel",
    "offline",
    "online",
    "pagehide",
    "pagereveal",
    "pageshow",
    "pageswap",
    "paste",
    "pause",
    "play",
    "playing",
    "pointercancel",
    "pointerdown",
    "pointerenter",
    "pointerleave",
    "pointermove",
    "pointerout",
    "pointerover",
    "pointerrawupdate",
    "pointerup",
    "popstate",
    "progress",
    "ratechange",
    "readystatechange",
    "rejectionhandled",
    "reset",
    "resize",
    "scroll",
    "scrollend",
    "scrollsnapchange",
    "scrollsnapchanging",
    "search",
    "securitypolicyviolation",
    "seeked",
    "seeking",
    "select",
    "selectionchange",
    "selectstart",
    "show",
    "slotchange",
    "stalled",
    "storage",
    "submit",
    "suspend",
    "timeupdate",
    "toggle",
    "touchcancel",
    "touchend",
    "touchmove",
    "touchstart",
    "transitioncancel",
    "transitionend",
    "transitionrun",
    "transitionstart",
    "unhandledrejection",
    "unload",
    "visibilitychange",
    "volumechange",
    "waiting",
    "webkitanimationend",
    "webkitanimationiteration",
    "webkitanimationstart",
    "webkittransitionend",
    "wheel",
];

fn is_event_handler(attr: &str) -> bool {
    attr.strip_prefix("on").is_some_and(|e| EVENTS.contains(&e))
}

/// Is this attribute value, as a browser reads it, a `javascript:` address?
fn is_javascript(value: &str) -> bool {
    let decoded = decode_references(value);
    let url: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    url.to_ascii_lowercase().starts_with("javascript:")
}

/// Decodes numeric character references and the named ones that matter for a scheme.
fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |(e, _)| e);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
