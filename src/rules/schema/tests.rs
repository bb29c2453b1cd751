//! Tests of the structural check: each finding kind fires on a small mutated
//! document of our own and stays silent on the valid one (UBL Invoice, UBL
//! CreditNote, CII), and a differential test against `xmllint --schema`
//! (run only when `ERECHNUNG_XSD_DIR` points at the locally fetched XSDs).

use super::parse::parse;
use super::table::{Content, Step};
use crate::syntax::{self, Limits};

const UBL_INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>R-1</cbc:ID>
  <cbc:IssueDate>2024-03-01</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Lieferant GmbH</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Stadt Musterhausen</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Beratung</cbc:Name></cac:Item></cac:InvoiceLine>
</Invoice>
"#;

const UBL_CREDIT_NOTE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>G-7</cbc:ID>
  <cbc:IssueDate>2024-03-02</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Lieferant GmbH</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Stadt Musterhausen</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount><cbc:PayableAmount currencyID="EUR">11.90</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity><cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Gutschrift</cbc:Name></cac:Item></cac:CreditNoteLine>
</CreditNote>
"#;

const CII: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>R-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20240301</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>Beratung</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name></ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>Stadt Musterhausen</ram:Name></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount><ram:GrandTotalAmount>119.00</ram:GrandTotalAmount><ram:DuePayableAmount>119.00</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"#;

/// The structural findings on `xml`, as (id, message).
fn findings(xml: &str) -> Vec<(&'static str, String)> {
    let doc = match syntax::parse(xml, &Limits::default()) {
        Ok(d) => d,
        Err(e) => panic!("fixture does not parse: {e}"),
    };
    let syn = match syntax::detect(&doc) {
        Ok(s) => s,
        Err(e) => panic!("fixture syntax unknown: {e}"),
    };
    let mut out = Vec::new();
    super::check(&doc, syn, &mut out);
    out.into_iter().map(|f| (f.rule, f.message)).collect()
}

fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "fixture lacks `{from}`");
    base.replacen(from, to, 1)
}

/// The compiled static tables are exactly what the parser makes of the files
/// now (the build wrote them as `Debug` text; this also checks that printing
/// and reading back that text loses nothing).
#[test]
fn static_tables_equal_the_parsed_files() {
    for (name, text, compiled) in [
        (
            "ubl",
            include_str!("../../../schemas/structure/ubl.tsv"),
            &super::UBL,
        ),
        (
            "cii",
            include_str!("../../../schemas/structure/cii.tsv"),
            &super::CII,
        ),
    ] {
        let parsed = match parse(text, &crate::xml::symbols::lookup) {
            Ok(s) => s,
            Err(e) => panic!("{name}.tsv: {e:?}"),
        };
        assert!(
            !parsed.types.is_empty() && !parsed.roots.is_empty(),
            "{name}"
        );
        assert_eq!(format!("{parsed:?}"), format!("{compiled:?}"), "{name}");
    }
}

/// Every type's name index is perfect: each particle's element symbol
/// (which is the symbol of its local name) leads to that very particle, so
/// the walk's one-slot lookup finds every child the type declares. A type
/// goes without an index only when two of its particles share a symbol.
#[test]
fn every_particle_is_found_by_its_symbol() {
    for (name, s) in [("ubl", &super::UBL), ("cii", &super::CII)] {
        let mut indexed = 0;
        for t in s.types.iter() {
            let ps = &s.particles[t.particles.0 as usize..t.particles.1 as usize];
            let slots = &s.index[t.index.0 as usize..t.index.1 as usize];
            for p in ps {
                assert_eq!(crate::xml::symbols::name(p.sym), p.local.as_str(), "{name}");
            }
            let shared = ps
                .iter()
                .enumerate()
                .any(|(i, p)| ps.iter().take(i).any(|q| q.sym == p.sym));
            // The walk steps through the name index exactly where it holds
            // every particle of a sequence or choice.
            let expected = match t.content {
                _ if ps.is_empty() || shared => Step::Scan,
                Content::Seq => Step::IndexedSeq,
                Content::Choice => Step::IndexedChoice,
                _ => Step::Scan,
            };
            assert_eq!(t.step, expected, "{name}: {}", t.name);
            if ps.is_empty() || shared {
                continue;
            }
            assert!(slots.len().is_power_of_two() && slots.len() >= ps.len());
            assert_eq!(t.mask as usize, slots.len() - 1, "{name}: {}", t.name);
            for (i, p) in ps.iter().enumerate() {
                let at = super::table::slot(p.sym, t.mul, slots.len() - 1);
                assert_eq!(
                    usize::from(slots[at]),
                    i + 1,
                    "{name}: {} {}",
                    t.name,
                    p.qname
                );
            }
            indexed += 1;
        }
        assert!(indexed > 90, "{name}: {indexed} indexed types");
    }
}

