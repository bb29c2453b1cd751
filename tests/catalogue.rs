//! The registry against the official rule catalogue: every assert of the CEN
//! and KoSIT artefacts (`rules.tsv` of the conformance suite beside the
//! checkout) has a definition here, with a doc, a fix hint and the official
//! flag for its syntax. The catalogue is reference data outside the project:
//! without it (a fresh machine) the test says so and passes; CI, which has
//! it, runs it. `ERECHNUNG_CONFORMANCE_DIR` points elsewhere if needed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use erechnung::rules::{self, RuleId};

fn catalogue() -> Option<String> {
    let dir = std::env::var_os("ERECHNUNG_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance"));
    std::fs::read_to_string(dir.join("rules.tsv")).ok()
}

#[test]
fn every_official_rule_has_a_definition_doc_and_the_official_flag() {
    let Some(text) = catalogue() else {
        eprintln!("rules.tsv not found beside the checkout: catalogue check skipped");
        return;
    };
    let mut problems = BTreeSet::new();
    let mut semantic = 0;
    let mut binding = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [ruleset, syntax, id, flag, ..] = f.as_slice() else {
            problems.insert(format!("malformed catalogue line: {line}"));
            continue;
        };
        if id.starts_with("UBL-") || id.starts_with("CII-") {
            binding += 1;
            if rules::binding::explain(id).is_none() {
                problems.insert(format!("{id}: no syntax-binding definition"));
            }
            continue;
        }
        semantic += 1;
        let Ok(rid) = id.parse::<RuleId>() else {
            problems.insert(format!("{id}: not a known rule id"));
            continue;
        };
        let Some(def) = rules::lookup(rid) else {
            problems.insert(format!("{id}: no definition in the registry"));
            continue;
        };
        if def.set.as_str() != *ruleset {
            problems.insert(format!(
                "{id}: rule set {} (official {ruleset})",
                def.set.as_str()
            ));
        }
        if def.doc.trim().is_empty() || def.hint.trim().is_empty() {
            problems.insert(format!("{id}: doc or hint missing"));
        }
        let ours = match *syntax {
            "ubl" => def.ubl,
            "cii" => def.cii,
            other => {
                problems.insert(format!("{id}: unknown syntax {other}"));
                continue;
            }
        };
        if ours.map(|s| s.as_str()) != Some(*flag) {
            problems.insert(format!(
                "{id} ({syntax}): flag {} (official {flag})",
                ours.map_or("none", |s| s.as_str())
            ));
        }
    }
    assert!(
        semantic > 500 && binding > 500,
        "catalogue looks truncated: {semantic} semantic, {binding} binding asserts"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}
