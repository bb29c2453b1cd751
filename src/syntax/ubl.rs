//! Reads a UBL 2.1 Invoice or CreditNote into the EN 16931 model, following
//! the UBL syntax binding of EN 16931-3-2.
//!
//! One pass over the known structure: each element is looked at once, and
//! only the paths the binding names are followed, so the reader is linear in
//! the size of the document and never recurses into unknown content.
//! Where the binding depends on a value (VAT vs other tax schemes, SEPA
//! creditor ids, `ChargeIndicator`, document type code 130), the value decides
//! the term, as the binding says.

use crate::model::{Attr, Bt, Group, Invoice, Line, Node};
use crate::syntax::{same_ns, Syntax, NS_CAC, NS_CBC};

/// Namespace of a UBL element, as far as the binding cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Cbc,
    Cac,
    Other,
}

fn ns(n: Node<'_>) -> Ns {
    // By address first (`same_ns`): the parser stores these URIs as our constants.
    match n.tag_name().namespace() {
        Some(u) if same_ns(u, NS_CBC) => Ns::Cbc,
        Some(u) if same_ns(u, NS_CAC) => Ns::Cac,
        _ => Ns::Other,
    }
}

/// Child elements with their binding namespace and local name.
fn kids<'a>(n: Node<'a>) -> impl Iterator<Item = (Ns, &'a str, Node<'a>)> {
    n.children()
        .filter(|c| c.is_element())
        .map(|c| (ns(c), c.tag_name().name(), c))
}

/// The first child `cbc:name` / `cac:name`.
fn child<'a>(n: Node<'a>, want: Ns, name: &str) -> Option<Node<'a>> {
    kids(n)
        .find(|(ns, local, _)| *ns == want && *local == name)
        .map(|(_, _, c)| c)
}

/// `normalize-space(cac:TaxScheme/cbc:ID)` upper-cased equals `VAT`.
fn is_vat_scheme(n: Node<'_>) -> bool {
    child(n, Ns::Cac, "TaxScheme")
        .and_then(|s| child(s, Ns::Cbc, "ID"))
        .is_some_and(|id| {
            crate::rules::xpath::normalize_space(&crate::model::string_value(id))
                .eq_ignore_ascii_case("VAT")
        })
}

