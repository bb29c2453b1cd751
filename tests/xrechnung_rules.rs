//! Every XRechnung rule (BR-DE, BR-DEX, BR-TMP, CVD, merged PEPPOL-EN16931-R*)
//! on invoices of our own: a valid XRechnung (UBL and CII, in the CIUS, the
//! Extension and the CVD variant) on which no rule of the set fires, and for
//! each rule and syntax a named edit of it on which that rule fires — plus,
//! where the rule is conditional, an edit on which it stays silent.
//! A meta-test checks that every registered XRechnung rule has its cases.

use std::collections::BTreeSet;

use erechnung::model::Invoice;
use erechnung::rules::{self, Ctx, RulePlan, RuleSet, RuleSets};
use erechnung::syntax::{self, Limits};

const UBL: &str = include_str!("fixtures/xrechnung/ubl-cius.xml");
const CII: &str = include_str!("fixtures/xrechnung/cii-cius.xml");

const CIUS: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
const EXT: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0";
const CVD: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Ubl,
    Cii,
    UblExt,
    CiiExt,
    UblCvd,
    CiiCvd,
}

impl Base {
    fn is_ubl(self) -> bool {
        matches!(self, Base::Ubl | Base::UblExt | Base::UblCvd)
    }
    fn xml(self) -> String {
        let doc = if self.is_ubl() { UBL } else { CII };
        match self {
            Base::Ubl | Base::Cii => doc.to_string(),
            Base::UblExt | Base::CiiExt => doc.replacen(CIUS, EXT, 1),
            Base::UblCvd => doc
                .replacen(CIUS, CVD, 1)
                .replacen(
                    "<!--HEADER-->",
                    &format!("<!--HEADER-->{UBL_CVD_HEADER}"),
                    1,
                )
                .replacen("<!--ITEM-->", &format!("<!--ITEM-->{UBL_CVD_ITEM}"), 1),
            Base::CiiCvd => doc
                .replacen(CIUS, CVD, 1)
                .replacen(
                    "<!--AGREEMENT-->",
                    &format!("<!--AGREEMENT-->{CII_CVD_AGREEMENT}"),
                    1,
                )
                .replacen(
                    "<!--PRODUCT-->",
                    &format!("<!--PRODUCT-->{CII_CVD_PRODUCT}"),
                    1,
                ),
        }
    }
}

const UBL_CVD_HEADER: &str = "<cac:OriginatorDocumentReference><cbc:ID>LOS-7</cbc:ID></cac:OriginatorDocumentReference><cac:ContractDocumentReference><cbc:ID>V-2024-1</cbc:ID></cac:ContractDocumentReference>";
const UBL_CVD_ITEM: &str = "<cac:CommodityClassification><cbc:ItemClassificationCode listID=\"CVD\">M1</cbc:ItemClassificationCode></cac:CommodityClassification><cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>clean</cbc:Value></cac:AdditionalItemProperty>";
const CII_CVD_AGREEMENT: &str = "<ram:ContractReferencedDocument><ram:IssuerAssignedID>V-2024-1</ram:IssuerAssignedID></ram:ContractReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>LOS-7</ram:IssuerAssignedID><ram:TypeCode>50</ram:TypeCode></ram:AdditionalReferencedDocument>";
const CII_CVD_PRODUCT: &str = "<ram:ApplicableProductCharacteristic><ram:Description>cva</ram:Description><ram:Value>clean</ram:Value></ram:ApplicableProductCharacteristic><ram:DesignatedProductClassification><ram:ClassCode listID=\"CVD\">M1</ram:ClassCode></ram:DesignatedProductClassification>";

/// The ids of the XRechnung rules that fire on `xml`.
fn fired(xml: &str) -> BTreeSet<String> {
    let limits = Limits::default();
    let doc = syntax::parse(xml, &limits)
        .unwrap_or_else(|e| panic!("fixture does not parse: {e}\n{xml}"));
    let syn = syntax::detect(&doc).expect("fixture is an invoice");
    let inv = Invoice::read(&doc, syn);
    let ctx = Ctx::new(&doc, &inv);
    let plan = RulePlan::new(RuleSets::NONE.with(RuleSet::Xrechnung));
    let mut out = Vec::new();
    plan.run(&ctx, &mut out);
    out.into_iter().map(|f| f.rule.to_string()).collect()
}

fn apply(base: Base, edits: &[(&str, &str)]) -> String {
    let mut xml = base.xml();
    for (from, to) in edits {
        assert!(
            xml.contains(from),
            "edit target {from:?} not in the {base:?} fixture"
        );
        xml = xml.replacen(from, to, 1);
    }
    xml
}

/// One case: on `base` with `edits`, `rule` fires (`fires`) or stays silent.
struct Case {
    rule: &'static str,
    base: Base,
    edits: Vec<(&'static str, &'static str)>,
    fires: bool,
}

fn fail(rule: &'static str, base: Base, edits: &[(&'static str, &'static str)]) -> Case {
    Case {
        rule,
        base,
        edits: edits.to_vec(),
        fires: true,
    }
}
fn pass(rule: &'static str, base: Base, edits: &[(&'static str, &'static str)]) -> Case {
    Case {
        rule,
        base,
        edits: edits.to_vec(),
        fires: false,
    }
}

use Base::{Cii as C, CiiCvd as CC, CiiExt as CE, Ubl as U, UblCvd as UC, UblExt as UE};

