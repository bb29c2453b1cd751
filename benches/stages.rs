//! Cost of each validation stage on our own synthetic UBL invoices (1, 20 and
//! 1,000 lines) and on the generator's richer 20-line invoice in UBL and CII
//! (`erechnung generate --seed 3 --lines 20`, the first one: parties with
//! contacts, allowances, several VAT rates): detect + parse, model, the
//! EN 16931 semantic rules, the syntax-binding walk, the structure check, the
//! XRechnung rules, and the whole validation with its report. The budget is in `docs/architecture.md` (per 20-line invoice:
//! parse + model ≤ 50 µs, EN 16931 rules ≤ 30 µs, binding walk ≤ 15 µs,
//! XRechnung ≤ 15 µs; a 10,000-line invoice linear: the `lines` group).
//!
//! For deterministic instruction counts use `examples/stages.rs` under callgrind.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use erechnung::model::Invoice;
use erechnung::rules::{binding, xrechnung, Ctx, RulePlan, RuleSet, RuleSets};
use erechnung::syntax::{self, Limits};
use erechnung::{Selection, Validator};

#[path = "common/synthetic.rs"]
mod synthetic;

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let en = RulePlan::new(RuleSets::NONE.with(RuleSet::En16931));
    let xr = RulePlan::new(RuleSets::NONE.with(RuleSet::Xrechnung));
    let validator = Validator::new(
        Selection::Fixed(
            RuleSets::NONE
                .with(RuleSet::En16931)
                .with(RuleSet::Xrechnung),
        ),
        limits,
    );
    let spec = erechnung::gen::generate(
        3,
        0,
        &erechnung::gen::Options {
            lines: 20,
            ..Default::default()
        },
    );
    let mut inputs: Vec<(String, String)> = [1, 20, 1000]
        .iter()
        .map(|&lines| (format!("ubl {lines} lines"), synthetic::ubl(lines)))
        .collect();
    inputs.push((
        "generated ubl 20 lines".into(),
        erechnung::gen::to_ubl(&spec),
    ));
    inputs.push((
        "generated cii 20 lines".into(),
        erechnung::gen::to_cii(&spec),
    ));
    for (name, text) in inputs {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("parse+detect", |b| {
            b.iter(|| {
                let doc = syntax::parse(&text, &limits).expect("valid XML");
                syntax::detect(&doc).expect("an invoice").is_ubl()
            })
        });
        g.bench_function("parse+detect+model", |b| {
            b.iter(|| {
                let doc = syntax::parse(&text, &limits).expect("valid XML");
                let s = syntax::detect(&doc).expect("an invoice");
                Invoice::read(&doc, s).lines.len()
            })
        });
        let doc = syntax::parse(&text, &limits).expect("valid XML");
        let s = syntax::detect(&doc).expect("an invoice");
        g.bench_function("model", |b| b.iter(|| Invoice::read(&doc, s).lines.len()));
        let inv = Invoice::read(&doc, s);
        g.bench_function("en16931 rules", |b| {
            b.iter(|| {
                let ctx = Ctx::new(&doc, &inv);
                let mut out = Vec::new();
                en.run(&ctx, &mut out);
                out
            })
        });
        g.bench_function("binding walk", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                binding::check(&doc, s, &mut out);
                out
            })
        });
        g.bench_function("schema check", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                erechnung::rules::schema::check(&doc, s, &mut out);
                out
            })
        });
        g.bench_function("xrechnung rules", |b| {
            b.iter(|| {
                let ctx = Ctx::new(&doc, &inv);
                let mut out = Vec::new();
                xr.run(&ctx, &mut out);
                xrechnung::leitweg::run(&ctx, &mut out);
                out
            })
        });
        g.bench_function("validate (all, with report)", |b| {
            b.iter(|| validator.validate_bytes("synthetic", text.as_bytes()))
        });
        g.finish();
    }
}

/// Growth with the number of lines (10, 100, 1,000, 10,000): the EN 16931
/// rules (budget: 10,000 lines in 50 ms) and the whole validation (budget:
/// 10,000 lines in 20 ms), each per invoice. Few samples: the large sizes
/// take milliseconds per iteration.
fn scaling(c: &mut Criterion) {
    let limits = Limits::default();
    let en = RulePlan::new(RuleSets::NONE.with(RuleSet::En16931));
    let validator = Validator::new(Selection::Auto, limits);
    let mut g = c.benchmark_group("lines");
    g.sample_size(10);
    for lines in [10, 100, 1000, 10_000] {
        let text = synthetic::ubl(lines);
        let doc = syntax::parse(&text, &limits).expect("valid XML");
        let s = syntax::detect(&doc).expect("an invoice");
        let inv = Invoice::read(&doc, s);
        g.bench_function(format!("en16931 rules/{lines}"), |b| {
            b.iter(|| {
                let ctx = Ctx::new(&doc, &inv);
                let mut out = Vec::new();
                en.run(&ctx, &mut out);
                out
            })
        });
        g.bench_function(format!("validate/{lines}"), |b| {
            b.iter(|| validator.validate_bytes("synthetic", text.as_bytes()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, scaling);
criterion_main!(benches);
