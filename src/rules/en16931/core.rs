//! EN 16931 core rules BR-01 … BR-65: presence of mandatory terms and groups,
//! and the simple conditions on single terms.
//!
//! Rules that the official Schematron judges on a group element (a line, an
//! allowance, a VAT breakdown) report there; the context node sets shared with
//! other families come from [`super::nav`].
//!
//! Where the UBL and CII bindings of a rule differ in their context, the rule
//! branches on the syntax: e.g. BR-09 is judged on each UBL seller
//! `PostalAddress`, but on the CII document root (so in CII it also fires when
//! the address is missing altogether).

use crate::xml::symbols::sym;
use std::borrow::Cow;

use super::nav::{
    anywhere, attr_text, cii_vat_type, doc_allowance_charges, double, each, first, kid, kids,
    line_allowance_charges, quote, text, text_at, totals, ubl_vat_categories, ubl_vat_scheme,
    vat_breakdowns, Step, CAC, CBC, RAM, UDT,
};
use crate::model::{string_value, Bt, Node};
use crate::rules::{Ctx, Emit, RuleDef, RuleId, RuleSet, Severity};

const FATAL: Option<Severity> = Some(Severity::Fatal);

/// Reports at the root when the normalized text of `bt` is empty.
fn require_text(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, bt: Bt) {
    if !ctx.inv.header.text(bt).is_empty() {
        return;
    }
    out.at(
        ctx.root(),
        format!("{} ({}) is missing or empty", bt.name(), bt.as_str()),
    );
}

/// Reports at the root when the group or term `bt` does not occur.
fn require_present(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, bt: Bt) {
    if ctx.inv.header.has(bt) {
        return;
    }
    out.at(
        ctx.root(),
        format!("{} ({}) is missing", bt.name(), bt.as_str()),
    );
}

/// BR-09 / BR-11: the country code of a party address. UBL judges each address
/// element that exists; CII judges the document, so a missing address counts too.
fn require_country(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, address: Bt, country: Bt) {
    let has_country = !ctx.inv.header.text(country).is_empty();
    if has_country {
        return;
    }
    let at = match (ctx.is_ubl(), ctx.inv.header.get(address)) {
        (true, None) => return,
        (true, Some(addr)) => addr.node,
        (false, _) => ctx.root(),
    };
    out.at(
        at,
        format!(
            "{} ({}) has no {} ({})",
            address.name(),
            address.as_str(),
            country.name(),
            country.as_str()
        ),
    );
}

/// BR-12 … BR-15: a mandatory total inside the document totals (BG-22), judged
/// on each totals element that exists.
fn require_total(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, total: Bt) {
    let Some(totals) = ctx.inv.header.get(Bt::Bg22) else {
        return;
    };
    if ctx.inv.header.has(total) {
        return;
    }
    out.at(
        totals.node,
        format!(
            "the document totals have no {} ({})",
            total.name(),
            total.as_str()
        ),
    );
}

macro_rules! presence_rule {
    ($static:ident, $fn:ident, $id:ident, $terms:expr, $hint:literal, $doc:literal, $body:expr) => {
        /// See the doc text.
        pub static $static: RuleDef = RuleDef {
            id: RuleId::$id,
            set: RuleSet::En16931,
            ubl: FATAL,
            cii: FATAL,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $fn,
        };
        fn $fn(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
            let body: fn(&Ctx<'_, '_>, &mut Emit<'_>) = $body;
            body(ctx, out)
        }
    };
}

presence_rule!(BR_01, br_01, Br01, &["BT-24"],
    "Put the specification identifier in BT-24, e.g. urn:cen.eu:en16931:2017 or the XRechnung identifier.",
    "An invoice shall have a Specification identifier (BT-24).\n\nBT-24 names the specification the invoice follows, and so which rules apply (EN 16931 alone, or a CIUS such as XRechnung).\n\nUBL: `cbc:CustomizationID`. CII: `rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`.",
    |c, o| require_text(c, o, Bt::Bt24));
presence_rule!(BR_02, br_02, Br02, &["BT-1"],
    "Give the invoice its number (BT-1).",
    "An invoice shall have an Invoice number (BT-1), the seller's unique identification of the invoice.\n\nUBL: `cbc:ID`. CII: `rsm:ExchangedDocument/ram:ID`.",
    |c, o| require_text(c, o, Bt::Bt1));
presence_rule!(BR_03, br_03, Br03, &["BT-2"],
    "Give the invoice issue date (BT-2); in CII as udt:DateTimeString with format=\"102\" (YYYYMMDD).",
    "An invoice shall have an Invoice issue date (BT-2).\n\nUBL: `cbc:IssueDate`. CII: `rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString[@format='102']`: in CII only a date string with format 102 counts.",
    br_03_check);
presence_rule!(BR_04, br_04, Br04, &["BT-3"],
    "Give the invoice type code (BT-3), e.g. 380 for an invoice or 381 for a credit note.",
    "An invoice shall have an Invoice type code (BT-3).\n\nUBL: `cbc:InvoiceTypeCode` or `cbc:CreditNoteTypeCode`. CII: `rsm:ExchangedDocument/ram:TypeCode`.",
    |c, o| require_text(c, o, Bt::Bt3));
presence_rule!(BR_05, br_05, Br05, &["BT-5"],
    "Give the invoice currency code (BT-5), e.g. EUR.",
    "An invoice shall have an Invoice currency code (BT-5).\n\nUBL: `cbc:DocumentCurrencyCode`. CII: `ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode`.",
    |c, o| require_text(c, o, Bt::Bt5));
presence_rule!(BR_06, br_06, Br06, &["BT-27"],
    "Give the seller's full legal name (BT-27).",
    "An invoice shall contain the Seller name (BT-27).\n\nUBL: `cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName`. CII: `ram:SellerTradeParty/ram:Name`.",
    |c, o| require_text(c, o, Bt::Bt27));
presence_rule!(BR_07, br_07, Br07, &["BT-44"],
    "Give the buyer's full legal name (BT-44).",
    "An invoice shall contain the Buyer name (BT-44).\n\nUBL: `cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName`. CII: `ram:BuyerTradeParty/ram:Name`.",
    |c, o| require_text(c, o, Bt::Bt44));
presence_rule!(BR_08, br_08, Br08, &["BG-5"],
    "Add the seller's postal address (BG-5) with at least the country code.",
    "An invoice shall contain the Seller postal address (BG-5).\n\nUBL: `cac:AccountingSupplierParty/cac:Party/cac:PostalAddress`. CII: `ram:SellerTradeParty/ram:PostalTradeAddress`.",
    |c, o| require_present(c, o, Bt::Bg5));
presence_rule!(BR_09, br_09, Br09, &["BG-5", "BT-40"],
    "Put the ISO 3166-1 alpha-2 country code (e.g. DE) in the seller's postal address (BT-40).",
    "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).\n\nUBL judges each `cac:PostalAddress` of the seller; CII judges the document, so in CII the rule also fires when the address is missing.",
    |c, o| require_country(c, o, Bt::Bg5, Bt::Bt40));
presence_rule!(BR_10, br_10, Br10, &["BG-8"],
    "Add the buyer's postal address (BG-8) with at least the country code.",
    "An invoice shall contain the Buyer postal address (BG-8).\n\nUBL: `cac:AccountingCustomerParty/cac:Party/cac:PostalAddress`. CII: `ram:BuyerTradeParty/ram:PostalTradeAddress`.",
    |c, o| require_present(c, o, Bt::Bg8));
presence_rule!(BR_11, br_11, Br11, &["BG-8", "BT-55"],
    "Put the ISO 3166-1 alpha-2 country code (e.g. DE) in the buyer's postal address (BT-55).",
    "The Buyer postal address (BG-8) shall contain a Buyer country code (BT-55).\n\nUBL judges each `cac:PostalAddress` of the buyer; CII judges the document, so in CII the rule also fires when the address is missing.",
    |c, o| require_country(c, o, Bt::Bg8, Bt::Bt55));
presence_rule!(BR_12, br_12, Br12, &["BG-22", "BT-106"],
    "State the sum of all line net amounts (BT-106) in the document totals.",
    "An invoice shall have the Sum of Invoice line net amount (BT-106).\n\nUBL: `cac:LegalMonetaryTotal/cbc:LineExtensionAmount`. CII: `ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount`.",
    |c, o| require_total(c, o, Bt::Bt106));
presence_rule!(BR_13, br_13, Br13, &["BG-22", "BT-109"],
    "State the invoice total without VAT (BT-109) in the document totals.",
    "An invoice shall have the Invoice total amount without VAT (BT-109).\n\nUBL: `cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount`. CII: `ram:TaxBasisTotalAmount`.",
    |c, o| require_total(c, o, Bt::Bt109));
presence_rule!(BR_14, br_14, Br14, &["BG-22", "BT-112"],
    "State the invoice total with VAT (BT-112) in the document totals.",
    "An invoice shall have the Invoice total amount with VAT (BT-112).\n\nUBL: `cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount`. CII: `ram:GrandTotalAmount`.",
    |c, o| require_total(c, o, Bt::Bt112));
presence_rule!(BR_15, br_15, Br15, &["BG-22", "BT-115"],
    "State the amount due for payment (BT-115) in the document totals.",
    "An invoice shall have the Amount due for payment (BT-115).\n\nUBL: `cac:LegalMonetaryTotal/cbc:PayableAmount`. CII: `ram:DuePayableAmount`.",
    |c, o| require_total(c, o, Bt::Bt115));
presence_rule!(BR_16, br_16, Br16, &["BG-25"],
    "Add at least one invoice line (BG-25).",
    "An invoice shall have at least one Invoice line (BG-25).\n\nUBL: `cac:InvoiceLine` or `cac:CreditNoteLine`. CII: `ram:IncludedSupplyChainTradeLineItem`.",
    br_16_check);

/// BR-03: in CII only a `DateTimeString` with `format="102"` counts.
fn br_03_check(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let issue_date = if ctx.is_ubl() {
        ctx.inv.header.get(Bt::Bt2)
    } else {
        ctx.inv
            .header
            .all(Bt::Bt2)
            .find(|t| t.attribute("format") == Some("102"))
    };
    if issue_date.is_some_and(|t| !t.text().is_empty()) {
        return;
    }
    out.at(ctx.root(), "Invoice issue date (BT-2) is missing or empty");
}

fn br_16_check(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !ctx.inv.lines.is_empty() {
        return;
    }
    out.at(ctx.root(), "the invoice has no invoice line (BG-25)");
}

// ---------------------------------------------------------------------------
// BR-17 … BR-65
// ---------------------------------------------------------------------------

const WARNING: Option<Severity> = Some(Severity::Warning);

macro_rules! rule {
    ($static:ident, $id:ident, $ubl:expr, $cii:expr, $terms:expr, $check:ident, $hint:literal, $doc:literal) => {
        /// See the doc text.
        pub static $static: RuleDef = RuleDef {
            id: RuleId::$id,
            set: RuleSet::En16931,
            ubl: $ubl,
            cii: $cii,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $check,
        };
    };
}

/// Calls `f` on every `cac:PayeeParty` / `ram:PayeeTradeParty` (BG-10).
fn payees<'m, 'a>(ctx: &Ctx<'m, 'a>) -> impl Iterator<Item = Node<'a>> + 'm {
    let inv: &'m crate::model::Invoice<'a> = ctx.inv;
    inv.header.all(Bt::Bg10).map(|t| t.node)
}

/// The seller tax representative parties (BG-11).
fn tax_representatives<'m, 'a>(ctx: &Ctx<'m, 'a>) -> impl Iterator<Item = Node<'a>> + 'm {
    let inv: &'m crate::model::Invoice<'a> = ctx.inv;
    inv.header.all(Bt::Bg11).map(|t| t.node)
}

/// XPath `A = B` on two node sets compared as strings: some value of `a` equals
/// some value of `b` (untyped values compare as strings, no normalization).
fn any_equal(a: &[Cow<'_, str>], b: &[Cow<'_, str>]) -> Option<String> {
    a.iter()
        .find(|x| b.iter().any(|y| y == *x))
        .map(|x| x.to_string())
}

/// The string values of the nodes `steps` selects from each of `from`.
fn values<'a>(from: impl Iterator<Item = Node<'a>>, steps: &[Step]) -> Vec<Cow<'a, str>> {
    let mut v = Vec::new();
    for n in from {
        each(n, steps, &mut |x| v.push(string_value(x)));
    }
    v
}