// UBL snippets.
const U_PM58: &str = "<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>";
const U_IBAN: &str = "<cbc:ID>DE02120300000000202051</cbc:ID>";
const U_PAYEE_OPEN: &str = "<cac:PayeeFinancialAccount>";
const U_PAYEE_CLOSE: &str = "</cac:PayeeFinancialAccount>";
const U_MANDATE: &str = "<cac:PaymentMandate><cbc:ID>M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>";
const U_SEPA: &str = "<cac:PartyIdentification><cbc:ID schemeID=\"SEPA\">DE98ZZZ09999999999</cbc:ID></cac:PartyIdentification>";
const U_CARD: &str = "<cac:CardAccount><cbc:PrimaryAccountNumberID>1234</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>";

/// UBL: the payment means becomes a SEPA direct debit (59) with mandate and creditor id.
fn u_debit() -> Vec<(&'static str, &'static str)> {
    vec![
        (U_PM58, "<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode><cac:PaymentMandate><cbc:ID>M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>"),
        (U_PAYEE_OPEN, "<cac:Unused>"),
        (U_PAYEE_CLOSE, "</cac:Unused>"),
        ("<!--SELLER-ID-->", U_SEPA),
    ]
}

// CII snippets.
const C_PM58: &str = "<ram:TypeCode>58</ram:TypeCode>";
const C_IBAN: &str = "<ram:IBANID>DE02120300000000202051</ram:IBANID>";
const C_PAYEE_OPEN: &str = "<ram:PayeePartyCreditorFinancialAccount>";
const C_PAYEE_CLOSE: &str = "</ram:PayeePartyCreditorFinancialAccount>";
const C_CARD: &str = "<ram:ApplicableTradeSettlementFinancialCard><ram:ID>1234</ram:ID></ram:ApplicableTradeSettlementFinancialCard>";

/// CII: the payment means becomes a SEPA direct debit (59) with mandate, creditor id and debited account.
fn c_debit() -> Vec<(&'static str, &'static str)> {
    vec![
        (C_PM58, "<ram:TypeCode>59</ram:TypeCode><ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>"),
        (C_PAYEE_OPEN, "<ram:Unused>"),
        (C_PAYEE_CLOSE, "</ram:Unused>"),
        ("<!--CREDITOR-->", "<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>"),
        ("<!--MANDATE-->", "<ram:DirectDebitMandateID>M-1</ram:DirectDebitMandateID>"),
    ]
}

fn with(
    mut a: Vec<(&'static str, &'static str)>,
    b: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    a.extend_from_slice(b);
    a
}

