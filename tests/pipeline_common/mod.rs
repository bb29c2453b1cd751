//! Synthetic invoices of our own for the pipeline tests: one UBL and one CII
//! template (XRechnung 3.0, standard rate 19 %, one line, Skonto in the
//! payment terms) with the invoice number, Leitweg-ID, seller and amount
//! varied, a rejected variant (no buyer name, BR-07), an unreadable input, and
//! e-mail messages that carry an invoice as attachment (also nested).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What varies between generated invoices.
#[derive(Clone, Debug)]
pub struct Params {
    pub number: String,
    pub leitweg: String,
    pub seller: String,
    pub vat: String,
    /// Net amount in cents.
    pub net_cents: i64,
    /// Leave out the buyer name so the invoice is rejected (BR-07).
    pub invalid: bool,
}

impl Params {
    pub fn new(i: usize, leitweg: &str) -> Params {
        Params {
            number: format!("RE-2024-{i:06}"),
            leitweg: leitweg.to_string(),
            seller: format!("Lieferant {} GmbH", i % 37),
            vat: format!("DE{:09}", 100_000_000 + (i % 37)),
            net_cents: 10_000 + (i as i64 * 137) % 500_000,
            invalid: false,
        }
    }
}

fn money(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn amounts(p: &Params) -> (String, String, String) {
    let net = p.net_cents;
    // 19 %, rounded half up to cents
    let tax = (net * 19 + 50) / 100;
    (money(net), money(tax), money(net + tax))
}

pub fn ubl(p: &Params) -> String {
    let (net, tax, gross) = amounts(p);
    let buyer_name = if p.invalid {
        String::new()
    } else {
        "<cac:PartyLegalEntity><cbc:RegistrationName>Stadtverwaltung</cbc:RegistrationName></cac:PartyLegalEntity>".to_string()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>2024-05-02</cbc:IssueDate>
  <cbc:DueDate>2024-06-01</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{leitweg}</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>PO-4711</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>
    <cac:PostalAddress><cbc:StreetName>Hauptstraße 1</cbc:StreetName><cbc:CityName>Berlin</cbc:CityName><cbc:PostalZone>10115</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>{vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>{seller}</cbc:RegistrationName></cac:PartyLegalEntity>
    <cac:Contact><cbc:Name>Erika Muster</cbc:Name><cbc:Telephone>030 123456</cbc:Telephone><cbc:ElectronicMail>erika@lieferant.example</cbc:ElectronicMail></cac:Contact>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0204">{leitweg}</cbc:EndpointID>
    <cac:PostalAddress><cbc:StreetName>Rathausplatz 1</cbc:StreetName><cbc:CityName>Musterstadt</cbc:CityName><cbc:PostalZone>50667</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    {buyer_name}
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>#SKONTO#TAGE=14#PROZENT=2.00#
</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{net}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">{gross}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">{gross}</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="H87">1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount><cac:Item><cbc:Name>Büromaterial</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">{net}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</ubl:Invoice>
"#,
        number = p.number,
        leitweg = p.leitweg,
        vat = p.vat,
        seller = p.seller,
    )
}

pub fn cii(p: &Params) -> String {
    let (net, tax, gross) = amounts(p);
    let buyer_name = if p.invalid {
        String::new()
    } else {
        "<ram:Name>Stadtverwaltung</ram:Name>".to_string()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{number}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240502</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Büromaterial</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{net}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{net}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>{leitweg}</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>{seller}</ram:Name>
        <ram:DefinedTradeContact><ram:PersonName>Erika Muster</ram:PersonName><ram:TelephoneUniversalCommunication><ram:CompleteNumber>030 123456</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>erika@lieferant.example</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>
        <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Hauptstraße 1</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@lieferant.example</ram:URIID></ram:URIUniversalCommunication>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{vat}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        {buyer_name}
        <ram:PostalTradeAddress><ram:PostcodeCode>50667</ram:PostcodeCode><ram:LineOne>Rathausplatz 1</ram:LineOne><ram:CityName>Musterstadt</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="0204">{leitweg}</ram:URIID></ram:URIUniversalCommunication>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-4711</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>{tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{net}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:Description>#SKONTO#TAGE=14#PROZENT=2.00#
</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20240601</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{net}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{gross}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{gross}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"#,
        number = p.number,
        leitweg = p.leitweg,
        vat = p.vat,
        seller = p.seller,
    )
}

/// A message with `xml` attached as `name` (base64, as mail clients send it)
/// next to a body and a picture; `nested` wraps it once more as a forwarded message.
pub fn eml(id: &str, name: &str, xml: &str, nested: bool) -> String {
    let inner = format!(
        "From: Lieferant <rechnung@lieferant.example>\r\nTo: eingang@stadt.example\r\nSubject: Rechnung {id}\r\nMessage-ID: <{id}@lieferant.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XB{id}\"\r\n\r\n--XB{id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSehr geehrte Damen und Herren, anbei unsere Rechnung.\r\n--XB{id}\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-Disposition: attachment; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--XB{id}\r\nContent-Type: application/xml; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--XB{id}--\r\n",
        b64 = base64(xml.as_bytes()),
    );
    if !nested {
        return inner;
    }
    format!(
        "From: Poststelle <post@stadt.example>\r\nTo: eingang@stadt.example\r\nSubject: Fwd: Rechnung {id}\r\nMessage-ID: <fwd-{id}@stadt.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"OB{id}\"\r\n\r\n--OB{id}\r\nContent-Type: text/plain\r\n\r\nWeitergeleitet.\r\n--OB{id}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n{inner}\r\n--OB{id}--\r\n"
    )
}

/// A message with no invoice attached.
pub fn eml_without_invoice(id: &str) -> String {
    format!("From: a@b.example\r\nTo: eingang@stadt.example\r\nSubject: Frage\r\nMessage-ID: <{id}@b.example>\r\nContent-Type: text/plain\r\n\r\nWo ist meine Zahlung?\r\n")
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, c) in data.chunks(3).enumerate() {
        if n > 0 && n % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(v >> 18) as usize & 63] as char);
        out.push(T[(v >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            T[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            T[v as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// The three Kommunen of the tests and their Leitweg-ID prefixes.
pub const KOMMUNEN: [(&str, &str); 3] = [
    ("koeln", "05315"),
    ("muenchen", "09162"),
    ("frankfurt", "06412"),
];

/// A routes.toml for the three Kommunen under `root`.
pub fn routes(root: &Path, extra_settings: &str) -> PathBuf {
    let mut s = format!(
        "[settings]\ndefault = \"koeln\"\nquarantine = \"quarantine\"\nledger = \"ledger.sqlite\"\n{extra_settings}\n"
    );
    for (name, prefix) in KOMMUNEN {
        s.push_str(&format!(
            "\n[targets.{name}]\ndir = \"out/{name}\"\nname = \"{{date}}_{{seller}}_{{number}}\"\nformats = [\"original\", \"json\", \"csv\"]\n\n[[rule]]\nname = \"{name}\"\nleitweg_prefix = \"{prefix}-\"\ntarget = \"{name}\"\n"
        ));
    }
    let p = root.join("routes.toml");
    std::fs::write(&p, s).unwrap();
    p
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_erechnung")
}

pub fn process(routes: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("process")
        .arg("--routes")
        .arg(routes)
        .arg("-q")
        .args(args)
        .output()
        .unwrap()
}

/// Delivered originals per target, and quarantine entries.
pub fn delivered(root: &Path) -> (Vec<(String, usize)>, usize) {
    let mut per = Vec::new();
    for (name, _) in KOMMUNEN {
        let dir = root.join("out").join(name);
        let n = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        let n = e.file_name().to_string_lossy().into_owned();
                        !n.starts_with('.') && (n.ends_with(".xml") || n.ends_with(".pdf"))
                    })
                    .count()
            })
            .unwrap_or(0);
        per.push((name.to_string(), n));
    }
    let q = std::fs::read_dir(root.join("quarantine"))
        .map(|d| {
            d.flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0);
    (per, q)
}

/// Files and directories whose name marks a temporary (partial) write.
pub fn temporaries(root: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_name()
                .to_string_lossy()
                .starts_with(".erechnung-tmp-")
            {
                n += 1;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    n
}

pub fn ledger_rows(root: &Path) -> (i64, i64) {
    let c = rusqlite::Connection::open(root.join("ledger.sqlite")).unwrap();
    let done: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE state = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let all: i64 = c
        .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    (all, done)
}