rule!(BR_17, Br17, FATAL, FATAL, &["BG-10", "BT-59", "BT-60", "BT-61", "BT-27", "BT-29", "BT-30"], br_17,
    "Only give a payee (BG-10) when someone other than the seller receives the payment, and then give the payee's own name (BT-59) and identifiers.",
    "The Payee name (BT-59) shall be provided in the invoice, if the Payee (BG-10) is different from the Seller (BG-4).\n\nA payee group says that another party than the seller receives the money. The official test requires the payee name, and treats the payee as the seller (an error) when its name or an identifier equals the seller's.\n\n**Checks** each payee: the name exists, and no payee name equals a seller name, no payee identifier equals a seller identifier (in CII also: no payee legal registration identifier equals the seller's). Values are compared exactly as written.\n\n**Fix:** remove the payee group when the seller is paid, or fill it with the other party's data.\n\n**UBL:** `cac:PayeeParty`, compared with `cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name` and `cac:PartyIdentification/cbc:ID` (the seller's *trading* name). **CII:** `ram:PayeeTradeParty` compared with `ram:SellerTradeParty/ram:Name`, `ram:ID` and `ram:SpecifiedLegalOrganization/ram:ID`.");

/// Where BR-17 looks, per syntax: how far up from the payee the seller's
/// parties are found (`..` in UBL, `../..` in CII), the path to them, the
/// payee name, and the identifiers compared with the seller's.
struct PayeeBinding {
    up: usize,
    sellers: &'static [Step],
    name: &'static [Step],
    ids: &'static [&'static [Step]],
}

static UBL_PAYEE: PayeeBinding = PayeeBinding {
    up: 1,
    sellers: &[(CAC, sym::AccountingSupplierParty), (CAC, sym::Party)],
    name: &[(CAC, sym::PartyName), (CBC, sym::Name)],
    ids: &[&[(CAC, sym::PartyIdentification), (CBC, sym::ID)]],
};

static CII_PAYEE: PayeeBinding = PayeeBinding {
    up: 2,
    sellers: &[
        (RAM, sym::ApplicableHeaderTradeAgreement),
        (RAM, sym::SellerTradeParty),
    ],
    name: &[(RAM, sym::Name)],
    ids: &[
        &[(RAM, sym::ID)],
        &[(RAM, sym::SpecifiedLegalOrganization), (RAM, sym::ID)],
    ],
};

fn br_17(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let b = if ctx.is_ubl() { &UBL_PAYEE } else { &CII_PAYEE };
    for payee in payees(ctx) {
        let mut sellers = Vec::new();
        if let Some(anchor) = payee.ancestors().nth(b.up) {
            each(anchor, b.sellers, &mut |n| sellers.push(n));
        }
        let (name_path, id_paths) = (b.name, b.ids);
        let names = values(std::iter::once(payee), name_path);
        if names.is_empty() {
            out.at(payee, "the payee (BG-10) has no payee name (BT-59)");
            continue;
        }
        let seller_names = values(sellers.iter().copied(), name_path);
        if let Some(same) = any_equal(&names, &seller_names) {
            out.at(
                payee,
                format!("the payee name (BT-59) {} is also the seller's name: the payee must be a party other than the seller", quote(&same)),
            );
            continue;
        }
        for path in id_paths {
            let ids = values(std::iter::once(payee), path);
            let seller_ids = values(sellers.iter().copied(), path);
            if let Some(same) = any_equal(&ids, &seller_ids) {
                out.at(
                    payee,
                    format!("the payee identifier {} is also the seller's identifier: the payee must be a party other than the seller", quote(&same)),
                );
                break;
            }
        }
    }
}

rule!(BR_18, Br18, FATAL, FATAL, &["BG-11", "BT-62"], br_18,
    "Give the seller tax representative's name (BT-62), or remove the tax representative group.",
    "The Seller tax representative name (BT-62) shall be provided in the invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).\n\n**Checks** each tax representative party: its name is not empty (after whitespace normalization).\n\n**Fix:** fill in the tax representative's name.\n\n**UBL:** `cac:TaxRepresentativeParty/cac:PartyName/cbc:Name`. **CII:** `ram:SellerTaxRepresentativeTradeParty/ram:Name`.");

fn br_18(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let path: &[Step] = if ctx.is_ubl() {
        &[(CAC, sym::PartyName), (CBC, sym::Name)]
    } else {
        &[(RAM, sym::Name)]
    };
    for party in tax_representatives(ctx) {
        if text_at(party, path).is_empty() {
            out.at(
                party,
                "the seller tax representative (BG-11) has no name (BT-62), or it is empty",
            );
        }
    }
}

