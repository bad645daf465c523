//! Front matter and site.yaml: any text must give a value or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = senda::parse_front_matter(text);
    let mut diags = senda::Diagnostics::new();
    let _ = senda::parse_config(text, &mut diags);
});
