//! BR-O-01 … BR-O-14: VAT category O (services outside the scope of tax).
//!
//! BR-O-01 … 10 use the shapes of [`super`] (no rate at all, tax amount 0,
//! exemption reason required, and *no* VAT identifiers). BR-O-11 … 14 are the
//! category's own: an invoice with an O breakdown has no other category, in
//! the breakdown, the lines, the allowances or the charges. In CII BR-O-11 and
//! BR-O-12 have the same test (no `ram:ApplicableTradeTax` of another
//! category anywhere), as do BR-O-13 and BR-O-14 (`ram:CategoryTradeTax`).

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::model::Node;
use crate::rules::ctx::OccKind;
use crate::rules::ctx::VatCode::O;
use crate::rules::{Ctx, Emit, RuleDef};

const CII: CiiBreakdown = CiiBreakdown::TaxVat;

vat_rule!(BR_O_01, BrO01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category O, or remove category O where it does not apply.",
    "An invoice line, document level allowance or charge of category `O` (not subject to VAT) requires a VAT breakdown group (BG-23) of category `O`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, O, Ubl01::ExactlyOnce, Cii01::AtMostOnce));
vat_rule!(BR_O_02, BrO02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Remove the seller (BT-31), tax representative (BT-63) and buyer (BT-48) VAT identifiers, or use the VAT category that applies.",
    "An invoice line of category `O` (not subject to VAT) shall not carry the seller's VAT identifier (BT-31), the tax representative's VAT identifier (BT-63) or the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, O, Which::Line, Party::NoVatIds, UblGuard::default()));
vat_rule!(BR_O_03, BrO03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Remove the seller (BT-31), tax representative (BT-63) and buyer (BT-48) VAT identifiers, or use the VAT category that applies.",
    "A document level allowance of category `O` (not subject to VAT) shall not carry the seller's VAT identifier (BT-31), the tax representative's VAT identifier (BT-63) or the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC). UBL counts only allowances/charges at document level here.",
    |c, o| party_ids(c, o, O, Which::Allowance, Party::NoVatIds, UblGuard { doc_level: true, ..UblGuard::default() }));
vat_rule!(BR_O_04, BrO04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Remove the seller (BT-31), tax representative (BT-63) and buyer (BT-48) VAT identifiers, or use the VAT category that applies.",
    "A document level charge of category `O` (not subject to VAT) shall not carry the seller's VAT identifier (BT-31), the tax representative's VAT identifier (BT-63) or the buyer's VAT identifier (BT-48).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC). UBL counts only allowances/charges at document level here.",
    |c, o| party_ids(c, o, O, Which::Charge, Party::NoVatIds, UblGuard { doc_level: true, ..UblGuard::default() }));
vat_rule!(BR_O_05, BrO05, FATAL, FATAL, &["BT-151", "BT-152"],
    "Remove the VAT rate from the invoice line of category O: outside the scope of VAT there is no rate.",
    "In an invoice line of category `O` (not subject to VAT) the VAT rate shall not be given.",
    |c, o| rate(c, o, O, Which::Line, Rate::Absent, Rate::Absent));
vat_rule!(BR_O_06, BrO06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Remove the VAT rate from the document level allowance of category O: outside the scope of VAT there is no rate.",
    "In a document level allowance of category `O` (not subject to VAT) the VAT rate shall not be given.",
    |c, o| rate(c, o, O, Which::Allowance, Rate::Absent, Rate::Absent));
vat_rule!(BR_O_07, BrO07, FATAL, FATAL, &["BT-102", "BT-103"],
    "Remove the VAT rate from the document level charge of category O: outside the scope of VAT there is no rate.",
    "In a document level charge of category `O` (not subject to VAT) the VAT rate shall not be given.",
    |c, o| rate(c, o, O, Which::Charge, Rate::Absent, Rate::Absent));
vat_rule!(BR_O_08, BrO08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the O breakdown to the O line net amounts plus O charges minus O allowances.",
    "The VAT category taxable amount (BT-116) of category `O` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category O.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts equality.",
    |c, o| taxable(c, o, O, Taxable::PerCode { cii_exact: true }, CII));
vat_rule!(BR_O_09, BrO09, FATAL, FATAL, &["BT-117"],
    "Set the VAT amount of the O breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `O` (not subject to VAT) shall be 0.",
    |c, o| tax_amount(c, o, O, TaxAmount::Zero, TaxAmount::Zero, CII));
vat_rule!(BR_O_10, BrO10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Give the O breakdown an exemption reason text (BT-120) or code (BT-121, VATEX).",
    "A VAT breakdown of category `O` (not subject to VAT) shall have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, O, true, CII));

vat_rule!(BR_O_11, BrO11, FATAL, FATAL, &["BG-23", "BT-118"],
    "An invoice outside the scope of VAT has only the VAT breakdown O: remove the other breakdowns or split the invoice.",
    "An invoice with a VAT breakdown of category `O` shall not contain another VAT breakdown group (BG-23).\n\nUBL looks at the other VAT-scheme breakdowns; CII at every `ram:ApplicableTradeTax` anywhere (header and lines) with another category code.",
    br_o_11);
vat_rule!(BR_O_12, BrO12, FATAL, FATAL, &["BT-151"],
    "An invoice outside the scope of VAT has only lines of category O: change the lines' categories or split the invoice.",
    "An invoice with a VAT breakdown of category `O` shall not contain an invoice line whose VAT category (BT-151) is not `O`.\n\nIn CII the test is the same as BR-O-11's (any `ram:ApplicableTradeTax` of another category).",
    br_o_12);
vat_rule!(BR_O_13, BrO13, FATAL, FATAL, &["BT-95"],
    "An invoice outside the scope of VAT has only allowances of category O.",
    "An invoice with a VAT breakdown of category `O` shall not contain a document level allowance whose VAT category (BT-95) is not `O`.\n\nIn CII the test covers every `ram:CategoryTradeTax` (allowances and charges, also at line level).",
    br_o_13);
vat_rule!(BR_O_14, BrO14, FATAL, FATAL, &["BT-102"],
    "An invoice outside the scope of VAT has only charges of category O.",
    "An invoice with a VAT breakdown of category `O` shall not contain a document level charge whose VAT category (BT-102) is not `O`.\n\nIn CII the test is the same as BR-O-13's.",
    br_o_14);

/// Where the O rules fire: UBL the document once (when an O VAT breakdown
/// exists); CII each O header `ram:ApplicableTradeTax` with tax type VAT.
fn o_contexts<'a>(ctx: &Ctx<'_, 'a>) -> Vec<Node<'a>> {
    let mut at: Vec<Node<'a>> = ctx
        .vat()
        .of(OccKind::Breakdown)
        .filter(|o| o.is(O) && o.vat && o.strict)
        .map(|o| o.node)
        .collect();
    if ctx.is_ubl() && !at.is_empty() {
        at = vec![ctx.root()];
    }
    at
}

/// UBL: the VAT-scheme elements of `kind` whose normalized code is not O.
/// CII: the elements named `cii_name` anywhere with a `ram:CategoryCode` other than O.
fn others(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, kind: OccKind, cii_name: &str, what: &str) {
    let at = o_contexts(ctx);
    if at.is_empty() {
        return;
    }
    let ix = ctx.vat();
    let count = if ctx.is_ubl() {
        ix.of(kind)
            .filter(|o| {
                o.vat && o.norm & O.others() != 0 && (kind != OccKind::Breakdown || o.strict)
            })
            .count()
    } else {
        ix.occs
            .iter()
            .filter(|o| o.node.tag_name().name() == cii_name && o.norm & O.others() != 0)
            .count()
    };
    if count == 0 {
        return;
    }
    for n in at {
        out.at(
            n,
            format!("the invoice has a VAT breakdown O (not subject to VAT), but {count} {what} of another VAT category"),
        );
    }
}

fn br_o_11(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    others(
        ctx,
        out,
        OccKind::Breakdown,
        "ApplicableTradeTax",
        "VAT breakdown(s)/line tax(es)",
    );
}

fn br_o_12(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    others(
        ctx,
        out,
        OccKind::Line,
        "ApplicableTradeTax",
        "line(s) or VAT breakdown(s)",
    );
}

fn br_o_13(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    others(
        ctx,
        out,
        OccKind::Allowance,
        "CategoryTradeTax",
        "allowance(s)/charge(s)",
    );
}

fn br_o_14(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    others(
        ctx,
        out,
        OccKind::Charge,
        "CategoryTradeTax",
        "charge(s)/allowance(s)",
    );
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_O_01, &BR_O_02, &BR_O_03, &BR_O_04, &BR_O_05, &BR_O_06, &BR_O_07, &BR_O_08, &BR_O_09,
    &BR_O_10, &BR_O_11, &BR_O_12, &BR_O_13, &BR_O_14,
];