#[test]
fn a_malformed_row_names_its_line() {
    match parse(
        "ns\tcbc\turn:x\n\nel\tcbc:T\t1\tcbc:ID\t1\tmany\tcbc:T\n",
        &crate::xml::symbols::lookup,
    ) {
        Ok(_) => panic!("a bad occurrence must not parse"),
        Err(e) => assert!(e.0.starts_with("line 3: "), "{}", e.0),
    }
}

#[test]
fn valid_documents_are_silent() {
    for (name, xml) in [
        ("UBL Invoice", UBL_INVOICE),
        ("UBL CreditNote", UBL_CREDIT_NOTE),
        ("CII", CII),
    ] {
        assert_eq!(findings(xml), vec![], "{name}");
    }
}

/// (document, what is replaced, replacement, expected id)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    ("UBL Invoice", "<cbc:ID>R-1</cbc:ID>", "<cbc:ID>R-1</cbc:ID><cbc:Foo>1</cbc:Foo>", "", "SCHEMA-UNKNOWN"),
    ("UBL Invoice", "<cbc:ID>R-1</cbc:ID>\n  <cbc:IssueDate>2024-03-01</cbc:IssueDate>", "<cbc:IssueDate>2024-03-01</cbc:IssueDate><cbc:ID>R-1</cbc:ID>", "", "SCHEMA-ORDER"),
    ("UBL Invoice", "<cbc:IssueDate>2024-03-01</cbc:IssueDate>", "", "", "SCHEMA-MISSING"),
    ("UBL Invoice", "<cbc:IssueDate>2024-03-01</cbc:IssueDate>", "<cbc:IssueDate>2024-03-01</cbc:IssueDate><cbc:IssueDate>2024-03-01</cbc:IssueDate>", "", "SCHEMA-TOO-MANY"),
    ("UBL Invoice", "<cbc:IssueDate>2024-03-01</cbc:IssueDate>", "<cbc:IssueDate>01.03.2024</cbc:IssueDate>", "", "SCHEMA-TYPE"),
    ("UBL Invoice", "<cbc:PayableAmount currencyID=\"EUR\">119.00", "<cbc:PayableAmount currencyID=\"EUR\">119,00", "", "SCHEMA-TYPE"),
    ("UBL Invoice", "<cbc:PayableAmount currencyID=\"EUR\">", "<cbc:PayableAmount>", "", "SCHEMA-ATTR"),
    ("UBL CreditNote", "<cbc:Name>Gutschrift</cbc:Name></cac:Item>", "<cbc:Name>Gutschrift</cbc:Name><cbc:Bar/></cac:Item>", "", "SCHEMA-UNKNOWN"),
    ("UBL CreditNote", "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>", "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>", "", "SCHEMA-ORDER"),
    ("UBL CreditNote", "<cbc:PayableAmount currencyID=\"EUR\">11.90</cbc:PayableAmount>", "", "", "SCHEMA-MISSING"),
    ("UBL CreditNote", "<cbc:ID>G-7</cbc:ID>", "<cbc:ID>G-7</cbc:ID><cbc:ID>G-8</cbc:ID>", "", "SCHEMA-TOO-MANY"),
    ("UBL CreditNote", "<cbc:CreditedQuantity unitCode=\"C62\">1<", "<cbc:CreditedQuantity unitCode=\"C62\">eins<", "", "SCHEMA-TYPE"),
    ("UBL CreditNote", "<cbc:ID>1</cbc:ID>", "<cbc:ID colour=\"red\">1</cbc:ID>", "", "SCHEMA-ATTR"),
    ("CII", "<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:Unknown>x</ram:Unknown>", "", "SCHEMA-UNKNOWN"),
    ("CII", "<ram:ID>R-1</ram:ID><ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:ID>R-1</ram:ID>", "", "SCHEMA-ORDER"),
    ("CII", "<ram:ApplicableHeaderTradeDelivery/>", "", "", "SCHEMA-MISSING"),
    ("CII", "<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "", "SCHEMA-TOO-MANY"),
    ("CII", "<ram:GrandTotalAmount>119.00<", "<ram:GrandTotalAmount>119.00 EUR<", "", "SCHEMA-TYPE"),
    ("CII", "<ram:BilledQuantity unitCode=\"C62\">", "<ram:BilledQuantity unitCode=\"C62\" currencyID=\"EUR\">", "", "SCHEMA-ATTR"),
    ("CII", "<udt:DateTimeString format=\"102\">20240301</udt:DateTimeString>", "", "", "SCHEMA-MISSING"),
];

