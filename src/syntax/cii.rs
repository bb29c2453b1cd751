//! Reads a UN/CEFACT CII D16B CrossIndustryInvoice into the EN 16931 model,
//! following the CII syntax binding of EN 16931-3-3.
//!
//! Like the UBL reader: one pass over the known structure, linear in the size
//! of the document, no recursion into unknown content. Dates are the
//! `udt:DateTimeString` / `qdt:DateTimeString` / `udt:DateString` elements
//! themselves, so a date term's raw value is the lexical date (format 102,
//! `YYYYMMDD`) and its `format` attribute is at hand.

use crate::model::{string_value, Attr, Bt, Group, Invoice, Line, Node};
use crate::syntax::ubl::{
    AddressTerms, AllowanceChargeTerms, BUYER_ADDRESS, DELIVERY_ADDRESS, DOC_ALLOWANCE, DOC_CHARGE,
    LINE_ALLOWANCE, LINE_CHARGE, SELLER_ADDRESS, TAX_REPRESENTATIVE_ADDRESS,
};
use crate::syntax::{same_ns, Syntax, NS_QDT, NS_RAM, NS_RSM, NS_UDT};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Rsm,
    Ram,
    Dt,
    Other,
}

fn ns(n: Node<'_>) -> Ns {
    // By address first (`same_ns`): the parser stores these URIs as our constants.
    match n.tag_name().namespace() {
        Some(u) if same_ns(u, NS_RAM) => Ns::Ram,
        Some(u) if same_ns(u, NS_RSM) => Ns::Rsm,
        Some(u) if same_ns(u, NS_UDT) || same_ns(u, NS_QDT) => Ns::Dt,
        _ => Ns::Other,
    }
}

/// `ram:` child elements with their local names.
fn ram<'a>(n: Node<'a>) -> impl Iterator<Item = (&'a str, Node<'a>)> {
    n.children()
        .filter(|c| c.is_element() && ns(*c) == Ns::Ram)
        .map(|c| (c.tag_name().name(), c))
}

fn child<'a>(n: Node<'a>, name: &str) -> Option<Node<'a>> {
    ram(n).find(|(local, _)| *local == name).map(|(_, c)| c)
}

/// The date string inside a date-time element (`udt:DateTimeString`, `qdt:DateTimeString`, `udt:DateString`).
fn date_string(n: Node<'_>) -> Option<Node<'_>> {
    n.children()
        .find(|c| c.is_element() && ns(*c) == Ns::Dt && c.tag_name().name().ends_with("String"))
}

fn push_date<'a>(g: &mut Group<'a>, bt: Bt, n: Node<'a>) {
    if let Some(d) = date_string(n) {
        g.push(bt, d);
    }
}

/// `xs:boolean` of `ram:ChargeIndicator/udt:Indicator`.
pub fn charge_indicator(n: Node<'_>) -> Option<bool> {
    let ind = child(n, "ChargeIndicator")?;
    let v = ind
        .children()
        .find(|c| c.is_element() && ns(*c) == Ns::Dt && c.tag_name().name() == "Indicator")?;
    match string_value(v).trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn text_is(n: Option<Node<'_>>, want: &str) -> bool {
    n.is_some_and(|n| string_value(n).trim() == want)
}

/// Reads the model from a CII document.
pub fn read<'a>(doc: &'a crate::xml::Document<'a>) -> Invoice<'a> {
    let root = doc.root_element();
    let mut inv = Invoice::new(Syntax::Cii, root);
    for n in root
        .children()
        .filter(|c| c.is_element() && ns(*c) == Ns::Rsm)
    {
        match n.tag_name().name() {
            "ExchangedDocumentContext" => {
                for (name, c) in ram(n) {
                    let bt = match name {
                        "BusinessProcessSpecifiedDocumentContextParameter" => Bt::Bt23,
                        "GuidelineSpecifiedDocumentContextParameter" => Bt::Bt24,
                        _ => continue,
                    };
                    if let Some(id) = child(c, "ID") {
                        inv.header.push(bt, id);
                    }
                }
            }
            "ExchangedDocument" => {
                for (name, c) in ram(n) {
                    match name {
                        "ID" => inv.header.push(Bt::Bt1, c),
                        "TypeCode" => inv.header.push(Bt::Bt3, c),
                        "IssueDateTime" => push_date(&mut inv.header, Bt::Bt2, c),
                        "IncludedNote" => {
                            let mut g = Group::new(c);
                            for (name, k) in ram(c) {
                                match name {
                                    "Content" => g.push(Bt::Bt22, k),
                                    "SubjectCode" => g.push(Bt::Bt21, k),
                                    _ => {}
                                }
                            }
                            inv.notes.push(g);
                        }
                        _ => {}
                    }
                }
            }
            "SupplyChainTradeTransaction" => transaction(n, &mut inv),
            _ => {}
        }
    }
    inv
}

fn transaction<'a>(n: Node<'a>, inv: &mut Invoice<'a>) {
    for (name, c) in ram(n) {
        match name {
            "IncludedSupplyChainTradeLineItem" => inv.lines.push(line(c)),
            "ApplicableHeaderTradeAgreement" => agreement(c, inv),
            "ApplicableHeaderTradeDelivery" => delivery(c, &mut inv.header),
            "ApplicableHeaderTradeSettlement" => settlement(c, inv),
            _ => {}
        }
    }
}

