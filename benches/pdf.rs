//! Throughput of the ZUGFeRD / Factur-X intake on a ~100 KB PDF built by the
//! project's fixture builder (one page, ~90 KB incompressible filler standing
//! in for an embedded font, a 30-line CII invoice as factur-x.xml, XMP):
//! extraction alone, and extraction plus full validation. Criterion reports
//! elements/s = PDFs/s. The bare XML of the same invoice is measured too, so
//! the cost of the PDF container shows.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use erechnung::ingest::pdf::testing::{sample_cii, Builder, BT24_EN16931};
use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};

fn xml() -> String {
    sample_cii(BT24_EN16931, 30)
}

fn pdf(object_streams: bool) -> Vec<u8> {
    let xml = xml();
    let mut b = Builder::zugferd(xml.as_bytes());
    b.filler = 90_000;
    b.object_streams = object_streams;
    b.build().expect("fixture builds")
}

fn bench(c: &mut Criterion) {
    let v = Validator::new(Selection::Auto, Limits::default());
    for (label, os) in [("classic-xref", false), ("object-streams", true)] {
        let pdf = pdf(os);
        let mut g = c.benchmark_group(format!("pdf-{label}-{}KB", pdf.len() / 1024));
        g.throughput(Throughput::Elements(1));
        g.bench_function("extract", |b| {
            b.iter(|| {
                erechnung::ingest::pdf::extract(black_box(&pdf), 64 << 20).map(|e| e.xml.len())
            })
        });
        g.bench_function("extract+validate", |b| {
            b.iter(|| v.validate_bytes("bench.pdf", black_box(&pdf)).accepted())
        });
        g.finish();
    }
    // The same invoice as bare XML: what the PDF container adds on top.
    let xml = xml();
    let mut g = c.benchmark_group(format!("bare-xml-{}KB", xml.len() / 1024));
    g.throughput(Throughput::Elements(1));
    g.bench_function("validate", |b| {
        b.iter(|| {
            v.validate_bytes("bench.xml", black_box(xml.as_bytes()))
                .accepted()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