#[test]
fn every_kind_fires_on_its_mutant_in_every_syntax() {
    let mut failures = Vec::new();
    for &(name, from, to, _, id) in CASES {
        let base = match name {
            "UBL Invoice" => UBL_INVOICE,
            "UBL CreditNote" => UBL_CREDIT_NOTE,
            _ => CII,
        };
        let got = findings(&edit(base, from, to));
        if got.len() != 1 || got[0].0 != id {
            failures.push(format!(
                "{name}: `{from}` -> `{to}`: expected one {id}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_name_the_element_and_what_was_expected() {
    let got = findings(&edit(
        UBL_INVOICE,
        "<cbc:IssueDate>2024-03-01</cbc:IssueDate>",
        "",
    ));
    assert_eq!(got.len(), 1);
    assert!(
        got[0].1.contains("cbc:IssueDate") && got[0].1.contains("missing"),
        "{}",
        got[0].1
    );
    let got = findings(&edit(
        UBL_INVOICE,
        "<cbc:PayableAmount currencyID=\"EUR\">",
        "<cbc:PayableAmount>",
    ));
    assert!(got[0].1.contains("currencyID"), "{}", got[0].1);
}

/// UBL extension content: one element of another namespace, validated laxly.
#[test]
fn extension_content_is_checked_laxly() {
    let ext = |content: &str| {
        edit(
            UBL_INVOICE,
            "<cbc:CustomizationID>",
            &format!("<ext:UBLExtensions xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\"><ext:UBLExtension><ext:ExtensionContent>{content}</ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions><cbc:CustomizationID>"),
        )
    };
    let ids = |xml: String| findings(&xml).into_iter().map(|f| f.0).collect::<Vec<_>>();
    assert_eq!(
        ids(ext(
            r#"<my:Data xmlns:my="urn:example:own"><my:Anything>1</my:Anything></my:Data>"#
        )),
        Vec::<&str>::new()
    );
    assert_eq!(
        ids(ext("<cbc:Note>declared, so checked</cbc:Note>")),
        Vec::<&str>::new()
    );
    assert_eq!(
        ids(ext("<cbc:IssueDate>gestern</cbc:IssueDate>")),
        vec!["SCHEMA-TYPE"]
    );
    assert_eq!(ids(ext("<ext:UBLExtension/>")), vec!["SCHEMA-UNKNOWN"]);
    assert_eq!(
        ids(ext("<cbc:Note>a</cbc:Note><cbc:Note>b</cbc:Note>")),
        vec!["SCHEMA-TOO-MANY"]
    );
    assert_eq!(ids(ext("")), vec!["SCHEMA-MISSING"]);
}

mod differential;

/// `Particle::reach` is how far a sequence may jump once the particle is
/// satisfied: up to and including the first mandatory particle after it.
#[test]
fn reach_is_the_next_mandatory_particle() {
    for (name, s) in [("ubl", &super::UBL), ("cii", &super::CII)] {
        for t in s.types.iter() {
            let ps = &s.particles[t.particles.0 as usize..t.particles.1 as usize];
            for (i, p) in ps.iter().enumerate() {
                let next = ps
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .find(|(_, q)| q.min > 0)
                    .map_or(ps.len(), |(j, _)| j);
                assert_eq!(p.reach as usize, next, "{name}: {} {}", t.name, p.qname);
            }
        }
    }
}

/// Elements are matched by the document's namespace numbers: another prefix
/// for the same namespace is the same element, the same prefix bound to
/// another namespace is not, and a table namespace the document never uses
/// matches nothing.
#[test]
fn namespaces_match_by_uri_whatever_the_prefix() {
    let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    let other = edit(
        UBL_INVOICE,
        "<cbc:ID>R-1</cbc:ID>",
        &format!("<b:ID xmlns:b=\"{cbc}\">R-1</b:ID>"),
    );
    assert_eq!(findings(&other), vec![]);
    let wrong = edit(
        UBL_INVOICE,
        "<cbc:ID>R-1</cbc:ID>",
        "<cbc:ID xmlns:cbc=\"urn:example:not-ubl\">R-1</cbc:ID>",
    );
    let got = findings(&wrong);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "SCHEMA-UNKNOWN", "{got:?}");
    let unqualified = edit(
        UBL_INVOICE,
        "<cbc:ID>R-1</cbc:ID>",
        "<ID xmlns=\"\">R-1</ID>",
    );
    assert_eq!(findings(&unqualified)[0].0, "SCHEMA-UNKNOWN");
}

/// The inline check of one plain attribute and the full one agree: the
/// type's first attribute alone is silent, any other single attribute is
/// judged by the full check (allowed, unknown, or namespaced).
#[test]
fn one_attribute_takes_the_short_check_only_when_it_is_plain() {
    let amount = "<cbc:PayableAmount currencyID=\"EUR\">";
    let with = |attrs: &str| {
        findings(&edit(
            UBL_INVOICE,
            amount,
            &format!("<cbc:PayableAmount {attrs}>"),
        ))
    };
    assert_eq!(with("currencyID=\"EUR\""), vec![]);
    // The second declared attribute alone leaves the required one missing.
    let got = with("currencyCodeListVersionID=\"2001\"");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("currencyID"), "{got:?}");
    let got = with("currencyid=\"EUR\"");
    assert_eq!(
        got.iter().filter(|f| f.0 == "SCHEMA-ATTR").count(),
        2,
        "{got:?}"
    );
    let got = with("x:currencyID=\"EUR\" xmlns:x=\"urn:example:x\"");
    assert!(
        got.iter().all(|f| f.0 == "SCHEMA-ATTR") && got.len() == 2,
        "{got:?}"
    );
    // Schema instance attributes are always allowed.
    let got = with(
        "currencyID=\"EUR\" xsi:nil=\"false\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    );
    assert_eq!(got, vec![]);
}

/// Simple content: a lone comment leaves the value empty (a decimal then
/// fails), an element child is reported for string types too.
#[test]
fn simple_content_children() {
    let got = findings(&edit(
        UBL_INVOICE,
        "<cbc:IssueDate>2024-03-01</cbc:IssueDate>",
        "<cbc:IssueDate><!-- none --></cbc:IssueDate>",
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "SCHEMA-TYPE");
    let got = findings(&edit(
        UBL_INVOICE,
        "<cbc:ID>R-1</cbc:ID>",
        "<cbc:ID><cbc:Note>x</cbc:Note></cbc:ID>",
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "SCHEMA-UNKNOWN");
    let got = findings(&edit(
        UBL_INVOICE,
        "<cbc:ID>R-1</cbc:ID>",
        "<cbc:ID><!-- c --></cbc:ID>",
    ));
    assert_eq!(got, vec![]);
}
