//! The scenario table of `--rules auto`: which rule sets a document gets and
//! how individual rules are re-graded, chosen by the exact value of BT-24.
//!
//! The table follows the scenarios of KoSIT's reference configuration
//! (validator-configuration-xrechnung, release 2026-01-31, for XRechnung
//! 3.0.x): a scenario matches when the root element is of its syntax and a
//! BT-24 element's value is exactly its identifier (no trimming); its
//! re-grading (KoSIT's `customLevel`) then replaces the flag of the named
//! rules; the document is rejected iff an error (fatal) remains. A document
//! that matches no scenario is rejected with [`ER_SCENARIO_01`]. See
//! `docs/scenarios.md`.
//!
//! Adding the next XRechnung release: add its rule set version (a new
//! `RuleSet` variant whose families register like `rules::xrechnung`), and
//! add its rows here with their own BT-24 identifiers; both versions then sit
//! side by side and each document gets the one it declares.

use crate::rules::{xrechnung, Finding, RuleSet, RuleSets, Severity};
use crate::syntax::Syntax;

/// Project id: BT-24 names no known scenario (never an official id).
pub const ER_SCENARIO_01: &str = "ER-SCENARIO-01";

/// EN 16931 (CEN validation artefacts) version of every scenario here.
pub const EN16931_VERSION: &str = "1.3.16";
/// BT-24 of a plain EN 16931 invoice.
pub const EN16931_ID: &str = "urn:cen.eu:en16931:2017";

/// One scenario: a BT-24 identifier in one syntax, its rule sets and re-grading.
#[derive(Debug)]
pub struct Scenario {
    /// Short name for reports, e.g. `xrechnung-3.0-cius`.
    pub name: &'static str,
    /// What the scenario is, for people.
    pub title: &'static str,
    /// The syntaxes (root elements) it applies to.
    pub syntaxes: &'static [Syntax],
    /// The exact BT-24 value it matches.
    pub specification: &'static str,
    /// The rule sets it runs.
    pub rulesets: RuleSets,
    /// The rule set versions, `(rule set, version)`, for the report.
    pub versions: &'static [(&'static str, &'static str)],
    /// Rules whose flag the scenario replaces, `(official id, new flag)`.
    pub regrade: &'static [(&'static str, Severity)],
}

impl Scenario {
    /// The scenario's flag for `rule`, if it re-grades it.
    pub fn regraded(&self, rule: &str) -> Option<Severity> {
        self.regrade
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }

    /// Applies the re-grading to `findings`; returns `(index, official flag)` of each changed finding.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<(usize, Severity)> {
        let mut changed = Vec::new();
        for (i, f) in findings.iter_mut().enumerate() {
            if let Some(sev) = self.regraded(f.rule) {
                if sev != f.severity {
                    changed.push((i, f.severity));
                    f.severity = sev;
                }
            }
        }
        changed
    }
}

const EN: RuleSets = RuleSets::NONE.with(RuleSet::En16931);
const EN_XR: RuleSets = EN.with(RuleSet::Xrechnung);

const UBL_INV: &[Syntax] = &[Syntax::UblInvoice];
const UBL_CN: &[Syntax] = &[Syntax::UblCreditNote];
const CII: &[Syntax] = &[Syntax::Cii];

const V_EN: &[(&str, &str)] = &[("en16931", EN16931_VERSION)];
const V_XR: &[(&str, &str)] = &[
    ("en16931", EN16931_VERSION),
    ("xrechnung", "3.0.x (Schematron 2.5.0)"),
];
const V_CVD: &[(&str, &str)] = &[
    ("en16931", EN16931_VERSION),
    ("xrechnung", "3.0.x (Schematron 2.5.0), CVD 0.9"),
];

use Severity::{Fatal as E, Information as I, Warning as W};

/// Unit codes (BT-130, BT-150) and item scheme (BT-157-1) outside the CEN lists
/// are only warnings in every XRechnung scenario.
const CIUS_UBL_INVOICE: &[(&str, Severity)] =
    &[("BR-CL-23", W), ("BR-CL-21", W), ("UBL-CR-646", E)];
