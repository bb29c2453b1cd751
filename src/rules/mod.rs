//! The rule registry and what every rule shares: severity, findings, the
//! per-document context, and the selection of rule sets.
//!
//! A semantic rule is a plain `static RuleDef` beside a plain `fn` in its family
//! file (`en16931/core.rs`, `en16931/co.rs`, ...). Each family exports a
//! `RULES` slice; [`registry`] concatenates them. Syntax-binding rules
//! (UBL-CR/SR/DT, CII-SR/DT) are table rows checked in one DOM walk by
//! [`binding`]; they share [`Finding`] and [`Severity`] with the semantic rules.

pub mod binding;
pub mod ctx;
pub mod en16931;
pub mod ids;
pub(crate) mod list;
mod pools;
pub mod scenario;
pub mod schema;
mod severity;
pub mod xpath;
pub mod xrechnung;

pub use ctx::{Ctx, Lang};
pub use ids::RuleId;
pub use severity::Severity;

use crate::syntax::Syntax;

/// Findings serialise the flag as [`Severity::as_str`] (`"fatal"`, ...).
impl serde::Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An official (or project) rule set a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleSet {
    /// CEN EN 16931 validation artefacts 1.3.16 (semantic and syntax-binding rules).
    En16931,
    /// KoSIT XRechnung 3.0 Schematron 2.5 (BR-DE, BR-DEX, BR-TMP, merged PEPPOL-EN16931-R*).
    Xrechnung,
}

impl RuleSet {
    /// The name used on the command line and in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleSet::En16931 => "en16931",
            RuleSet::Xrechnung => "xrechnung",
        }
    }

    const fn bit(self) -> u8 {
        match self {
            RuleSet::En16931 => 1,
            RuleSet::Xrechnung => 2,
        }
    }

    /// Parses `en16931` / `xrechnung` (case-insensitive).
    pub fn parse(s: &str) -> Option<RuleSet> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en16931" | "en-16931" | "cen" => Some(RuleSet::En16931),
            "xrechnung" | "xr" => Some(RuleSet::Xrechnung),
            _ => None,
        }
    }
}

/// A set of rule sets (a bitset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RuleSets(u8);

impl RuleSets {
    /// No rule set.
    pub const NONE: RuleSets = RuleSets(0);

    /// This set plus `set`.
    pub const fn with(self, set: RuleSet) -> RuleSets {
        RuleSets(self.0 | set.bit())
    }

    /// Whether `set` is in this set.
    pub const fn contains(self, set: RuleSet) -> bool {
        self.0 & set.bit() != 0
    }

    /// The names, in a fixed order, for reports.
    pub fn names(self) -> Vec<&'static str> {
        [RuleSet::En16931, RuleSet::Xrechnung]
            .into_iter()
            .filter(|s| self.contains(*s))
            .map(RuleSet::as_str)
            .collect()
    }
}

/// One violated rule at one place in one document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The official id (`BR-CO-10`, `UBL-CR-001`) or a project id (`ER-…`, `SCHEMA-…`).
    pub rule: &'static str,
    /// The official flag of the rule.
    pub severity: Severity,
    /// What is wrong, with the actual values (project wording).
    pub message: String,
    /// Path of the node the rule fired on, e.g. `/Invoice/cac:LegalMonetaryTotal[1]`.
    pub location: String,
    /// 1-based line of that node in the (decoded) document; 0 if not known.
    pub line: u32,
    /// 1-based column of that node; 0 if not known.
    pub column: u32,
    /// The node the rule fired on, until [`crate::syntax::resolve_locations`]
    /// turns it into `location`, `line` and `column` for all findings at once.
    #[serde(skip)]
    pub node: Option<crate::xml::NodeId>,
}

impl Finding {
    /// A finding at `node`. Its location is filled in later, for all findings of
    /// the document in one pass (see [`crate::syntax::resolve_locations`]), so a
    /// document with thousands of findings stays linear.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        node: crate::xml::Node<'_, '_>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message,
            location: String::new(),
            line: 0,
            column: 0,
            node: Some(node.id()),
        }
    }
}

/// The signature of a semantic rule's check.
pub type CheckFn = fn(&Ctx<'_, '_>, &mut Emit<'_>);

/// The definition of one semantic rule.
pub struct RuleDef {
    /// Official id.
    pub id: RuleId,
    /// The rule set this rule belongs to.
    pub set: RuleSet,
    /// The official flag in the UBL binding; `None` if the UBL Schematron has no such rule.
    pub ubl: Option<Severity>,
    /// The official flag in the CII binding; `None` if the CII Schematron has no such rule.
    pub cii: Option<Severity>,
    /// The business terms (BT-/BG- ids) the rule reads.
    pub terms: &'static [&'static str],
    /// How to fix it, one sentence a clerk can act on.
    pub hint: &'static str,
    /// Markdown: what it checks, why, how to fix, UBL/CII notes. Printed by `erechnung explain`.
    pub doc: &'static str,
    /// The check.
    pub check: CheckFn,
}

