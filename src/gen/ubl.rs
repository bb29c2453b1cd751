//! Renders an [`InvoiceSpec`] as UBL 2.1 `Invoice` (or `CreditNote` for type
//! 381) following the EN 16931-3-2 binding and the XRechnung 3.0 CIUS. The
//! element order is the sequence of the UBL 2.1 schemas (`Invoice-2`,
//! `CreditNote-2`, the common aggregate types); where the two documents differ
//! (due date, type code element, line quantity) it branches on the kind.

use super::calc::{amount, number};
use super::spec::{Address, AllowanceCharge, InvoiceSpec, Party, VatCode};
use super::xml::{base64, XmlWriter};
use crate::syntax::{NS_CAC, NS_CBC, NS_UBL_CREDITNOTE, NS_UBL_INVOICE};

/// The UBL rendering of `spec`.
pub fn to_ubl(spec: &InvoiceSpec) -> String {
    let cn = spec.is_credit_note();
    let mut w = XmlWriter::new(2048 + spec.lines.len() * 1200);
    let root = if cn { "CreditNote" } else { "Invoice" };
    let ns = if cn {
        NS_UBL_CREDITNOTE
    } else {
        NS_UBL_INVOICE
    };
    w.open(
        root,
        &[("xmlns", ns), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)],
    );
    let cur = spec.currency.as_str();
    let money = |w: &mut XmlWriter, name: &str, v: rust_decimal::Decimal| {
        w.leaf_attrs(name, &[("currencyID", cur)], &amount(v));
    };

    w.leaf("cbc:CustomizationID", &spec.specification);
    w.leaf("cbc:ProfileID", &spec.process);
    w.leaf("cbc:ID", &spec.number);
    w.leaf("cbc:IssueDate", &spec.issue_date.to_string());
    if !cn {
        w.opt(
            "cbc:DueDate",
            spec.due_date.map(|d| d.to_string()).as_deref(),
        );
        w.leaf("cbc:InvoiceTypeCode", &spec.type_code);
    } else {
        w.leaf("cbc:CreditNoteTypeCode", &spec.type_code);
    }
    for n in &spec.notes {
        // BT-21 has no element of its own in UBL; EN 16931-3-2 writes it as `#code#text`.
        match &n.subject {
            Some(code) => w.leaf("cbc:Note", &format!("#{code}#{}", n.text)),
            None => w.leaf("cbc:Note", &n.text),
        }
    }
    w.leaf("cbc:DocumentCurrencyCode", cur);
    w.opt("cbc:AccountingCost", spec.accounting_ref.as_deref());
    w.leaf("cbc:BuyerReference", &spec.buyer_reference);
    if let Some((start, end)) = spec.period {
        w.open("cac:InvoicePeriod", &[]);
        w.leaf("cbc:StartDate", &start.to_string());
        w.leaf("cbc:EndDate", &end.to_string());
        w.close("cac:InvoicePeriod");
    }
    if let Some(o) = &spec.order_ref {
        w.open("cac:OrderReference", &[]);
        w.leaf("cbc:ID", o);
        w.close("cac:OrderReference");
    }
    for p in &spec.preceding {
        w.open("cac:BillingReference", &[]);
        w.open("cac:InvoiceDocumentReference", &[]);
        w.leaf("cbc:ID", &p.number);
        w.opt(
            "cbc:IssueDate",
            p.issue_date.map(|d| d.to_string()).as_deref(),
        );
        w.close("cac:InvoiceDocumentReference");
        w.close("cac:BillingReference");
    }
    if let Some(c) = &spec.contract_ref {
        w.open("cac:ContractDocumentReference", &[]);
        w.leaf("cbc:ID", c);
        w.close("cac:ContractDocumentReference");
    }
    for a in &spec.attachments {
        w.open("cac:AdditionalDocumentReference", &[]);
        w.leaf("cbc:ID", &a.id);
        w.opt("cbc:DocumentDescription", a.description.as_deref());
        w.open("cac:Attachment", &[]);
        w.leaf_attrs(
            "cbc:EmbeddedDocumentBinaryObject",
            &[("mimeCode", &a.mime), ("filename", &a.filename)],
            &base64(&a.content),
        );
        w.close("cac:Attachment");
        w.close("cac:AdditionalDocumentReference");
    }

    w.open("cac:AccountingSupplierParty", &[]);
    party(
        &mut w,
        &spec.seller,
        spec.payment
            .as_ref()
            .and_then(|p| p.direct_debit.as_ref())
            .map(|d| d.creditor_id.as_str()),
    );
    w.close("cac:AccountingSupplierParty");
    w.open("cac:AccountingCustomerParty", &[]);
    party(&mut w, &spec.buyer, None);
    w.close("cac:AccountingCustomerParty");

    if let Some(p) = &spec.payee {
        w.open("cac:PayeeParty", &[]);
        if let Some(id) = &p.id {
            w.open("cac:PartyIdentification", &[]);
            id_leaf(&mut w, "cbc:ID", id);
            w.close("cac:PartyIdentification");
        }
        w.open("cac:PartyName", &[]);
        w.leaf("cbc:Name", &p.name);
        w.close("cac:PartyName");
        if let Some(l) = &p.legal_id {
            w.open("cac:PartyLegalEntity", &[]);
            id_leaf(&mut w, "cbc:CompanyID", l);
            w.close("cac:PartyLegalEntity");
        }
        w.close("cac:PayeeParty");
    }
    if let Some(t) = &spec.tax_representative {
        w.open("cac:TaxRepresentativeParty", &[]);
        w.open("cac:PartyName", &[]);
        w.leaf("cbc:Name", &t.name);
        w.close("cac:PartyName");
        address(&mut w, "cac:PostalAddress", &t.address);
        tax_scheme(&mut w, &t.vat_id, "VAT");
        w.close("cac:TaxRepresentativeParty");
    }
    if let Some(d) = &spec.delivery {
        w.open("cac:Delivery", &[]);
        w.opt(
            "cbc:ActualDeliveryDate",
            d.date.map(|d| d.to_string()).as_deref(),
        );
        if let Some(a) = &d.address {
            w.open("cac:DeliveryLocation", &[]);
            address(&mut w, "cac:Address", a);
            w.close("cac:DeliveryLocation");
        }
        if let Some(n) = &d.party_name {
            w.open("cac:DeliveryParty", &[]);
            w.open("cac:PartyName", &[]);
            w.leaf("cbc:Name", n);
            w.close("cac:PartyName");
            w.close("cac:DeliveryParty");
        }
        w.close("cac:Delivery");
    }
    if let Some(p) = &spec.payment {
        w.open("cac:PaymentMeans", &[]);
        match &p.text {
            Some(t) => w.leaf_attrs("cbc:PaymentMeansCode", &[("name", t)], &p.code),
            None => w.leaf("cbc:PaymentMeansCode", &p.code),
        }
        if cn {
            // A credit note has no header due date; EN 16931-3-2 binds BT-9 here.
            w.opt(
                "cbc:PaymentDueDate",
                spec.due_date.map(|d| d.to_string()).as_deref(),
            );
        }
        w.opt("cbc:PaymentID", p.remittance.as_deref());
        if let Some(ct) = &p.credit_transfer {
            w.open("cac:PayeeFinancialAccount", &[]);
            w.leaf("cbc:ID", &ct.iban);
            w.opt("cbc:Name", ct.account_name.as_deref());
            if let Some(bic) = &ct.bic {
                w.open("cac:FinancialInstitutionBranch", &[]);
                w.leaf("cbc:ID", bic);
                w.close("cac:FinancialInstitutionBranch");
            }
            w.close("cac:PayeeFinancialAccount");
        }
        if let Some(dd) = &p.direct_debit {
            w.open("cac:PaymentMandate", &[]);
            w.leaf("cbc:ID", &dd.mandate);
            w.open("cac:PayerFinancialAccount", &[]);
            w.leaf("cbc:ID", &dd.debited_iban);
            w.close("cac:PayerFinancialAccount");
            w.close("cac:PaymentMandate");
        }
        w.close("cac:PaymentMeans");
    }
    if let Some(t) = &spec.payment_terms {
        w.open("cac:PaymentTerms", &[]);
        w.leaf("cbc:Note", t);
        w.close("cac:PaymentTerms");
    }
    for a in &spec.allowances {
        allowance_charge(&mut w, false, a, cur, true);
    }
    for c in &spec.charges {
        allowance_charge(&mut w, true, c, cur, true);
    }

    let t = &spec.totals;
    w.open("cac:TaxTotal", &[]);
    money(&mut w, "cbc:TaxAmount", t.tax_total);
    for v in &t.vat {
        w.open("cac:TaxSubtotal", &[]);
        money(&mut w, "cbc:TaxableAmount", v.taxable);
        money(&mut w, "cbc:TaxAmount", v.amount);
        w.open("cac:TaxCategory", &[]);
        w.leaf("cbc:ID", v.tax.code.as_str());
        // XRechnung BR-DE-14 wants a rate in every breakdown, also for category O.
        w.leaf("cbc:Percent", &number(v.tax.rate));
        w.opt("cbc:TaxExemptionReasonCode", v.exemption_code.as_deref());
        w.opt("cbc:TaxExemptionReason", v.exemption_reason.as_deref());
        w.open("cac:TaxScheme", &[]);
        w.leaf("cbc:ID", "VAT");
        w.close("cac:TaxScheme");
        w.close("cac:TaxCategory");
        w.close("cac:TaxSubtotal");
    }
    w.close("cac:TaxTotal");

    w.open("cac:LegalMonetaryTotal", &[]);
    money(&mut w, "cbc:LineExtensionAmount", t.line_total);
    money(&mut w, "cbc:TaxExclusiveAmount", t.tax_exclusive);
    money(&mut w, "cbc:TaxInclusiveAmount", t.tax_inclusive);
    if let Some(a) = t.allowance_total {
        money(&mut w, "cbc:AllowanceTotalAmount", a);
    }
    if let Some(c) = t.charge_total {
        money(&mut w, "cbc:ChargeTotalAmount", c);
    }
    if let Some(p) = t.prepaid {
        money(&mut w, "cbc:PrepaidAmount", p);
    }
    money(&mut w, "cbc:PayableAmount", t.payable);
    w.close("cac:LegalMonetaryTotal");

    let (line_el, qty_el) = if cn {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    for l in &spec.lines {
        w.open(line_el, &[]);
        w.leaf("cbc:ID", &l.id);
        w.opt("cbc:Note", l.note.as_deref());
        w.leaf_attrs(qty_el, &[("unitCode", &l.unit)], &number(l.quantity));
        money(&mut w, "cbc:LineExtensionAmount", l.net_amount);
        w.opt("cbc:AccountingCost", l.accounting_ref.as_deref());
        if let Some((start, end)) = l.period {
            w.open("cac:InvoicePeriod", &[]);
            w.leaf("cbc:StartDate", &start.to_string());
            w.leaf("cbc:EndDate", &end.to_string());
            w.close("cac:InvoicePeriod");
        }
        if let Some(o) = &l.order_line {
            w.open("cac:OrderLineReference", &[]);
            w.leaf("cbc:LineID", o);
            w.close("cac:OrderLineReference");
        }
        for a in &l.allowances {
            allowance_charge(&mut w, false, a, cur, false);
        }
        for c in &l.charges {
            allowance_charge(&mut w, true, c, cur, false);
        }
        w.open("cac:Item", &[]);
        w.opt("cbc:Description", l.description.as_deref());
        w.leaf("cbc:Name", &l.name);
        if let Some(b) = &l.buyer_item_id {
            w.open("cac:BuyersItemIdentification", &[]);
            w.leaf("cbc:ID", b);
            w.close("cac:BuyersItemIdentification");
        }
        if let Some(s) = &l.seller_item_id {
            w.open("cac:SellersItemIdentification", &[]);
            w.leaf("cbc:ID", s);
            w.close("cac:SellersItemIdentification");
        }
        if let Some(s) = &l.standard_id {
            w.open("cac:StandardItemIdentification", &[]);
            id_leaf(&mut w, "cbc:ID", s);
            w.close("cac:StandardItemIdentification");
        }
        if let Some(c) = &l.origin_country {
            w.open("cac:OriginCountry", &[]);
            w.leaf("cbc:IdentificationCode", c);
            w.close("cac:OriginCountry");
        }
        for c in &l.classifications {
            w.open("cac:CommodityClassification", &[]);
            match &c.scheme {
                Some(list) => {
                    w.leaf_attrs("cbc:ItemClassificationCode", &[("listID", list)], &c.id)
                }
                None => w.leaf("cbc:ItemClassificationCode", &c.id),
            }
            w.close("cac:CommodityClassification");
        }
        w.open("cac:ClassifiedTaxCategory", &[]);
        w.leaf("cbc:ID", l.tax.code.as_str());
        if l.tax.code != VatCode::O {
            w.leaf("cbc:Percent", &number(l.tax.rate));
        }
        w.open("cac:TaxScheme", &[]);
        w.leaf("cbc:ID", "VAT");
        w.close("cac:TaxScheme");
        w.close("cac:ClassifiedTaxCategory");
        for (name, value) in &l.attributes {
            w.open("cac:AdditionalItemProperty", &[]);
            w.leaf("cbc:Name", name);
            w.leaf("cbc:Value", value);
            w.close("cac:AdditionalItemProperty");
        }
        w.close("cac:Item");
        w.open("cac:Price", &[]);
        w.leaf_attrs("cbc:PriceAmount", &[("currencyID", cur)], &number(l.price));
        if let Some(b) = l.base_quantity {
            w.leaf_attrs("cbc:BaseQuantity", &[("unitCode", &l.unit)], &number(b));
        }
        if let Some(g) = l.gross_price {
            w.open("cac:AllowanceCharge", &[]);
            w.leaf("cbc:ChargeIndicator", "false");
            w.leaf_attrs("cbc:Amount", &[("currencyID", cur)], &number(g - l.price));
            w.leaf_attrs("cbc:BaseAmount", &[("currencyID", cur)], &number(g));
            w.close("cac:AllowanceCharge");
        }
        w.close("cac:Price");
        w.close(line_el);
    }
    w.close(root);
    w.finish()
}

