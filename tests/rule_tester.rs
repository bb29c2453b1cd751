//! Tests of the shared rule tester itself (tests/common): its base invoice is
//! clean, spec and XML edits reach both syntaxes, and the assertions fail
//! when they should.

mod common;
use common::*;

#[test]
fn base_invoice_has_no_fatal_finding() {
    assert_clean(&unchanged());
    assert_clean(&case("credit note", |s| {
        *s = base_with(Options {
            credit_note: Some(true),
            ..base_options()
        });
    }));
    for scenario in Scenario::ALL {
        assert_clean(&case(&format!("{scenario:?}"), move |s| {
            *s = base_with(Options {
                scenario: Some(scenario),
                ..base_options()
            });
        }));
    }
}

#[test]
fn spec_edit_fires_in_both_syntaxes() {
    // BR-02: an invoice needs a number (BT-1).
    assert_fires("BR-02", &case("empty invoice number", |s| s.number.clear()));
    assert_silent("BR-02", &unchanged());
}

#[test]
fn xml_edit_fires_in_both_syntaxes() {
    // BR-03: an invoice needs an issue date (BT-2).
    let c = xml_case("no issue date", |syn, xml| match syn {
        Syn::Ubl => remove_element(xml, "cbc:IssueDate"),
        Syn::Cii => remove_element(xml, "ram:IssueDateTime"),
    });
    assert!(!c.render(Syn::Ubl).contains("<cbc:IssueDate>"));
    assert!(!c.render(Syn::Cii).contains("<ram:IssueDateTime>"));
    assert_fires("BR-03", &c);
}

#[test]
fn only_restricts_the_syntax() {
    let c = case("empty invoice number", |s| s.number.clear()).only(Syn::Cii);
    let rs = run(&c);
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].syn, Syn::Cii);
}

#[test]
#[should_panic(expected = "expected to stay silent but fired: BR-02")]
fn assert_silent_fails_when_the_rule_fires() {
    assert_silent("BR-02", &case("empty invoice number", |s| s.number.clear()));
}

#[test]
#[should_panic(expected = "expected to fire but silent: BR-02")]
fn assert_fires_fails_when_the_rule_is_silent() {
    assert_fires("BR-02", &unchanged());
}

#[test]
fn remove_element_takes_the_whole_line() {
    let mut x = "<a>\n  <b:c x=\"1\">\n    <d/>\n  </b:c>\n  <b:cc>2</b:cc>\n</a>\n".to_string();
    remove_element(&mut x, "b:c");
    assert_eq!(x, "<a>\n  <b:cc>2</b:cc>\n</a>\n");
}