impl RuleDef {
    /// The flag for `syntax`, or `None` when the rule does not exist in that binding.
    pub fn severity_for(&self, syntax: Syntax) -> Option<Severity> {
        if syntax.is_ubl() {
            self.ubl
        } else {
            self.cii
        }
    }
}

/// Collects the findings of one rule on one document.
pub struct Emit<'o> {
    rule: &'static str,
    severity: Severity,
    out: &'o mut Vec<Finding>,
}

impl<'o> Emit<'o> {
    /// A collector for `rule` with `severity` into `out`.
    pub fn new(rule: &'static str, severity: Severity, out: &'o mut Vec<Finding>) -> Self {
        Emit {
            rule,
            severity,
            out,
        }
    }

    /// Reports the rule at `node` with `message`.
    pub fn at(&mut self, node: crate::xml::Node<'_, '_>, message: impl Into<String>) {
        self.out
            .push(Finding::new(self.rule, self.severity, node, message.into()));
    }
}

/// Every semantic rule family, in registry order.
pub fn registry() -> impl Iterator<Item = &'static RuleDef> {
    en16931::FAMILIES
        .iter()
        .chain(xrechnung::FAMILIES.iter())
        .flat_map(|family| family.iter().copied())
}

/// Looks up the definition of a semantic rule.
pub fn lookup(id: RuleId) -> Option<&'static RuleDef> {
    registry().find(|r| r.id == id)
}

/// The rules to run for one syntax and selection, built once per run.
pub struct RulePlan {
    ubl: Vec<(&'static RuleDef, Severity)>,
    cii: Vec<(&'static RuleDef, Severity)>,
    sets: RuleSets,
}

impl RulePlan {
    /// The plan for `sets`.
    pub fn new(sets: RuleSets) -> RulePlan {
        let mut ubl = Vec::new();
        let mut cii = Vec::new();
        for rule in registry().filter(|r| sets.contains(r.set)) {
            if let Some(sev) = rule.ubl {
                ubl.push((rule, sev));
            }
            if let Some(sev) = rule.cii {
                cii.push((rule, sev));
            }
        }
        RulePlan { ubl, cii, sets }
    }

    /// The rule sets of this plan.
    pub fn sets(&self) -> RuleSets {
        self.sets
    }

    /// Runs every planned rule on `ctx`, appending to `out`.
    pub fn run(&self, ctx: &Ctx<'_, '_>, out: &mut Vec<Finding>) {
        for (rule, sev) in self.rules(ctx) {
            let mut emit = Emit::new(rule.id.as_str(), *sev, out);
            (rule.check)(ctx, &mut emit);
        }
    }

    /// Runs every planned rule on `ctx` on the threads of the current rayon
    /// pool, one rule a task, appending to `out` what [`RulePlan::run`] would,
    /// in the same order. For a large document: the context's shared indexes
    /// are built once, by the first rule that asks (`OnceLock`), while the
    /// other threads go on with rules that do not need them.
    pub fn run_parallel(&self, ctx: &Ctx<'_, '_>, out: &mut Vec<Finding>) {
        use rayon::prelude::*;
        let parts: Vec<Vec<Finding>> = self
            .rules(ctx)
            .par_iter()
            .map(|(rule, sev)| {
                let mut part = Vec::new();
                (rule.check)(ctx, &mut Emit::new(rule.id.as_str(), *sev, &mut part));
                part
            })
            .collect();
        for mut part in parts {
            out.append(&mut part);
        }
    }

    fn rules(&self, ctx: &Ctx<'_, '_>) -> &[(&'static RuleDef, Severity)] {
        if ctx.syntax.is_ubl() {
            &self.ubl
        } else {
            &self.cii
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_rule_has_one_definition() {
        let mut seen = std::collections::HashSet::new();
        for rule in registry() {
            assert!(seen.insert(rule.id), "{} defined twice", rule.id);
        }
    }

    #[test]
    fn every_registered_rule_has_doc_and_hint() {
        for rule in registry() {
            assert!(!rule.doc.trim().is_empty(), "{} has no doc", rule.id);
            assert!(!rule.hint.trim().is_empty(), "{} has no hint", rule.id);
            assert!(
                rule.ubl.is_some() || rule.cii.is_some(),
                "{} applies to no syntax",
                rule.id
            );
        }
    }

    #[test]
    fn ids_round_trip() {
        for id in RuleId::ALL {
            assert_eq!(id.as_str().parse::<RuleId>(), Ok(*id));
        }
        assert!("BR-999".parse::<RuleId>().is_err());
    }
}
