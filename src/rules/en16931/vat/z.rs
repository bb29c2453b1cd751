//! BR-Z-01 … BR-Z-10: VAT category Z (zero rated goods).
//!
//! Shares the shapes of [`super`]: rate 0 everywhere, tax amount 0, no
//! exemption reason; the taxable amount equals the Z lines plus charges minus
//! allowances (UBL exactly, CII within 1 of the rounded sums). The CII
//! breakdown rules judge every header `ram:CategoryCode` `Z`, whatever the tax type.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::Z;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::CodeAnyType;

vat_rule!(BR_Z_01, BrZ01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category Z, or remove category Z where it does not apply.",
    "An invoice line, document level allowance or charge of category `Z` (zero rated) requires a VAT breakdown group (BG-23) of category `Z`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, Z, Ubl01::ExactlyOnce, Cii01::ExactlyOnce));
vat_rule!(BR_Z_02, BrZ02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `Z` (zero rated) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Z, Which::Line, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_Z_03, BrZ03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `Z` (zero rated) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Z, Which::Allowance, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_Z_04, BrZ04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `Z` (zero rated) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, Z, Which::Charge, Party::SellerAny, UblGuard::default()));
vat_rule!(
    BR_Z_05,
    BrZ05,
    FATAL,
    FATAL,
    &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category Z: it shall be 0.",
    "In an invoice line of category `Z` (zero rated) the VAT rate shall be 0.",
    |c, o| rate(c, o, Z, Which::Line, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_Z_06,
    BrZ06,
    FATAL,
    FATAL,
    &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category Z: it shall be 0.",
    "In a document level allowance of category `Z` (zero rated) the VAT rate shall be 0.",
    |c, o| rate(c, o, Z, Which::Allowance, Rate::Zero, Rate::Zero)
);
vat_rule!(
    BR_Z_07,
    BrZ07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category Z: it shall be 0.",
    "In a document level charge of category `Z` (zero rated) the VAT rate shall be 0.",
    |c, o| rate(c, o, Z, Which::Charge, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_Z_08, BrZ08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the Z breakdown to the Z line net amounts plus Z charges minus Z allowances.",
    "The VAT category taxable amount (BT-116) of category `Z` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category Z.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts a difference below 1.",
    |c, o| taxable(c, o, Z, Taxable::PerCode { cii_exact: false }, CII));
vat_rule!(
    BR_Z_09,
    BrZ09,
    FATAL,
    FATAL,
    &["BT-117"],
    "Set the VAT amount of the Z breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `Z` (zero rated) shall be 0.",
    |c, o| tax_amount(c, o, Z, TaxAmount::Zero, TaxAmount::Zero, CII)
);
vat_rule!(BR_Z_10, BrZ10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Remove the exemption reason (BT-120/BT-121) from the Z breakdown.",
    "A VAT breakdown of category `Z` (zero rated) shall not have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, Z, false, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_Z_01, &BR_Z_02, &BR_Z_03, &BR_Z_04, &BR_Z_05, &BR_Z_06, &BR_Z_07, &BR_Z_08, &BR_Z_09,
    &BR_Z_10,
];