const CIUS_UBL_CREDITNOTE: &[(&str, Severity)] = &[("BR-CL-23", W), ("BR-CL-21", W)];
const CIUS_CII: &[(&str, Severity)] = &[
    ("BR-CL-23", W),
    ("BR-CL-21", W),
    ("CII-SR-452", E),
    ("CII-SR-453", E),
    ("CII-SR-454", E),
];
/// The Extension admits DiGA schemes, more MIME types, third-party payments
/// and (UBL) sub invoice lines, so the CEN code-list rules it widens become
/// information.
const EXT_UBL_INVOICE: &[(&str, Severity)] = &[
    ("BR-CL-21", I),
    ("BR-CL-23", W),
    ("BR-CL-24", I),
    ("BR-CL-10", I),
    ("BR-CL-11", I),
    ("BR-CL-25", I),
    ("BR-CL-26", I),
    ("BR-CO-16", I),
    ("UBL-CR-470", I),
    ("UBL-CR-646", I),
];
const EXT_CII: &[(&str, Severity)] = &[
    ("BR-CL-23", W),
    ("BR-CL-21", I),
    ("BR-CL-11", I),
    ("BR-CL-10", I),
    ("BR-CL-24", I),
    ("BR-CL-25", I),
    ("BR-CL-26", I),
    ("CII-SR-452", E),
    ("CII-SR-453", E),
    ("CII-SR-454", E),
];
/// CVD: item classification schemes (BT-158-1) include `CVD`.
const CVD_UBL: &[(&str, Severity)] = &[
    ("BR-CL-13", I),
    ("BR-CL-23", W),
    ("BR-CL-21", W),
    ("UBL-CR-646", E),
];
const CVD_CII: &[(&str, Severity)] = &[
    ("BR-CL-13", I),
    ("BR-CL-23", W),
    ("BR-CL-21", W),
    ("CII-SR-452", E),
    ("CII-SR-453", E),
    ("CII-SR-454", E),
];

/// Every scenario, in match order.
pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "xrechnung-3.0-cius",
        title: "XRechnung 3.0 (UBL Invoice)",
        syntaxes: UBL_INV,
        specification: xrechnung::XR_CIUS_ID,
        rulesets: EN_XR,
        versions: V_XR,
        regrade: CIUS_UBL_INVOICE,
    },
    Scenario {
        name: "xrechnung-3.0-extension",
        title: "XRechnung 3.0 Extension (UBL Invoice)",
        syntaxes: UBL_INV,
        specification: xrechnung::XR_EXTENSION_ID,
        rulesets: EN_XR,
        versions: V_XR,
        regrade: EXT_UBL_INVOICE,
    },
    Scenario {
        name: "xrechnung-3.0-cvd",
        title: "XRechnung 3.0 CVD (UBL Invoice)",
        syntaxes: UBL_INV,
        specification: xrechnung::XR_CVD_ID,
        rulesets: EN_XR,
        versions: V_CVD,
        regrade: CVD_UBL,
    },
    Scenario {
        name: "xrechnung-3.0-cius",
        title: "XRechnung 3.0 (UBL CreditNote)",
        syntaxes: UBL_CN,
        specification: xrechnung::XR_CIUS_ID,
        rulesets: EN_XR,
        versions: V_XR,
        regrade: CIUS_UBL_CREDITNOTE,
    },
    Scenario {
        name: "xrechnung-3.0-cvd",
        title: "XRechnung 3.0 CVD (UBL CreditNote)",
        syntaxes: UBL_CN,
        specification: xrechnung::XR_CVD_ID,
        rulesets: EN_XR,
        versions: V_CVD,
        regrade: CVD_UBL,
    },
    Scenario {
        name: "xrechnung-3.0-cius",
        title: "XRechnung 3.0 (CII)",
        syntaxes: CII,
        specification: xrechnung::XR_CIUS_ID,
        rulesets: EN_XR,
        versions: V_XR,
        regrade: CIUS_CII,
    },
    Scenario {
        name: "xrechnung-3.0-extension",
        title: "XRechnung 3.0 Extension (CII)",
        syntaxes: CII,
        specification: xrechnung::XR_EXTENSION_ID,
        rulesets: EN_XR,
        versions: V_XR,
        regrade: EXT_CII,
    },
    Scenario {
        name: "xrechnung-3.0-cvd",
        title: "XRechnung 3.0 CVD (CII)",
        syntaxes: CII,
        specification: xrechnung::XR_CVD_ID,
        rulesets: EN_XR,
        versions: V_CVD,
        regrade: CVD_CII,
    },
    Scenario {
        name: "en16931",
        title: "EN 16931 (UBL Invoice)",
        syntaxes: UBL_INV,
        specification: EN16931_ID,
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    Scenario {
        name: "en16931",
        title: "EN 16931 (UBL CreditNote)",
        syntaxes: UBL_CN,
        specification: EN16931_ID,
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    // ZUGFeRD 2.x / Factur-X profiles BASIC and EXTENDED are e-invoices under
    // § 14 UStG; the reference tools judge them by the EN 16931 rules (EXTENDED
    // is "conformant", i.e. EN 16931 plus extensions, so only the CEN rules apply).
    // MINIMUM and BASIC WL are not invoices and stay unknown here (rejected,
    // with the PDF intake's ER-ZF finding saying why).
    Scenario {
        name: "zugferd-basic",
        title: "ZUGFeRD 2.x / Factur-X BASIC (CII)",
        syntaxes: CII,
        specification: "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    Scenario {
        name: "zugferd-basic",
        title: "ZUGFeRD 2.0 BASIC (CII)",
        syntaxes: CII,
        specification: "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    Scenario {
        name: "zugferd-extended",
        title: "ZUGFeRD 2.x / Factur-X EXTENDED (CII)",
        syntaxes: CII,
        specification: "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    Scenario {
        name: "zugferd-extended",
        title: "ZUGFeRD 2.0 EXTENDED (CII)",
        syntaxes: CII,
        specification: "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended",
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
    Scenario {
        name: "en16931",
        title: "EN 16931 (CII)",
        syntaxes: CII,
        specification: EN16931_ID,
        rulesets: EN,
        versions: V_EN,
        regrade: &[],
    },
];

/// The first scenario of `syntax` one of whose BT-24 values (as written) equals its identifier.
pub fn select<'s>(
    syntax: Syntax,
    specs: impl IntoIterator<Item = &'s str> + Clone,
) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| {
        s.syntaxes.contains(&syntax) && specs.clone().into_iter().any(|v| v == s.specification)
    })
}

