//! A deterministic driver for instruction-count profiling of the validation
//! stages (`valgrind --tool=callgrind --toggle-collect='stages::*'`): each stage
//! runs in its own non-inlined function over every input, so callgrind's
//! inclusive cost of `stages::parse`, `stages::model`, ... is the cost of that
//! stage summed over the inputs and rounds.
//!
//! Usage: `stages [--rounds N] [--synthetic LINES] FILE...`
//! (`--synthetic 20` adds our own 20-line UBL invoice, as in `benches/stages.rs`).

use erechnung::model::Invoice;
use erechnung::rules::{binding, schema, xrechnung, Ctx, RulePlan, RuleSet, RuleSets};
use erechnung::syntax::{self, Limits, Syntax};
use std::hint::black_box;

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

fn main() {
    if let Ok(p) = std::env::var("STAGES_DUMP") {
        let _ = std::fs::write(p, synthetic::ubl(20));
    }
    let mut rounds = 1u32;
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--synthetic" => {
                let n = args.next().and_then(|v| v.parse().ok()).unwrap_or(20);
                inputs.push((format!("synthetic-{n}"), synthetic::ubl(n).into_bytes()));
            }
            path => match std::fs::read(path) {
                Ok(b) => inputs.push((path.to_string(), b)),
                Err(e) => eprintln!("{path}: {e}"),
            },
        }
    }
    let limits = Limits::default();
    let en = RulePlan::new(RuleSets::NONE.with(RuleSet::En16931));
    let xr = RulePlan::new(RuleSets::NONE.with(RuleSet::Xrechnung));
    let texts: Vec<String> = inputs
        .iter()
        .filter_map(|(_, b)| {
            erechnung::ingest::decode::decode(b)
                .ok()
                .map(|t| t.into_owned())
        })
        .collect();
    // Warm-up outside the measured functions: process-wide tables are built here.
    for t in &texts {
        let Ok(doc) = syntax::parse(t, &limits) else {
            continue;
        };
        let Ok(s) = syntax::detect(&doc) else {
            continue;
        };
        let inv = Invoice::read(&doc, s);
        let ctx = Ctx::new(&doc, &inv);
        let mut out = Vec::new();
        en.run(&ctx, &mut out);
        xr.run(&ctx, &mut out);
        binding::check(&doc, s, &mut out);
        schema::check(&doc, s, &mut out);
        xrechnung::leitweg::run(&ctx, &mut out);
    }
    for _ in 0..rounds {
        for t in &texts {
            let Some((doc, s)) = parse(t, &limits) else {
                continue;
            };
            let inv = model(&doc, s);
            en_rules(&doc, &inv, &en);
            binding_walk(&doc, s);
            schema_check(&doc, s);
            xr_rules(&doc, &inv, &xr);
        }
    }
    println!("{} documents x {rounds} rounds", texts.len());
}

#[inline(never)]
fn parse<'i>(t: &'i str, limits: &Limits) -> Option<(erechnung::xml::Document<'i>, Syntax)> {
    let doc = syntax::parse(t, limits).ok()?;
    let s = syntax::detect(&doc).ok()?;
    Some((doc, s))
}

#[inline(never)]
fn model<'a>(doc: &'a erechnung::xml::Document<'a>, s: Syntax) -> Invoice<'a> {
    Invoice::read(doc, s)
}

#[inline(never)]
fn en_rules<'a>(doc: &'a erechnung::xml::Document<'a>, inv: &Invoice<'a>, plan: &RulePlan) {
    let ctx = Ctx::new(doc, inv);
    let mut out = Vec::new();
    plan.run(&ctx, &mut out);
    black_box(out);
}

#[inline(never)]
fn binding_walk(doc: &erechnung::xml::Document<'_>, s: Syntax) {
    let mut out = Vec::new();
    binding::check(doc, s, &mut out);
    black_box(out);
}

#[inline(never)]
fn schema_check(doc: &erechnung::xml::Document<'_>, s: Syntax) {
    let mut out = Vec::new();
    schema::check(doc, s, &mut out);
    black_box(out);
}

#[inline(never)]
fn xr_rules<'a>(doc: &'a erechnung::xml::Document<'a>, inv: &Invoice<'a>, plan: &RulePlan) {
    let ctx = Ctx::new(doc, inv);
    let mut out = Vec::new();
    plan.run(&ctx, &mut out);
    xrechnung::leitweg::run(&ctx, &mut out);
    black_box(out);
}
