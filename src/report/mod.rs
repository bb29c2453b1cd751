//! Reports: the outcome of one document, written as a JSON line (the contract
//! in CONTRACT.md) or as text for people.

use std::io::{self, Write};

use serde::Serialize;

use crate::rules::scenario::Scenario;
use crate::rules::{Finding, RuleSets, Severity};
use crate::syntax::Syntax;

/// Accept or reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No fatal finding.
    Accept,
    /// At least one fatal finding.
    Reject,
}

/// What was found in a document that could be read as an invoice.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The syntax of the document.
    pub syntax: Syntax,
    /// BT-24 as written (normalized).
    pub specification: String,
    /// The rule sets that were run.
    pub rulesets: RuleSets,
    /// Every finding, in rule order (with the scenario's flags under `--rules auto`).
    pub findings: Vec<Finding>,
    /// The scenario `--rules auto` chose (`None` for explicit rule sets or an unknown BT-24).
    pub scenario: Option<&'static Scenario>,
    /// `(index into findings, official flag)` of each finding the scenario re-graded.
    pub regraded: Vec<(usize, Severity)>,
}

impl Checked {
    /// Reject iff a fatal finding remains.
    pub fn verdict(&self) -> Verdict {
        if self.findings.iter().any(|f| f.severity == Severity::Fatal) {
            Verdict::Reject
        } else {
            Verdict::Accept
        }
    }
}

/// The report of one input.
#[derive(Debug)]
pub struct Report {
    /// The input as given (path, or `-` for stdin).
    pub source: String,
    /// The findings, or why the input could not be read as an invoice.
    pub outcome: Result<Checked, String>,
}

impl Report {
    /// Whether the input was read and accepted.
    pub fn accepted(&self) -> bool {
        matches!(&self.outcome, Ok(c) if c.verdict() == Verdict::Accept)
    }

    /// Writes the report as one JSON line.
    pub fn write_json(&self, w: &mut impl Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct ScenarioJson {
            name: &'static str,
            title: &'static str,
            versions: std::collections::BTreeMap<&'static str, &'static str>,
        }
        #[derive(Serialize)]
        struct FindingJson<'r> {
            #[serde(flatten)]
            finding: &'r Finding,
            /// The rule's official flag where the scenario re-graded it.
            #[serde(skip_serializing_if = "Option::is_none")]
            official_severity: Option<Severity>,
        }
        #[derive(Serialize)]
        struct Doc<'r> {
            source: &'r str,
            syntax: Syntax,
            specification: &'r str,
            rulesets: Vec<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            scenario: Option<ScenarioJson>,
            verdict: Verdict,
            findings: Vec<FindingJson<'r>>,
        }
        #[derive(Serialize)]
        struct Err<'r> {
            source: &'r str,
            error: &'r str,
        }
        match &self.outcome {
            Ok(c) => serde_json::to_writer(
                &mut *w,
                &Doc {
                    source: &self.source,
                    syntax: c.syntax,
                    specification: &c.specification,
                    rulesets: c.rulesets.names(),
                    scenario: c.scenario.map(|s| ScenarioJson {
                        name: s.name,
                        title: s.title,
                        versions: s.versions.iter().copied().collect(),
                    }),
                    verdict: c.verdict(),
                    findings: c
                        .findings
                        .iter()
                        .enumerate()
                        .map(|(i, f)| FindingJson {
                            finding: f,
                            official_severity: c
                                .regraded
                                .iter()
                                .find(|(j, _)| *j == i)
                                .map(|(_, s)| *s),
                        })
                        .collect(),
                },
            ),
            Err(e) => serde_json::to_writer(
                &mut *w,
                &Err {
                    source: &self.source,
                    error: e,
                },
            ),
        }
        .map_err(io::Error::other)?;
        w.write_all(b"\n")
    }

    /// Writes the report as text for people.
    pub fn write_text(&self, w: &mut impl Write) -> io::Result<()> {
        match &self.outcome {
            Err(e) => writeln!(w, "{}: ERROR: {e}", self.source),
            Ok(c) => {
                let verdict = match c.verdict() {
                    Verdict::Accept => "accepted",
                    Verdict::Reject => "REJECTED",
                };
                let fatal = c
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Fatal)
                    .count();
                let other = c.findings.len() - fatal;
                let scenario = c
                    .scenario
                    .map_or(String::new(), |s| format!(", scenario {}", s.title));
                writeln!(
                    w,
                    "{}: {verdict} ({}, rules {}{scenario}; {fatal} errors, {other} warnings)",
                    self.source,
                    c.syntax.as_str(),
                    c.rulesets.names().join("+"),
                )?;
                for f in &c.findings {
                    writeln!(
                        w,
                        "  {:<11} {:<12} line {}: {}\n              at {}",
                        f.severity.as_str(),
                        f.rule,
                        f.line,
                        f.message,
                        f.location
                    )?;
                }
                Ok(())
            }
        }
    }
}
