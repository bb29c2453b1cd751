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
        // the synthetic invoice as a file (`STAGES_DUMP_LINES`, default 20 lines)
        let lines = std::env::var("STAGES_DUMP_LINES").map_or(20, |n| n.parse().unwrap_or(20));
        let _ = std::fs::write(p, synthetic::ubl(lines));
    }
    let mut rounds = 1u32;
    let mut times = false;
    let mut top = 0usize;
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--times" => times = true,
            "--rules-top" => top = args.next().and_then(|v| v.parse().ok()).unwrap_or(20),
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
    if top > 0 {
        rules_top(&texts, &limits, rounds, top);
    }
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

/// `--rules-top N`: the N semantic rules that took the most wall time, each
/// run alone in registry order on a fresh context per round (a shared index
/// is charged to the first rule that builds it).
fn rules_top(texts: &[String], limits: &Limits, rounds: u32, top: usize) {
    let rules: Vec<_> = erechnung::rules::registry().collect();
    let mut spent = vec![std::time::Duration::ZERO; rules.len()];
    for _ in 0..rounds {
        for t in texts {
            let Some((doc, s)) = parse(t, limits) else {
                continue;
            };
            let inv = model(&doc, s);
            let ctx = Ctx::new(&doc, &inv);
            let mut out = Vec::new();
            for (k, rule) in rules.iter().enumerate() {
                let sev = if s.is_ubl() { rule.ubl } else { rule.cii };
                let Some(sev) = sev else { continue };
                let t = std::time::Instant::now();
                (rule.check)(
                    &ctx,
                    &mut erechnung::rules::Emit::new(rule.id.as_str(), sev, &mut out),
                );
                spent[k] += t.elapsed();
            }
            black_box(&out);
        }
    }
    let total: std::time::Duration = spent.iter().sum();
    let n = f64::from(rounds) * texts.len().max(1) as f64;
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(spent[k]));
    println!("all rules {:>10.1} µs", total.as_secs_f64() * 1e6 / n);
    for k in order.into_iter().take(top) {
        println!(
            "{:>22} {:>10.1} µs",
            rules[k].id.as_str(),
            spent[k].as_secs_f64() * 1e6 / n
        );
    }
}
