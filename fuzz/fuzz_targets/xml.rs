//! Fuzzes the project's own XML parser and everything after it: whatever the
//! bytes, parsing, detection and the full validation must end in a report or
//! a clear error, never a panic, a hang or an unbounded allocation. Valid
//! invoices are reached by the same splice trick as the PDF target: with an
//! odd first byte the input overwrites a generated invoice at an offset.
#![no_main]

use std::sync::OnceLock;

use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};
use libfuzzer_sys::fuzz_target;

fn fixtures() -> &'static (Vec<Vec<u8>>, Validator) {
    static F: OnceLock<(Vec<Vec<u8>>, Validator)> = OnceLock::new();
    F.get_or_init(|| {
        let spec = erechnung::gen::generate(1, 0, &erechnung::gen::Options { lines: 3, ..Default::default() });
        let docs = vec![
            erechnung::gen::to_ubl(&spec).into_bytes(),
            erechnung::gen::to_cii(&spec).into_bytes(),
        ];
        let limits = Limits { max_bytes: 4 << 20, ..Limits::default() };
        (docs, Validator::new(Selection::Auto, limits))
    })
}

fuzz_target!(|data: &[u8]| {
    let (docs, validator) = fixtures();
    let input: Vec<u8> = match data {
        [mode, hi, lo, rest @ ..] if mode % 2 == 1 => {
            let mut doc = docs[usize::from(*mode / 2) % docs.len()].clone();
            let at = (usize::from(*hi) << 8 | usize::from(*lo)) % doc.len();
            let end = (at + rest.len()).min(doc.len());
            doc[at..end].copy_from_slice(&rest[..end - at]);
            doc
        }
        _ => data.to_vec(),
    };
    if let Ok(text) = std::str::from_utf8(&input) {
        let _ = erechnung::xml::Document::parse(text);
    }
    let _ = validator.validate_bytes("fuzz.xml", &input);
});