fn id_leaf(w: &mut XmlWriter, name: &str, id: &super::spec::Id) {
    match &id.scheme {
        Some(s) => w.leaf_attrs(name, &[("schemeID", s)], &id.id),
        None => w.leaf(name, &id.id),
    }
}

fn tax_scheme(w: &mut XmlWriter, company_id: &str, scheme: &str) {
    w.open("cac:PartyTaxScheme", &[]);
    w.leaf("cbc:CompanyID", company_id);
    w.open("cac:TaxScheme", &[]);
    w.leaf("cbc:ID", scheme);
    w.close("cac:TaxScheme");
    w.close("cac:PartyTaxScheme");
}

fn address(w: &mut XmlWriter, name: &str, a: &Address) {
    w.open(name, &[]);
    w.opt("cbc:StreetName", a.street.as_deref());
    w.opt("cbc:AdditionalStreetName", a.additional.as_deref());
    w.opt("cbc:CityName", a.city.as_deref());
    w.opt("cbc:PostalZone", a.postcode.as_deref());
    w.opt("cbc:CountrySubentity", a.subdivision.as_deref());
    w.open("cac:Country", &[]);
    w.leaf("cbc:IdentificationCode", &a.country);
    w.close("cac:Country");
    w.close(name);
}

/// `cac:Party` in the order of the UBL `PartyType`; `sepa` is the creditor id (BT-90), which
/// EN 16931-3-2 binds to a seller identifier with scheme `SEPA`.
fn party(w: &mut XmlWriter, p: &Party, sepa: Option<&str>) {
    w.open("cac:Party", &[]);
    if let Some(e) = &p.endpoint {
        id_leaf(w, "cbc:EndpointID", e);
    }
    for id in &p.ids {
        w.open("cac:PartyIdentification", &[]);
        id_leaf(w, "cbc:ID", id);
        w.close("cac:PartyIdentification");
    }
    if let Some(s) = sepa {
        w.open("cac:PartyIdentification", &[]);
        w.leaf_attrs("cbc:ID", &[("schemeID", "SEPA")], s);
        w.close("cac:PartyIdentification");
    }
    if let Some(t) = &p.trading_name {
        w.open("cac:PartyName", &[]);
        w.leaf("cbc:Name", t);
        w.close("cac:PartyName");
    }
    address(w, "cac:PostalAddress", &p.address);
    if let Some(v) = &p.vat_id {
        tax_scheme(w, v, "VAT");
    }
    if let Some(t) = &p.tax_number {
        tax_scheme(w, t, "FC");
    }
    w.open("cac:PartyLegalEntity", &[]);
    w.leaf("cbc:RegistrationName", &p.name);
    if let Some(l) = &p.legal_id {
        id_leaf(w, "cbc:CompanyID", l);
    }
    w.opt("cbc:CompanyLegalForm", p.legal_info.as_deref());
    w.close("cac:PartyLegalEntity");
    if let Some(c) = &p.contact {
        w.open("cac:Contact", &[]);
        w.opt("cbc:Name", c.name.as_deref());
        w.opt("cbc:Telephone", c.phone.as_deref());
        w.opt("cbc:ElectronicMail", c.email.as_deref());
        w.close("cac:Contact");
    }
    w.close("cac:Party");
}

