//! BR-S-01 … BR-S-10: VAT category S (standard rate).
//!
//! Shares the shapes of [`super`]; S is the category with a positive rate, so
//! the breakdown is judged per rate: its taxable amount against the lines and
//! allowances/charges of that rate (UBL within 1, CII equal to the rounded
//! sums), its tax amount against taxable amount × rate, and it has no
//! exemption reason. The CII breakdown rules judge every header
//! `ram:CategoryCode` `S`, whatever the tax type.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::S;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::CodeAnyType;

vat_rule!(BR_S_01, BrS01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category S, or remove category S from lines and allowances/charges that should not have it.",
    "A standard rated invoice line, document level allowance or charge (category `S`) requires a VAT breakdown group (BG-23) with category `S`, and a breakdown `S` requires such a use.\n\nUBL counts `cac:ClassifiedTaxCategory` and `cac:AllowanceCharge/cac:TaxCategory` against `cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory`. CII requires, for lines and for allowances/charges separately, that there is a header `ram:ApplicableTradeTax` of category S as well.",
    |c, o| listed(c, o, S, Ubl01::UsedIffListed, Cii01::Paired));
vat_rule!(BR_S_02, BrS02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `S` requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document (any seller `cac:PartyTaxScheme/cbc:CompanyID`); CII judges each line's `ram:ApplicableTradeTax` and accepts seller `ram:SpecifiedTaxRegistration/ram:ID` with `schemeID` VA or FC.",
    |c, o| party_ids(c, o, S, Which::Line, Party::SellerAny, UblGuard { any_scheme: true, ..UblGuard::default() }));
vat_rule!(BR_S_03, BrS03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `S` requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the tax representative's VAT identifier (BT-63).",
    |c, o| party_ids(c, o, S, Which::Allowance, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_S_04, BrS04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `S` requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the tax representative's VAT identifier (BT-63).",
    |c, o| party_ids(c, o, S, Which::Charge, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_S_05, BrS05, FATAL, FATAL, &["BT-151", "BT-152"],
    "Give the standard rated line a VAT rate (BT-152) greater than zero, or use the category that fits a zero rate (Z, E, ...).",
    "In an invoice line of category `S` the invoiced item VAT rate (BT-152) shall be greater than zero.",
    |c, o| rate(c, o, S, Which::Line, Rate::Positive, Rate::Positive));
vat_rule!(BR_S_06, BrS06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Give the standard rated allowance a VAT rate (BT-96) greater than zero.",
    "In a document level allowance of category `S` the VAT rate (BT-96) shall be greater than zero.",
    |c, o| rate(c, o, S, Which::Allowance, Rate::Positive, Rate::Positive));
vat_rule!(
    BR_S_07,
    BrS07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Give the standard rated charge a VAT rate (BT-103) greater than zero.",
    "In a document level charge of category `S` the VAT rate (BT-103) shall be greater than zero.",
    |c, o| rate(c, o, S, Which::Charge, Rate::Positive, Rate::Positive)
);
vat_rule!(BR_S_08, BrS08, FATAL, FATAL, &["BT-116", "BT-119", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of each S breakdown to the sum of the S line net amounts of that rate plus S charges minus S allowances of that rate.",
    "For each rate of category `S`, the VAT category taxable amount (BT-116) equals the sum of the invoice line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category S and that rate.\n\nUBL allows a difference below 1 and requires a line or allowance/charge of that rate; CII requires equality with the sums rounded to 2 decimals, each rounded separately.",
    |c, o| taxable(c, o, S, Taxable::PerRate { need_use: true }, CII));
vat_rule!(BR_S_09, BrS09, FATAL, FATAL, &["BT-116", "BT-117", "BT-119"],
    "Set the VAT amount of the S breakdown to taxable amount × rate, rounded to 2 decimals.",
    "The VAT category tax amount (BT-117) of a breakdown of category `S` equals the taxable amount (BT-116) × the rate (BT-119), rounded to 2 decimals; a difference below 1 is accepted (amounts are compared as absolute values).",
    |c, o| tax_amount(c, o, S, TaxAmount::Computed, TaxAmount::Computed, CII));
vat_rule!(BR_S_10, BrS10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Remove the exemption reason (BT-120/BT-121) from the standard rated breakdown.",
    "A VAT breakdown of category `S` shall not have a VAT exemption reason code (BT-121) or text (BT-120): standard rated supplies are not exempt.",
    |c, o| exemption(c, o, S, false, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_S_01, &BR_S_02, &BR_S_03, &BR_S_04, &BR_S_05, &BR_S_06, &BR_S_07, &BR_S_08, &BR_S_09,
    &BR_S_10,
];
