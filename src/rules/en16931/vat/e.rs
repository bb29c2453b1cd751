//! BR-E-01 … BR-E-10: VAT category E (exempt from VAT).
//!
//! Shares the shapes of [`super`]: rate 0, tax amount 0, an exemption reason
//! is required; the taxable amount equals the E lines plus charges minus
//! allowances (UBL exactly, CII within 1 of the rounded sums).

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::E;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::CodeVat;

vat_rule!(BR_E_01, BrE01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category E, or remove category E where it does not apply.",
    "An invoice line, document level allowance or charge of category `E` (exempt) requires a VAT breakdown group (BG-23) of category `E`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, E, Ubl01::ExactlyOnce, Cii01::ExactlyOnce));
vat_rule!(BR_E_02, BrE02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `E` (exempt) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, E, Which::Line, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_E_03, BrE03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `E` (exempt) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, E, Which::Allowance, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_E_04, BrE04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `E` (exempt) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, E, Which::Charge, Party::SellerAny, UblGuard::default()));
vat_rule!(
    BR_E_05,
    BrE05,
    FATAL,
    FATAL,
    &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category E: it shall be 0.",
    "In an invoice line of category `E` (exempt) the VAT rate shall be 0.",
    |c, o| rate(c, o, E, Which::Line, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_E_06,
    BrE06,
    FATAL,
    FATAL,
    &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category E: it shall be 0.",
    "In a document level allowance of category `E` (exempt) the VAT rate shall be 0.",
    |c, o| rate(c, o, E, Which::Allowance, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_E_07,
    BrE07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category E: it shall be 0.",
    "In a document level charge of category `E` (exempt) the VAT rate shall be 0.",
    |c, o| rate(c, o, E, Which::Charge, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_E_08, BrE08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the E breakdown to the E line net amounts plus E charges minus E allowances.",
    "The VAT category taxable amount (BT-116) of category `E` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category E.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts a difference below 1.",
    |c, o| taxable(c, o, E, Taxable::PerCode { cii_exact: false }, CII));
vat_rule!(
    BR_E_09,
    BrE09,
    FATAL,
    FATAL,
    &["BT-117"],
    "Set the VAT amount of the E breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `E` (exempt) shall be 0.",
    |c, o| tax_amount(c, o, E, TaxAmount::Zero, TaxAmount::Zero, CII)
);
vat_rule!(BR_E_10, BrE10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Give the E breakdown an exemption reason text (BT-120) or code (BT-121, VATEX).",
    "A VAT breakdown of category `E` (exempt) shall have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, E, true, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_E_01, &BR_E_02, &BR_E_03, &BR_E_04, &BR_E_05, &BR_E_06, &BR_E_07, &BR_E_08, &BR_E_09,
    &BR_E_10,
];