rule!(BR_19, Br19, FATAL, FATAL, &["BG-11", "BG-12"], br_19,
    "Add the seller tax representative's postal address (BG-12) with at least the country code.",
    "The Seller tax representative postal address (BG-12) shall be provided in the invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).\n\n**Checks** each tax representative party has a postal address element.\n\n**Fix:** add the address of the tax representative.\n\n**UBL:** `cac:TaxRepresentativeParty/cac:PostalAddress`. **CII:** `ram:SellerTaxRepresentativeTradeParty/ram:PostalTradeAddress`.");

fn br_19(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let step = if ctx.is_ubl() {
        (CAC, sym::PostalAddress)
    } else {
        (RAM, sym::PostalTradeAddress)
    };
    for party in tax_representatives(ctx) {
        if kid(party, step.0, step.1).is_none() {
            out.at(
                party,
                "the seller tax representative (BG-11) has no postal address (BG-12)",
            );
        }
    }
}

rule!(BR_20, Br20, FATAL, FATAL, &["BG-12", "BT-69"], br_20,
    "Put the ISO 3166-1 alpha-2 country code (e.g. DE) in the tax representative's postal address (BT-69).",
    "The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69), if the Seller (BG-4) has a Seller tax representative party (BG-11).\n\n**Checks** that the country code is not empty.\n\n**Fix:** add the country code to the tax representative's address.\n\n**UBL** judges each `cac:TaxRepresentativeParty/cac:PostalAddress` (`cac:Country/cbc:IdentificationCode`), so a missing address is left to BR-19. **CII** judges each `ram:SellerTaxRepresentativeTradeParty` (`ram:PostalTradeAddress/ram:CountryID`), so in CII the rule also fires when the address is missing.");

fn br_20(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for party in tax_representatives(ctx) {
        if ctx.is_ubl() {
            for addr in kids(party, CAC, sym::PostalAddress) {
                if text_at(addr, &[(CAC, sym::Country), (CBC, sym::IdentificationCode)]).is_empty()
                {
                    out.at(addr, "the seller tax representative's postal address (BG-12) has no country code (BT-69)");
                }
            }
        } else if text_at(
            party,
            &[(RAM, sym::PostalTradeAddress), (RAM, sym::CountryID)],
        )
        .is_empty()
        {
            out.at(
                party,
                "the seller tax representative (BG-11) has no postal address country code (BT-69)",
            );
        }
    }
}

/// Reports `message` on every invoice line (BG-25) for which `bad` holds.
fn each_line(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    bad: impl Fn(&crate::model::Line<'_>, usize) -> Option<String>,
) {
    for (i, line) in ctx.inv.lines.iter().enumerate() {
        if let Some(message) = bad(line, i) {
            out.at(line.terms.node, message);
        }
    }
}

/// `invoice line '7'` for messages: the line id when there is one, else the
/// 1-based position of the line (`index` is 0-based).
fn line_name(line: &crate::model::Line<'_>, index: usize) -> String {
    let id = line.terms.text(Bt::Bt126);
    if id.is_empty() {
        format!("invoice line #{}", index + 1)
    } else {
        format!("invoice line {}", quote(&id))
    }
}

rule!(BR_21, Br21, FATAL, FATAL, &["BG-25", "BT-126"], br_21,
    "Give every invoice line an identifier (BT-126), e.g. 1, 2, 3.",
    "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).\n\n**Checks** the line identifier is not empty (after whitespace normalization).\n\n**Fix:** number the lines.\n\n**UBL:** `cac:InvoiceLine/cbc:ID` (`cac:CreditNoteLine/cbc:ID`). **CII:** `ram:AssociatedDocumentLineDocument/ram:LineID`.");

fn br_21(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        l.terms.text(Bt::Bt126).is_empty().then(|| {
            format!(
                "{} has no line identifier (BT-126), or it is empty",
                line_name(l, i)
            )
        })
    });
}

rule!(BR_22, Br22, FATAL, FATAL, &["BG-25", "BT-129"], br_22,
    "Give the invoiced quantity (BT-129) on every invoice line.",
    "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).\n\n**Checks** the quantity element exists.\n\n**Fix:** state how many units were invoiced.\n\n**UBL:** `cbc:InvoicedQuantity` (`cbc:CreditedQuantity` in a credit note). **CII:** `ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`.");

fn br_22(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        (!l.terms.has(Bt::Bt129))
            .then(|| format!("{} has no invoiced quantity (BT-129)", line_name(l, i)))
    });
}

rule!(BR_23, Br23, FATAL, FATAL, &["BG-25", "BT-130"], br_23,
    "Give the unit of measure (BT-130) as the unitCode attribute of the invoiced quantity, e.g. unitCode=\"C62\" (piece) or \"HUR\" (hour).",
    "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).\n\n**Checks** the quantity carries a `unitCode` attribute.\n\n**Fix:** add `unitCode` (UN/ECE Recommendation 20/21) to the quantity.\n\n**UBL:** `cbc:InvoicedQuantity/@unitCode` (`cbc:CreditedQuantity/@unitCode`). **CII:** `ram:BilledQuantity/@unitCode`.");

fn br_23(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        let has_unit = if ctx.is_ubl() {
            l.terms.has(Bt::Bt130)
        } else {
            // Any `ram:BilledQuantity/@unitCode` counts; the model keeps only the first quantity.
            let mut any = false;
            each(
                l.terms.node,
                &[
                    (RAM, sym::SpecifiedLineTradeDelivery),
                    (RAM, sym::BilledQuantity),
                ],
                &mut |q| any |= q.attribute("unitCode").is_some(),
            );
            any
        };
        (!has_unit).then(|| {
            format!(
                "{} has no unit of measure (BT-130) on its invoiced quantity",
                line_name(l, i)
            )
        })
    });
}

rule!(BR_24, Br24, FATAL, FATAL, &["BG-25", "BT-131"], br_24,
    "Give the line net amount (BT-131) on every invoice line.",
    "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).\n\n**Checks** the amount element exists.\n\n**Fix:** state the line's net amount (quantity × net price, plus charges, minus allowances).\n\n**UBL:** `cbc:LineExtensionAmount`. **CII:** `ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`.");

fn br_24(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        (!l.terms.has(Bt::Bt131))
            .then(|| format!("{} has no line net amount (BT-131)", line_name(l, i)))
    });
}

rule!(BR_25, Br25, FATAL, FATAL, &["BG-25", "BT-153"], br_25,
    "Name the invoiced item (BT-153) on every invoice line.",
    "Each Invoice line (BG-25) shall contain the Item name (BT-153).\n\n**Checks** the item name is not empty (after whitespace normalization).\n\n**Fix:** say what was delivered or performed.\n\n**UBL:** `cac:Item/cbc:Name`. **CII:** `ram:SpecifiedTradeProduct/ram:Name`.");

fn br_25(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        l.terms.text(Bt::Bt153).is_empty().then(|| {
            format!(
                "{} has no item name (BT-153), or it is empty",
                line_name(l, i)
            )
        })
    });
}

rule!(BR_26, Br26, FATAL, FATAL, &["BG-25", "BT-146"], br_26,
    "Give the item net price (BT-146) on every invoice line.",
    "Each Invoice line (BG-25) shall contain the Item net price (BT-146).\n\n**Checks** the net price element exists.\n\n**Fix:** state the net price per unit (or per base quantity).\n\n**UBL:** `cac:Price/cbc:PriceAmount`. **CII:** `ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount`.");

fn br_26(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        (!l.terms.has(Bt::Bt146))
            .then(|| format!("{} has no item net price (BT-146)", line_name(l, i)))
    });
}

/// XPath `(path) >= 0` on untyped values: some value, cast to `xs:double`, is
/// at least zero. An empty node set makes it false; a value that is not a
/// number (a dynamic error in XPath) counts as not satisfying it.
fn some_non_negative<'a>(mut values: impl Iterator<Item = crate::model::Term<'a>>) -> bool {
    values.any(|t| double(&t.raw()).is_some_and(|v| v >= 0.0))
}

fn raw_list<'a>(values: impl Iterator<Item = crate::model::Term<'a>>) -> String {
    let v: Vec<String> = values.map(|t| quote(&t.raw())).collect();
    v.join(", ")
}