fn allowance_charge(
    w: &mut XmlWriter,
    charge: bool,
    a: &AllowanceCharge,
    cur: &str,
    document: bool,
) {
    w.open("cac:AllowanceCharge", &[]);
    w.leaf("cbc:ChargeIndicator", if charge { "true" } else { "false" });
    w.opt("cbc:AllowanceChargeReasonCode", a.reason_code.as_deref());
    w.opt("cbc:AllowanceChargeReason", a.reason.as_deref());
    w.opt(
        "cbc:MultiplierFactorNumeric",
        a.percent.map(number).as_deref(),
    );
    w.leaf_attrs("cbc:Amount", &[("currencyID", cur)], &amount(a.amount));
    if let Some(b) = a.base {
        w.leaf_attrs("cbc:BaseAmount", &[("currencyID", cur)], &amount(b));
    }
    if document {
        w.open("cac:TaxCategory", &[]);
        w.leaf("cbc:ID", a.tax.code.as_str());
        if a.tax.code != VatCode::O {
            w.leaf("cbc:Percent", &number(a.tax.rate));
        }
        w.open("cac:TaxScheme", &[]);
        w.leaf("cbc:ID", "VAT");
        w.close("cac:TaxScheme");
        w.close("cac:TaxCategory");
    }
    w.close("cac:AllowanceCharge");
}