fn agreement<'a>(n: Node<'a>, inv: &mut Invoice<'a>) {
    for (name, c) in ram(n) {
        let h = &mut inv.header;
        match name {
            "BuyerReference" => h.push(Bt::Bt10, c),
            "SellerTradeParty" => {
                h.push(Bt::Bg4, c);
                party(c, h, &SELLER);
            }
            "BuyerTradeParty" => {
                h.push(Bt::Bg7, c);
                party(c, h, &BUYER);
            }
            "SellerTaxRepresentativeTradeParty" => {
                h.push(Bt::Bg11, c);
                party(c, h, &TAX_REPRESENTATIVE);
            }
            "SellerOrderReferencedDocument" => issuer_id(c, h, Bt::Bt14),
            "BuyerOrderReferencedDocument" => issuer_id(c, h, Bt::Bt13),
            "ContractReferencedDocument" => issuer_id(c, h, Bt::Bt12),
            "SpecifiedProcuringProject" => {
                if let Some(id) = child(c, "ID") {
                    h.push(Bt::Bt11, id);
                }
            }
            "AdditionalReferencedDocument" => {
                let code = child(c, "TypeCode");
                if text_is(code, "130") {
                    if let Some(id) = child(c, "IssuerAssignedID") {
                        h.push(Bt::Bt18, id);
                    }
                    if let Some(scheme) = child(c, "ReferenceTypeCode") {
                        h.push(Bt::Bt18_1, scheme);
                    }
                } else if text_is(code, "50") {
                    issuer_id(c, h, Bt::Bt17);
                } else {
                    inv.documents.push(document(c));
                }
            }
            _ => {}
        }
    }
}

fn issuer_id<'a>(n: Node<'a>, g: &mut Group<'a>, bt: Bt) {
    if let Some(id) = child(n, "IssuerAssignedID") {
        g.push(bt, id);
    }
}