rule!(BR_27, Br27, FATAL, FATAL, &["BG-25", "BT-146"], br_27,
    "Make the item net price (BT-146) zero or positive; express a reduction as a line allowance or a negative quantity.",
    "The Item net price (BT-146) shall NOT be negative.\n\n**Checks** the net price, compared as a number with 0, is not negative. As in the official test a line without a net price also fails this rule (an empty comparison is false), besides BR-26.\n\n**Fix:** use a positive price; credit by a negative quantity, a line allowance or a credit note.\n\n**UBL:** `cac:Price/cbc:PriceAmount`. **CII:** `ram:NetPriceProductTradePrice/ram:ChargeAmount`.");

fn br_27(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        if some_non_negative(l.terms.all(Bt::Bt146)) {
            return None;
        }
        Some(if l.terms.has(Bt::Bt146) {
            format!(
                "{} has a negative item net price (BT-146): {}",
                line_name(l, i),
                raw_list(l.terms.all(Bt::Bt146))
            )
        } else {
            format!(
                "{} has no item net price (BT-146), so it cannot be checked to be non-negative",
                line_name(l, i)
            )
        })
    });
}

rule!(BR_28, Br28, FATAL, FATAL, &["BG-25", "BT-148"], br_28,
    "Make the item gross price (BT-148) zero or positive, or leave it out.",
    "The Item gross price (BT-148) shall NOT be negative.\n\n**Checks** when a gross price is given, it is not negative (compared as a number with 0).\n\n**Fix:** give the gross price before the price discount as a positive amount.\n\n**UBL:** `cac:Price/cac:AllowanceCharge/cbc:BaseAmount`. **CII:** `ram:GrossPriceProductTradePrice/ram:ChargeAmount`.");

fn br_28(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    each_line(ctx, out, |l, i| {
        (l.terms.has(Bt::Bt148) && !some_non_negative(l.terms.all(Bt::Bt148))).then(|| {
            format!(
                "{} has a negative item gross price (BT-148): {}",
                line_name(l, i),
                raw_list(l.terms.all(Bt::Bt148))
            )
        })
    });
}

/// BR-29 / BR-30 in UBL: `xs:date(EndDate) >= xs:date(StartDate)` when both
/// exist. A value that is not a date raises an error in XPath; it is left to
/// the date format rules here.
fn ubl_period_backwards(period: Node<'_>) -> Option<(String, String)> {
    let start = kid(period, CBC, sym::StartDate)?;
    let end = kid(period, CBC, sym::EndDate)?;
    let (s, e) = (string_value(start), string_value(end));
    let (sd, ed) = (
        crate::model::Date::parse(&s)?,
        crate::model::Date::parse(&e)?,
    );
    (ed < sd).then(|| (s.into_owned(), e.into_owned()))
}

/// BR-29 / BR-30 in CII: the official test compares the `udt:DateTimeString`
/// values with `format="102"` as strings (untyped against untyped), some end
/// against some start; it holds when either date element is missing.
fn cii_period_backwards(period: Node<'_>) -> Option<(String, String)> {
    kid(period, RAM, sym::StartDateTime)?;
    kid(period, RAM, sym::EndDateTime)?;
    let dates = |name: u16| {
        let mut v = Vec::new();
        each(
            period,
            &[(RAM, name), (UDT, sym::DateTimeString)],
            &mut |d| {
                if d.attribute("format") == Some("102") {
                    v.push(string_value(d));
                }
            },
        );
        v
    };
    let (starts, ends) = (dates(sym::StartDateTime), dates(sym::EndDateTime));
    if ends
        .iter()
        .any(|e| starts.iter().any(|s| e.as_ref() >= s.as_ref()))
    {
        return None;
    }
    let show = |v: &[Cow<'_, str>]| {
        v.first()
            .map_or("(no date with format 102)".to_string(), |d| quote(d))
    };
    Some((show(&starts), show(&ends)))
}

fn period_backwards(ctx: &Ctx<'_, '_>, period: Node<'_>) -> Option<(String, String)> {
    if ctx.is_ubl() {
        ubl_period_backwards(period).map(|(s, e)| (quote(&s), quote(&e)))
    } else {
        cii_period_backwards(period)
    }
}

rule!(BR_29, Br29, FATAL, FATAL, &["BG-14", "BT-73", "BT-74"], br_29,
    "Make the invoicing period end date (BT-74) the same as or later than its start date (BT-73).",
    "If both Invoicing period start date (BT-73) and Invoicing period end date (BT-74) are given then the end date shall be later or equal to the start date.\n\n**Checks** each document level invoicing period with both dates.\n\n**Fix:** swap or correct the dates.\n\n**UBL:** `cac:InvoicePeriod` (not a line's), dates compared as dates. **CII:** `ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod`; the official test compares the `udt:DateTimeString[@format='102']` values as strings, so an end date without format 102 also fails.");

fn br_29(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for period in ctx.inv.header.all(Bt::Bg14).map(|t| t.node) {
        if let Some((start, end)) = period_backwards(ctx, period) {
            out.at(
                period,
                format!("the invoicing period ends ({end}) before it starts ({start})"),
            );
        }
    }
}

rule!(BR_30, Br30, FATAL, FATAL, &["BG-26", "BT-134", "BT-135"], br_30,
    "Make the line period end date (BT-135) the same as or later than its start date (BT-134).",
    "If both Invoice line period start date (BT-134) and Invoice line period end date (BT-135) are given then the end date shall be later or equal to the start date.\n\n**Checks** each invoice line period with both dates.\n\n**Fix:** swap or correct the dates.\n\n**UBL:** `cac:InvoiceLine/cac:InvoicePeriod`. **CII:** `ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod`, compared as strings of the format-102 dates (see BR-29).");

fn br_30(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for (i, line) in ctx.inv.lines.iter().enumerate() {
        for period in line.terms.all(Bt::Bg26).map(|t| t.node) {
            if let Some((start, end)) = period_backwards(ctx, period) {
                out.at(
                    period,
                    format!(
                        "the period of {} ends ({end}) before it starts ({start})",
                        line_name(line, i)
                    ),
                );
            }
        }
    }
}

/// Which allowance/charge element an allowance/charge rule reads.
#[derive(Clone, Copy)]
enum AcPart {
    Amount,
    VatCategory,
    Reason,
}

/// Whether the allowance/charge element `ac` has `part`, as the official tests ask.
fn ac_has(ctx: &Ctx<'_, '_>, ac: Node<'_>, part: AcPart) -> bool {
    match (ctx.is_ubl(), part) {
        (true, AcPart::Amount) => kid(ac, CBC, sym::Amount).is_some(),
        (false, AcPart::Amount) => kid(ac, RAM, sym::ActualAmount).is_some(),
        // `cac:TaxCategory[VAT scheme]/cbc:ID`: a category of another tax scheme does not count.
        (true, AcPart::VatCategory) => {
            ubl_vat_categories(ac).any(|c| kid(c, CBC, sym::ID).is_some())
        }
        (false, AcPart::VatCategory) => kids(ac, RAM, sym::CategoryTradeTax)
            .any(|c| cii_vat_type(c) && kid(c, RAM, sym::CategoryCode).is_some()),
        (true, AcPart::Reason) => {
            kid(ac, CBC, sym::AllowanceChargeReason).is_some()
                || kid(ac, CBC, sym::AllowanceChargeReasonCode).is_some()
        }
        (false, AcPart::Reason) => {
            kid(ac, RAM, sym::Reason).is_some() || kid(ac, RAM, sym::ReasonCode).is_some()
        }
    }
}

/// The document (`line == false`) or line allowance/charge rules.
fn ac_rule(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, line: bool, charge: bool, part: AcPart) {
    let what = match (line, charge) {
        (false, false) => "a document level allowance (BG-20)",
        (false, true) => "a document level charge (BG-21)",
        (true, false) => "an invoice line allowance (BG-27)",
        (true, true) => "an invoice line charge (BG-28)",
    };
    let missing = match (line, charge, part) {
        (false, false, AcPart::Amount) => "no amount (BT-92)",
        (false, true, AcPart::Amount) => "no amount (BT-99)",
        (true, false, AcPart::Amount) => "no amount (BT-136)",
        (true, true, AcPart::Amount) => "no amount (BT-141)",
        (_, false, AcPart::VatCategory) => {
            "no VAT category code (BT-95) in a category of the VAT scheme"
        }
        (_, true, AcPart::VatCategory) => {
            "no VAT category code (BT-102) in a category of the VAT scheme"
        }
        (false, false, AcPart::Reason) => "neither a reason (BT-97) nor a reason code (BT-98)",
        (false, true, AcPart::Reason) => "neither a reason (BT-104) nor a reason code (BT-105)",
        (true, false, AcPart::Reason) => "neither a reason (BT-139) nor a reason code (BT-140)",
        (true, true, AcPart::Reason) => "neither a reason (BT-144) nor a reason code (BT-145)",
    };
    let mut report = |at: Node<'_>, ac: Node<'_>| {
        if !ac_has(ctx, ac, part) {
            out.at(at, format!("{what} has {missing}"));
        }
    };
    if line {
        line_allowance_charges(ctx, charge, &mut report);
    } else {
        doc_allowance_charges(ctx, charge, &mut report);
    }
}