/// `xs:boolean` of `cbc:ChargeIndicator`: `Some(true)` for a charge, `Some(false)`
/// for an allowance, `None` when missing or not a boolean.
pub fn charge_indicator(n: Node<'_>) -> Option<bool> {
    let ind = child(n, Ns::Cbc, "ChargeIndicator")?;
    match crate::model::string_value(ind).trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Reads the model from a UBL document.
pub fn read<'a>(doc: &'a crate::xml::Document<'a>, syntax: Syntax) -> Invoice<'a> {
    let root = doc.root_element();
    let mut inv = Invoice::new(syntax, root);
    let mut tax_totals = Vec::new();
    for (ns, name, n) in kids(root) {
        let h = &mut inv.header;
        match (ns, name) {
            (Ns::Cbc, "CustomizationID") => h.push(Bt::Bt24, n),
            (Ns::Cbc, "ProfileID") => h.push(Bt::Bt23, n),
            (Ns::Cbc, "ID") => h.push(Bt::Bt1, n),
            (Ns::Cbc, "IssueDate") => h.push(Bt::Bt2, n),
            (Ns::Cbc, "DueDate") => h.push(Bt::Bt9, n),
            (Ns::Cbc, "InvoiceTypeCode" | "CreditNoteTypeCode") => h.push(Bt::Bt3, n),
            (Ns::Cbc, "Note") => {
                let mut g = Group::new(n);
                g.push(Bt::Bt22, n);
                inv.notes.push(g);
            }
            (Ns::Cbc, "TaxPointDate") => h.push(Bt::Bt7, n),
            (Ns::Cbc, "DocumentCurrencyCode") => h.push(Bt::Bt5, n),
            (Ns::Cbc, "TaxCurrencyCode") => h.push(Bt::Bt6, n),
            (Ns::Cbc, "AccountingCost") => h.push(Bt::Bt19, n),
            (Ns::Cbc, "BuyerReference") => h.push(Bt::Bt10, n),
            (Ns::Cac, "InvoicePeriod") => period(n, h, Bt::Bg14, Bt::Bt73, Bt::Bt74, true),
            (Ns::Cac, "OrderReference") => {
                for (ns, name, c) in kids(n) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => h.push(Bt::Bt13, c),
                        (Ns::Cbc, "SalesOrderID") => h.push(Bt::Bt14, c),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "BillingReference") => {
                let mut g = Group::new(n);
                if let Some(r) = child(n, Ns::Cac, "InvoiceDocumentReference") {
                    for (ns, name, c) in kids(r) {
                        match (ns, name) {
                            (Ns::Cbc, "ID") => g.push(Bt::Bt25, c),
                            (Ns::Cbc, "IssueDate") => g.push(Bt::Bt26, c),
                            _ => {}
                        }
                    }
                }
                inv.preceding.push(g);
            }
            (Ns::Cac, "DespatchDocumentReference") => id_of(n, h, Bt::Bt16),
            (Ns::Cac, "ReceiptDocumentReference") => id_of(n, h, Bt::Bt15),
            (Ns::Cac, "OriginatorDocumentReference") => id_of(n, h, Bt::Bt17),
            (Ns::Cac, "ContractDocumentReference") => id_of(n, h, Bt::Bt12),
            (Ns::Cac, "ProjectReference") => id_of(n, h, Bt::Bt11),
            (Ns::Cac, "AdditionalDocumentReference") => {
                let type_code = child(n, Ns::Cbc, "DocumentTypeCode")
                    .map(|c| crate::model::string_value(c).trim() == "130")
                    .unwrap_or(false);
                if type_code {
                    if let Some(id) = child(n, Ns::Cbc, "ID") {
                        h.push(Bt::Bt18, id);
                        h.push_attr(Bt::Bt18_1, id, Attr::SchemeId);
                    }
                } else {
                    inv.documents.push(document(n));
                }
            }
            (Ns::Cac, "AccountingSupplierParty") => {
                if let Some(p) = child(n, Ns::Cac, "Party") {
                    h.push(Bt::Bg4, p);
                    party(p, h, &SELLER);
                }
            }
            (Ns::Cac, "AccountingCustomerParty") => {
                if let Some(p) = child(n, Ns::Cac, "Party") {
                    h.push(Bt::Bg7, p);
                    party(p, h, &BUYER);
                }
            }
            (Ns::Cac, "PayeeParty") => {
                h.push(Bt::Bg10, n);
                party(n, h, &PAYEE);
            }
            (Ns::Cac, "TaxRepresentativeParty") => {
                h.push(Bt::Bg11, n);
                party(n, h, &TAX_REPRESENTATIVE);
            }
            (Ns::Cac, "Delivery") => delivery(n, h),
            (Ns::Cac, "PaymentMeans") => {
                let g = payment_means(n, h);
                inv.payments.push(g);
            }
            (Ns::Cac, "PaymentTerms") => {
                for c in kids(n).filter(|(ns, name, _)| *ns == Ns::Cbc && *name == "Note") {
                    h.push(Bt::Bt20, c.2);
                }
            }
            (Ns::Cac, "AllowanceCharge") => match charge_indicator(n) {
                Some(false) => inv.allowances.push(allowance_charge(n, &DOC_ALLOWANCE)),
                Some(true) => inv.charges.push(allowance_charge(n, &DOC_CHARGE)),
                None => {}
            },
            (Ns::Cac, "TaxTotal") => tax_totals.push(n),
            (Ns::Cac, "LegalMonetaryTotal") => {
                h.push(Bt::Bg22, n);
                for (ns, name, c) in kids(n) {
                    let bt = match (ns, name) {
                        (Ns::Cbc, "LineExtensionAmount") => Bt::Bt106,
                        (Ns::Cbc, "AllowanceTotalAmount") => Bt::Bt107,
                        (Ns::Cbc, "ChargeTotalAmount") => Bt::Bt108,
                        (Ns::Cbc, "TaxExclusiveAmount") => Bt::Bt109,
                        (Ns::Cbc, "TaxInclusiveAmount") => Bt::Bt112,
                        (Ns::Cbc, "PrepaidAmount") => Bt::Bt113,
                        (Ns::Cbc, "PayableRoundingAmount") => Bt::Bt114,
                        (Ns::Cbc, "PayableAmount") => Bt::Bt115,
                        _ => continue,
                    };
                    h.push(bt, c);
                }
            }
            (Ns::Cac, "InvoiceLine" | "CreditNoteLine") => inv.lines.push(line(n)),
            _ => {}
        }
    }
    // BT-110 / BT-111 are told apart by currency, so the tax totals are read
    // once the currencies (BT-5, BT-6) are known.
    let tax_currency = inv.header.text(Bt::Bt6);
    let doc_currency = inv.header.text(Bt::Bt5);
    for t in tax_totals {
        for (ns, name, c) in kids(t) {
            match (ns, name) {
                (Ns::Cbc, "TaxAmount") => {
                    let cur = c.attribute("currencyID").unwrap_or("");
                    let in_tax_currency =
                        !tax_currency.is_empty() && cur == tax_currency && cur != doc_currency;
                    let bt = if in_tax_currency {
                        Bt::Bt111
                    } else {
                        Bt::Bt110
                    };
                    inv.header.push(bt, c);
                }
                (Ns::Cac, "TaxSubtotal") => inv.vat.push(tax_subtotal(c)),
                _ => {}
            }
        }
    }
    inv
}

fn id_of<'a>(n: Node<'a>, g: &mut Group<'a>, bt: Bt) {
    if let Some(id) = child(n, Ns::Cbc, "ID") {
        g.push(bt, id);
    }
}

