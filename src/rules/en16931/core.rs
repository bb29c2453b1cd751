//! EN 16931 core rules BR-01 … BR-65: presence of mandatory terms and groups,
//! and the simple conditions on single terms.
//!
//! Where the UBL and CII bindings of a rule differ in their context, the rule
//! branches on the syntax: e.g. BR-09 is judged on each UBL seller
//! `PostalAddress`, but on the CII document root (so in CII it also fires when
//! the address is missing altogether).

use crate::model::Bt;
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

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_01, &BR_02, &BR_03, &BR_04, &BR_05, &BR_06, &BR_07, &BR_08, &BR_09, &BR_10, &BR_11, &BR_12,
    &BR_13, &BR_14, &BR_15, &BR_16,
];