rule!(BR_31, Br31, FATAL, FATAL, &["BG-20", "BT-92"], br_31,
    "Give the amount (BT-92) of every document level allowance.",
    "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).\n\n**Checks** the amount element exists.\n\n**Fix:** state the allowance amount without VAT.\n\n**UBL:** `/Invoice/cac:AllowanceCharge[cbc:ChargeIndicator = false()]/cbc:Amount`. **CII:** the header `ram:SpecifiedTradeAllowanceCharge` whose `ram:ChargeIndicator/udt:Indicator` is `false`, `ram:ActualAmount`; the finding points at the charge indicator, where the official rule is judged.");
fn br_31(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, false, AcPart::Amount)
}

rule!(BR_32, Br32, FATAL, FATAL, &["BG-20", "BT-95"], br_32,
    "Give the VAT category code (BT-95) of every document level allowance, in a tax category of the VAT scheme.",
    "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).\n\n**Checks** a VAT category with a code exists; a category of another tax scheme does not count.\n\n**Fix:** add the VAT category (e.g. S with its rate) the allowance reduces.\n\n**UBL:** `cac:TaxCategory[cac:TaxScheme/cbc:ID = 'VAT']/cbc:ID` (scheme compared case-insensitively). **CII:** `ram:CategoryTradeTax[upper-case(ram:TypeCode) = 'VAT']/ram:CategoryCode`.");
fn br_32(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, false, AcPart::VatCategory)
}

rule!(BR_33, Br33, FATAL, FATAL, &["BG-20", "BT-97", "BT-98"], br_33,
    "Say why the document level allowance is granted: a reason text (BT-97) or a reason code (BT-98).",
    "Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98).\n\n**Checks** one of the two elements exists.\n\n**Fix:** add the reason (e.g. \"Discount\") or a UNTDID 5189 code (e.g. 95).\n\n**UBL:** `cbc:AllowanceChargeReason`, `cbc:AllowanceChargeReasonCode`. **CII:** `ram:Reason`, `ram:ReasonCode`.");
fn br_33(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, false, AcPart::Reason)
}

rule!(BR_36, Br36, FATAL, FATAL, &["BG-21", "BT-99"], br_36,
    "Give the amount (BT-99) of every document level charge.",
    "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).\n\n**Checks** the amount element exists.\n\n**Fix:** state the charge amount without VAT.\n\n**UBL:** `/Invoice/cac:AllowanceCharge[cbc:ChargeIndicator = true()]/cbc:Amount`. **CII:** the header `ram:SpecifiedTradeAllowanceCharge` whose indicator is `true`, `ram:ActualAmount`.");
fn br_36(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, true, AcPart::Amount)
}

rule!(BR_37, Br37, FATAL, FATAL, &["BG-21", "BT-102"], br_37,
    "Give the VAT category code (BT-102) of every document level charge, in a tax category of the VAT scheme.",
    "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).\n\n**Checks** a VAT category with a code exists; a category of another tax scheme does not count.\n\n**Fix:** add the VAT category the charge is taxed with.\n\n**UBL:** `cac:TaxCategory[cac:TaxScheme/cbc:ID = 'VAT']/cbc:ID`. **CII:** `ram:CategoryTradeTax[upper-case(ram:TypeCode) = 'VAT']/ram:CategoryCode`.");
fn br_37(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, true, AcPart::VatCategory)
}

rule!(BR_38, Br38, FATAL, FATAL, &["BG-21", "BT-104", "BT-105"], br_38,
    "Say what the document level charge is for: a reason text (BT-104) or a reason code (BT-105).",
    "Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105).\n\n**Checks** one of the two elements exists.\n\n**Fix:** add the reason (e.g. \"Freight\") or a UNTDID 7161 code (e.g. FC).\n\n**UBL:** `cbc:AllowanceChargeReason`, `cbc:AllowanceChargeReasonCode`. **CII:** `ram:Reason`, `ram:ReasonCode`.");
fn br_38(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, false, true, AcPart::Reason)
}

rule!(BR_41, Br41, FATAL, FATAL, &["BG-27", "BT-136"], br_41,
    "Give the amount (BT-136) of every invoice line allowance.",
    "Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).\n\n**Checks** the amount element exists.\n\n**Fix:** state the allowance amount without VAT.\n\n**UBL:** `cac:InvoiceLine/cac:AllowanceCharge[cbc:ChargeIndicator = false()]/cbc:Amount`. **CII:** `ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge` with indicator `false`, `ram:ActualAmount`.");
fn br_41(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, true, false, AcPart::Amount)
}

rule!(BR_42, Br42, FATAL, FATAL, &["BG-27", "BT-139", "BT-140"], br_42,
    "Say why the line allowance is granted: a reason text (BT-139) or a reason code (BT-140).",
    "Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140).\n\n**Checks** one of the two elements exists.\n\n**Fix:** add the reason text or a UNTDID 5189 code.\n\n**UBL:** `cbc:AllowanceChargeReason`, `cbc:AllowanceChargeReasonCode`. **CII:** `ram:Reason`, `ram:ReasonCode`.");
fn br_42(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, true, false, AcPart::Reason)
}

rule!(BR_43, Br43, FATAL, FATAL, &["BG-28", "BT-141"], br_43,
    "Give the amount (BT-141) of every invoice line charge.",
    "Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).\n\n**Checks** the amount element exists.\n\n**Fix:** state the charge amount without VAT.\n\n**UBL:** `cac:InvoiceLine/cac:AllowanceCharge[cbc:ChargeIndicator = true()]/cbc:Amount`. **CII:** line `ram:SpecifiedTradeAllowanceCharge` with indicator `true`, `ram:ActualAmount`.");
fn br_43(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, true, true, AcPart::Amount)
}

rule!(BR_44, Br44, FATAL, FATAL, &["BG-28", "BT-144", "BT-145"], br_44,
    "Say what the line charge is for: a reason text (BT-144) or a reason code (BT-145).",
    "Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145).\n\n**Checks** one of the two elements exists.\n\n**Fix:** add the reason text or a UNTDID 7161 code.\n\n**UBL:** `cbc:AllowanceChargeReason`, `cbc:AllowanceChargeReasonCode`. **CII:** `ram:Reason`, `ram:ReasonCode`.");
fn br_44(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_rule(c, o, true, true, AcPart::Reason)
}

/// A VAT breakdown's category code for messages.
fn breakdown_name(ctx: &Ctx<'_, '_>, vat: Node<'_>) -> String {
    let code = if ctx.is_ubl() {
        ubl_vat_categories(vat)
            .find_map(|c| kid(c, CBC, sym::ID))
            .map(text)
    } else {
        kid(vat, RAM, sym::CategoryCode).map(text)
    };
    match code {
        Some(c) if !c.is_empty() => format!("the VAT breakdown (BG-23) of category {}", quote(&c)),
        _ => "a VAT breakdown (BG-23)".to_string(),
    }
}

/// Reports each VAT breakdown that has no `ubl` / `cii` child.
fn vat_child_rule(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, ubl: u16, cii: u16, missing: &str) {
    vat_breakdowns(ctx, &mut |vat| {
        let present = if ctx.is_ubl() {
            kid(vat, CBC, ubl).is_some()
        } else {
            kid(vat, RAM, cii).is_some()
        };
        if !present {
            out.at(
                vat,
                format!("{} has no {missing}", breakdown_name(ctx, vat)),
            );
        }
    });
}

rule!(BR_45, Br45, FATAL, FATAL, &["BG-23", "BT-116"], br_45,
    "Give the taxable amount (BT-116) in every VAT breakdown.",
    "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).\n\n**Checks** the element exists.\n\n**Fix:** state the sum of the net amounts taxed with this category and rate.\n\n**UBL:** `cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount` (also in a line's `cac:TaxTotal`, which the official context matches too). **CII:** `ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:BasisAmount`; breakdowns of category L, M or O with type code VAT are judged by their own category rules in the official CII Schematron and not here.");
fn br_45(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    vat_child_rule(
        c,
        o,
        sym::TaxableAmount,
        sym::BasisAmount,
        "taxable amount (BT-116)",
    )
}