/// The identifiers `--rules auto` accepts for `syntax`, in table order.
pub fn accepted(syntax: Syntax) -> impl Iterator<Item = &'static str> {
    SCENARIOS
        .iter()
        .filter(move |s| s.syntaxes.contains(&syntax))
        .map(|s| s.specification)
}

/// The finding for a document whose BT-24 matches no scenario.
pub fn unknown(
    syntax: Syntax,
    spec: &str,
    node: crate::xml::Node<'_, '_>,
    lang: crate::rules::ctx::Lang,
) -> Finding {
    let list: Vec<&str> = accepted(syntax).collect();
    let list = list.join(", ");
    let message = match lang {
        crate::rules::ctx::Lang::En => format!(
            "the specification identifier (BT-24) '{spec}' names no rule set this validator knows for {}; it accepts exactly: {list}",
            syntax.as_str()
        ),
        crate::rules::ctx::Lang::De => format!(
            "die Spezifikationskennung (BT-24) '{spec}' benennt kein Regelwerk, das dieser Validator für {} kennt; angenommen werden genau: {list}",
            syntax.as_str()
        ),
    };
    Finding::new(ER_SCENARIO_01, Severity::Fatal, node, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let s = select(Syntax::UblInvoice, [xrechnung::XR_CIUS_ID]).map(|s| s.title);
        assert_eq!(s, Some("XRechnung 3.0 (UBL Invoice)"));
        let padded = format!(" {}", xrechnung::XR_CIUS_ID);
        assert!(select(Syntax::UblInvoice, [padded.as_str()]).is_none());
        assert!(select(
            Syntax::Cii,
            ["urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3"]
        )
        .is_none());
        // KoSIT has no Extension scenario for UBL credit notes.
        assert!(select(Syntax::UblCreditNote, [xrechnung::XR_EXTENSION_ID]).is_none());
        assert!(select(Syntax::Cii, [xrechnung::XR_EXTENSION_ID]).is_some());
        assert_eq!(
            select(Syntax::Cii, [EN16931_ID]).map(|s| s.rulesets),
            Some(EN)
        );
    }

    #[test]
    fn regrading_is_per_scenario() {
        let ext = select(Syntax::UblInvoice, [xrechnung::XR_EXTENSION_ID]).unwrap();
        assert_eq!(ext.regraded("BR-CO-16"), Some(Severity::Information));
        let cius = select(Syntax::UblInvoice, [xrechnung::XR_CIUS_ID]).unwrap();
        assert_eq!(cius.regraded("BR-CO-16"), None);
        assert_eq!(cius.regraded("UBL-CR-646"), Some(Severity::Fatal));
        assert_eq!(cius.regraded("BR-CL-23"), Some(Severity::Warning));
    }

    #[test]
    fn every_scenario_row_is_unique() {
        for (i, a) in SCENARIOS.iter().enumerate() {
            for b in &SCENARIOS[i + 1..] {
                let overlap = a.syntaxes.iter().any(|s| b.syntaxes.contains(s));
                assert!(
                    !(overlap && a.specification == b.specification),
                    "{} twice",
                    a.title
                );
            }
        }
    }
}
