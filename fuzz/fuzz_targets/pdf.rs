//! Fuzzes the ZUGFeRD / Factur-X intake: extraction and full validation must
//! never panic, hang or allocate without bound, whatever the bytes.
//!
//! Two ways in, chosen by the first byte, so that the fuzzer reaches deep into
//! the PDF structure without a seed corpus: raw bytes as the PDF, or one of
//! the project's own fixtures with the input spliced in at an offset the next
//! two bytes give (overwriting), which keeps most of the structure intact.
#![no_main]

use std::sync::OnceLock;

use erechnung::ingest::pdf::testing::{sample_cii, Builder, BT24_EN16931};
use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};
use libfuzzer_sys::fuzz_target;

fn fixtures() -> &'static (Vec<Vec<u8>>, Validator) {
    static F: OnceLock<(Vec<Vec<u8>>, Validator)> = OnceLock::new();
    F.get_or_init(|| {
        let xml = sample_cii(BT24_EN16931, 2);
        let mut pdfs = Vec::new();
        for (os, nested, inc) in [(false, false, false), (true, false, false), (false, true, true)] {
            let mut b = Builder::zugferd(xml.as_bytes());
            b.object_streams = os;
            b.nested_name_tree = nested;
            b.incremental = inc;
            pdfs.push(b.build().expect("fixture"));
        }
        let limits = Limits { max_bytes: 4 << 20, ..Limits::default() };
        (pdfs, Validator::new(Selection::Auto, limits))
    })
}

fuzz_target!(|data: &[u8]| {
    let (pdfs, validator) = fixtures();
    let input: Vec<u8> = match data {
        [mode, hi, lo, rest @ ..] if mode % 2 == 1 => {
            let mut pdf = pdfs[usize::from(*mode / 2) % pdfs.len()].clone();
            let at = (usize::from(*hi) << 8 | usize::from(*lo)) % pdf.len();
            let end = (at + rest.len()).min(pdf.len());
            pdf[at..end].copy_from_slice(&rest[..end - at]);
            pdf
        }
        _ => data.to_vec(),
    };
    let _ = erechnung::ingest::pdf::extract(&input, 1 << 20);
    let _ = validator.validate_bytes("fuzz.pdf", &input);
});
