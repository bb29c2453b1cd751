//! Differential test against `xmllint --schema`: the verdict valid/invalid of
//! the structural check must equal libxml2's on structural mutants of the
//! official examples and of the generator's invoices (at least 500 of those),
//! and on every conformance case file. Runs only when
//! `ERECHNUNG_XSD_DIR` names a directory holding `ubl/xsd/maindoc/UBL-{Invoice,CreditNote}-2.1.xsd`
//! and `cii/CrossIndustryInvoice_100pD16B.xsd` (the schemas are fetched
//! locally, never part of the project); the examples and cases come from
//! `ERECHNUNG_CONFORMANCE_DIR` (`/work/shared/conformance`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::syntax::{self, Limits};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(p);
            }
        }
    }
    out.sort();
}

/// Our verdict: `None` when the text is not an invoice of a known syntax (not compared).
fn ours(xml: &str) -> Option<(bool, &'static str)> {
    let doc = syntax::parse(xml, &Limits::default()).ok()?;
    let syn = syntax::detect(&doc).ok()?;
    let mut out = Vec::new();
    super::super::check(&doc, syn, &mut out);
    let root = doc.root_element().tag_name().name();
    let which = match root {
        "CreditNote" => "cn",
        "Invoice" => "inv",
        _ => "cii",
    };
    Some((out.is_empty(), which))
}

/// xmllint's verdicts for `files` (all of one schema), in one process.
fn xmllint(xsd: &Path, files: &[PathBuf]) -> Vec<bool> {
    let mut verdicts = Vec::with_capacity(files.len());
    for chunk in files.chunks(200) {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd)
            .args(chunk)
            .output()
            .expect("xmllint runs");
        let err = String::from_utf8_lossy(&out.stderr);
        for f in chunk {
            let name = f.display().to_string();
            verdicts.push(err.lines().any(|l| l == format!("{name} validates")));
        }
    }
    verdicts
}

/// Small deterministic generator (no randomness between runs).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Structural mutants of one valid document, by text edits at element ranges.
fn mutants(xml: &str, rng: &mut Lcg, n: usize) -> Vec<(String, String)> {
    let Ok(doc) = crate::xml::Document::parse(xml) else {
        return Vec::new();
    };
    let els: Vec<_> = doc
        .descendants()
        .filter(|e| e.is_element() && e.parent_element().is_some())
        .collect();
    let mut out = Vec::new();
    let mut tries = 0;
    while out.len() < n && tries < n * 20 {
        tries += 1;
        let e = els[rng.next(els.len())];
        let r = e.range();
        let kind = rng.next(8);
        let prefix = e
            .tag_name()
            .namespace()
            .and_then(|u| e.lookup_prefix(u))
            .map(|p| {
                if p.is_empty() {
                    String::new()
                } else {
                    format!("{p}:")
                }
            })
            .unwrap_or_default();
        let m = match kind {
            0 => format!(
                "{}<{prefix}Bogus>1</{prefix}Bogus>{}",
                &xml[..r.start],
                &xml[r.start..]
            ),
            1 => {
                let Some(next) = e.next_sibling_element() else {
                    continue;
                };
                if next.tag_name() == e.tag_name() {
                    continue;
                }
                let nr = next.range();
                format!(
                    "{}{}{}{}{}",
                    &xml[..r.start],
                    &xml[nr.clone()],
                    &xml[r.end..nr.start],
                    &xml[r.clone()],
                    &xml[nr.end..]
                )
            }
            2 => format!("{}{}", &xml[..r.start], &xml[r.end..]),
            3 => format!("{}{}{}", &xml[..r.end], &xml[r.clone()], &xml[r.end..]),
            4 => {
                let Some(t) = e.text() else { continue };
                if e.has_children() && e.children().count() != 1 {
                    continue;
                }
                let t = t.trim();
                let bad = if t.len() == 10 && t.as_bytes().get(4) == Some(&b'-') {
                    ["2024-02-30", "2024-13-01", "01.03.2024", "2024-3-1"][rng.next(4)]
                } else if !t.is_empty()
                    && t.bytes()
                        .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-')
                {
                    ["1,00", "1.000,00", "12 EUR", "1e3", "."][rng.next(5)]
                } else if t == "true" || t == "false" {
                    "yes"
                } else {
                    continue;
                };
                let inner = e.first_child().map(|c| c.range()).unwrap_or(r.clone());
                format!("{}{bad}{}", &xml[..inner.start], &xml[inner.end..])
            }
            6 => {
                // An attribute the schema does not declare.
                let at = r.start + 1 + e.tag_name().name().len() + prefix.len();
                format!("{} bogus=\"1\"{}", &xml[..at], &xml[at..])
            }
            7 => {
                // Text where only elements may stand (or extra text in a value).
                let Some(c) = e.first_child() else { continue };
                let at = c.range().start;
                format!("{}stray{}", &xml[..at], &xml[at..])
            }
            _ => {
                let Some(a) = e.attributes().find(|a| {
                    matches!(
                        a.name(),
                        "currencyID" | "unitCode" | "mimeCode" | "schemeID" | "listID" | "format"
                    )
                }) else {
                    continue;
                };
                let ar = a.range();
                format!("{}{}", &xml[..ar.start], &xml[ar.end..])
            }
        };
        out.push((format!("kind{kind}@{}", e.tag_name().name()), m));
    }
    out
}

