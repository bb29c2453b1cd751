//! Renders an [`InvoiceSpec`] as UN/CEFACT Cross Industry Invoice D16B
//! following the EN 16931-3-3 binding and the XRechnung 3.0 CIUS. The element
//! order is the sequence of the D16B schema types (`HeaderTradeAgreementType`,
//! `TradePartyType`, `HeaderTradeSettlementType`, ...). Credit notes keep
//! positive amounts and type code 381, as in UBL.

use super::calc::{amount, date102, number};
use super::spec::{Address, AllowanceCharge, InvoiceSpec, Party, VatCode};
use super::xml::{base64, XmlWriter};
use crate::model::Date;
use crate::syntax::{NS_QDT, NS_RAM, NS_RSM, NS_UDT};

/// The CII rendering of `spec`.
pub fn to_cii(spec: &InvoiceSpec) -> String {
    let mut w = XmlWriter::new(2048 + spec.lines.len() * 1500);
    w.open(
        "rsm:CrossIndustryInvoice",
        &[
            ("xmlns:rsm", NS_RSM),
            ("xmlns:qdt", NS_QDT),
            ("xmlns:ram", NS_RAM),
            ("xmlns:udt", NS_UDT),
        ],
    );
    let cur = spec.currency.as_str();

    w.open("rsm:ExchangedDocumentContext", &[]);
    w.open("ram:BusinessProcessSpecifiedDocumentContextParameter", &[]);
    w.leaf("ram:ID", &spec.process);
    w.close("ram:BusinessProcessSpecifiedDocumentContextParameter");
    w.open("ram:GuidelineSpecifiedDocumentContextParameter", &[]);
    w.leaf("ram:ID", &spec.specification);
    w.close("ram:GuidelineSpecifiedDocumentContextParameter");
    w.close("rsm:ExchangedDocumentContext");

    w.open("rsm:ExchangedDocument", &[]);
    w.leaf("ram:ID", &spec.number);
    w.leaf("ram:TypeCode", &spec.type_code);
    date_time(
        &mut w,
        "ram:IssueDateTime",
        "udt:DateTimeString",
        spec.issue_date,
    );
    for n in &spec.notes {
        w.open("ram:IncludedNote", &[]);
        w.leaf("ram:Content", &n.text);
        w.opt("ram:SubjectCode", n.subject.as_deref());
        w.close("ram:IncludedNote");
    }
    w.close("rsm:ExchangedDocument");

    w.open("rsm:SupplyChainTradeTransaction", &[]);
    for l in &spec.lines {
        w.open("ram:IncludedSupplyChainTradeLineItem", &[]);
        w.open("ram:AssociatedDocumentLineDocument", &[]);
        w.leaf("ram:LineID", &l.id);
        if let Some(n) = &l.note {
            w.open("ram:IncludedNote", &[]);
            w.leaf("ram:Content", n);
            w.close("ram:IncludedNote");
        }
        w.close("ram:AssociatedDocumentLineDocument");

        w.open("ram:SpecifiedTradeProduct", &[]);
        if let Some(s) = &l.standard_id {
            match &s.scheme {
                Some(sc) => w.leaf_attrs("ram:GlobalID", &[("schemeID", sc)], &s.id),
                None => w.leaf("ram:GlobalID", &s.id),
            }
        }
        w.opt("ram:SellerAssignedID", l.seller_item_id.as_deref());
        w.opt("ram:BuyerAssignedID", l.buyer_item_id.as_deref());
        w.leaf("ram:Name", &l.name);
        w.opt("ram:Description", l.description.as_deref());
        for (name, value) in &l.attributes {
            w.open("ram:ApplicableProductCharacteristic", &[]);
            w.leaf("ram:Description", name);
            w.leaf("ram:Value", value);
            w.close("ram:ApplicableProductCharacteristic");
        }
        for c in &l.classifications {
            w.open("ram:DesignatedProductClassification", &[]);
            match &c.scheme {
                Some(list) => w.leaf_attrs("ram:ClassCode", &[("listID", list)], &c.id),
                None => w.leaf("ram:ClassCode", &c.id),
            }
            w.close("ram:DesignatedProductClassification");
        }
        if let Some(c) = &l.origin_country {
            w.open("ram:OriginTradeCountry", &[]);
            w.leaf("ram:ID", c);
            w.close("ram:OriginTradeCountry");
        }
        w.close("ram:SpecifiedTradeProduct");

        w.open("ram:SpecifiedLineTradeAgreement", &[]);
        if let Some(o) = &l.order_line {
            w.open("ram:BuyerOrderReferencedDocument", &[]);
            w.leaf("ram:LineID", o);
            w.close("ram:BuyerOrderReferencedDocument");
        }
        if let Some(g) = l.gross_price {
            w.open("ram:GrossPriceProductTradePrice", &[]);
            w.leaf("ram:ChargeAmount", &number(g));
            if let Some(b) = l.base_quantity {
                w.leaf_attrs("ram:BasisQuantity", &[("unitCode", &l.unit)], &number(b));
            }
            w.open("ram:AppliedTradeAllowanceCharge", &[]);
            indicator(&mut w, false);
            w.leaf("ram:ActualAmount", &number(g - l.price));
            w.close("ram:AppliedTradeAllowanceCharge");
            w.close("ram:GrossPriceProductTradePrice");
        }
        w.open("ram:NetPriceProductTradePrice", &[]);
        w.leaf("ram:ChargeAmount", &number(l.price));
        if let Some(b) = l.base_quantity {
            w.leaf_attrs("ram:BasisQuantity", &[("unitCode", &l.unit)], &number(b));
        }
        w.close("ram:NetPriceProductTradePrice");
        w.close("ram:SpecifiedLineTradeAgreement");

        w.open("ram:SpecifiedLineTradeDelivery", &[]);
        w.leaf_attrs(
            "ram:BilledQuantity",
            &[("unitCode", &l.unit)],
            &number(l.quantity),
        );
        w.close("ram:SpecifiedLineTradeDelivery");

        w.open("ram:SpecifiedLineTradeSettlement", &[]);
        w.open("ram:ApplicableTradeTax", &[]);
        w.leaf("ram:TypeCode", "VAT");
        w.leaf("ram:CategoryCode", l.tax.code.as_str());
        if l.tax.code != VatCode::O {
            w.leaf("ram:RateApplicablePercent", &number(l.tax.rate));
        }
        w.close("ram:ApplicableTradeTax");
        if let Some((start, end)) = l.period {
            period(&mut w, start, end);
        }
        for a in &l.allowances {
            allowance_charge(&mut w, false, a, false);
        }
        for c in &l.charges {
            allowance_charge(&mut w, true, c, false);
        }
        w.open("ram:SpecifiedTradeSettlementLineMonetarySummation", &[]);
        w.leaf("ram:LineTotalAmount", &amount(l.net_amount));
        w.close("ram:SpecifiedTradeSettlementLineMonetarySummation");
        if let Some(a) = &l.accounting_ref {
            w.open("ram:ReceivableSpecifiedTradeAccountingAccount", &[]);
            w.leaf("ram:ID", a);
            w.close("ram:ReceivableSpecifiedTradeAccountingAccount");
        }
        w.close("ram:SpecifiedLineTradeSettlement");
        w.close("ram:IncludedSupplyChainTradeLineItem");
    }

    w.open("ram:ApplicableHeaderTradeAgreement", &[]);
    w.leaf("ram:BuyerReference", &spec.buyer_reference);
    party(&mut w, "ram:SellerTradeParty", &spec.seller, true);
    party(&mut w, "ram:BuyerTradeParty", &spec.buyer, false);
    if let Some(t) = &spec.tax_representative {
        w.open("ram:SellerTaxRepresentativeTradeParty", &[]);
        w.leaf("ram:Name", &t.name);
        address(&mut w, "ram:PostalTradeAddress", &t.address);
        w.open("ram:SpecifiedTaxRegistration", &[]);
        w.leaf_attrs("ram:ID", &[("schemeID", "VA")], &t.vat_id);
        w.close("ram:SpecifiedTaxRegistration");
        w.close("ram:SellerTaxRepresentativeTradeParty");
    }
    if let Some(o) = &spec.order_ref {
        w.open("ram:BuyerOrderReferencedDocument", &[]);
        w.leaf("ram:IssuerAssignedID", o);
        w.close("ram:BuyerOrderReferencedDocument");
    }
    if let Some(c) = &spec.contract_ref {
        w.open("ram:ContractReferencedDocument", &[]);
        w.leaf("ram:IssuerAssignedID", c);
        w.close("ram:ContractReferencedDocument");
    }
    for a in &spec.attachments {
        w.open("ram:AdditionalReferencedDocument", &[]);
        w.leaf("ram:IssuerAssignedID", &a.id);
        // 916: "related document", the supporting-document code of EN 16931-3-3.
        w.leaf("ram:TypeCode", "916");
        w.opt("ram:Name", a.description.as_deref());
        w.leaf_attrs(
            "ram:AttachmentBinaryObject",
            &[("mimeCode", &a.mime), ("filename", &a.filename)],
            &base64(&a.content),
        );
        w.close("ram:AdditionalReferencedDocument");
    }
    w.close("ram:ApplicableHeaderTradeAgreement");

    w.open("ram:ApplicableHeaderTradeDelivery", &[]);
    if let Some(d) = &spec.delivery {
        if d.party_name.is_some() || d.address.is_some() {
            w.open("ram:ShipToTradeParty", &[]);
            w.opt("ram:Name", d.party_name.as_deref());
            if let Some(a) = &d.address {
                address(&mut w, "ram:PostalTradeAddress", a);
            }
            w.close("ram:ShipToTradeParty");
        }
        if let Some(date) = d.date {
            w.open("ram:ActualDeliverySupplyChainEvent", &[]);
            date_time(&mut w, "ram:OccurrenceDateTime", "udt:DateTimeString", date);
            w.close("ram:ActualDeliverySupplyChainEvent");
        }
    }
    w.close("ram:ApplicableHeaderTradeDelivery");

    w.open("ram:ApplicableHeaderTradeSettlement", &[]);
    let dd = spec.payment.as_ref().and_then(|p| p.direct_debit.as_ref());
    w.opt(
        "ram:CreditorReferenceID",
        dd.map(|d| d.creditor_id.as_str()),
    );
    w.opt(
        "ram:PaymentReference",
        spec.payment.as_ref().and_then(|p| p.remittance.as_deref()),
    );
    w.leaf("ram:InvoiceCurrencyCode", cur);
    if let Some(p) = &spec.payee {
        w.open("ram:PayeeTradeParty", &[]);
        if let Some(id) = &p.id {
            scheme_id(&mut w, id);
        }
        w.leaf("ram:Name", &p.name);
        if let Some(l) = &p.legal_id {
            w.open("ram:SpecifiedLegalOrganization", &[]);
            match &l.scheme {
                Some(s) => w.leaf_attrs("ram:ID", &[("schemeID", s)], &l.id),
                None => w.leaf("ram:ID", &l.id),
            }
            w.close("ram:SpecifiedLegalOrganization");
        }
        w.close("ram:PayeeTradeParty");
    }
    if let Some(p) = &spec.payment {
        w.open("ram:SpecifiedTradeSettlementPaymentMeans", &[]);
        w.leaf("ram:TypeCode", &p.code);
        w.opt("ram:Information", p.text.as_deref());
        if let Some(d) = &p.direct_debit {
            w.open("ram:PayerPartyDebtorFinancialAccount", &[]);
            w.leaf("ram:IBANID", &d.debited_iban);
            w.close("ram:PayerPartyDebtorFinancialAccount");
        }
        if let Some(ct) = &p.credit_transfer {
            w.open("ram:PayeePartyCreditorFinancialAccount", &[]);
            w.leaf("ram:IBANID", &ct.iban);
            w.opt("ram:AccountName", ct.account_name.as_deref());
            w.close("ram:PayeePartyCreditorFinancialAccount");
            if let Some(bic) = &ct.bic {
                w.open("ram:PayeeSpecifiedCreditorFinancialInstitution", &[]);
                w.leaf("ram:BICID", bic);
                w.close("ram:PayeeSpecifiedCreditorFinancialInstitution");
            }
        }
        w.close("ram:SpecifiedTradeSettlementPaymentMeans");
    }
    let t = &spec.totals;
    for v in &t.vat {
        w.open("ram:ApplicableTradeTax", &[]);
        w.leaf("ram:CalculatedAmount", &amount(v.amount));
        w.leaf("ram:TypeCode", "VAT");
        w.opt("ram:ExemptionReason", v.exemption_reason.as_deref());
        w.leaf("ram:BasisAmount", &amount(v.taxable));
        w.leaf("ram:CategoryCode", v.tax.code.as_str());
        w.opt("ram:ExemptionReasonCode", v.exemption_code.as_deref());
        // XRechnung BR-DE-14 wants a rate in every breakdown, also for category O.
        w.leaf("ram:RateApplicablePercent", &number(v.tax.rate));
        w.close("ram:ApplicableTradeTax");
    }
    if let Some((start, end)) = spec.period {
        period(&mut w, start, end);
    }
    for a in &spec.allowances {
        allowance_charge(&mut w, false, a, true);
    }
    for c in &spec.charges {
        allowance_charge(&mut w, true, c, true);
    }
    if spec.payment_terms.is_some() || spec.due_date.is_some() || dd.is_some() {
        w.open("ram:SpecifiedTradePaymentTerms", &[]);
        w.opt("ram:Description", spec.payment_terms.as_deref());
        if let Some(d) = spec.due_date {
            date_time(&mut w, "ram:DueDateDateTime", "udt:DateTimeString", d);
        }
        w.opt("ram:DirectDebitMandateID", dd.map(|d| d.mandate.as_str()));
        w.close("ram:SpecifiedTradePaymentTerms");
    }
    w.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[]);
    w.leaf("ram:LineTotalAmount", &amount(t.line_total));
    w.opt(
        "ram:ChargeTotalAmount",
        t.charge_total.map(amount).as_deref(),
    );
    w.opt(
        "ram:AllowanceTotalAmount",
        t.allowance_total.map(amount).as_deref(),
    );
    w.leaf("ram:TaxBasisTotalAmount", &amount(t.tax_exclusive));
    w.leaf_attrs(
        "ram:TaxTotalAmount",
        &[("currencyID", cur)],
        &amount(t.tax_total),
    );
    w.leaf("ram:GrandTotalAmount", &amount(t.tax_inclusive));
    w.opt("ram:TotalPrepaidAmount", t.prepaid.map(amount).as_deref());
    w.leaf("ram:DuePayableAmount", &amount(t.payable));
    w.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    for p in &spec.preceding {
        w.open("ram:InvoiceReferencedDocument", &[]);
        w.leaf("ram:IssuerAssignedID", &p.number);
        if let Some(d) = p.issue_date {
            date_time(
                &mut w,
                "ram:FormattedIssueDateTime",
                "qdt:DateTimeString",
                d,
            );
        }
        w.close("ram:InvoiceReferencedDocument");
    }
    if let Some(a) = &spec.accounting_ref {
        w.open("ram:ReceivableSpecifiedTradeAccountingAccount", &[]);
        w.leaf("ram:ID", a);
        w.close("ram:ReceivableSpecifiedTradeAccountingAccount");
    }
    w.close("ram:ApplicableHeaderTradeSettlement");
    w.close("rsm:SupplyChainTradeTransaction");
    w.close("rsm:CrossIndustryInvoice");
    w.finish()
}