rule!(BR_46, Br46, FATAL, FATAL, &["BG-23", "BT-117"], br_46,
    "Give the VAT amount (BT-117) in every VAT breakdown.",
    "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).\n\n**Checks** the element exists.\n\n**Fix:** state the VAT amount of this category (taxable amount × rate).\n\n**UBL:** `cac:TaxSubtotal/cbc:TaxAmount`. **CII:** `ram:ApplicableTradeTax/ram:CalculatedAmount` (not for L, M, O breakdowns; see BR-45).");
fn br_46(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    vat_child_rule(
        c,
        o,
        sym::TaxAmount,
        sym::CalculatedAmount,
        "VAT amount (BT-117)",
    )
}

rule!(BR_47, Br47, FATAL, FATAL, &["BG-23", "BT-118"], br_47,
    "Give the VAT category code (BT-118) in every VAT breakdown, in a tax category of the VAT scheme.",
    "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).\n\n**Checks** a VAT category code exists; a category of another tax scheme does not count.\n\n**Fix:** add the category code (S, Z, E, AE, K, G, O, L, M).\n\n**UBL:** `cac:TaxSubtotal/cac:TaxCategory[cac:TaxScheme/cbc:ID = 'VAT']/cbc:ID`. **CII:** `ram:ApplicableTradeTax[upper-case(ram:TypeCode) = 'VAT']/ram:CategoryCode`.");

fn br_47(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    vat_breakdowns(ctx, &mut |vat| {
        let present = if ctx.is_ubl() {
            ubl_vat_categories(vat).any(|c| kid(c, CBC, sym::ID).is_some())
        } else {
            cii_vat_type(vat) && kid(vat, RAM, sym::CategoryCode).is_some()
        };
        if !present {
            out.at(
                vat,
                "a VAT breakdown (BG-23) has no VAT category code (BT-118) of the VAT scheme",
            );
        }
    });
}

rule!(BR_48, Br48, FATAL, FATAL, &["BG-23", "BT-119", "BT-118"], br_48,
    "Give the VAT rate (BT-119) in every VAT breakdown, unless its category is O (not subject to VAT).",
    "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.\n\n**Checks** a VAT rate exists, or the VAT category code is `O`.\n\n**Fix:** add the rate (0 for exempt or zero-rated categories).\n\n**UBL:** `cac:TaxCategory[VAT]/cbc:Percent`, or `cbc:ID` `O` (normalized). **CII:** `ram:ApplicableTradeTax[upper-case(ram:TypeCode) = 'VAT']/ram:RateApplicablePercent` or category code exactly `O`.");

fn br_48(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    vat_breakdowns(ctx, &mut |vat| {
        let ok = if ctx.is_ubl() {
            ubl_vat_categories(vat).any(|c| kid(c, CBC, sym::Percent).is_some())
                || ubl_vat_categories(vat)
                    .any(|c| kid(c, CBC, sym::ID).is_some_and(|id| text(id) == "O"))
        } else {
            cii_vat_type(vat)
                && (kid(vat, RAM, sym::RateApplicablePercent).is_some()
                    || kids(vat, RAM, sym::CategoryCode).any(|c| string_value(c) == "O"))
        };
        if !ok {
            out.at(
                vat,
                format!("{} has no VAT rate (BT-119)", breakdown_name(ctx, vat)),
            );
        }
    });
}

rule!(BR_49, Br49, FATAL, FATAL, &["BG-16", "BT-81"], br_49,
    "Give the payment means type code (BT-81), e.g. 58 for a SEPA credit transfer.",
    "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).\n\n**Checks** each payment means has a type code element.\n\n**Fix:** add the UNTDID 4461 code (30 credit transfer, 58 SEPA credit transfer, 59 SEPA direct debit, 48 card, ...).\n\n**UBL:** `cac:PaymentMeans/cbc:PaymentMeansCode`. **CII:** `ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`.");

fn br_49(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for p in &ctx.inv.payments {
        if !p.has(Bt::Bt81) {
            out.at(
                p.node,
                "a payment instruction (BG-16) has no payment means type code (BT-81)",
            );
        }
    }
}

/// The payment means whose type code is literally `30` or `58` (the official
/// context predicate compares the string without normalizing it).
fn credit_transfer_accounts<'a>(ctx: &Ctx<'_, 'a>, f: &mut dyn FnMut(Node<'a>, Cow<'a, str>)) {
    let (code, account) = if ctx.is_ubl() {
        (
            (CBC, sym::PaymentMeansCode),
            (CAC, sym::PayeeFinancialAccount),
        )
    } else {
        (
            (RAM, sym::TypeCode),
            (RAM, sym::PayeePartyCreditorFinancialAccount),
        )
    };
    for p in &ctx.inv.payments {
        let Some(c) = kids(p.node, code.0, code.1)
            .map(string_value)
            .find(|c| c == "30" || c == "58")
        else {
            continue;
        };
        for a in kids(p.node, account.0, account.1) {
            f(a, c.clone());
        }
    }
}

rule!(BR_50, Br50, FATAL, FATAL, &["BG-17", "BT-84"], br_50,
    "Give the account (IBAN) to transfer to (BT-84) in the credit transfer account.",
    "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.\n\n**Checks** each payee account of a payment means with type code 30 or 58 has a non-empty account identifier.\n\n**Fix:** fill in the IBAN (or another account number for code 30).\n\n**UBL:** `cac:PaymentMeans[cbc:PaymentMeansCode = '30' or '58']/cac:PayeeFinancialAccount/cbc:ID`. **CII:** `ram:PayeePartyCreditorFinancialAccount` with `ram:IBANID` or `ram:ProprietaryID`. The type code is compared exactly as written.");

fn br_50(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    credit_transfer_accounts(ctx, &mut |acc, code| {
        let ok = if ctx.is_ubl() {
            !text_at(acc, &[(CBC, sym::ID)]).is_empty()
        } else {
            !text_at(acc, &[(RAM, sym::IBANID)]).is_empty()
                || !text_at(acc, &[(RAM, sym::ProprietaryID)]).is_empty()
        };
        if !ok {
            out.at(acc, format!("the credit transfer account of payment means {} has no account identifier (BT-84), or it is empty", quote(&code)));
        }
    });
}

rule!(BR_51, Br51, WARNING, FATAL, &["BG-18", "BT-87"], br_51,
    "Give only the last 4 to 6 digits of the payment card number (BT-87), never the full number.",
    "In accordance with card payments security standards an invoice should never include a full card primary account number (BT-87); at the moment PCI Security Standards Council has defined that the first 6 digits and last 4 digits are the maximum number of digits to be shown.\n\n**Checks** the card number has at most 10 characters after whitespace normalization.\n\n**Fix:** mask the card number; give only its last digits.\n\n**UBL** (warning): `cac:PaymentMeans/cac:CardAccount/cbc:PrimaryAccountNumberID`. **CII** (fatal): `ram:ApplicableTradeSettlementFinancialCard/ram:ID`.");

fn br_51(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for p in &ctx.inv.payments {
        if ctx.is_ubl() {
            for pan in p.all(Bt::Bt87) {
                let n = pan.text().chars().count();
                if n > 10 {
                    out.at(pan.node, format!("the payment card number (BT-87) has {n} characters; at most 10 may be shown"));
                }
            }
        } else {
            for card in p.all(Bt::Bg18).map(|t| t.node) {
                let n = text_at(card, &[(RAM, sym::ID)]).chars().count();
                if n > 10 {
                    out.at(card, format!("the payment card number (BT-87) has {n} characters; at most 10 may be shown"));
                }
            }
        }
    }
}

rule!(BR_52, Br52, FATAL, FATAL, &["BG-24", "BT-122"], br_52,
    "Give every referenced supporting document its reference (BT-122).",
    "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).\n\n**Checks** the reference is not empty (after whitespace normalization), for every document reference, including an invoiced object reference (type code 130).\n\n**Fix:** add the document's number or name as reference.\n\n**UBL:** `cac:AdditionalDocumentReference/cbc:ID`. **CII:** every `ram:AdditionalReferencedDocument` anywhere (header and line), `ram:IssuerAssignedID`.");

fn br_52(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let mut check = |doc: Node<'_>, id: (&'static str, u16)| {
        if text_at(doc, &[id]).is_empty() {
            out.at(doc, "a supporting document reference (BG-24) has no document reference (BT-122), or it is empty");
        }
    };
    if ctx.is_ubl() {
        // The UBL 2.1 Invoice and CreditNote schemas place cac:AdditionalDocumentReference
        // only directly below the root.
        for doc in kids(ctx.root(), CAC, sym::AdditionalDocumentReference) {
            check(doc, (CBC, sym::ID));
        }
    } else {
        // `//ram:AdditionalReferencedDocument`: header agreement, line agreement and
        // line settlement all carry one, so the whole document is searched.
        for doc in anywhere(ctx, RAM, sym::AdditionalReferencedDocument) {
            check(doc, (RAM, sym::IssuerAssignedID));
        }
    }
}