#[test]
fn agrees_with_xmllint() {
    let (Some(xsd), Some(conf)) = (
        std::env::var_os("ERECHNUNG_XSD_DIR"),
        std::env::var_os("ERECHNUNG_CONFORMANCE_DIR"),
    ) else {
        eprintln!("skipped: set ERECHNUNG_XSD_DIR and ERECHNUNG_CONFORMANCE_DIR");
        return;
    };
    let xsd = PathBuf::from(xsd);
    let schema = |w: &str| match w {
        "inv" => xsd.join("ubl/xsd/maindoc/UBL-Invoice-2.1.xsd"),
        "cn" => xsd.join("ubl/xsd/maindoc/UBL-CreditNote-2.1.xsd"),
        _ => xsd.join("cii/CrossIndustryInvoice_100pD16B.xsd"),
    };
    let conf = PathBuf::from(conf);
    let mut cases = Vec::new();
    files_under(&conf.join("cases"), &mut cases);
    // Mutants of the official examples that xmllint finds valid, written to a scratch dir.
    let tmp = std::env::temp_dir().join(format!("erechnung-schema-diff-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);
    let mut rng = Lcg(16931);
    let mut examples = Vec::new();
    files_under(&conf.join("cases/cen-examples"), &mut examples);
    let mut all: Vec<(PathBuf, String, &'static str, bool)> = Vec::new();
    for f in &cases {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        if let Some((ok, w)) = ours(&text) {
            all.push((f.clone(), f.display().to_string(), w, ok));
        }
    }
    let n_cases = all.len();
    // Valid documents to mutate: the official examples and the generator's
    // invoices (both syntaxes, 1 to 7 lines, every optional part it writes).
    let mut originals: Vec<(String, String)> = examples
        .iter()
        .filter_map(|f| Some((f.display().to_string(), std::fs::read_to_string(f).ok()?)))
        .collect();
    for i in 0..24u64 {
        let opts = crate::gen::Options {
            lines: 1 + (i as usize % 7),
            ..Default::default()
        };
        let spec = crate::gen::generate(4, i, &opts);
        originals.push((format!("generated #{i} (UBL)"), crate::gen::to_ubl(&spec)));
        originals.push((format!("generated #{i} (CII)"), crate::gen::to_cii(&spec)));
    }
    let mut k = 0;
    let mut generated_mutants = 0;
    for (name, text) in &originals {
        if ours(text).is_none_or(|(ok, _)| !ok) {
            continue;
        }
        for (what, m) in mutants(text, &mut rng, 16) {
            let Some((ok, w)) = ours(&m) else { continue };
            k += 1;
            let p = tmp.join(format!("m{k}.xml"));
            if std::fs::write(&p, &m).is_ok() {
                generated_mutants += usize::from(name.starts_with("generated"));
                all.push((p, format!("{name} {what}"), w, ok));
            }
        }
    }
    let mut disagree = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for w in ["inv", "cn", "cii"] {
        let group: Vec<_> = all.iter().filter(|a| a.2 == w).collect();
        let paths: Vec<PathBuf> = group.iter().map(|a| a.0.clone()).collect();
        let theirs = xmllint(&schema(w), &paths);
        let mutated = group.iter().filter(|a| a.0.starts_with(&tmp)).count();
        eprintln!("  {w}: {} files ({mutated} mutants)", group.len());
        for (a, t) in group.iter().zip(theirs) {
            if t {
                valid += 1
            } else {
                invalid += 1
            }
            if a.3 != t {
                disagree.push(format!(
                    "{} ({}): xmllint {} ours {}",
                    a.1,
                    a.0.display(),
                    if t { "valid" } else { "invalid" },
                    if a.3 { "valid" } else { "invalid" }
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!("differential: {} conformance files + {} mutants ({generated_mutants} of generated invoices); xmllint valid {valid}, invalid {invalid}; disagreements {}", n_cases, all.len() - n_cases, disagree.len());
    assert!(
        generated_mutants >= 500,
        "only {generated_mutants} mutants of generated invoices"
    );
    assert!(
        all.len() - n_cases >= 500,
        "too few mutants: {}",
        all.len() - n_cases
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