fn date_time(w: &mut XmlWriter, outer: &str, inner: &str, d: Date) {
    w.open(outer, &[]);
    w.leaf_attrs(inner, &[("format", "102")], &date102(d));
    w.close(outer);
}

fn period(w: &mut XmlWriter, start: Date, end: Date) {
    w.open("ram:BillingSpecifiedPeriod", &[]);
    date_time(w, "ram:StartDateTime", "udt:DateTimeString", start);
    date_time(w, "ram:EndDateTime", "udt:DateTimeString", end);
    w.close("ram:BillingSpecifiedPeriod");
}

fn indicator(w: &mut XmlWriter, charge: bool) {
    w.open("ram:ChargeIndicator", &[]);
    w.leaf("udt:Indicator", if charge { "true" } else { "false" });
    w.close("ram:ChargeIndicator");
}

/// An identifier with a scheme is a `GlobalID`, without one an `ID` (EN 16931-3-3).
fn scheme_id(w: &mut XmlWriter, id: &super::spec::Id) {
    match &id.scheme {
        Some(s) => w.leaf_attrs("ram:GlobalID", &[("schemeID", s)], &id.id),
        None => w.leaf("ram:ID", &id.id),
    }
}

fn address(w: &mut XmlWriter, name: &str, a: &Address) {
    w.open(name, &[]);
    w.opt("ram:PostcodeCode", a.postcode.as_deref());
    w.opt("ram:LineOne", a.street.as_deref());
    w.opt("ram:LineTwo", a.additional.as_deref());
    w.opt("ram:CityName", a.city.as_deref());
    w.leaf("ram:CountryID", &a.country);
    w.opt("ram:CountrySubDivisionName", a.subdivision.as_deref());
    w.close(name);
}