/// An invoicing period (BG-14 or BG-26); `with_code` also reads BT-8.
fn period<'a>(n: Node<'a>, g: &mut Group<'a>, bg: Bt, start: Bt, end: Bt, with_code: bool) {
    g.push(bg, n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "StartDate") => g.push(start, c),
            (Ns::Cbc, "EndDate") => g.push(end, c),
            (Ns::Cbc, "DescriptionCode") if with_code => g.push(Bt::Bt8, c),
            _ => {}
        }
    }
}

fn document(n: Node<'_>) -> Group<'_> {
    let mut g = Group::new(n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "ID") => g.push(Bt::Bt122, c),
            (Ns::Cbc, "DocumentDescription") => g.push(Bt::Bt123, c),
            (Ns::Cac, "Attachment") => {
                for (ns, name, a) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "EmbeddedDocumentBinaryObject") => {
                            g.push(Bt::Bt125, a);
                            g.push_attr(Bt::Bt125_1, a, Attr::MimeCode);
                            g.push_attr(Bt::Bt125_2, a, Attr::Filename);
                        }
                        (Ns::Cac, "ExternalReference") => {
                            if let Some(uri) = child(a, Ns::Cbc, "URI") {
                                g.push(Bt::Bt124, uri);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    g
}

/// The terms of one party role; `None` where the role has no such term.
struct PartyTerms {
    endpoint: Option<(Bt, Bt)>,
    identifier: Option<(Bt, Bt)>,
    trading_name: Option<Bt>,
    vat_id: Option<Bt>,
    tax_registration: Option<Bt>,
    legal_name: Option<Bt>,
    legal_id: Option<(Bt, Bt)>,
    legal_info: Option<Bt>,
    address: Option<&'static AddressTerms>,
    contact: Option<(Bt, Bt, Bt, Bt)>,
}

/// BG-5 / BG-8 / BG-12 / BG-15: group, lines 1–3, city, post code, subdivision, country.
pub(crate) struct AddressTerms {
    pub group: Bt,
    pub line1: Bt,
    pub line2: Bt,
    pub line3: Bt,
    pub city: Bt,
    pub post_code: Bt,
    pub subdivision: Bt,
    pub country: Bt,
}

pub(crate) static SELLER_ADDRESS: AddressTerms = AddressTerms {
    group: Bt::Bg5,
    line1: Bt::Bt35,
    line2: Bt::Bt36,
    line3: Bt::Bt162,
    city: Bt::Bt37,
    post_code: Bt::Bt38,
    subdivision: Bt::Bt39,
    country: Bt::Bt40,
};
pub(crate) static BUYER_ADDRESS: AddressTerms = AddressTerms {
    group: Bt::Bg8,
    line1: Bt::Bt50,
    line2: Bt::Bt51,
    line3: Bt::Bt163,
    city: Bt::Bt52,
    post_code: Bt::Bt53,
    subdivision: Bt::Bt54,
    country: Bt::Bt55,
};
pub(crate) static TAX_REPRESENTATIVE_ADDRESS: AddressTerms = AddressTerms {
    group: Bt::Bg12,
    line1: Bt::Bt64,
    line2: Bt::Bt65,
    line3: Bt::Bt164,
    city: Bt::Bt66,
    post_code: Bt::Bt67,
    subdivision: Bt::Bt68,
    country: Bt::Bt69,
};
pub(crate) static DELIVERY_ADDRESS: AddressTerms = AddressTerms {
    group: Bt::Bg15,
    line1: Bt::Bt75,
    line2: Bt::Bt76,
    line3: Bt::Bt165,
    city: Bt::Bt77,
    post_code: Bt::Bt78,
    subdivision: Bt::Bt79,
    country: Bt::Bt80,
};

static SELLER: PartyTerms = PartyTerms {
    endpoint: Some((Bt::Bt34, Bt::Bt34_1)),
    identifier: Some((Bt::Bt29, Bt::Bt29_1)),
    trading_name: Some(Bt::Bt28),
    vat_id: Some(Bt::Bt31),
    tax_registration: Some(Bt::Bt32),
    legal_name: Some(Bt::Bt27),
    legal_id: Some((Bt::Bt30, Bt::Bt30_1)),
    legal_info: Some(Bt::Bt33),
    address: Some(&SELLER_ADDRESS),
    contact: Some((Bt::Bg6, Bt::Bt41, Bt::Bt42, Bt::Bt43)),
};
static BUYER: PartyTerms = PartyTerms {
    endpoint: Some((Bt::Bt49, Bt::Bt49_1)),
    identifier: Some((Bt::Bt46, Bt::Bt46_1)),
    trading_name: Some(Bt::Bt45),
    vat_id: Some(Bt::Bt48),
    tax_registration: None,
    legal_name: Some(Bt::Bt44),
    legal_id: Some((Bt::Bt47, Bt::Bt47_1)),
    legal_info: None,
    address: Some(&BUYER_ADDRESS),
    contact: Some((Bt::Bg9, Bt::Bt56, Bt::Bt57, Bt::Bt58)),
};
static PAYEE: PartyTerms = PartyTerms {
    endpoint: None,
    identifier: Some((Bt::Bt60, Bt::Bt60_1)),
    trading_name: Some(Bt::Bt59),
    vat_id: None,
    tax_registration: None,
    legal_name: None,
    legal_id: Some((Bt::Bt61, Bt::Bt61_1)),
    legal_info: None,
    address: None,
    contact: None,
};
static TAX_REPRESENTATIVE: PartyTerms = PartyTerms {
    endpoint: None,
    identifier: None,
    trading_name: Some(Bt::Bt62),
    vat_id: Some(Bt::Bt63),
    tax_registration: None,
    legal_name: None,
    legal_id: None,
    legal_info: None,
    address: Some(&TAX_REPRESENTATIVE_ADDRESS),
    contact: None,
};

/// A `cac:Party` (or `cac:PayeeParty`, `cac:TaxRepresentativeParty`). The payee's
/// and tax representative's name are `cac:PartyName/cbc:Name`, which the table
/// gives as the trading-name slot.
fn party<'a>(p: Node<'a>, h: &mut Group<'a>, t: &PartyTerms) {
    for (ns, name, c) in kids(p) {
        match (ns, name) {
            (Ns::Cbc, "EndpointID") => {
                if let Some((bt, scheme)) = t.endpoint {
                    h.push(bt, c);
                    h.push_attr(scheme, c, Attr::SchemeId);
                }
            }
            (Ns::Cac, "PartyIdentification") => {
                let Some(id) = child(c, Ns::Cbc, "ID") else {
                    continue;
                };
                if id.attribute("schemeID") == Some("SEPA") {
                    // The bank assigned creditor identifier (BT-90) is bound to a
                    // seller or payee party identification with scheme SEPA.
                    h.push(Bt::Bt90, id);
                } else if let Some((bt, scheme)) = t.identifier {
                    h.push(bt, id);
                    h.push_attr(scheme, id, Attr::SchemeId);
                }
            }
            (Ns::Cac, "PartyName") => {
                if let (Some(bt), Some(n)) = (t.trading_name, child(c, Ns::Cbc, "Name")) {
                    h.push(bt, n);
                }
            }
            (Ns::Cac, "PostalAddress") => {
                if let Some(a) = t.address {
                    address(c, h, a);
                }
            }
            (Ns::Cac, "PartyTaxScheme") => {
                let Some(id) = child(c, Ns::Cbc, "CompanyID") else {
                    continue;
                };
                let bt = if is_vat_scheme(c) {
                    t.vat_id
                } else {
                    t.tax_registration
                };
                if let Some(bt) = bt {
                    h.push(bt, id);
                }
            }
            (Ns::Cac, "PartyLegalEntity") => {
                for (ns, name, l) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "RegistrationName") => {
                            if let Some(bt) = t.legal_name {
                                h.push(bt, l);
                            }
                        }
                        (Ns::Cbc, "CompanyID") => {
                            if let Some((bt, scheme)) = t.legal_id {
                                h.push(bt, l);
                                h.push_attr(scheme, l, Attr::SchemeId);
                            }
                        }
                        (Ns::Cbc, "CompanyLegalForm") => {
                            if let Some(bt) = t.legal_info {
                                h.push(bt, l);
                            }
                        }
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "Contact") => {
                if let Some((bg, person, phone, mail)) = t.contact {
                    h.push(bg, c);
                    for (ns, name, k) in kids(c) {
                        match (ns, name) {
                            (Ns::Cbc, "Name") => h.push(person, k),
                            (Ns::Cbc, "Telephone") => h.push(phone, k),
                            (Ns::Cbc, "ElectronicMail") => h.push(mail, k),
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn address<'a>(n: Node<'a>, h: &mut Group<'a>, a: &AddressTerms) {
    h.push(a.group, n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "StreetName") => h.push(a.line1, c),
            (Ns::Cbc, "AdditionalStreetName") => h.push(a.line2, c),
            (Ns::Cbc, "CityName") => h.push(a.city, c),
            (Ns::Cbc, "PostalZone") => h.push(a.post_code, c),
            (Ns::Cbc, "CountrySubentity") => h.push(a.subdivision, c),
            (Ns::Cac, "AddressLine") => {
                if let Some(l) = child(c, Ns::Cbc, "Line") {
                    h.push(a.line3, l);
                }
            }
            (Ns::Cac, "Country") => {
                if let Some(code) = child(c, Ns::Cbc, "IdentificationCode") {
                    h.push(a.country, code);
                }
            }
            _ => {}
        }
    }
}

fn delivery<'a>(n: Node<'a>, h: &mut Group<'a>) {
    h.push(Bt::Bg13, n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "ActualDeliveryDate") => h.push(Bt::Bt72, c),
            (Ns::Cac, "DeliveryLocation") => {
                for (ns, name, l) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => {
                            h.push(Bt::Bt71, l);
                            h.push_attr(Bt::Bt71_1, l, Attr::SchemeId);
                        }
                        (Ns::Cac, "Address") => address(l, h, &DELIVERY_ADDRESS),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "DeliveryParty") => {
                if let Some(name) =
                    child(c, Ns::Cac, "PartyName").and_then(|p| child(p, Ns::Cbc, "Name"))
                {
                    h.push(Bt::Bt70, name);
                }
            }
            _ => {}
        }
    }
}

/// BG-16 for one `cac:PaymentMeans`. The remittance information (BT-83), the
/// mandate (BT-89) and a credit note's due date (BT-9) are document-level
/// terms, as in CII, so they go to the header.
fn payment_means<'a>(n: Node<'a>, h: &mut Group<'a>) -> Group<'a> {
    let mut g = Group::new(n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "PaymentMeansCode") => {
                g.push(Bt::Bt81, c);
                g.push_attr(Bt::Bt82, c, Attr::Name);
            }
            (Ns::Cbc, "PaymentID") => h.push(Bt::Bt83, c),
            (Ns::Cbc, "PaymentDueDate") => h.push(Bt::Bt9, c),
            (Ns::Cac, "CardAccount") => {
                g.push(Bt::Bg18, c);
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "PrimaryAccountNumberID") => g.push(Bt::Bt87, k),
                        (Ns::Cbc, "HolderName") => g.push(Bt::Bt88, k),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "PayeeFinancialAccount") => {
                g.push(Bt::Bg17, c);
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => g.push(Bt::Bt84, k),
                        (Ns::Cbc, "Name") => g.push(Bt::Bt85, k),
                        (Ns::Cac, "FinancialInstitutionBranch") => id_of(k, &mut g, Bt::Bt86),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "PaymentMandate") => {
                g.push(Bt::Bg19, c);
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => h.push(Bt::Bt89, k),
                        (Ns::Cac, "PayerFinancialAccount") => id_of(k, &mut g, Bt::Bt91),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    g
}

/// The terms of one allowance or charge role (BG-20, BG-21, BG-27, BG-28),
/// shared by the UBL and CII readers.
pub(crate) struct AllowanceChargeTerms {
    pub amount: Bt,
    pub base: Bt,
    pub percent: Bt,
    pub category: Option<(Bt, Bt)>,
    pub reason: Bt,
    pub reason_code: Bt,
}

pub(crate) static DOC_ALLOWANCE: AllowanceChargeTerms = AllowanceChargeTerms {
    amount: Bt::Bt92,
    base: Bt::Bt93,
    percent: Bt::Bt94,
    category: Some((Bt::Bt95, Bt::Bt96)),
    reason: Bt::Bt97,
    reason_code: Bt::Bt98,
};
pub(crate) static DOC_CHARGE: AllowanceChargeTerms = AllowanceChargeTerms {
    amount: Bt::Bt99,
    base: Bt::Bt100,
    percent: Bt::Bt101,
    category: Some((Bt::Bt102, Bt::Bt103)),
    reason: Bt::Bt104,
    reason_code: Bt::Bt105,
};
pub(crate) static LINE_ALLOWANCE: AllowanceChargeTerms = AllowanceChargeTerms {
    amount: Bt::Bt136,
    base: Bt::Bt137,
    percent: Bt::Bt138,
    category: None,
    reason: Bt::Bt139,
    reason_code: Bt::Bt140,
};
pub(crate) static LINE_CHARGE: AllowanceChargeTerms = AllowanceChargeTerms {
    amount: Bt::Bt141,
    base: Bt::Bt142,
    percent: Bt::Bt143,
    category: None,
    reason: Bt::Bt144,
    reason_code: Bt::Bt145,
};

fn allowance_charge<'a>(n: Node<'a>, t: &AllowanceChargeTerms) -> Group<'a> {
    let mut g = Group::new(n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "Amount") => g.push(t.amount, c),
            (Ns::Cbc, "BaseAmount") => g.push(t.base, c),
            (Ns::Cbc, "MultiplierFactorNumeric") => g.push(t.percent, c),
            (Ns::Cbc, "AllowanceChargeReason") => g.push(t.reason, c),
            (Ns::Cbc, "AllowanceChargeReasonCode") => g.push(t.reason_code, c),
            (Ns::Cac, "TaxCategory") => {
                if let Some((code, rate)) = t.category {
                    for (ns, name, k) in kids(c) {
                        match (ns, name) {
                            (Ns::Cbc, "ID") => g.push(code, k),
                            (Ns::Cbc, "Percent") => g.push(rate, k),
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

fn tax_subtotal(n: Node<'_>) -> Group<'_> {
    let mut g = Group::new(n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "TaxableAmount") => g.push(Bt::Bt116, c),
            (Ns::Cbc, "TaxAmount") => g.push(Bt::Bt117, c),
            (Ns::Cac, "TaxCategory") => {
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => g.push(Bt::Bt118, k),
                        (Ns::Cbc, "Percent") => g.push(Bt::Bt119, k),
                        (Ns::Cbc, "TaxExemptionReason") => g.push(Bt::Bt120, k),
                        (Ns::Cbc, "TaxExemptionReasonCode") => g.push(Bt::Bt121, k),
                        _ => {}
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
    for (ns, name, c) in kids(n) {
        let g = &mut line.terms;
        match (ns, name) {
            (Ns::Cbc, "ID") => g.push(Bt::Bt126, c),
            (Ns::Cbc, "Note") => g.push(Bt::Bt127, c),
            (Ns::Cbc, "InvoicedQuantity" | "CreditedQuantity") => {
                g.push(Bt::Bt129, c);
                g.push_attr(Bt::Bt130, c, Attr::UnitCode);
            }
            (Ns::Cbc, "LineExtensionAmount") => g.push(Bt::Bt131, c),
            (Ns::Cbc, "AccountingCost") => g.push(Bt::Bt133, c),
            (Ns::Cac, "InvoicePeriod") => period(c, g, Bt::Bg26, Bt::Bt134, Bt::Bt135, false),
            (Ns::Cac, "OrderLineReference") => {
                if let Some(id) = child(c, Ns::Cbc, "LineID") {
                    g.push(Bt::Bt132, id);
                }
            }
            (Ns::Cac, "DocumentReference") => {
                if let Some(id) = child(c, Ns::Cbc, "ID") {
                    g.push(Bt::Bt128, id);
                    g.push_attr(Bt::Bt128_1, id, Attr::SchemeId);
                }
            }
            (Ns::Cac, "AllowanceCharge") => match charge_indicator(c) {
                Some(false) => line.allowances.push(allowance_charge(c, &LINE_ALLOWANCE)),
                Some(true) => line.charges.push(allowance_charge(c, &LINE_CHARGE)),
                None => {}
            },
            (Ns::Cac, "Item") => item(c, &mut line),
            (Ns::Cac, "Price") => price(c, g),
            _ => {}
        }
    }
    line
}

fn item<'a>(n: Node<'a>, line: &mut Line<'a>) {
    let g = &mut line.terms;
    g.push(Bt::Bg31, n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "Description") => g.push(Bt::Bt154, c),
            (Ns::Cbc, "Name") => g.push(Bt::Bt153, c),
            (Ns::Cac, "BuyersItemIdentification") => id_of(c, g, Bt::Bt156),
            (Ns::Cac, "SellersItemIdentification") => id_of(c, g, Bt::Bt155),
            (Ns::Cac, "StandardItemIdentification") => {
                if let Some(id) = child(c, Ns::Cbc, "ID") {
                    g.push(Bt::Bt157, id);
                    g.push_attr(Bt::Bt157_1, id, Attr::SchemeId);
                }
            }
            (Ns::Cac, "OriginCountry") => {
                if let Some(code) = child(c, Ns::Cbc, "IdentificationCode") {
                    g.push(Bt::Bt159, code);
                }
            }
            (Ns::Cac, "CommodityClassification") => {
                if let Some(code) = child(c, Ns::Cbc, "ItemClassificationCode") {
                    g.push(Bt::Bt158, code);
                    g.push_attr(Bt::Bt158_1, code, Attr::ListId);
                    g.push_attr(Bt::Bt158_2, code, Attr::ListVersionId);
                }
            }
            (Ns::Cac, "ClassifiedTaxCategory") => {
                g.push(Bt::Bg30, c);
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "ID") => g.push(Bt::Bt151, k),
                        (Ns::Cbc, "Percent") => g.push(Bt::Bt152, k),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "AdditionalItemProperty") => {
                let mut a = Group::new(c);
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "Name") => a.push(Bt::Bt160, k),
                        (Ns::Cbc, "Value") => a.push(Bt::Bt161, k),
                        _ => {}
                    }
                }
                line.attributes.push(a);
            }
            _ => {}
        }
    }
}

fn price<'a>(n: Node<'a>, g: &mut Group<'a>) {
    g.push(Bt::Bg29, n);
    for (ns, name, c) in kids(n) {
        match (ns, name) {
            (Ns::Cbc, "PriceAmount") => g.push(Bt::Bt146, c),
            (Ns::Cbc, "BaseQuantity") => {
                g.push(Bt::Bt149, c);
                g.push_attr(Bt::Bt150, c, Attr::UnitCode);
            }
            (Ns::Cac, "AllowanceCharge") => {
                for (ns, name, k) in kids(c) {
                    match (ns, name) {
                        (Ns::Cbc, "Amount") => g.push(Bt::Bt147, k),
                        (Ns::Cbc, "BaseAmount") => g.push(Bt::Bt148, k),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
