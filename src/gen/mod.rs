//! Synthetic invoices: a plain data structure for an EN 16931 invoice
//! ([`InvoiceSpec`]), a deterministic seeded generator of realistic German
//! municipal purchases ([`generate()`]), and renderers to UBL 2.1 ([`to_ubl`])
//! and CII D16B ([`to_cii`]) under the XRechnung 3.0 CIUS.
//!
//! Everything rendered from a generated spec is meant to be valid under the
//! official EN 16931 and XRechnung rules; `tools/check-generated.py` checks
//! that against the official XSLTs (a dev script, not run in CI). The rule
//! tests build their fixtures by editing a generated spec (see
//! `tests/common/mod.rs`); `samples/` holds a committed set.
//!
//! Layout: `spec` (the data), `calc` (EN 16931 arithmetic), `ids` (check
//! digits), `rng` (our own PRNG), `data` (catalogues), `generate` (the
//! generator), `ubl` / `cii` (renderers), `xml` (writer, base64).

pub mod calc;
mod cii;
mod data;
pub mod generate;
pub mod ids;
pub mod rng;
pub mod spec;
mod ubl;
pub mod xml;

use std::io;
use std::path::Path;

pub use cii::to_cii;
pub use generate::{generate, Options, Scenario};
pub use spec::*;
pub use ubl::to_ubl;

/// Which renderings to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// UBL only.
    Ubl,
    /// CII only.
    Cii,
    /// Both, side by side.
    Both,
    /// ZUGFeRD / Factur-X PDFs (profile XRECHNUNG): the CII rendering embedded
    /// as `xrechnung.xml` in a one-page PDF padded to a typical size of about
    /// 100 KB (the padding stands in for the embedded fonts of a real PDF).
    Zugferd,
}

/// Bytes of incompressible padding in a generated ZUGFeRD PDF: with the page,
/// the XMP and the compressed invoice, a typical PDF comes to about 100 KB.
const PDF_PADDING: usize = 96_000;

/// `spec` as a ZUGFeRD PDF (see [`Output::Zugferd`]).
pub fn to_zugferd(spec: &InvoiceSpec) -> io::Result<Vec<u8>> {
    let xml = to_cii(spec);
    let mut b =
        crate::ingest::pdf::testing::Builder::named(xml.as_bytes(), "xrechnung.xml", "XRECHNUNG");
    b.filler = PDF_PADDING;
    b.build().map_err(io::Error::other)
}

/// A batch to generate: `count` invoices of seed `seed`, each with a line count drawn from
/// `min_lines..=max_lines` (small counts far more often than large ones).
#[derive(Clone, Debug)]
pub struct Batch {
    /// Number of invoices.
    pub count: u64,
    /// Fewest lines per invoice (at least 1).
    pub min_lines: usize,
    /// Most lines per invoice.
    pub max_lines: usize,
    /// The seed.
    pub seed: u64,
    /// Syntaxes to write.
    pub output: Output,
}

impl Batch {
    /// The options of invoice `index`: its line count, everything else at random.
    pub fn options(&self, index: u64) -> Options {
        let min = self.min_lines.max(1) as u64;
        let max = (self.max_lines as u64).max(min);
        let span = max - min;
        let mut r = rng::Rng::for_item(self.seed ^ 0x6c69_6e65_7321, index);
        // Real inboxes hold mostly short invoices: half from the lowest hundredth of the
        // range, three in ten from the lowest tenth, the rest from all of it.
        let roll = r.below(10);
        let top = if roll < 5 {
            span / 100
        } else if roll < 8 {
            span / 10
        } else {
            span
        };
        Options {
            lines: (min + r.range(0, top)) as usize,
            ..Options::default()
        }
    }

    /// The spec of invoice `index`.
    pub fn spec(&self, index: u64) -> InvoiceSpec {
        generate(self.seed, index, &self.options(index))
    }

    /// Writes every invoice of the batch into `dir` as `inv-NNNNN.ubl.xml` / `inv-NNNNN.cii.xml`
    /// (or `inv-NNNNN.pdf`); returns the number of files written.
    pub fn write(&self, dir: &Path) -> io::Result<usize> {
        std::fs::create_dir_all(dir)?;
        let mut files = 0;
        for i in 0..self.count {
            let spec = self.spec(i);
            if self.output == Output::Zugferd {
                std::fs::write(dir.join(format!("inv-{i:05}.pdf")), to_zugferd(&spec)?)?;
                files += 1;
                continue;
            }
            if self.output != Output::Cii {
                std::fs::write(dir.join(format!("inv-{i:05}.ubl.xml")), to_ubl(&spec))?;
                files += 1;
            }
            if self.output != Output::Ubl {
                std::fs::write(dir.join(format!("inv-{i:05}.cii.xml")), to_cii(&spec))?;
                files += 1;
            }
        }
        Ok(files)
    }
}

/// The committed sample set (`samples/`): file name and content, in a fixed order.
/// `erechnung generate --samples --out samples` writes exactly these files.
pub fn samples() -> Vec<(String, String)> {
    const SEED: u64 = 2025;
    let o = |lines: usize, scenario: Scenario| Options {
        lines,
        scenario: Some(scenario),
        credit_note: Some(false),
        skonto: Some(false),
        attachments: Some(false),
        direct_debit: Some(false),
        allowances: Some(false),
    };
    let set: Vec<(&str, Options)> = vec![
        ("domestic-1-line", o(1, Scenario::Domestic)),
        (
            "domestic-20-lines-skonto",
            Options {
                skonto: Some(true),
                allowances: Some(true),
                ..o(20, Scenario::Domestic)
            },
        ),
        (
            "domestic-1000-lines",
            Options {
                allowances: Some(true),
                ..o(1000, Scenario::Domestic)
            },
        ),
        (
            "credit-note",
            Options {
                credit_note: Some(true),
                ..o(5, Scenario::Domestic)
            },
        ),
        ("reverse-charge", o(8, Scenario::ReverseCharge)),
        (
            "attachment",
            Options {
                attachments: Some(true),
                ..o(5, Scenario::Domestic)
            },
        ),
        (
            "direct-debit",
            Options {
                direct_debit: Some(true),
                ..o(3, Scenario::Domestic)
            },
        ),
        ("zero-rated", o(4, Scenario::ZeroRated)),
        ("exempt", o(4, Scenario::Exempt)),
        ("intra-community", o(4, Scenario::IntraCommunity)),
        ("export", o(4, Scenario::Export)),
        ("not-subject", o(2, Scenario::NotSubject)),
    ];
    let mut out = Vec::with_capacity(set.len() * 2);
    for (i, (name, opts)) in set.iter().enumerate() {
        let spec = generate(SEED, i as u64, opts);
        out.push((format!("{name}.ubl.xml"), to_ubl(&spec)));
        out.push((format!("{name}.cii.xml"), to_cii(&spec)));
    }
    out
}

/// Writes [`samples()`] into `dir`; returns the number of files written.
pub fn write_samples(dir: &Path) -> io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let files = samples();
    for (name, xml) in &files {
        std::fs::write(dir.join(name), xml)?;
    }
    Ok(files.len())
}
