//! Front matter and site.yaml: any text must give a value or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = senda::content::parse_front_matter(text);
    let mut diags = senda::diag::Diagnostics::new();
    let _ = senda::config::parse(text, &mut diags);
});
