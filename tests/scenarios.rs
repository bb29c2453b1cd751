//! `--rules auto`: the scenario chosen by the exact BT-24, its re-grading, and
//! the verdict, on invoices of our own — each with the verdict KoSIT's
//! reference configuration (validator-configuration-xrechnung) gives; and the
//! message language and the Leitweg-ID warnings.

use erechnung::report::{Checked, Verdict};
use erechnung::rules::{Lang, RuleSet, RuleSets, Severity};
use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};

const UBL: &str = include_str!("fixtures/xrechnung/ubl-cius.xml");
const CII: &str = include_str!("fixtures/xrechnung/cii-cius.xml");

const CIUS: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
const EXT: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0";
const PEPPOL: &str = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const EN: &str = "urn:cen.eu:en16931:2017";

fn check(selection: Selection, xml: &str) -> Checked {
    let v = Validator::new(selection, Limits::default());
    v.validate_bytes("t.xml", xml.as_bytes())
        .outcome
        .expect("readable invoice")
}

fn auto(xml: &str) -> Checked {
    check(Selection::Auto, xml)
}

fn ids(c: &Checked) -> Vec<&'static str> {
    c.findings.iter().map(|f| f.rule).collect()
}

const EN_XR: RuleSets = RuleSets::NONE
    .with(RuleSet::En16931)
    .with(RuleSet::Xrechnung);

#[test]
fn xrechnung_cius_is_accepted_with_both_rule_sets() {
    for xml in [UBL, CII] {
        let c = auto(xml);
        assert_eq!(c.verdict(), Verdict::Accept, "{:?}", ids(&c));
        assert_eq!(c.rulesets, EN_XR);
        assert_eq!(c.scenario.map(|s| s.name), Some("xrechnung-3.0-cius"));
    }
}

#[test]
fn xrechnung_rules_reject_a_cius_invoice_without_buyer_reference() {
    let xml = UBL.replace(
        "<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>",
        "",
    );
    let c = auto(&xml);
    assert_eq!(c.verdict(), Verdict::Reject);
    assert!(ids(&c).contains(&"BR-DE-15"));
}