fn document(n: Node<'_>) -> Group<'_> {
    let mut g = Group::new(n);
    for (name, c) in ram(n) {
        match name {
            "IssuerAssignedID" => g.push(Bt::Bt122, c),
            "URIID" => g.push(Bt::Bt124, c),
            "Name" => g.push(Bt::Bt123, c),
            "AttachmentBinaryObject" => {
                g.push(Bt::Bt125, c);
                g.push_attr(Bt::Bt125_1, c, Attr::MimeCode);
                g.push_attr(Bt::Bt125_2, c, Attr::Filename);
            }
            _ => {}
        }
    }
    g
}

/// The terms of one party role in CII.
struct PartyTerms {
    identifier: Option<(Bt, Bt)>,
    name: Bt,
    legal_info: Option<Bt>,
    legal_id: Option<(Bt, Bt)>,
    trading_name: Option<Bt>,
    contact: Option<(Bt, Bt, Bt, Bt)>,
    address: Option<&'static AddressTerms>,
    endpoint: Option<(Bt, Bt)>,
    vat_id: Option<Bt>,
    tax_registration: Option<Bt>,
}

static SELLER: PartyTerms = PartyTerms {
    identifier: Some((Bt::Bt29, Bt::Bt29_1)),
    name: Bt::Bt27,
    legal_info: Some(Bt::Bt33),
    legal_id: Some((Bt::Bt30, Bt::Bt30_1)),
    trading_name: Some(Bt::Bt28),
    contact: Some((Bt::Bg6, Bt::Bt41, Bt::Bt42, Bt::Bt43)),
    address: Some(&SELLER_ADDRESS),
    endpoint: Some((Bt::Bt34, Bt::Bt34_1)),
    vat_id: Some(Bt::Bt31),
    tax_registration: Some(Bt::Bt32),
};
static BUYER: PartyTerms = PartyTerms {
    identifier: Some((Bt::Bt46, Bt::Bt46_1)),
    name: Bt::Bt44,
    legal_info: None,
    legal_id: Some((Bt::Bt47, Bt::Bt47_1)),
    trading_name: Some(Bt::Bt45),
    contact: Some((Bt::Bg9, Bt::Bt56, Bt::Bt57, Bt::Bt58)),
    address: Some(&BUYER_ADDRESS),
    endpoint: Some((Bt::Bt49, Bt::Bt49_1)),
    vat_id: Some(Bt::Bt48),
    tax_registration: None,
};
static PAYEE: PartyTerms = PartyTerms {
    identifier: Some((Bt::Bt60, Bt::Bt60_1)),
    name: Bt::Bt59,
    legal_info: None,
    legal_id: Some((Bt::Bt61, Bt::Bt61_1)),
    trading_name: None,
    contact: None,
    address: None,
    endpoint: None,
    vat_id: None,
    tax_registration: None,
};
static TAX_REPRESENTATIVE: PartyTerms = PartyTerms {
    identifier: None,
    name: Bt::Bt62,
    legal_info: None,
    legal_id: None,
    trading_name: None,
    contact: None,
    address: Some(&TAX_REPRESENTATIVE_ADDRESS),
    endpoint: None,
    vat_id: Some(Bt::Bt63),
    tax_registration: None,
};

fn party<'a>(p: Node<'a>, h: &mut Group<'a>, t: &PartyTerms) {
    for (name, c) in ram(p) {
        match name {
            "ID" | "GlobalID" => {
                if let Some((bt, scheme)) = t.identifier {
                    h.push(bt, c);
                    h.push_attr(scheme, c, Attr::SchemeId);
                }
            }
            "Name" => h.push(t.name, c),
            "Description" => {
                if let Some(bt) = t.legal_info {
                    h.push(bt, c);
                }
            }
            "SpecifiedLegalOrganization" => {
                for (name, l) in ram(c) {
                    match (name, t.legal_id, t.trading_name) {
                        ("ID", Some((bt, scheme)), _) => {
                            h.push(bt, l);
                            h.push_attr(scheme, l, Attr::SchemeId);
                        }
                        ("TradingBusinessName", _, Some(bt)) => h.push(bt, l),
                        _ => {}
                    }
                }
            }
            "DefinedTradeContact" => {
                if let Some((bg, person, phone, mail)) = t.contact {
                    h.push(bg, c);
                    for (name, k) in ram(c) {
                        match name {
                            "PersonName" | "DepartmentName" => h.push(person, k),
                            "TelephoneUniversalCommunication" => {
                                if let Some(n) = child(k, "CompleteNumber") {
                                    h.push(phone, n);
                                }
                            }
                            "EmailURIUniversalCommunication" => {
                                if let Some(n) = child(k, "URIID") {
                                    h.push(mail, n);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            "PostalTradeAddress" => {
                if let Some(a) = t.address {
                    address(c, h, a);
                }
            }
            "URIUniversalCommunication" => {
                if let (Some((bt, scheme)), Some(id)) = (t.endpoint, child(c, "URIID")) {
                    h.push(bt, id);
                    h.push_attr(scheme, id, Attr::SchemeId);
                }
            }
            "SpecifiedTaxRegistration" => {
                let Some(id) = child(c, "ID") else { continue };
                let bt = match id.attribute("schemeID").map(str::trim) {
                    Some("VA") => t.vat_id,
                    Some("FC") => t.tax_registration,
                    _ => None,
                };
                if let Some(bt) = bt {
                    h.push(bt, id);
                }
            }
            _ => {}
        }
    }
}

fn address<'a>(n: Node<'a>, h: &mut Group<'a>, a: &AddressTerms) {
    h.push(a.group, n);
    for (name, c) in ram(n) {
        let bt = match name {
            "PostcodeCode" => a.post_code,
            "LineOne" => a.line1,
            "LineTwo" => a.line2,
            "LineThree" => a.line3,
            "CityName" => a.city,
            "CountryID" => a.country,
            "CountrySubDivisionName" => a.subdivision,
            _ => continue,
        };
        h.push(bt, c);
    }
}

fn delivery<'a>(n: Node<'a>, h: &mut Group<'a>) {
    h.push(Bt::Bg13, n);
    for (name, c) in ram(n) {
        match name {
            "ShipToTradeParty" => {
                for (name, k) in ram(c) {
                    match name {
                        "ID" | "GlobalID" => {
                            h.push(Bt::Bt71, k);
                            h.push_attr(Bt::Bt71_1, k, Attr::SchemeId);
                        }
                        "Name" => h.push(Bt::Bt70, k),
                        "PostalTradeAddress" => address(k, h, &DELIVERY_ADDRESS),
                        _ => {}
                    }
                }
            }
            "ActualDeliverySupplyChainEvent" => {
                if let Some(o) = child(c, "OccurrenceDateTime") {
                    push_date(h, Bt::Bt72, o);
                }
            }
            "DespatchAdviceReferencedDocument" => issuer_id(c, h, Bt::Bt16),
            "ReceivingAdviceReferencedDocument" => issuer_id(c, h, Bt::Bt15),
            _ => {}
        }
    }
}

fn settlement<'a>(n: Node<'a>, inv: &mut Invoice<'a>) {
    let mut tax_totals = Vec::new();
    for (name, c) in ram(n) {
        let h = &mut inv.header;
        match name {
            "CreditorReferenceID" => h.push(Bt::Bt90, c),
            "PaymentReference" => h.push(Bt::Bt83, c),
            "TaxCurrencyCode" => h.push(Bt::Bt6, c),
            "InvoiceCurrencyCode" => h.push(Bt::Bt5, c),
            "PayeeTradeParty" => {
                h.push(Bt::Bg10, c);
                party(c, h, &PAYEE);
            }
            "SpecifiedTradeSettlementPaymentMeans" => inv.payments.push(payment_means(c)),
            "ApplicableTradeTax" => inv.vat.push(trade_tax(c, h)),
            "BillingSpecifiedPeriod" => period(c, h, Bt::Bg14, Bt::Bt73, Bt::Bt74),
            "SpecifiedTradeAllowanceCharge" => match charge_indicator(c) {
                Some(false) => inv.allowances.push(allowance_charge(c, &DOC_ALLOWANCE)),
                Some(true) => inv.charges.push(allowance_charge(c, &DOC_CHARGE)),
                None => {}
            },
            "SpecifiedTradePaymentTerms" => {
                for (name, k) in ram(c) {
                    match name {
                        "Description" => h.push(Bt::Bt20, k),
                        "DueDateDateTime" => push_date(h, Bt::Bt9, k),
                        "DirectDebitMandateID" => h.push(Bt::Bt89, k),
                        _ => {}
                    }
                }
            }
            "SpecifiedTradeSettlementHeaderMonetarySummation" => {
                h.push(Bt::Bg22, c);
                for (name, k) in ram(c) {
                    let bt = match name {
                        "LineTotalAmount" => Bt::Bt106,
                        "ChargeTotalAmount" => Bt::Bt108,
                        "AllowanceTotalAmount" => Bt::Bt107,
                        "TaxBasisTotalAmount" => Bt::Bt109,
                        "TaxTotalAmount" => {
                            tax_totals.push(k);
                            continue;
                        }
                        "RoundingAmount" => Bt::Bt114,
                        "GrandTotalAmount" => Bt::Bt112,
                        "TotalPrepaidAmount" => Bt::Bt113,
                        "DuePayableAmount" => Bt::Bt115,
                        _ => continue,
                    };
                    h.push(bt, k);
                }
            }
            "InvoiceReferencedDocument" => {
                let mut g = Group::new(c);
                for (name, k) in ram(c) {
                    match name {
                        "IssuerAssignedID" => g.push(Bt::Bt25, k),
                        "FormattedIssueDateTime" => push_date(&mut g, Bt::Bt26, k),
                        _ => {}
                    }
                }
                inv.preceding.push(g);
            }
            "ReceivableSpecifiedTradeAccountingAccount" => {
                if let Some(id) = child(c, "ID") {
                    h.push(Bt::Bt19, id);
                }
            }
            _ => {}
        }
    }
    // BT-110 / BT-111 are told apart by currency: the amount in the VAT
    // accounting currency (BT-6), when it differs from the invoice currency, is BT-111.
    let tax_currency = inv.header.text(Bt::Bt6);
    let doc_currency = inv.header.text(Bt::Bt5);
    for k in tax_totals {
        let cur = k.attribute("currencyID").unwrap_or("");
        let in_tax_currency =
            !tax_currency.is_empty() && cur == tax_currency && cur != doc_currency;
        let bt = if in_tax_currency {
            Bt::Bt111
        } else {
            Bt::Bt110
        };
        inv.header.push(bt, k);
    }
}

fn period<'a>(n: Node<'a>, g: &mut Group<'a>, bg: Bt, start: Bt, end: Bt) {
    g.push(bg, n);
    for (name, c) in ram(n) {
        match name {
            "StartDateTime" => push_date(g, start, c),
            "EndDateTime" => push_date(g, end, c),
            _ => {}
        }
    }
}

fn payment_means(n: Node<'_>) -> Group<'_> {
    let mut g = Group::new(n);
    for (name, c) in ram(n) {
        match name {
            "TypeCode" => g.push(Bt::Bt81, c),
            "Information" => g.push(Bt::Bt82, c),
            "ApplicableTradeSettlementFinancialCard" => {
                g.push(Bt::Bg18, c);
                for (name, k) in ram(c) {
                    match name {
                        "ID" => g.push(Bt::Bt87, k),
                        "CardholderName" => g.push(Bt::Bt88, k),
                        _ => {}
                    }
                }
            }
            "PayerPartyDebtorFinancialAccount" => {
                g.push(Bt::Bg19, c);
                if let Some(iban) = child(c, "IBANID") {
                    g.push(Bt::Bt91, iban);
                }
            }
            "PayeePartyCreditorFinancialAccount" => {
                g.push(Bt::Bg17, c);
                for (name, k) in ram(c) {
                    match name {
                        "IBANID" | "ProprietaryID" => g.push(Bt::Bt84, k),
                        "AccountName" => g.push(Bt::Bt85, k),
                        _ => {}
                    }
                }
            }
            "PayeeSpecifiedCreditorFinancialInstitution" => {
                if let Some(bic) = child(c, "BICID") {
                    g.push(Bt::Bt86, bic);
                }
            }
            _ => {}
        }
    }
    g
}

/// One `ram:ApplicableTradeTax` of the settlement (BG-23). The VAT point date
/// (BT-7) and its code (BT-8) live here in CII; they are document-level terms.
fn trade_tax<'a>(n: Node<'a>, h: &mut Group<'a>) -> Group<'a> {
    let mut g = Group::new(n);
    for (name, c) in ram(n) {
        match name {
            "CalculatedAmount" => g.push(Bt::Bt117, c),
            "ExemptionReason" => g.push(Bt::Bt120, c),
            "BasisAmount" => g.push(Bt::Bt116, c),
            "CategoryCode" => g.push(Bt::Bt118, c),
            "ExemptionReasonCode" => g.push(Bt::Bt121, c),
            "TaxPointDate" => push_date(h, Bt::Bt7, c),
            "DueDateTypeCode" => h.push(Bt::Bt8, c),
            "RateApplicablePercent" => g.push(Bt::Bt119, c),
            _ => {}
        }
    }
    g
}

fn allowance_charge<'a>(n: Node<'a>, t: &AllowanceChargeTerms) -> Group<'a> {
    let mut g = Group::new(n);
    for (name, c) in ram(n) {
        match name {
            "ActualAmount" => g.push(t.amount, c),
            "BasisAmount" => g.push(t.base, c),
            "CalculationPercent" => g.push(t.percent, c),
            "Reason" => g.push(t.reason, c),
            "ReasonCode" => g.push(t.reason_code, c),
            "CategoryTradeTax" => {
                if let Some((code, rate)) = t.category {
                    for (name, k) in ram(c) {
                        match name {
                            "CategoryCode" => g.push(code, k),
                            "RateApplicablePercent" => g.push(rate, k),
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    g
}

fn line(n: Node<'_>) -> Line<'_> {
    let mut line = Line::new(n);
    for (name, c) in ram(n) {
        match name {
            "AssociatedDocumentLineDocument" => {
                for (name, k) in ram(c) {
                    match name {
                        "LineID" => line.terms.push(Bt::Bt126, k),
                        "IncludedNote" => {
                            if let Some(content) = child(k, "Content") {
                                line.terms.push(Bt::Bt127, content);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "SpecifiedTradeProduct" => product(c, &mut line),
            "SpecifiedLineTradeAgreement" => line_agreement(c, &mut line.terms),
            "SpecifiedLineTradeDelivery" => {
                if let Some(q) = child(c, "BilledQuantity") {
                    line.terms.push(Bt::Bt129, q);
                    line.terms.push_attr(Bt::Bt130, q, Attr::UnitCode);
                }
            }
            "SpecifiedLineTradeSettlement" => line_settlement(c, &mut line),
            _ => {}
        }
    }
    line
}

fn product<'a>(n: Node<'a>, line: &mut Line<'a>) {
    let g = &mut line.terms;
    g.push(Bt::Bg31, n);
    for (name, c) in ram(n) {
        match name {
            "GlobalID" => {
                g.push(Bt::Bt157, c);
                g.push_attr(Bt::Bt157_1, c, Attr::SchemeId);
            }
            "SellerAssignedID" => g.push(Bt::Bt155, c),
            "BuyerAssignedID" => g.push(Bt::Bt156, c),
            "Name" => g.push(Bt::Bt153, c),
            "Description" => g.push(Bt::Bt154, c),
            "ApplicableProductCharacteristic" => {
                let mut a = Group::new(c);
                for (name, k) in ram(c) {
                    match name {
                        "Description" => a.push(Bt::Bt160, k),
                        "Value" => a.push(Bt::Bt161, k),
                        _ => {}
                    }
                }
                line.attributes.push(a);
            }
            "DesignatedProductClassification" => {
                if let Some(code) = child(c, "ClassCode") {
                    g.push(Bt::Bt158, code);
                    g.push_attr(Bt::Bt158_1, code, Attr::ListId);
                    g.push_attr(Bt::Bt158_2, code, Attr::ListVersionId);
                }
            }
            "OriginTradeCountry" => {
                if let Some(id) = child(c, "ID") {
                    g.push(Bt::Bt159, id);
                }
            }
            _ => {}
        }
    }
}

fn line_agreement<'a>(n: Node<'a>, g: &mut Group<'a>) {
    for (name, c) in ram(n) {
        match name {
            "BuyerOrderReferencedDocument" => {
                if let Some(id) = child(c, "LineID") {
                    g.push(Bt::Bt132, id);
                }
            }
            "GrossPriceProductTradePrice" => {
                for (name, k) in ram(c) {
                    match name {
                        "ChargeAmount" => g.push(Bt::Bt148, k),
                        "AppliedTradeAllowanceCharge" => {
                            if let Some(a) = child(k, "ActualAmount") {
                                g.push(Bt::Bt147, a);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "NetPriceProductTradePrice" => {
                g.push(Bt::Bg29, c);
                for (name, k) in ram(c) {
                    match name {
                        "ChargeAmount" => g.push(Bt::Bt146, k),
                        "BasisQuantity" => {
                            g.push(Bt::Bt149, k);
                            g.push_attr(Bt::Bt150, k, Attr::UnitCode);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn line_settlement<'a>(n: Node<'a>, line: &mut Line<'a>) {
    for (name, c) in ram(n) {
        let g = &mut line.terms;
        match name {
            "ApplicableTradeTax" => {
                g.push(Bt::Bg30, c);
                for (name, k) in ram(c) {
                    match name {
                        "CategoryCode" => g.push(Bt::Bt151, k),
                        "RateApplicablePercent" => g.push(Bt::Bt152, k),
                        _ => {}
                    }
                }
            }
            "BillingSpecifiedPeriod" => period(c, g, Bt::Bg26, Bt::Bt134, Bt::Bt135),
            "SpecifiedTradeAllowanceCharge" => match charge_indicator(c) {
                Some(false) => line.allowances.push(allowance_charge(c, &LINE_ALLOWANCE)),
                Some(true) => line.charges.push(allowance_charge(c, &LINE_CHARGE)),
                None => {}
            },
            "SpecifiedTradeSettlementLineMonetarySummation" => {
                if let Some(a) = child(c, "LineTotalAmount") {
                    g.push(Bt::Bt131, a);
                }
            }
            "AdditionalReferencedDocument" => {
                if let Some(id) = child(c, "IssuerAssignedID") {
                    g.push(Bt::Bt128, id);
                }
                if let Some(scheme) = child(c, "ReferenceTypeCode") {
                    g.push(Bt::Bt128_1, scheme);
                }
            }
            "ReceivableSpecifiedTradeAccountingAccount" => {
                if let Some(id) = child(c, "ID") {
                    g.push(Bt::Bt133, id);
                }
            }
            _ => {}
        }
    }
}
