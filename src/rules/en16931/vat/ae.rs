//! BR-AE-01 … BR-AE-10: VAT category AE (VAT reverse charge).
//!
//! Shares the shapes of [`super`]: rate 0, tax amount 0, an exemption reason
//! is required, and both the seller's and the buyer's identifiers are needed
//! (the buyer pays the VAT).

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::Ae;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::CodeVat;

vat_rule!(BR_AE_01, BrAe01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category AE, or remove category AE where it does not apply.",
    "An invoice line, document level allowance or charge of category `AE` (reverse charge) requires a VAT breakdown group (BG-23) of category `AE`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, Ae, Ubl01::ExactlyOnce, Cii01::ExactlyOnce));
vat_rule!(BR_AE_02, BrAe02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT or tax identifier (BT-31/BT-32, or BT-63) and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).",
    "An invoice line of category `AE` (reverse charge) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative's VAT identifier (BT-63), and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Ae, Which::Line, Party::ReverseCharge, UblGuard::default()));
vat_rule!(BR_AE_03, BrAe03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT or tax identifier (BT-31/BT-32, or BT-63) and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).",
    "A document level allowance of category `AE` (reverse charge) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative's VAT identifier (BT-63), and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Ae, Which::Allowance, Party::ReverseCharge, UblGuard::default()));
vat_rule!(BR_AE_04, BrAe04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT or tax identifier (BT-31/BT-32, or BT-63) and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).",
    "A document level charge of category `AE` (reverse charge) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative's VAT identifier (BT-63), and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Ae, Which::Charge, Party::ReverseCharge, UblGuard::default()));
vat_rule!(
    BR_AE_05,
    BrAe05,
    FATAL,
    FATAL,
    &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category AE: it shall be 0.",
    "In an invoice line of category `AE` (reverse charge) the VAT rate shall be 0.",
    |c, o| rate(c, o, Ae, Which::Line, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_AE_06,
    BrAe06,
    FATAL,
    FATAL,
    &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category AE: it shall be 0.",
    "In a document level allowance of category `AE` (reverse charge) the VAT rate shall be 0.",
    |c, o| rate(c, o, Ae, Which::Allowance, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_AE_07,
    BrAe07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category AE: it shall be 0.",
    "In a document level charge of category `AE` (reverse charge) the VAT rate shall be 0.",
    |c, o| rate(c, o, Ae, Which::Charge, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_AE_08, BrAe08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the AE breakdown to the AE line net amounts plus AE charges minus AE allowances.",
    "The VAT category taxable amount (BT-116) of category `AE` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category AE.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts a difference below 1.",
    |c, o| taxable(c, o, Ae, Taxable::PerCode { cii_exact: false }, CII));
vat_rule!(BR_AE_09, BrAe09, FATAL, FATAL, &["BT-117"],
    "Set the VAT amount of the AE breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `AE` (reverse charge) shall be 0.",
    |c, o| tax_amount(c, o, Ae, TaxAmount::Zero, TaxAmount::Zero, CII));
vat_rule!(BR_AE_10, BrAe10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Give the AE breakdown an exemption reason text (BT-120) or code (BT-121, VATEX).",
    "A VAT breakdown of category `AE` (reverse charge) shall have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, Ae, true, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_AE_01, &BR_AE_02, &BR_AE_03, &BR_AE_04, &BR_AE_05, &BR_AE_06, &BR_AE_07, &BR_AE_08,
    &BR_AE_09, &BR_AE_10,
];
