//! A deterministic driver for instruction-count profiling of the validation
//! stages (`valgrind --tool=callgrind --toggle-collect='stages::*'`): each stage
//! runs in its own non-inlined function over every input, so callgrind's
//! inclusive cost of `stages::parse`, `stages::model`, ... is the cost of that
//! stage summed over the inputs and rounds.
//!
//! Usage: `stages [--rounds N] [--times] [--synthetic LINES] FILE...`
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
    let mut times = false;
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--times" => times = true,
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
    // Wall time per stage, summed over inputs and rounds (`--times` prints it):
    // under callgrind only the instruction counts matter, on real hardware
    // this shows where memory traffic, not instructions, costs time.
    let mut spent = [std::time::Duration::ZERO; 6];
    let mut clock = std::time::Instant::now();
    let mut lap = |i: usize| {
        let now = std::time::Instant::now();
        spent[i] += now - clock;
        clock = now;
    };
    for _ in 0..rounds {
        for t in &texts {
            lap(5);
            let Some((doc, s)) = parse(t, &limits) else {
                continue;
            };
            lap(0);
            let inv = model(&doc, s);
            lap(1);
            en_rules(&doc, &inv, &en);
            lap(2);
            binding_walk(&doc, s);
            lap(3);
            schema_check(&doc, s);
            lap(4);
            xr_rules(&doc, &inv, &xr);
            lap(5);
        }
    }
    println!("{} documents x {rounds} rounds", texts.len());
    if times {
        let n = f64::from(rounds) * texts.len().max(1) as f64;
        let names = [
            "parse",
            "model",
            "en16931",
            "binding",
            "structure",
            "xrechnung",
        ];
        for (name, d) in names.iter().zip(spent) {
            println!("{name:>10} {:>10.1} µs", d.as_secs_f64() * 1e6 / n);
        }
    }
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