rule!(BR_53, Br53, FATAL, FATAL, &["BT-6", "BT-111"], br_53,
    "When a VAT accounting currency (BT-6) is given, also give the total VAT amount in that currency (BT-111).",
    "If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.\n\n**Checks** a VAT total amount exists whose `currencyID` equals the VAT accounting currency code exactly.\n\n**Fix:** add a second tax total in the accounting currency, or remove BT-6.\n\n**UBL:** for each `cbc:TaxCurrencyCode`, some `cac:TaxTotal/cbc:TaxAmount` anywhere has that `currencyID`. **CII:** judged on each `ram:SpecifiedTradeSettlementHeaderMonetarySummation`: some `ram:TaxTotalAmount` has the tax currency as `currencyID`; also fails when the tax currency equals the invoice currency (BT-5).");

fn br_53(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let tax_currencies: Vec<Cow<'_, str>> = ctx.inv.header.all(Bt::Bt6).map(|t| t.raw()).collect();
    if tax_currencies.is_empty() {
        return;
    }
    if ctx.is_ubl() {
        // `//cac:TaxTotal/cbc:TaxAmount`: any tax total, also a line's.
        let mut seen: Vec<&str> = Vec::new();
        for total in anywhere(ctx, CAC, sym::TaxTotal) {
            seen.extend(kids(total, CBC, sym::TaxAmount).filter_map(|a| a.attribute("currencyID")));
        }
        for tc in &tax_currencies {
            if !seen.iter().any(|c| *c == tc.as_ref()) {
                out.at(ctx.root(), format!("the VAT accounting currency (BT-6) is {} but no VAT total amount (BT-111) is given in it", quote(tc)));
            }
        }
        return;
    }
    let invoice_currencies: Vec<Cow<'_, str>> =
        ctx.inv.header.all(Bt::Bt5).map(|t| t.raw()).collect();
    let same = any_equal(&tax_currencies, &invoice_currencies);
    for summation in totals(ctx) {
        if let Some(c) = &same {
            out.at(summation, format!("the VAT accounting currency (BT-6) {} is the invoice currency (BT-5); give BT-6 only for a different currency", quote(c)));
            continue;
        }
        let found = kids(summation, RAM, sym::TaxTotalAmount)
            .filter_map(|a| a.attribute("currencyID"))
            .any(|c| tax_currencies.iter().any(|t| t == c));
        if !found {
            out.at(summation, format!("the VAT accounting currency (BT-6) is {} but no VAT total amount (BT-111) is given in it", quote(&tax_currencies[0])));
        }
    }
}

rule!(BR_54, Br54, FATAL, FATAL, &["BG-32", "BT-160", "BT-161"], br_54,
    "Give both the name (BT-160) and the value (BT-161) of every item attribute.",
    "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).\n\n**Checks** both elements exist.\n\n**Fix:** complete the attribute (e.g. name \"Colour\", value \"Black\") or remove it.\n\n**UBL:** `cac:AdditionalItemProperty` with `cbc:Name` and `cbc:Value`. **CII:** `ram:ApplicableProductCharacteristic` with `ram:Description` and `ram:Value`.");

fn br_54(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for (i, line) in ctx.inv.lines.iter().enumerate() {
        for a in &line.attributes {
            match (a.has(Bt::Bt160), a.has(Bt::Bt161)) {
                (true, true) => {}
                (false, true) => out.at(
                    a.node,
                    format!(
                        "an item attribute of {} has a value but no name (BT-160)",
                        line_name(line, i)
                    ),
                ),
                (true, false) => out.at(
                    a.node,
                    format!(
                        "the item attribute {} of {} has no value (BT-161)",
                        quote(&a.text(Bt::Bt160)),
                        line_name(line, i)
                    ),
                ),
                (false, false) => out.at(
                    a.node,
                    format!(
                        "an item attribute of {} has neither name (BT-160) nor value (BT-161)",
                        line_name(line, i)
                    ),
                ),
            }
        }
    }
}

rule!(BR_55, Br55, FATAL, FATAL, &["BG-3", "BT-25"], br_55,
    "Give the number of the preceding invoice (BT-25) in every preceding invoice reference.",
    "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).\n\n**Checks** the reference exists (UBL) or is not empty (CII).\n\n**Fix:** add the number of the invoice this document corrects or credits.\n\n**UBL:** every `cac:BillingReference` (also a line's) needs `cac:InvoiceDocumentReference/cbc:ID`. **CII:** `ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID`, not empty.");

fn br_55(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    const MSG: &str =
        "a preceding invoice reference (BG-3) has no preceding invoice number (BT-25)";
    if ctx.is_ubl() {
        // `cac:BillingReference` matches anywhere; UBL also allows it in a line.
        let mut check = |r: Node<'_>| {
            if first(r, &[(CAC, sym::InvoiceDocumentReference), (CBC, sym::ID)]).is_none() {
                out.at(r, MSG);
            }
        };
        for r in &ctx.inv.preceding {
            check(r.node);
        }
        for line in &ctx.inv.lines {
            kids(line.terms.node, CAC, sym::BillingReference).for_each(&mut check);
        }
        return;
    }
    for r in &ctx.inv.preceding {
        if text_at(r.node, &[(RAM, sym::IssuerAssignedID)]).is_empty() {
            out.at(r.node, MSG);
        }
    }
}

rule!(BR_56, Br56, FATAL, FATAL, &["BG-11", "BT-63"], br_56,
    "Give the VAT identifier of the seller tax representative (BT-63).",
    "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).\n\n**Checks** the VAT identifier exists (UBL) or is not empty (CII).\n\n**Fix:** add the tax representative's VAT number with country prefix.\n\n**UBL:** `cac:TaxRepresentativeParty/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID`. **CII:** `ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']` (scheme exactly `VA`).");

fn br_56(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for party in tax_representatives(ctx) {
        let ok = if ctx.is_ubl() {
            kids(party, CAC, sym::PartyTaxScheme)
                .any(|s| ubl_vat_scheme(s) && kid(s, CBC, sym::CompanyID).is_some())
        } else {
            let mut v = Cow::Borrowed("");
            let mut found = false;
            each(
                party,
                &[(RAM, sym::SpecifiedTaxRegistration), (RAM, sym::ID)],
                &mut |id| {
                    if !found && id.attribute("schemeID") == Some("VA") {
                        found = true;
                        v = text(id);
                    }
                },
            );
            !v.is_empty()
        };
        if !ok {
            out.at(
                party,
                "the seller tax representative (BG-11) has no VAT identifier (BT-63)",
            );
        }
    }
}

rule!(BR_57, Br57, FATAL, FATAL, &["BG-15", "BT-80"], br_57,
    "Put the ISO 3166-1 alpha-2 country code (e.g. DE) in the deliver-to address (BT-80).",
    "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).\n\n**Checks** a deliver-to address has a country code.\n\n**Fix:** add the country code, or remove the incomplete address.\n\n**UBL:** `cac:Delivery/cac:DeliveryLocation/cac:Address` needs `cac:Country/cbc:IdentificationCode` (existence; also a line's delivery). **CII:** judged on `ram:ApplicableHeaderTradeDelivery`: when `ram:ShipToTradeParty/ram:PostalTradeAddress` exists its `ram:CountryID` must not be empty.");

fn br_57(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    const MSG: &str = "the deliver-to address (BG-15) has no country code (BT-80)";
    if ctx.is_ubl() {
        let mut check = |addr: Node<'_>| {
            if first(addr, &[(CAC, sym::Country), (CBC, sym::IdentificationCode)]).is_none() {
                out.at(addr, MSG);
            }
        };
        for addr in ctx.inv.header.all(Bt::Bg15) {
            check(addr.node);
        }
        // `cac:Delivery/...` matches anywhere; UBL also allows a delivery in a line.
        for line in &ctx.inv.lines {
            each(
                line.terms.node,
                &[
                    (CAC, sym::Delivery),
                    (CAC, sym::DeliveryLocation),
                    (CAC, sym::Address),
                ],
                &mut check,
            );
        }
        return;
    }
    for delivery in ctx.inv.header.all(Bt::Bg13).map(|t| t.node) {
        let address: &[Step] = &[(RAM, sym::ShipToTradeParty), (RAM, sym::PostalTradeAddress)];
        if first(delivery, address).is_some()
            && text_at(delivery, &[address[0], address[1], (RAM, sym::CountryID)]).is_empty()
        {
            out.at(delivery, MSG);
        }
    }
}