#[test]
fn extension_scenario_runs_the_extension_rules() {
    let ubl = UBL.replacen(CIUS, EXT, 1);
    let c = auto(&ubl);
    assert_eq!(c.scenario.map(|s| s.name), Some("xrechnung-3.0-extension"));
    assert_eq!(c.verdict(), Verdict::Accept, "{:?}", ids(&c));
    // A third-party payment that the totals account for: BR-DEX-09 holds; BR-CO-16
    // (if the EN 16931 rules report it) is only information in this scenario.
    let paid = ubl
        .replacen("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">10.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>", 1)
        .replacen("<cbc:PayableAmount currencyID=\"EUR\">119.00</cbc:PayableAmount>", "<cbc:PayableAmount currencyID=\"EUR\">129.00</cbc:PayableAmount>", 1);
    let c = auto(&paid);
    assert!(!ids(&c).contains(&"BR-DEX-09"));
    assert!(c
        .findings
        .iter()
        .filter(|f| f.rule == "BR-CO-16")
        .all(|f| f.severity == Severity::Information));
    assert_eq!(c.verdict(), Verdict::Accept, "{:?}", ids(&c));
    // Without the matching totals the Extension rule rejects it.
    let unpaid = ubl.replacen("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">10.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>", 1);
    let c = auto(&unpaid);
    assert!(ids(&c).contains(&"BR-DEX-09"));
    assert_eq!(c.verdict(), Verdict::Reject);
}

#[test]
fn extension_rules_stay_silent_in_the_cius() {
    let xml = UBL.replacen("<!--SELLER-ID-->", "<cac:PartyIdentification><cbc:ID schemeID=\"XX99\">4711</cbc:ID></cac:PartyIdentification>", 1);
    assert!(!ids(&auto(&xml)).contains(&"BR-DEX-04"));
    assert!(ids(&auto(&xml.replacen(CIUS, EXT, 1))).contains(&"BR-DEX-04"));
}

#[test]
fn plain_en16931_runs_only_the_cen_rules() {
    // No buyer reference, no payment means: XRechnung would reject, EN 16931 does not.
    let xml = UBL.replacen(CIUS, EN, 1).replacen(
        "<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>",
        "",
        1,
    );
    let c = auto(&xml);
    assert_eq!(c.scenario.map(|s| s.name), Some("en16931"));
    assert_eq!(c.rulesets, RuleSets::NONE.with(RuleSet::En16931));
    assert!(!ids(&c).contains(&"BR-DE-15"));
    assert_eq!(c.verdict(), Verdict::Accept, "{:?}", ids(&c));
}

#[test]
fn peppol_bis_has_no_scenario_and_is_rejected() {
    for xml in [UBL.replacen(CIUS, PEPPOL, 1), CII.replacen(CIUS, PEPPOL, 1)] {
        let c = auto(&xml);
        assert!(c.scenario.is_none());
        assert_eq!(c.verdict(), Verdict::Reject);
        let f = c
            .findings
            .iter()
            .find(|f| f.rule == "ER-SCENARIO-01")
            .expect("scenario finding");
        assert_eq!(f.severity, Severity::Fatal);
        assert!(f.message.contains(CIUS) && f.message.contains(EXT) && f.message.contains(PEPPOL));
    }
}

#[test]
fn bt24_must_match_exactly() {
    for spec in [
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3",
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0 ",
        "URN:CEN.EU:EN16931:2017",
    ] {
        let c = auto(&UBL.replacen(CIUS, spec, 1));
        assert!(ids(&c).contains(&"ER-SCENARIO-01"), "{spec}");
        assert_eq!(c.verdict(), Verdict::Reject);
    }
}

#[test]
fn explicit_rule_sets_give_official_flags_without_scenario() {
    let xml = UBL.replacen(CIUS, PEPPOL, 1);
    let c = check(Selection::Fixed(EN_XR), &xml);
    assert!(c.scenario.is_none());
    assert!(!ids(&c).contains(&"ER-SCENARIO-01"));
    // BR-DE-21 is a warning by its official flag.
    let f = c
        .findings
        .iter()
        .find(|f| f.rule == "BR-DE-21")
        .expect("BR-DE-21");
    assert_eq!(f.severity, Severity::Warning);
    assert!(c.regraded.is_empty());
}

#[test]
fn regrading_is_reported_with_the_official_flag() {
    use erechnung::rules::scenario;
    use erechnung::syntax::Syntax;
    let ext = scenario::select(Syntax::UblInvoice, [EXT]).expect("extension scenario");
    let mut findings = vec![erechnung::rules::Finding {
        rule: "BR-CO-16",
        severity: Severity::Fatal,
        message: String::new(),
        location: String::new(),
        line: 0,
        column: 0,
        node: None,
    }];
    let changed = ext.apply(&mut findings);
    assert_eq!(findings[0].severity, Severity::Information);
    assert_eq!(changed, vec![(0, Severity::Fatal)]);
    // The CIUS scenario raises UBL-CR-646 (sub invoice lines) to an error.
    let cius = scenario::select(Syntax::UblInvoice, [CIUS]).expect("cius scenario");
    let mut f = findings.clone();
    f[0].rule = "UBL-CR-646";
    f[0].severity = Severity::Warning;
    cius.apply(&mut f);
    assert_eq!(f[0].severity, Severity::Fatal);
}

#[test]
fn json_names_scenario_versions_and_official_severity() {
    let v = Validator::new(Selection::Auto, Limits::default());
    let r = v.validate_bytes("t.xml", UBL.as_bytes());
    let mut out = Vec::new();
    r.write_json(&mut out).unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(j["scenario"]["name"], "xrechnung-3.0-cius");
    assert_eq!(j["scenario"]["versions"]["en16931"], "1.3.16");
    assert!(j["scenario"]["versions"]["xrechnung"]
        .as_str()
        .unwrap()
        .starts_with("3.0"));
}

#[test]
fn messages_follow_the_language() {
    let xml = UBL.replace(
        "<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>",
        "",
    );
    let de = Validator::new(Selection::Auto, Limits::default()).with_lang(Lang::De);
    let c = de.validate_bytes("t.xml", xml.as_bytes()).outcome.unwrap();
    let m = &c
        .findings
        .iter()
        .find(|f| f.rule == "BR-DE-15")
        .unwrap()
        .message;
    assert!(m.contains("Käuferreferenz"), "{m}");
    let c = auto(&xml);
    let m = &c
        .findings
        .iter()
        .find(|f| f.rule == "BR-DE-15")
        .unwrap()
        .message;
    assert!(m.contains("buyer reference"), "{m}");
    assert_eq!(Lang::parse("de_DE.UTF-8"), Some(Lang::De));
    assert_eq!(Lang::parse("en"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn leitweg_id_check_digits_are_a_warning_only() {
    // 04011000-1234512345-06 is right; -07 is not.
    let xml = UBL.replace("04011000-1234512345-06", "04011000-1234512345-07");
    let c = auto(&xml);
    let w: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.rule == "ER-LEITWEG-02")
        .collect();
    assert_eq!(w.len(), 2, "BT-10 and BT-49 (scheme 0204): {:?}", ids(&c));
    assert!(w.iter().all(|f| f.severity == Severity::Warning));
    assert!(w[0].message.contains("'06'"), "{}", w[0].message);
    assert_eq!(c.verdict(), Verdict::Accept);
    // Letters in the fine addressing, and a bad format.
    let c = auto(&CII.replace("04011000-1234512345-06", "08136075-A6899-82"));
    assert!(
        !ids(&c).iter().any(|i| i.starts_with("ER-LEITWEG")),
        "{:?}",
        ids(&c)
    );
    let c = auto(&CII.replace("04011000-1234512345-06", "08136075-A6899"));
    assert!(ids(&c).contains(&"ER-LEITWEG-01"), "{:?}", ids(&c));
    // A buyer reference that is no Leitweg-ID is not judged.
    let c = auto(&UBL.replacen(
        "<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>",
        "<cbc:BuyerReference>PO-4711</cbc:BuyerReference>",
        1,
    ));
    assert!(!ids(&c).iter().any(|i| i.starts_with("ER-LEITWEG")));
}

#[test]
fn extension_scenario_lowers_the_cen_mime_rule_and_cius_keeps_it() {
    // An XML attachment: outside the CEN MIME list (BR-CL-24, fatal), but admitted by the
    // Extension (BR-DEX-01), whose scenario lowers BR-CL-24 to information.
    let attach = "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/xml\" filename=\"a.xml\">PGEvPg==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>";
    let cius = UBL.replacen("<!--HEADER-->", attach, 1);
    let c = auto(&cius);
    let f = c
        .findings
        .iter()
        .find(|f| f.rule == "BR-CL-24")
        .expect("BR-CL-24 in the CIUS");
    assert_eq!(f.severity, Severity::Fatal);
    assert_eq!(c.verdict(), Verdict::Reject);

    let ext = cius.replacen(CIUS, EXT, 1);
    let c = auto(&ext);
    let (i, f) = c
        .findings
        .iter()
        .enumerate()
        .find(|(_, f)| f.rule == "BR-CL-24")
        .expect("BR-CL-24 in the Extension");
    assert_eq!(f.severity, Severity::Information);
    assert!(c.regraded.contains(&(i, Severity::Fatal)));
    assert!(!ids(&c).contains(&"BR-DEX-01"));
    assert_eq!(c.verdict(), Verdict::Accept, "{:?}", ids(&c));
    let r =
        Validator::new(Selection::Auto, Limits::default()).validate_bytes("t.xml", ext.as_bytes());
    let mut out = Vec::new();
    r.write_json(&mut out).unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let f = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "BR-CL-24")
        .unwrap();
    assert_eq!(f["severity"], "information");
    assert_eq!(f["official_severity"], "fatal");

    // The explicit rule sets keep the official flag.
    let c = check(Selection::Fixed(EN_XR), &ext);
    assert_eq!(
        c.findings
            .iter()
            .find(|f| f.rule == "BR-CL-24")
            .map(|f| f.severity),
        Some(Severity::Fatal)
    );
}

#[test]
fn zugferd_basic_and_extended_run_the_cen_rules_minimum_is_refused() {
    let basic = "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic";
    let extended = "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended";
    for (spec, name) in [(basic, "zugferd-basic"), (extended, "zugferd-extended")] {
        let xml = CII.replacen(CIUS, spec, 1);
        let c = auto(&xml);
        assert_eq!(c.scenario.map(|s| s.name), Some(name));
        assert_eq!(c.rulesets, RuleSets::NONE.with(RuleSet::En16931));
        assert!(!ids(&c).contains(&"ER-SCENARIO-01"));
    }
    let minimum = CII.replacen(CIUS, "urn:factur-x.eu:1p0:minimum", 1);
    let c = auto(&minimum);
    assert!(c.scenario.is_none());
    assert_eq!(c.verdict(), Verdict::Reject);
    // The ZUGFeRD profiles are CII only: a UBL document claiming BASIC has no scenario.
    let c = auto(&UBL.replacen(CIUS, basic, 1));
    assert!(c.scenario.is_none());
}