fn party(w: &mut XmlWriter, name: &str, p: &Party, seller: bool) {
    w.open(name, &[]);
    // The schema wants every ID before every GlobalID.
    for id in p.ids.iter().filter(|i| i.scheme.is_none()) {
        scheme_id(w, id);
    }
    for id in p.ids.iter().filter(|i| i.scheme.is_some()) {
        scheme_id(w, id);
    }
    w.leaf("ram:Name", &p.name);
    if seller {
        w.opt("ram:Description", p.legal_info.as_deref());
    }
    if p.legal_id.is_some() || p.trading_name.is_some() {
        w.open("ram:SpecifiedLegalOrganization", &[]);
        if let Some(l) = &p.legal_id {
            match &l.scheme {
                Some(s) => w.leaf_attrs("ram:ID", &[("schemeID", s)], &l.id),
                None => w.leaf("ram:ID", &l.id),
            }
        }
        w.opt("ram:TradingBusinessName", p.trading_name.as_deref());
        w.close("ram:SpecifiedLegalOrganization");
    }
    if let Some(c) = &p.contact {
        w.open("ram:DefinedTradeContact", &[]);
        w.opt("ram:PersonName", c.name.as_deref());
        if let Some(t) = &c.phone {
            w.open("ram:TelephoneUniversalCommunication", &[]);
            w.leaf("ram:CompleteNumber", t);
            w.close("ram:TelephoneUniversalCommunication");
        }
        if let Some(e) = &c.email {
            w.open("ram:EmailURIUniversalCommunication", &[]);
            w.leaf("ram:URIID", e);
            w.close("ram:EmailURIUniversalCommunication");
        }
        w.close("ram:DefinedTradeContact");
    }
    address(w, "ram:PostalTradeAddress", &p.address);
    if let Some(e) = &p.endpoint {
        w.open("ram:URIUniversalCommunication", &[]);
        match &e.scheme {
            Some(s) => w.leaf_attrs("ram:URIID", &[("schemeID", s)], &e.id),
            None => w.leaf("ram:URIID", &e.id),
        }
        w.close("ram:URIUniversalCommunication");
    }
    if let Some(v) = &p.vat_id {
        w.open("ram:SpecifiedTaxRegistration", &[]);
        w.leaf_attrs("ram:ID", &[("schemeID", "VA")], v);
        w.close("ram:SpecifiedTaxRegistration");
    }
    if let Some(t) = &p.tax_number {
        w.open("ram:SpecifiedTaxRegistration", &[]);
        w.leaf_attrs("ram:ID", &[("schemeID", "FC")], t);
        w.close("ram:SpecifiedTaxRegistration");
    }
    w.close(name);
}

fn allowance_charge(w: &mut XmlWriter, charge: bool, a: &AllowanceCharge, document: bool) {
    w.open("ram:SpecifiedTradeAllowanceCharge", &[]);
    indicator(w, charge);
    w.opt("ram:CalculationPercent", a.percent.map(number).as_deref());
    w.opt("ram:BasisAmount", a.base.map(amount).as_deref());
    w.leaf("ram:ActualAmount", &amount(a.amount));
    w.opt("ram:ReasonCode", a.reason_code.as_deref());
    w.opt("ram:Reason", a.reason.as_deref());
    if document {
        w.open("ram:CategoryTradeTax", &[]);
        w.leaf("ram:TypeCode", "VAT");
        w.leaf("ram:CategoryCode", a.tax.code.as_str());
        if a.tax.code != VatCode::O {
            w.leaf("ram:RateApplicablePercent", &number(a.tax.rate));
        }
        w.close("ram:CategoryTradeTax");
    }
    w.close("ram:SpecifiedTradeAllowanceCharge");
}