rule!(BR_61, Br61, FATAL, FATAL, &["BG-16", "BT-81", "BT-84"], br_61,
    "For payment by credit transfer (code 30 or 58) give the payee's account identifier (BT-84), e.g. the IBAN.",
    "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.\n\n**Checks** credit transfer payment means (codes 30, 58) name the account to pay to.\n\n**Fix:** add the IBAN (58) or account number (30).\n\n**UBL:** judged on each `cac:PaymentMeans`: with `normalize-space(cbc:PaymentMeansCode)` 30 or 58 a `cac:PayeeFinancialAccount/cbc:ID` must exist. **CII:** judged on each `ram:PayeePartyCreditorFinancialAccount` of a payment means with type code exactly 30 or 58: it needs `ram:IBANID` or `ram:ProprietaryID`; in CII a missing account does not fail this rule.");

fn br_61(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        for p in &ctx.inv.payments {
            let code = p.text(Bt::Bt81);
            if (code == "30" || code == "58") && !p.has(Bt::Bt84) {
                out.at(p.node, format!("payment means {} is a credit transfer but has no payment account identifier (BT-84)", quote(&code)));
            }
        }
        return;
    }
    credit_transfer_accounts(ctx, &mut |acc, code| {
        if kid(acc, RAM, sym::IBANID).is_none() && kid(acc, RAM, sym::ProprietaryID).is_none() {
            out.at(acc, format!("payment means {} is a credit transfer but its account has no IBAN or account number (BT-84)", quote(&code)));
        }
    });
}

/// BR-62 / BR-63: the electronic address scheme. UBL judges each `cbc:EndpointID`
/// of the party (existence of `@schemeID`); CII judges the document: when the
/// party has a `ram:URIUniversalCommunication`, the `@schemeID` of the first
/// one's `ram:URIID` must not be empty.
fn endpoint_scheme(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    party: Bt,
    address: Bt,
    who: &str,
    bt: &str,
) {
    if ctx.is_ubl() {
        for e in ctx.inv.header.all(address) {
            if e.node.attribute("schemeID").is_none() {
                out.at(e.node, format!("the {who} electronic address (BT-{bt}) {} has no scheme identifier (BT-{bt}-1)", quote(&e.text())));
            }
        }
        return;
    }
    let parties: Vec<Node<'_>> = ctx.inv.header.all(party).map(|t| t.node).collect();
    if !parties
        .iter()
        .any(|p| kid(*p, RAM, sym::URIUniversalCommunication).is_some())
    {
        return;
    }
    let uri = parties
        .iter()
        .filter_map(|p| kid(*p, RAM, sym::URIUniversalCommunication))
        .find_map(|u| kid(u, RAM, sym::URIID));
    if attr_text(uri, "schemeID").is_empty() {
        out.at(
            ctx.root(),
            format!("the {who} electronic address (BT-{bt}) has no scheme identifier (BT-{bt}-1)"),
        );
    }
}

rule!(BR_62, Br62, FATAL, FATAL, &["BT-34", "BT-34-1"], br_62,
    "Give the scheme of the seller's electronic address (BT-34-1), e.g. schemeID=\"EM\" for an e-mail address or \"0204\" for a Leitweg-ID.",
    "The Seller electronic address (BT-34) shall have a Scheme identifier.\n\n**Checks** the electronic address carries its scheme (EAS code list).\n\n**Fix:** add the `schemeID` attribute.\n\n**UBL:** each `cac:AccountingSupplierParty/cac:Party/cbc:EndpointID` needs `@schemeID` (may not be missing). **CII:** judged on the document: if the seller has a `ram:URIUniversalCommunication`, the first one's `ram:URIID/@schemeID` must not be empty.");
fn br_62(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    endpoint_scheme(c, o, Bt::Bg4, Bt::Bt34, "seller", "34")
}

rule!(BR_63, Br63, FATAL, FATAL, &["BT-49", "BT-49-1"], br_63,
    "Give the scheme of the buyer's electronic address (BT-49-1), e.g. schemeID=\"0204\" for a Leitweg-ID.",
    "The Buyer electronic address (BT-49) shall have a Scheme identifier.\n\n**Checks** the electronic address carries its scheme (EAS code list).\n\n**Fix:** add the `schemeID` attribute.\n\n**UBL:** each `cac:AccountingCustomerParty/cac:Party/cbc:EndpointID` needs `@schemeID`. **CII:** judged on the document: if the buyer has a `ram:URIUniversalCommunication`, the first one's `ram:URIID/@schemeID` must not be empty.");
fn br_63(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    endpoint_scheme(c, o, Bt::Bg7, Bt::Bt49, "buyer", "49")
}

rule!(BR_64, Br64, FATAL, FATAL, &["BT-157", "BT-157-1"], br_64,
    "Give the scheme of the item's standard identifier (BT-157-1), e.g. schemeID=\"0160\" for a GTIN.",
    "The Item standard identifier (BT-157) shall have a Scheme identifier.\n\n**Checks** the standard identifier carries its scheme (ISO 6523 ICD list).\n\n**Fix:** add the `schemeID` attribute.\n\n**UBL:** each `cac:Item/cac:StandardItemIdentification/cbc:ID` needs `@schemeID`. **CII:** judged on the line: if `ram:SpecifiedTradeProduct/ram:GlobalID` exists, its `@schemeID` must not be empty.");

fn br_64(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for (i, line) in ctx.inv.lines.iter().enumerate() {
        if ctx.is_ubl() {
            for id in line.terms.all(Bt::Bt157) {
                if id.node.attribute("schemeID").is_none() {
                    out.at(id.node, format!("the item standard identifier (BT-157) {} of {} has no scheme identifier (BT-157-1)", quote(&id.text()), line_name(line, i)));
                }
            }
            continue;
        }
        let Some(id) = line.terms.get(Bt::Bt157) else {
            continue;
        };
        if attr_text(Some(id.node), "schemeID").is_empty() {
            out.at(line.terms.node, format!("the item standard identifier (BT-157) {} of {} has no scheme identifier (BT-157-1)", quote(&id.text()), line_name(line, i)));
        }
    }
}

rule!(BR_65, Br65, FATAL, FATAL, &["BT-158", "BT-158-1"], br_65,
    "Give the scheme of the item classification (BT-158-1) as listID, e.g. listID=\"STI\" (UNSPSC) or \"TSP\" (CPV).",
    "The Item classification identifier (BT-158) shall have a Scheme identifier.\n\n**Checks** the classification code carries its list (UNTDID 7143).\n\n**Fix:** add the `listID` attribute.\n\n**UBL:** each `cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode` needs `@listID`. **CII:** judged on each `ram:DesignatedProductClassification` with a `ram:ClassCode`: its `@listID` must not be empty.");

fn br_65(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for (i, line) in ctx.inv.lines.iter().enumerate() {
        for code in line.terms.all(Bt::Bt158) {
            let bad = if ctx.is_ubl() {
                code.node.attribute("listID").is_none()
            } else {
                attr_text(Some(code.node), "listID").is_empty()
            };
            if !bad {
                continue;
            }
            // In CII the rule is judged on the classification element around the code.
            let at = if ctx.is_ubl() {
                code.node
            } else {
                code.node.parent().unwrap_or(code.node)
            };
            out.at(
                at,
                format!(
                    "the item classification (BT-158) {} of {} has no scheme identifier (BT-158-1)",
                    quote(&code.text()),
                    line_name(line, i)
                ),
            );
        }
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_01, &BR_02, &BR_03, &BR_04, &BR_05, &BR_06, &BR_07, &BR_08, &BR_09, &BR_10, &BR_11, &BR_12,
    &BR_13, &BR_14, &BR_15, &BR_16, &BR_17, &BR_18, &BR_19, &BR_20, &BR_21, &BR_22, &BR_23, &BR_24,
    &BR_25, &BR_26, &BR_27, &BR_28, &BR_29, &BR_30, &BR_31, &BR_32, &BR_33, &BR_36, &BR_37, &BR_38,
    &BR_41, &BR_42, &BR_43, &BR_44, &BR_45, &BR_46, &BR_47, &BR_48, &BR_49, &BR_50, &BR_51, &BR_52,
    &BR_53, &BR_54, &BR_55, &BR_56, &BR_57, &BR_61, &BR_62, &BR_63, &BR_64, &BR_65,
];