fn cases() -> Vec<Case> {
    let mut v = vec![
        // BR-DE-1 … 11: mandatory parts.
        fail("BR-DE-1", U, &[("<cac:PaymentMeans>", "<cac:Unused>"), ("</cac:PaymentMeans>", "</cac:Unused>")]),
        fail("BR-DE-1", C, &[("<ram:SpecifiedTradeSettlementPaymentMeans>", "<ram:Unused>"), ("</ram:SpecifiedTradeSettlementPaymentMeans>", "</ram:Unused>")]),
        fail("BR-DE-2", U, &[("<cac:Contact>", "<cac:Unused>"), ("</cac:Contact>", "</cac:Unused>")]),
        fail("BR-DE-2", C, &[("<ram:DefinedTradeContact>", "<ram:Unused>"), ("</ram:DefinedTradeContact>", "</ram:Unused>")]),
        fail("BR-DE-3", U, &[("<cbc:CityName>Berlin</cbc:CityName>", "")]),
        fail("BR-DE-3", C, &[("<ram:CityName>Berlin</ram:CityName>", "<ram:CityName> </ram:CityName>")]),
        fail("BR-DE-4", U, &[("<cbc:PostalZone>10115</cbc:PostalZone>", "")]),
        fail("BR-DE-4", C, &[("<ram:PostcodeCode>10115</ram:PostcodeCode>", "")]),
        fail("BR-DE-5", U, &[("<cbc:Name>Erika Muster</cbc:Name>", "")]),
        fail("BR-DE-5", C, &[("<ram:PersonName>Erika Muster</ram:PersonName>", "")]),
        pass("BR-DE-5", C, &[("<ram:PersonName>Erika Muster</ram:PersonName>", "<ram:DepartmentName>Buchhaltung</ram:DepartmentName>")]),
        fail("BR-DE-6", U, &[("<cbc:Telephone>+49 30 123456</cbc:Telephone>", "")]),
        fail("BR-DE-6", C, &[("<ram:CompleteNumber>+49 30 123456</ram:CompleteNumber>", "")]),
        fail("BR-DE-7", U, &[("<cbc:ElectronicMail>erika@lieferant.example</cbc:ElectronicMail>", "")]),
        fail("BR-DE-7", C, &[("<ram:URIID>erika@lieferant.example</ram:URIID>", "")]),
        fail("BR-DE-8", U, &[("<cbc:CityName>Bonn</cbc:CityName>", "")]),
        fail("BR-DE-8", C, &[("<ram:CityName>Bonn</ram:CityName>", "")]),
        fail("BR-DE-9", U, &[("<cbc:PostalZone>53113</cbc:PostalZone>", "")]),
        fail("BR-DE-9", C, &[("<ram:PostcodeCode>53113</ram:PostcodeCode>", "")]),
        fail("BR-DE-10", U, &[("<cbc:CityName>Köln</cbc:CityName>", "")]),
        fail("BR-DE-10", C, &[("<ram:CityName>Köln</ram:CityName>", "")]),
        fail("BR-DE-11", U, &[("<cbc:PostalZone>50667</cbc:PostalZone>", "")]),
        fail("BR-DE-11", C, &[("<ram:PostcodeCode>50667</ram:PostcodeCode>", "")]),
        fail("BR-DE-14", U, &[("<cbc:Percent>19.00</cbc:Percent>", "")]),
        fail("BR-DE-14", C, &[("<ram:RateApplicablePercent>19.00</ram:RateApplicablePercent>", "")]),
        fail("BR-DE-15", U, &[("<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>", "")]),
        fail("BR-DE-15", C, &[("<ram:BuyerReference>04011000-1234512345-06</ram:BuyerReference>", "<ram:BuyerReference> </ram:BuyerReference>")]),
        // BR-DE-16: a VAT category without any seller tax identifier.
        fail("BR-DE-16", U, &[("<cac:PartyTaxScheme>", "<cac:Unused>"), ("</cac:PartyTaxScheme>", "</cac:Unused>")]),
        fail("BR-DE-16", C, &[("<ram:SpecifiedTaxRegistration>", "<ram:Unused>"), ("</ram:SpecifiedTaxRegistration>", "</ram:Unused>")]),
        pass("BR-DE-16", C, &[("<ram:ID schemeID=\"VA\">DE123456789</ram:ID>", "<ram:ID schemeID=\"FC\">201/113/40209</ram:ID>")]),
        fail("BR-DE-17", U, &[("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode>393</cbc:InvoiceTypeCode>")]),
        fail("BR-DE-17", C, &[("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>393</ram:TypeCode>")]),
        // BR-DE-18: Skonto syntax and the closing line break.
        fail("BR-DE-18", U, &[("#PROZENT=2.00#", "#PROZENT=2#")]),
        fail("BR-DE-18", C, &[("#PROZENT=2.00#\n", "#PROZENT=2.00#")]),
        pass("BR-DE-18", U, &[("#PROZENT=2.00#", "#PROZENT=2.00#BASISBETRAG=-10.00#")]),
        pass("BR-DE-18", C, &[("#SKONTO#TAGE=14#PROZENT=2.00#\n", "Zahlbar in 30 Tagen")]),
        fail("BR-DE-19", U, &[(U_IBAN, "<cbc:ID>DE03120300000000202051</cbc:ID>")]),
        fail("BR-DE-19", C, &[(C_IBAN, "<ram:IBANID>DE0212030000000020205</ram:IBANID>")]),
        pass("BR-DE-19", U, &[(U_IBAN, "<cbc:ID>DE02 1203 0000 0000 2020 51</cbc:ID>")]),
        pass("BR-DE-19", C, &[(C_PM58, "<ram:TypeCode>30</ram:TypeCode>"), (C_IBAN, "<ram:IBANID>123456</ram:IBANID>")]),
        fail("BR-DE-21", U, &[(CIUS, "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3")]),
        fail("BR-DE-21", C, &[(CIUS, "urn:cen.eu:en16931:2017")]),
        pass("BR-DE-21", UE, &[]),
        pass("BR-DE-21", CC, &[]),
        fail("BR-DE-22", U, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AdditionalDocumentReference><cbc:ID>A2</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>")]),
        pass("BR-DE-22", U, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AdditionalDocumentReference><cbc:ID>A2</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"b.pdf\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>")]),
        fail("BR-DE-22", C, &[("<!--AGREEMENT-->", "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A1</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QQ==</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A2</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QQ==</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>")]),
        fail("BR-DE-23-a", U, &[(U_PAYEE_OPEN, "<cac:Unused>"), (U_PAYEE_CLOSE, "</cac:Unused>")]),
        fail("BR-DE-23-a", C, &[(C_PAYEE_OPEN, "<ram:Unused>"), (C_PAYEE_CLOSE, "</ram:Unused>")]),
        fail("BR-DE-23-b", U, &[(U_PAYEE_CLOSE, "</cac:PayeeFinancialAccount><cac:CardAccount><cbc:PrimaryAccountNumberID>1234</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>")]),
        fail("BR-DE-23-b", C, &[("<!--CREDITOR-->", "<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>")]),
        fail("BR-DE-24-a", U, &[(U_PM58, "<cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>"), (U_PAYEE_OPEN, "<cac:Unused>"), (U_PAYEE_CLOSE, "</cac:Unused>")]),
        fail("BR-DE-24-a", C, &[(C_PM58, "<ram:TypeCode>54</ram:TypeCode>"), (C_PAYEE_OPEN, "<ram:Unused>"), (C_PAYEE_CLOSE, "</ram:Unused>")]),
        pass("BR-DE-24-a", U, &[(U_PM58, "<cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>"), (U_PAYEE_OPEN, leak(format!("{U_CARD}<cac:Unused>"))), (U_PAYEE_CLOSE, "</cac:Unused>")]),
        pass("BR-DE-24-a", C, &[(C_PM58, "<ram:TypeCode>54</ram:TypeCode>"), (C_PAYEE_OPEN, leak(format!("{C_CARD}<ram:Unused>"))), (C_PAYEE_CLOSE, "</ram:Unused>")]),
        fail("BR-DE-24-b", U, &[(U_PM58, "<cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>"), (U_PAYEE_OPEN, leak(format!("{U_CARD}{U_PAYEE_OPEN}")))]),
        fail("BR-DE-24-b", C, &[(C_PM58, "<ram:TypeCode>55</ram:TypeCode>"), (C_PAYEE_OPEN, leak(format!("{C_CARD}{C_PAYEE_OPEN}")))]),
        fail("BR-DE-26", U, &[("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode>384</cbc:InvoiceTypeCode>")]),
        pass("BR-DE-26", U, &[("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode>384</cbc:InvoiceTypeCode>"), ("<!--HEADER-->", "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>RE-2024-0700</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>")]),
        fail("BR-DE-26", C, &[("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>384</ram:TypeCode>")]),
        pass("BR-DE-26", C, &[("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>384</ram:TypeCode>"), ("<!--REFDOC-->", "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>RE-2024-0700</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>")]),
        fail("BR-DE-27", U, &[("+49 30 123456", "+49")]),
        fail("BR-DE-27", C, &[("+49 30 123456", "n/a")]),
        fail("BR-DE-28", U, &[("erika@lieferant.example</cbc:ElectronicMail>", "erika@lieferant</cbc:ElectronicMail>")]),
        fail("BR-DE-28", C, &[("<ram:URIID>erika@lieferant.example</ram:URIID>", "<ram:URIID>erika at lieferant.example</ram:URIID>")]),
        // BR-DEX: the Extension.
        fail("BR-DEX-01", UE, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"image/gif\" filename=\"a.gif\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>")]),
        pass("BR-DEX-01", U, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"image/gif\" filename=\"a.gif\">QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>")]),
        fail("BR-DEX-01", CE, &[("<!--AGREEMENT-->", "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A1</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode=\"image/gif\" filename=\"a.gif\">QQ==</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>")]),
        pass("BR-DEX-01", CE, &[("<!--AGREEMENT-->", "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A1</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode=\"application/xml\" filename=\"a.xml\">QQ==</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>")]),
        fail("BR-DEX-02", UE, &[("<!--LINE-->", "<cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID=\"EUR\">60.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Teil</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item></cac:SubInvoiceLine>")]),
        pass("BR-DEX-02", UE, &[("<!--LINE-->", "<cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Teil</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item></cac:SubInvoiceLine>")]),
        fail("BR-DEX-03", UE, &[("<!--LINE-->", "<cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Teil</cbc:Name></cac:Item></cac:SubInvoiceLine>")]),
        fail("BR-DEX-04", UE, &[("<!--SELLER-ID-->", "<cac:PartyIdentification><cbc:ID schemeID=\"XX99\">4711</cbc:ID></cac:PartyIdentification>")]),
        pass("BR-DEX-04", UE, &[("<!--SELLER-ID-->", "<cac:PartyIdentification><cbc:ID schemeID=\"XR01\">4711</cbc:ID></cac:PartyIdentification>")]),
        pass("BR-DEX-04", UE, &[("<!--SELLER-ID-->", U_SEPA)]),
        fail("BR-DEX-04", CE, &[("<!--SELLER-ID-->", "<ram:GlobalID schemeID=\"XR04\">4711</ram:GlobalID>")]),
        pass("BR-DEX-04", CE, &[("<!--SELLER-ID-->", "<ram:GlobalID schemeID=\"XR02\">4711</ram:GlobalID>")]),
        fail("BR-DEX-05", UE, &[("<cbc:CompanyID schemeID=\"0088\">", "<cbc:CompanyID schemeID=\"0092\">")]),
        fail("BR-DEX-05", CE, &[("<ram:ID schemeID=\"0088\">", "<ram:ID schemeID=\"9999\">")]),
        fail("BR-DEX-06", UE, &[("<!--ITEM-->", "<cac:StandardItemIdentification><cbc:ID schemeID=\"XR09\">123</cbc:ID></cac:StandardItemIdentification>")]),
        pass("BR-DEX-06", UE, &[("<!--ITEM-->", "<cac:StandardItemIdentification><cbc:ID schemeID=\"0160\">4012345678901</cbc:ID></cac:StandardItemIdentification>")]),
        fail("BR-DEX-06", CE, &[("<!--PRODUCT-->", "<ram:GlobalID schemeID=\"XR09\">123</ram:GlobalID>")]),
        fail("BR-DEX-07", UE, &[("<cbc:EndpointID schemeID=\"EM\">", "<cbc:EndpointID schemeID=\"ZZ\">")]),
        fail("BR-DEX-07", CE, &[("<ram:URIID schemeID=\"EM\">", "<ram:URIID schemeID=\"0003\">")]),
        pass("BR-DEX-07", CE, &[("<ram:URIID schemeID=\"EM\">", "<ram:URIID schemeID=\"XR03\">")]),
        fail("BR-DEX-08", UE, &[("<cbc:ID schemeID=\"0088\">4000001000012</cbc:ID>", "<cbc:ID schemeID=\"ABC\">4000001000012</cbc:ID>")]),
        fail("BR-DEX-08", CE, &[("<ram:GlobalID schemeID=\"0088\">4000001000012</ram:GlobalID>", "<ram:GlobalID schemeID=\"ABC\">4000001000012</ram:GlobalID>")]),
        fail("BR-DEX-09", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">10.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        pass("BR-DEX-09", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">10.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>"), ("<cbc:PayableAmount currencyID=\"EUR\">119.00</cbc:PayableAmount>", "<cbc:PayableAmount currencyID=\"EUR\">129.00</cbc:PayableAmount>")]),
        fail("BR-DEX-10", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:PaidAmount currencyID=\"EUR\">0.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        fail("BR-DEX-11", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        fail("BR-DEX-12", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">0.00</cbc:PaidAmount></cac:PrepaidPayment>")]),
        fail("BR-DEX-13", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">0.001</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        fail("BR-DEX-14", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"USD\">0.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        pass("BR-DEX-14", UE, &[("<!--ALLOWANCES-->", "<cac:PrepaidPayment><cbc:ID>Beihilfe</cbc:ID><cbc:PaidAmount currencyID=\"EUR\">0.00</cbc:PaidAmount><cbc:InstructionID>Zuschuss</cbc:InstructionID></cac:PrepaidPayment>")]),
        fail("BR-DEX-15", CE, &[("<!--LINEDOC-->", "<ram:ParentLineID>0</ram:ParentLineID>")]),
        pass("BR-DEX-15", C, &[("<!--LINEDOC-->", "<ram:ParentLineID>0</ram:ParentLineID>")]),
        // BR-TMP.
        fail("BR-DE-TMP-32", U, &[("<cbc:ActualDeliveryDate>2024-02-28</cbc:ActualDeliveryDate>", "")]),
        pass("BR-DE-TMP-32", U, &[("<cbc:ActualDeliveryDate>2024-02-28</cbc:ActualDeliveryDate>", ""), ("<!--LINE-->", "<cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate></cac:InvoicePeriod>")]),
        fail("BR-DE-TMP-32", C, &[("<ram:ActualDeliverySupplyChainEvent>", "<ram:Unused>"), ("</ram:ActualDeliverySupplyChainEvent>", "</ram:Unused>")]),
        fail("BR-TMP-2", U, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cac:ExternalReference><cbc:URI>www.example.org/a.pdf</cbc:URI></cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference>")]),
        pass("BR-TMP-2", U, &[("<!--HEADER-->", "<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cac:ExternalReference><cbc:URI>https://www.example.org/a.pdf</cbc:URI></cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference>")]),
        fail("BR-TMP-2", C, &[("<!--AGREEMENT-->", "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A1</ram:IssuerAssignedID><ram:URIID>a.pdf</ram:URIID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>")]),
        fail("BR-TMP-3", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount><ram:BasisQuantity unitCode=\"C62\">1</ram:BasisQuantity></ram:GrossPriceProductTradePrice>"), ("<!--NETQTY-->", "<ram:BasisQuantity unitCode=\"C62\">1.0</ram:BasisQuantity>")]),
        pass("BR-TMP-3", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount><ram:BasisQuantity unitCode=\"C62\">1</ram:BasisQuantity></ram:GrossPriceProductTradePrice>"), ("<!--NETQTY-->", "<ram:BasisQuantity>1</ram:BasisQuantity>")]),
        // CVD.
        fail("BR-DE-CVD-01", UC, &[("<cbc:ID>V-2024-1</cbc:ID>", "<cbc:ID> </cbc:ID>")]),
        fail("BR-DE-CVD-01", CC, &[("<ram:IssuerAssignedID>V-2024-1</ram:IssuerAssignedID>", "")]),
        fail("BR-DE-CVD-02", UC, &[("<cbc:ID>LOS-7</cbc:ID>", "")]),
        fail("BR-DE-CVD-02", CC, &[("<ram:TypeCode>50</ram:TypeCode>", "<ram:TypeCode>916</ram:TypeCode>")]),
        fail("BR-DE-CVD-03", UC, &[("<cbc:Name>cva</cbc:Name>", "<cbc:Name>Farbe</cbc:Name>")]),
        fail("BR-DE-CVD-03", CC, &[("listID=\"CVD\"", "listID=\"STI\"")]),
        fail("BR-DE-CVD-04", UC, &[(">M1<", ">L3e<")]),
        fail("BR-DE-CVD-04", CC, &[(">M1<", ">X1<")]),
        fail("BR-DE-CVD-05", UC, &[("<cbc:Value>clean</cbc:Value>", "<cbc:Value>diesel</cbc:Value>")]),
        fail("BR-DE-CVD-05", CC, &[("<ram:Value>clean</ram:Value>", "<ram:Value>Clean</ram:Value>")]),
        fail("BR-DE-CVD-06-a", UC, &[("<!--ITEM-->", "<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>other</cbc:Value></cac:AdditionalItemProperty>")]),
        fail("BR-DE-CVD-06-a", CC, &[("<!--PRODUCT-->", "<ram:ApplicableProductCharacteristic><ram:Description>cva</ram:Description><ram:Value>other</ram:Value></ram:ApplicableProductCharacteristic>")]),
        fail("BR-DE-CVD-06-b", UC, &[("<!--ITEM-->", "<cac:CommodityClassification><cbc:ItemClassificationCode listID=\"CVD\">N1</cbc:ItemClassificationCode></cac:CommodityClassification>")]),
        fail("BR-DE-CVD-06-b", CC, &[("<!--PRODUCT-->", "<ram:DesignatedProductClassification><ram:ClassCode listID=\"CVD\">N1</ram:ClassCode></ram:DesignatedProductClassification>")]),
        fail("BR-TMP-CVD-01", UC, &[("<!--ITEM-->", "<cac:CommodityClassification><cbc:ItemClassificationCode listID=\"QQQ\">1</cbc:ItemClassificationCode></cac:CommodityClassification>")]),
        pass("BR-TMP-CVD-01", UC, &[("<!--ITEM-->", "<cac:CommodityClassification><cbc:ItemClassificationCode listID=\"STI\">1</cbc:ItemClassificationCode></cac:CommodityClassification>")]),
        fail("BR-TMP-CVD-01", CC, &[("<!--PRODUCT-->", "<ram:DesignatedProductClassification><ram:ClassCode listID=\"QQQ\">1</ram:ClassCode></ram:DesignatedProductClassification>")]),
        // PEPPOL-EN16931-R*.
        fail("PEPPOL-EN16931-R001", U, &[("<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>", "")]),
        fail("PEPPOL-EN16931-R001", C, &[("<ram:BusinessProcessSpecifiedDocumentContextParameter>", "<ram:Unused>"), ("</ram:BusinessProcessSpecifiedDocumentContextParameter>", "</ram:Unused>")]),
        fail("PEPPOL-EN16931-R005", U, &[("<!--HEADER-->", "<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>")]),
        fail("PEPPOL-EN16931-R005", C, &[("<!--TAXCUR-->", "<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>")]),
        fail("PEPPOL-EN16931-R008", U, &[("<!--HEADER-->", "<cbc:Note/>")]),
        fail("PEPPOL-EN16931-R008", C, &[("<!--AGREEMENT-->", "<ram:ContractReferencedDocument><ram:IssuerAssignedID>  </ram:IssuerAssignedID></ram:ContractReferencedDocument>")]),
        pass("PEPPOL-EN16931-R008", C, &[("<ram:ShipToTradeParty>", "<ram:Unused>"), ("</ram:ShipToTradeParty>", "</ram:Unused>"), ("<ram:ApplicableHeaderTradeDelivery>", "<ram:ApplicableHeaderTradeDelivery/><ram:X>"), ("</ram:ApplicableHeaderTradeDelivery>", "</ram:X>")]),
        fail("PEPPOL-EN16931-R010", U, &[("<cbc:EndpointID schemeID=\"0204\">04011000-1234512345-06</cbc:EndpointID>", "")]),
        fail("PEPPOL-EN16931-R010", C, &[("<ram:URIID schemeID=\"0204\">", "<ram:Unused schemeID=\"0204\">"), ("06</ram:URIID>", "06</ram:Unused>")]),
        fail("PEPPOL-EN16931-R020", U, &[("<cbc:EndpointID schemeID=\"EM\">rechnung@lieferant.example</cbc:EndpointID>", "")]),
        fail("PEPPOL-EN16931-R020", C, &[("<ram:URIID schemeID=\"EM\">rechnung@lieferant.example</ram:URIID>", "")]),
        fail("PEPPOL-EN16931-R040", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID=\"EUR\">5.00</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">100.00</cbc:BaseAmount></cac:AllowanceCharge>")]),
        pass("PEPPOL-EN16931-R040", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID=\"EUR\">10.01</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">100.00</cbc:BaseAmount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R040", C, &[("<!--ALLOWANCES-->", "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator><ram:CalculationPercent>10</ram:CalculationPercent><ram:BasisAmount>100.00</ram:BasisAmount><ram:ActualAmount>9.97</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>")]),
        fail("PEPPOL-EN16931-R041", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID=\"EUR\">10.00</cbc:Amount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R041", C, &[("<!--LINESETTLEMENT-->", "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:CalculationPercent>10</ram:CalculationPercent><ram:ActualAmount>0.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>")]),
        fail("PEPPOL-EN16931-R042", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID=\"EUR\">10.00</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">100.00</cbc:BaseAmount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R042", C, &[("<!--ALLOWANCES-->", "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:BasisAmount>100.00</ram:BasisAmount><ram:ActualAmount>0.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>")]),
        fail("PEPPOL-EN16931-R043", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>0</cbc:ChargeIndicator><cbc:Amount currencyID=\"EUR\">0.00</cbc:Amount></cac:AllowanceCharge>")]),
        // First matching rule per pattern: R041 takes this one, so R043 does not see it.
        pass("PEPPOL-EN16931-R043", U, &[("<!--ALLOWANCES-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>0</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID=\"EUR\">0.00</cbc:Amount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R043-1", C, &[("<!--ALLOWANCES-->", "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>TRUE</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>0.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>")]),
        fail("PEPPOL-EN16931-R043-2", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount><ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>1</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>0.00</ram:ActualAmount></ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>")]),
        fail("PEPPOL-EN16931-R044", U, &[("<!--PRICE-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID=\"EUR\">0.00</cbc:Amount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R044", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount><ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>0.00</ram:ActualAmount></ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>")]),
        fail("PEPPOL-EN16931-R046", U, &[("<!--PRICE-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID=\"EUR\">5.00</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">60.00</cbc:BaseAmount></cac:AllowanceCharge>")]),
        pass("PEPPOL-EN16931-R046", U, &[("<!--PRICE-->", "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID=\"EUR\">10.00</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">60.00</cbc:BaseAmount></cac:AllowanceCharge>")]),
        fail("PEPPOL-EN16931-R046", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>55.00</ram:ChargeAmount></ram:GrossPriceProductTradePrice>")]),
        pass("PEPPOL-EN16931-R046", C, &[("<!--GROSS-->", "<ram:GrossPriceProductTradePrice><ram:ChargeAmount>55.00</ram:ChargeAmount><ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>5.00</ram:ActualAmount></ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>")]),
        fail("PEPPOL-EN16931-R053", U, &[("<!--ALLOWANCES-->", "<cac:TaxTotal><cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>Z</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>")]),
        fail("PEPPOL-EN16931-R053", C, &[("<!--TAXTOTAL-->", "<ram:TaxTotalAmount currencyID=\"EUR\">19.00</ram:TaxTotalAmount>")]),
        fail("PEPPOL-EN16931-R054", U, &[("<!--HEADER-->", "<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>")]),
        pass("PEPPOL-EN16931-R054", U, &[("<!--HEADER-->", "<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>"), ("<!--ALLOWANCES-->", "<cac:TaxTotal><cbc:TaxAmount currencyID=\"USD\">20.50</cbc:TaxAmount></cac:TaxTotal>")]),
        fail("PEPPOL-EN16931-R054", C, &[("<!--TAXTOTAL-->", "<ram:TaxTotalAmount currencyID=\"USD\">20.50</ram:TaxTotalAmount>")]),
        fail("PEPPOL-EN16931-R055", U, &[("<!--HEADER-->", "<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>"), ("<!--ALLOWANCES-->", "<cac:TaxTotal><cbc:TaxAmount currencyID=\"USD\">-20.50</cbc:TaxAmount></cac:TaxTotal>")]),
        fail("PEPPOL-EN16931-R055", C, &[("<!--TAXCUR-->", "<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>"), ("<!--TAXTOTAL-->", "<ram:TaxTotalAmount currencyID=\"USD\">-20.50</ram:TaxTotalAmount>")]),
        pass("PEPPOL-EN16931-R055", C, &[("<!--TAXCUR-->", "<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>"), ("<!--TAXTOTAL-->", "<ram:TaxTotalAmount currencyID=\"USD\">20.50</ram:TaxTotalAmount>")]),
        fail("PEPPOL-EN16931-R061", U, &[(U_PM58, "<cbc:PaymentMeansCode>49</cbc:PaymentMeansCode>")]),
        fail("PEPPOL-EN16931-R061", C, &[(C_PM58, "<ram:TypeCode>59</ram:TypeCode>")]),
        fail("PEPPOL-EN16931-R101", U, &[("<!--LINE-->", "<cac:DocumentReference><cbc:ID>X</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:DocumentReference>")]),
        pass("PEPPOL-EN16931-R101", U, &[("<!--LINE-->", "<cac:DocumentReference><cbc:ID>X</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference>")]),
        fail("PEPPOL-EN16931-R101", C, &[("<!--LINESETTLEMENT-->", "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>X</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>")]),
        fail("PEPPOL-EN16931-R110", U, &[("<!--HEADER-->", "<cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate><cbc:EndDate>2024-02-29</cbc:EndDate></cac:InvoicePeriod>"), ("<!--LINE-->", "<cac:InvoicePeriod><cbc:StartDate>2024-01-31</cbc:StartDate></cac:InvoicePeriod>")]),
        pass("PEPPOL-EN16931-R110", U, &[("<!--HEADER-->", "<cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate><cbc:EndDate>2024-02-29</cbc:EndDate></cac:InvoicePeriod>"), ("<!--LINE-->", "<cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate></cac:InvoicePeriod>")]),
        fail("PEPPOL-EN16931-R110", C, &[("<!--PERIOD-->", "<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240201</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>"), ("<!--LINESETTLEMENT-->", "<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240131</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>")]),
        fail("PEPPOL-EN16931-R111", U, &[("<!--HEADER-->", "<cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate><cbc:EndDate>2024-02-29</cbc:EndDate></cac:InvoicePeriod>"), ("<!--LINE-->", "<cac:InvoicePeriod><cbc:EndDate>2024-03-01</cbc:EndDate></cac:InvoicePeriod>")]),
        fail("PEPPOL-EN16931-R111", C, &[("<!--PERIOD-->", "<ram:BillingSpecifiedPeriod><ram:EndDateTime><udt:DateTimeString format=\"102\">20240229</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>"), ("<!--LINESETTLEMENT-->", "<ram:BillingSpecifiedPeriod><ram:EndDateTime><udt:DateTimeString format=\"102\">20240301</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>")]),
        pass("PEPPOL-EN16931-R110", C, &[("<!--PERIOD-->", "<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240201</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>"), ("<!--LINESETTLEMENT-->", "<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240201</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>")]),
        pass("PEPPOL-EN16931-R111", C, &[("<!--PERIOD-->", "<ram:BillingSpecifiedPeriod><ram:EndDateTime><udt:DateTimeString format=\"102\">20240229</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>"), ("<!--LINESETTLEMENT-->", "<ram:BillingSpecifiedPeriod><ram:EndDateTime><udt:DateTimeString format=\"102\">20240228</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>")]),
        fail("PEPPOL-EN16931-R120", U, &[("<cbc:PriceAmount currencyID=\"EUR\">50.00</cbc:PriceAmount>", "<cbc:PriceAmount currencyID=\"EUR\">49.98</cbc:PriceAmount>")]),
        pass("PEPPOL-EN16931-R120", U, &[("<cbc:PriceAmount currencyID=\"EUR\">50.00</cbc:PriceAmount>", "<cbc:PriceAmount currencyID=\"EUR\">49.99</cbc:PriceAmount>")]),
        pass("PEPPOL-EN16931-R120", U, &[("<cbc:PriceAmount currencyID=\"EUR\">50.00</cbc:PriceAmount>", "<cbc:PriceAmount currencyID=\"EUR\">500.00</cbc:PriceAmount><cbc:BaseQuantity unitCode=\"C62\">10</cbc:BaseQuantity>")]),
        fail("PEPPOL-EN16931-R120", C, &[("<ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>", "<ram:LineTotalAmount>90.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>")]),
        fail("PEPPOL-EN16931-R121", U, &[("<!--PRICE-->", "<cbc:BaseQuantity unitCode=\"C62\">0</cbc:BaseQuantity>")]),
        fail("PEPPOL-EN16931-R121", C, &[("<!--NETQTY-->", "<ram:BasisQuantity unitCode=\"C62\">-1</ram:BasisQuantity>")]),
        fail("PEPPOL-EN16931-R130", U, &[("<!--PRICE-->", "<cbc:BaseQuantity unitCode=\"H87\">1</cbc:BaseQuantity>")]),
        pass("PEPPOL-EN16931-R130", U, &[("<!--PRICE-->", "<cbc:BaseQuantity unitCode=\"C62\">1</cbc:BaseQuantity>")]),
        fail("PEPPOL-EN16931-R130", C, &[("<!--NETQTY-->", "<ram:BasisQuantity unitCode=\"H87\">1</ram:BasisQuantity>")]),
    ];
    // Direct debit cases, built on the direct-debit variant of each base.
    v.push(Case {
        rule: "BR-DE-20",
        base: U,
        edits: with(
            u_debit(),
            &[(
                "M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051",
                "M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202052",
            )],
        ),
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-20",
        base: U,
        edits: u_debit(),
        fires: false,
    });
    v.push(Case { rule: "BR-DE-20", base: C, edits: with(c_debit(), &[("<ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>", "<ram:IBANID>XX</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>")]), fires: true });
    v.push(Case {
        rule: "BR-DE-20",
        base: C,
        edits: c_debit(),
        fires: false,
    });
    v.push(Case {
        rule: "BR-DE-25-a",
        base: U,
        edits: vec![
            (U_PM58, "<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>"),
            (U_PAYEE_OPEN, "<cac:Unused>"),
            (U_PAYEE_CLOSE, "</cac:Unused>"),
        ],
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-25-a",
        base: C,
        edits: vec![
            (C_PM58, "<ram:TypeCode>59</ram:TypeCode>"),
            (C_PAYEE_OPEN, "<ram:Unused>"),
            (C_PAYEE_CLOSE, "</ram:Unused>"),
        ],
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-25-a",
        base: C,
        edits: c_debit(),
        fires: false,
    });
    v.push(Case {
        rule: "BR-DE-25-b",
        base: U,
        edits: vec![
            (U_PM58, "<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>"),
            (U_PAYEE_CLOSE, leak(format!("{U_PAYEE_CLOSE}{U_MANDATE}"))),
            ("<!--SELLER-ID-->", U_SEPA),
        ],
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-25-b",
        base: C,
        edits: with(
            c_debit(),
            &[
                ("<ram:Unused>", C_PAYEE_OPEN),
                ("</ram:Unused>", C_PAYEE_CLOSE),
            ],
        ),
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-25-b",
        base: U,
        edits: u_debit(),
        fires: false,
    });
    v.push(Case {
        rule: "BR-DE-30",
        base: U,
        edits: u_debit()
            .into_iter()
            .filter(|(f, _)| *f != "<!--SELLER-ID-->")
            .collect(),
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-30",
        base: U,
        edits: u_debit(),
        fires: false,
    });
    v.push(Case {
        rule: "BR-DE-30",
        base: C,
        edits: c_debit()
            .into_iter()
            .filter(|(f, _)| *f != "<!--CREDITOR-->")
            .collect(),
        fires: true,
    });
    v.push(Case {
        rule: "BR-DE-30",
        base: C,
        edits: c_debit(),
        fires: false,
    });
    v.push(Case { rule: "BR-DE-31", base: U, edits: with(u_debit(), &[("<cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayerFinancialAccount>", "")]), fires: true });
    v.push(Case {
        rule: "BR-DE-31",
        base: U,
        edits: u_debit(),
        fires: false,
    });
    v.push(Case { rule: "BR-DE-31", base: C, edits: with(c_debit(), &[("<ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>", "")]), fires: true });
    v.push(Case {
        rule: "BR-DE-31",
        base: C,
        edits: c_debit(),
        fires: false,
    });
    v
}

/// Leaks a test string so that it can sit in a `&'static` edit table.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn xr_rules() -> impl Iterator<Item = &'static rules::RuleDef> {
    rules::registry().filter(|r| r.set == RuleSet::Xrechnung)
}

#[test]
fn valid_bases_are_silent() {
    for base in [
        Base::Ubl,
        Base::Cii,
        Base::UblExt,
        Base::CiiExt,
        Base::UblCvd,
        Base::CiiCvd,
    ] {
        let got = fired(&base.xml());
        assert!(got.is_empty(), "{base:?}: {got:?}");
    }
}

#[test]
fn every_case_holds() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = fired(&apply(case.base, &case.edits));
        if got.contains(case.rule) != case.fires {
            failures.push(format!(
                "{} on {:?} {:?}: expected {}, fired {:?}",
                case.rule,
                case.base,
                case.edits.first().map(|e| e.1),
                if case.fires { "to fire" } else { "silence" },
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_failing_case_per_syntax() {
    let cases = cases();
    for rule in xr_rules() {
        for (ubl, flag) in [(true, rule.ubl), (false, rule.cii)] {
            if flag.is_none() {
                continue;
            }
            let has = cases
                .iter()
                .any(|c| c.rule == rule.id.as_str() && c.fires && c.base.is_ubl() == ubl);
            assert!(
                has,
                "{} has no failing {} case",
                rule.id,
                if ubl { "UBL" } else { "CII" }
            );
        }
    }
}

#[test]
fn rules_of_one_syntax_never_fire_in_the_other() {
    // BR-DEX-02 is UBL only: the same sub-line amounts in CII do not trigger it.
    for case in cases() {
        let got = fired(&apply(case.base, &case.edits));
        for id in &got {
            let rule = xr_rules()
                .find(|r| r.id.as_str() == id)
                .expect("registered");
            let flag = if case.base.is_ubl() {
                rule.ubl
            } else {
                rule.cii
            };
            assert!(
                flag.is_some(),
                "{id} fired on {:?} but has no flag there",
                case.base
            );
        }
    }
}
