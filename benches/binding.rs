//! Cost of the syntax-binding walk on a typical 20-line UBL invoice and its CII twin
//! (our own synthetic documents).

use criterion::{criterion_group, criterion_main, Criterion};
use erechnung::syntax::Syntax;

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::ubl;

fn bench(c: &mut Criterion) {
    let text = ubl(20);
    let doc = erechnung::xml::Document::parse(&text).expect("valid XML");
    // Warm the table once, as a run does.
    let mut out = Vec::new();
    erechnung::rules::binding::check(&doc, Syntax::UblInvoice, &mut out);
    assert!(out.is_empty(), "{out:?}");
    c.bench_function("binding ubl 20 lines", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            erechnung::rules::binding::check(&doc, Syntax::UblInvoice, &mut out);
            out
        })
    });
    c.bench_function("parse ubl 20 lines (for scale)", |b| {
        b.iter(|| erechnung::xml::Document::parse(&text).map(|d| d.descendants().count()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
