//! A small generator of our own test invoices (UBL and CII) for the VAT
//! category and BR-CO rule tests: one category, one or two lines, an optional
//! document allowance and charge, a VAT breakdown and consistent totals. The
//! fields switch single facts on and off; tests make further edits with
//! `str::replace` on the rendered text.
#![allow(dead_code)]

use std::collections::BTreeSet;

use erechnung::rules::{RuleSet, RuleSets};
use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};

/// The rule ids reported for `xml` by the EN 16931 rule set.
pub fn fired(xml: &str) -> BTreeSet<&'static str> {
    let v = Validator::new(
        Selection::Fixed(RuleSets::NONE.with(RuleSet::En16931)),
        Limits::default(),
    );
    let report = v.validate_bytes("test.xml", xml.as_bytes());
    let checked = report.outcome.expect("readable test invoice");
    checked.findings.iter().map(|f| f.rule).collect()
}

/// The ids of `fired` that start with one of `prefixes`.
pub fn fired_of(xml: &str, prefixes: &[&str]) -> BTreeSet<&'static str> {
    fired(xml)
        .into_iter()
        .filter(|r| prefixes.iter().any(|p| r.starts_with(p)))
        .collect()
}

/// A generated invoice.
#[derive(Clone, Debug)]
pub struct Gen {
    pub cat: &'static str,
    pub line_cat: &'static str,
    pub ac_cat: &'static str,
    pub ch_cat: &'static str,
    pub line_pct: Option<&'static str>,
    pub ac_pct: Option<&'static str>,
    pub ch_pct: Option<&'static str>,
    pub sub_pct: Option<&'static str>,
    pub lines: usize,
    pub allowance: bool,
    pub charge: bool,
    pub breakdowns: usize,
    pub seller_vat: bool,
    pub seller_legal: bool,
    pub buyer_vat: bool,
    pub reason: bool,
    pub taxable: Option<&'static str>,
    pub tax: Option<&'static str>,
    pub ic_info: bool,
    pub country: &'static str,
    /// A further breakdown of another category (code, rate).
    pub extra_sub: Option<(&'static str, Option<&'static str>)>,
}

impl Gen {
    /// A clean invoice of VAT category `cat` (S, Z, E, AE, K, G, O, L, M, B).
    pub fn new(cat: &'static str) -> Gen {
        let pct = match cat {
            "S" => Some("19"),
            "L" => Some("7"),
            "M" => Some("4"),
            "B" => Some("22"),
            "O" => None,
            _ => Some("0"),
        };
        Gen {
            cat,
            line_cat: cat,
            ac_cat: cat,
            ch_cat: cat,
            line_pct: pct,
            ac_pct: pct,
            ch_pct: pct,
            sub_pct: pct,
            lines: 2,
            allowance: true,
            charge: true,
            breakdowns: 1,
            seller_vat: cat != "O",
            seller_legal: true,
            buyer_vat: matches!(cat, "AE" | "K"),
            reason: matches!(cat, "E" | "AE" | "K" | "G" | "O"),
            taxable: None,
            tax: None,
            ic_info: cat == "K",
            country: if cat == "B" { "IT" } else { "DE" },
            extra_sub: None,
        }
    }

    fn cents(&self) -> (i64, i64) {
        let lines = line_amounts(self.lines).sum::<i64>();
        let taxable =
            lines - if self.allowance { 1000 } else { 0 } + if self.charge { 500 } else { 0 };
        let rate: i64 = self.sub_pct.and_then(|p| p.parse().ok()).unwrap_or(0);
        let tax = (taxable * rate + 50) / 100;
        (lines, tax)
    }

    fn taxable_str(&self) -> String {
        let (lines, _) = self.cents();
        let t = lines - if self.allowance { 1000 } else { 0 } + if self.charge { 500 } else { 0 };
        self.taxable.map(str::to_owned).unwrap_or_else(|| money(t))
    }

    fn tax_str(&self) -> String {
        self.tax
            .map(str::to_owned)
            .unwrap_or_else(|| money(self.cents().1))
    }

