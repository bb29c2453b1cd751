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
fn rich_invoice_has_no_fatal_finding() {
    assert_clean(&case("rich", |s| *s = rich()));
    let s = rich();
    assert!(
        s.payee.is_some() && s.tax_representative.is_some() && s.lines[0].gross_price.is_some()
    );
    assert_eq!(s.lines[0].net_amount, dec("61.25"));
}

/// Writes the base, rich and scenario invoices to `$DUMP_DIR` for the official validators
/// (`tools/check-generated.py`): `DUMP_DIR=/tmp/fx cargo test --test rule_tester -- --ignored`.
#[test]
#[ignore]
fn dump_fixtures() {
    let dir = std::env::var("DUMP_DIR").expect("set DUMP_DIR");
    std::fs::create_dir_all(&dir).expect("DUMP_DIR");
    let mut specs = vec![("base".to_string(), base()), ("rich".to_string(), rich())];
    for sc in Scenario::ALL {
        specs.push((
            format!("{sc:?}"),
            base_with(Options {
                scenario: Some(sc),
                ..base_options()
            }),
        ));
    }
    specs.push((
        "credit-note".into(),
        base_with(Options {
            credit_note: Some(true),
            ..base_options()
        }),
    ));
    for (name, s) in specs {
        std::fs::write(format!("{dir}/{name}.ubl.xml"), gen::to_ubl(&s)).expect("write");
        std::fs::write(format!("{dir}/{name}.cii.xml"), gen::to_cii(&s)).expect("write");
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
