//! BR-IC-01 … BR-IC-12: VAT category K (intra-community supply of goods and services).
//!
//! BR-IC-01 … 10 use the shapes of [`super`] (rate 0, tax amount 0, exemption
//! reason required, seller and buyer VAT identifiers required). BR-IC-11 and
//! BR-IC-12 are the category's own: an intra-community supply needs the
//! delivery date or invoicing period, and the deliver-to country.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::model::{Bt, Node};
use crate::rules::ctx::OccKind;
use crate::rules::ctx::VatCode::K;
use crate::rules::{Ctx, Emit, RuleDef};

const CII: CiiBreakdown = CiiBreakdown::CodeVat;

vat_rule!(BR_IC_01, BrIc01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category K, or remove category K where it does not apply.",
    "An invoice line, document level allowance or charge of category `K` (intra-community supply) requires a VAT breakdown group (BG-23) of category `K`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, K, Ubl01::ExactlyOnce, Cii01::ExactlyOnce));
vat_rule!(BR_IC_02, BrIc02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's (BT-31) or tax representative's (BT-63) VAT identifier and the buyer's VAT identifier (BT-48).",
    "An invoice line of category `K` (intra-community supply) requires the seller's VAT identifier (BT-31) or the tax representative's (BT-63), and the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, K, Which::Line, Party::IntraCommunity, UblGuard::default()));
vat_rule!(BR_IC_03, BrIc03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's (BT-31) or tax representative's (BT-63) VAT identifier and the buyer's VAT identifier (BT-48).",
    "A document level allowance of category `K` (intra-community supply) requires the seller's VAT identifier (BT-31) or the tax representative's (BT-63), and the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, K, Which::Allowance, Party::IntraCommunity, UblGuard::default()));
vat_rule!(BR_IC_04, BrIc04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's (BT-31) or tax representative's (BT-63) VAT identifier and the buyer's VAT identifier (BT-48).",
    "A document level charge of category `K` (intra-community supply) requires the seller's VAT identifier (BT-31) or the tax representative's (BT-63), and the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, K, Which::Charge, Party::IntraCommunity, UblGuard::default()));
vat_rule!(
    BR_IC_05,
    BrIc05,
    FATAL,
    FATAL,
    &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category K: it shall be 0.",
    "In an invoice line of category `K` (intra-community supply) the VAT rate shall be 0.",
    |c, o| rate(c, o, K, Which::Line, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_IC_06, BrIc06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category K: it shall be 0.",
    "In a document level allowance of category `K` (intra-community supply) the VAT rate shall be 0.",
    |c, o| rate(c, o, K, Which::Allowance, Rate::Zero, Rate::Zero));
vat_rule!(
    BR_IC_07,
    BrIc07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category K: it shall be 0.",
    "In a document level charge of category `K` (intra-community supply) the VAT rate shall be 0.",
    |c, o| rate(c, o, K, Which::Charge, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_IC_08, BrIc08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the K breakdown to the K line net amounts plus K charges minus K allowances.",
    "The VAT category taxable amount (BT-116) of category `K` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category K.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts a difference below 1.",
    |c, o| taxable(c, o, K, Taxable::PerCode { cii_exact: false }, CII));
vat_rule!(BR_IC_09, BrIc09, FATAL, FATAL, &["BT-117"],
    "Set the VAT amount of the K breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `K` (intra-community supply) shall be 0.",
    |c, o| tax_amount(c, o, K, TaxAmount::Zero, TaxAmount::Zero, CII));
vat_rule!(BR_IC_10, BrIc10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Give the K breakdown an exemption reason text (BT-120) or code (BT-121, VATEX).",
    "A VAT breakdown of category `K` (intra-community supply) shall have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, K, true, CII));

vat_rule!(BR_IC_11, BrIc11, FATAL, FATAL, &["BT-72", "BG-14", "BT-73", "BT-74"],
    "Give the actual delivery date (BT-72) or the invoicing period (BG-14) of the intra-community supply.",
    "An invoice with a VAT breakdown of category `K` (intra-community supply) shall have the actual delivery date (BT-72) or an invoicing period (BG-14).\n\nUBL judges the document: a delivery date of more than one character, or any element in the document level `cac:InvoicePeriod`. CII judges each K breakdown: `ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString`, or a start or end date in the header `ram:BillingSpecifiedPeriod`.",
    br_ic_11);
vat_rule!(BR_IC_12, BrIc12, FATAL, FATAL, &["BT-80"],
    "Give the deliver-to country code (BT-80) of the intra-community supply.",
    "An invoice with a VAT breakdown of category `K` (intra-community supply) shall have the deliver to country code (BT-80).\n\nUBL: `cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode` (judged on the document); CII: `ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID` (judged on each K breakdown).",
    br_ic_12);

/// UBL: the K breakdown elements `cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[VAT]/cbc:ID = K` (the
/// document context of BR-IC-11/12 fires once); CII: each header K `ram:CategoryCode` with tax type VAT.
fn k_breakdowns<'a>(ctx: &Ctx<'_, 'a>) -> Vec<Node<'a>> {
    let ubl = ctx.is_ubl();
    let mut at: Vec<Node<'a>> = ctx
        .vat()
        .of(OccKind::Breakdown)
        .filter(|o| o.is(K) && o.vat && o.strict)
        .map(|o| o.code_or_node())
        .collect();
    if ubl && !at.is_empty() {
        at = vec![ctx.root()];
    }
    at
}

fn br_ic_11(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let at = k_breakdowns(ctx);
    if at.is_empty() {
        return;
    }
    let dated = if ctx.is_ubl() {
        // string-length(cac:Delivery/cbc:ActualDeliveryDate) > 1 or cac:InvoicePeriod/*
        ctx.inv
            .header
            .get(Bt::Bt72)
            .is_some_and(|d| d.raw().chars().count() > 1)
            || ctx
                .root()
                .children()
                .filter(|c| c.is_element() && c.tag_name().name() == "InvoicePeriod")
                .any(|p| p.children().any(|c| c.is_element()))
    } else {
        ctx.inv.header.has(Bt::Bt72)
    };
    for n in at {
        let period = !ctx.is_ubl()
            && n.ancestors()
                .find(|a| a.tag_name().name() == "ApplicableHeaderTradeSettlement")
                .into_iter()
                .flat_map(|s| s.children())
                .filter(|p| p.tag_name().name() == "BillingSpecifiedPeriod")
                .flat_map(|p| p.children())
                .any(|d| matches!(d.tag_name().name(), "StartDateTime" | "EndDateTime"));
        if dated || period {
            continue;
        }
        out.at(
            n,
            "intra-community supply (VAT category K) without an actual delivery date (BT-72) or invoicing period (BG-14)",
        );
    }
}

fn br_ic_12(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let at = k_breakdowns(ctx);
    if at.is_empty() {
        return;
    }
    let country = if ctx.is_ubl() {
        ctx.inv
            .header
            .get(Bt::Bt80)
            .is_some_and(|c| c.raw().chars().count() > 1)
    } else {
        ctx.inv.header.has(Bt::Bt80)
    };
    if country {
        return;
    }
    for n in at {
        out.at(
            n,
            "intra-community supply (VAT category K) without a deliver-to country code (BT-80)",
        );
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_IC_01, &BR_IC_02, &BR_IC_03, &BR_IC_04, &BR_IC_05, &BR_IC_06, &BR_IC_07, &BR_IC_08,
    &BR_IC_09, &BR_IC_10, &BR_IC_11, &BR_IC_12,
];