    /// The invoice as UBL 2.1.
    pub fn ubl(&self) -> String {
        let (lines, tax) = self.cents();
        let taxable =
            lines - if self.allowance { 1000 } else { 0 } + if self.charge { 500 } else { 0 };
        let cat = |code: &str, pct: Option<&str>, el: &str| {
            let pct = pct
                .map(|p| format!("<cbc:Percent>{p}</cbc:Percent>"))
                .unwrap_or_default();
            format!("<cac:{el}><cbc:ID>{code}</cbc:ID>{pct}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{el}>")
        };
        let mut s = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">"#,
            "<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>INV-1</cbc:ID><cbc:IssueDate>2024-01-15</cbc:IssueDate>",
            "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>"
        ));
        if self.ic_info {
            s += "<cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate></cac:InvoicePeriod>";
        }
        let c = self.country;
        s += "<cac:AccountingSupplierParty><cac:Party>";
        s += &format!("<cac:PostalAddress><cac:Country><cbc:IdentificationCode>{c}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>");
        if self.seller_vat {
            s += &format!("<cac:PartyTaxScheme><cbc:CompanyID>{c}123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>");
        }
        s += "<cac:PartyLegalEntity><cbc:RegistrationName>Seller GmbH</cbc:RegistrationName>";
        if self.seller_legal {
            s += "<cbc:CompanyID>HRB 1</cbc:CompanyID>";
        }
        s += "</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>";
        s += "<cac:AccountingCustomerParty><cac:Party>";
        s += &format!("<cac:PostalAddress><cac:Country><cbc:IdentificationCode>{c}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>");
        if self.buyer_vat {
            s += "<cac:PartyTaxScheme><cbc:CompanyID>FR12345678901</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>";
        }
        s += "<cac:PartyLegalEntity><cbc:RegistrationName>Buyer SA</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>";
        if self.ic_info {
            s += "<cac:Delivery><cbc:ActualDeliveryDate>2024-01-10</cbc:ActualDeliveryDate><cac:DeliveryLocation><cac:Address><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation></cac:Delivery>";
        }
        if self.allowance {
            s += &format!("<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Discount</cbc:AllowanceChargeReason><cbc:Amount currencyID=\"EUR\">10.00</cbc:Amount>{}</cac:AllowanceCharge>", cat(self.ac_cat, self.ac_pct, "TaxCategory"));
        }
        if self.charge {
            s += &format!("<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Freight</cbc:AllowanceChargeReason><cbc:Amount currencyID=\"EUR\">5.00</cbc:Amount>{}</cac:AllowanceCharge>", cat(self.ch_cat, self.ch_pct, "TaxCategory"));
        }
        s += &format!(
            "<cac:TaxTotal><cbc:TaxAmount currencyID=\"EUR\">{}</cbc:TaxAmount>",
            money(tax)
        );
        for _ in 0..self.breakdowns {
            let reason = if self.reason {
                "<cbc:TaxExemptionReason>Exempt</cbc:TaxExemptionReason>"
            } else {
                ""
            };
            let pct = self
                .sub_pct
                .map(|p| format!("<cbc:Percent>{p}</cbc:Percent>"))
                .unwrap_or_default();
            s += &format!(
                "<cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">{}</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">{}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>{}</cbc:ID>{pct}{reason}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>",
                self.taxable_str(), self.tax_str(), self.cat
            );
        }
        if let Some((code, pct)) = self.extra_sub {
            let pct = pct
                .map(|p| format!("<cbc:Percent>{p}</cbc:Percent>"))
                .unwrap_or_default();
            s += &format!("<cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>{code}</cbc:ID>{pct}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>");
        }
        s += "</cac:TaxTotal>";
        let (a, ch) = (
            if self.allowance { 1000 } else { 0 },
            if self.charge { 500 } else { 0 },
        );
        s += &format!("<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"EUR\">{}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID=\"EUR\">{}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"EUR\">{}</cbc:TaxInclusiveAmount>", money(lines), money(taxable), money(taxable + tax));
        if self.allowance {
            s += &format!(
                "<cbc:AllowanceTotalAmount currencyID=\"EUR\">{}</cbc:AllowanceTotalAmount>",
                money(a)
            );
        }
        if self.charge {
            s += &format!(
                "<cbc:ChargeTotalAmount currencyID=\"EUR\">{}</cbc:ChargeTotalAmount>",
                money(ch)
            );
        }
        s += &format!(
            "<cbc:PayableAmount currencyID=\"EUR\">{}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
            money(taxable + tax)
        );
        for (i, amount) in line_amounts(self.lines).enumerate() {
            s += &format!(
                "<cac:InvoiceLine><cbc:ID>{}</cbc:ID><cbc:InvoicedQuantity unitCode=\"C62\">1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID=\"EUR\">{}</cbc:LineExtensionAmount><cac:Item><cbc:Name>Item</cbc:Name>{}</cac:Item><cac:Price><cbc:PriceAmount currencyID=\"EUR\">{}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>",
                i + 1, money(amount), cat(self.line_cat, self.line_pct, "ClassifiedTaxCategory"), money(amount)
            );
        }
        s += "</Invoice>";
        s
    }

    /// The invoice as CII D16B.
    pub fn cii(&self) -> String {
        let (lines, tax) = self.cents();
        let taxable =
            lines - if self.allowance { 1000 } else { 0 } + if self.charge { 500 } else { 0 };
        let tt = |el: &str, code: &str, pct: Option<&str>| {
            let pct = pct
                .map(|p| format!("<ram:RateApplicablePercent>{p}</ram:RateApplicablePercent>"))
                .unwrap_or_default();
            format!("<ram:{el}><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>{code}</ram:CategoryCode>{pct}</ram:{el}>")
        };
        let mut s = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">"#,
            "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>",
            r#"<rsm:ExchangedDocument><ram:ID>INV-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20240115</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>"#,
            "<rsm:SupplyChainTradeTransaction>"
        ));
        for (i, amount) in line_amounts(self.lines).enumerate() {
            s += &format!(
                "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{}</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>Item</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{a}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement>{}<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{a}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>",
                i + 1, tt("ApplicableTradeTax", self.line_cat, self.line_pct), a = money(amount)
            );
        }
        let c = self.country;
        s += "<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Seller GmbH</ram:Name>";
        if self.seller_legal {
            s += "<ram:SpecifiedLegalOrganization><ram:ID>HRB 1</ram:ID></ram:SpecifiedLegalOrganization>";
        }
        s += &format!(
            "<ram:PostalTradeAddress><ram:CountryID>{c}</ram:CountryID></ram:PostalTradeAddress>"
        );
        if self.seller_vat {
            s += &format!("<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{c}123456789</ram:ID></ram:SpecifiedTaxRegistration>");
        }
        s += "</ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>Buyer SA</ram:Name>";
        s += &format!(
            "<ram:PostalTradeAddress><ram:CountryID>{c}</ram:CountryID></ram:PostalTradeAddress>"
        );
        if self.buyer_vat {
            s += "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">FR12345678901</ram:ID></ram:SpecifiedTaxRegistration>";
        }
        s += "</ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery>";
        if self.ic_info {
            s += "<ram:ShipToTradeParty><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:ShipToTradeParty><ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format=\"102\">20240110</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>";
        }
        s += "</ram:ApplicableHeaderTradeDelivery><ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>";
        for _ in 0..self.breakdowns {
            let reason = if self.reason {
                "<ram:ExemptionReason>Exempt</ram:ExemptionReason>"
            } else {
                ""
            };
            let pct = self
                .sub_pct
                .map(|p| format!("<ram:RateApplicablePercent>{p}</ram:RateApplicablePercent>"))
                .unwrap_or_default();
            s += &format!(
                "<ram:ApplicableTradeTax><ram:CalculatedAmount>{}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>{reason}<ram:BasisAmount>{}</ram:BasisAmount><ram:CategoryCode>{}</ram:CategoryCode>{pct}</ram:ApplicableTradeTax>",
                self.tax_str(), self.taxable_str(), self.cat
            );
        }
        if let Some((code, pct)) = self.extra_sub {
            let pct = pct
                .map(|p| format!("<ram:RateApplicablePercent>{p}</ram:RateApplicablePercent>"))
                .unwrap_or_default();
            s += &format!("<ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>0.00</ram:BasisAmount><ram:CategoryCode>{code}</ram:CategoryCode>{pct}</ram:ApplicableTradeTax>");
        }
        if self.ic_info {
            s += "<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240101</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>";
        }
        if self.allowance {
            s += &format!("<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>10.00</ram:ActualAmount><ram:Reason>Discount</ram:Reason>{}</ram:SpecifiedTradeAllowanceCharge>", tt("CategoryTradeTax", self.ac_cat, self.ac_pct));
        }
        if self.charge {
            s += &format!("<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>5.00</ram:ActualAmount><ram:Reason>Freight</ram:Reason>{}</ram:SpecifiedTradeAllowanceCharge>", tt("CategoryTradeTax", self.ch_cat, self.ch_pct));
        }
        s += &format!("<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{}</ram:LineTotalAmount>", money(lines));
        if self.charge {
            s += "<ram:ChargeTotalAmount>5.00</ram:ChargeTotalAmount>";
        }
        if self.allowance {
            s += "<ram:AllowanceTotalAmount>10.00</ram:AllowanceTotalAmount>";
        }
        s += &format!(
            "<ram:TaxBasisTotalAmount>{}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID=\"EUR\">{}</ram:TaxTotalAmount><ram:GrandTotalAmount>{}</ram:GrandTotalAmount><ram:DuePayableAmount>{}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
            money(taxable), money(tax), money(taxable + tax), money(taxable + tax)
        );
        s += "</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>";
        s
    }
}

/// The line net amounts in cents: 100.00, then 50.00 each.
fn line_amounts(n: usize) -> impl Iterator<Item = i64> {
    (0..n).map(|i| if i == 0 { 10000 } else { 5000 })
}

/// Cents as a 2-decimal amount.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}
