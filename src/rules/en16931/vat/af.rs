//! BR-AF-01 … BR-AF-10: VAT category L (IGIC, Canary Islands general indirect tax).
//!
//! Shares the shapes of [`super`]; like S the breakdown is judged per rate.
//! The CII test of BR-AF-09 is `true()`: it never fires in CII. UBL accepts a
//! rate of 0 (`>= 0`) where CII requires a positive one.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::L;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::TaxVat;

vat_rule!(BR_AF_01, BrAf01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category L, or remove category L where it does not apply.",
    "An invoice line, document level allowance or charge of category `L` (IGIC (Canary Islands)) requires a VAT breakdown group (BG-23) of category `L`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, L, Ubl01::UsedIffListedExact { listed_vat: false }, Cii01::Paired));
vat_rule!(BR_AF_02, BrAf02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `L` (IGIC (Canary Islands)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, L, Which::Line, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_AF_03, BrAf03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `L` (IGIC (Canary Islands)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, L, Which::Allowance, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_AF_04, BrAf04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `L` (IGIC (Canary Islands)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC). UBL compares the code exactly (without normalizing spaces) on the guard side.",
    |c, o| party_ids(c, o, L, Which::Charge, Party::SellerAny, UblGuard { exact: true, ..UblGuard::default() }));
vat_rule!(BR_AF_05, BrAf05, FATAL, FATAL, &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category L: it shall be 0 or greater (in CII greater than 0).",
    "In an invoice line of category `L` (IGIC (Canary Islands)) the VAT rate shall be 0 or greater (UBL); in CII it shall be greater than 0.",
    |c, o| rate(c, o, L, Which::Line, Rate::NonNegative, Rate::Positive));
vat_rule!(BR_AF_06, BrAf06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category L: it shall be 0 or greater (in CII greater than 0).",
    "In a document level allowance of category `L` (IGIC (Canary Islands)) the VAT rate shall be 0 or greater (UBL); in CII it shall be greater than 0.",
    |c, o| rate(c, o, L, Which::Allowance, Rate::NonNegative, Rate::Positive));
vat_rule!(BR_AF_07, BrAf07, FATAL, FATAL, &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category L: it shall be 0 or greater (in CII greater than 0).",
    "In a document level charge of category `L` (IGIC (Canary Islands)) the VAT rate shall be 0 or greater (UBL); in CII it shall be greater than 0.",
    |c, o| rate(c, o, L, Which::Charge, Rate::NonNegative, Rate::Positive));
vat_rule!(BR_AF_08, BrAf08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of each L breakdown to the L line net amounts of that rate plus L charges minus L allowances of that rate.",
    "For each rate of category `L`, the VAT category taxable amount (BT-116) equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category L and that rate.\n\nUBL accepts a difference below 1; CII requires equality with the sums rounded to 2 decimals, each rounded separately.",
    |c, o| taxable(c, o, L, Taxable::PerRate { need_use: false }, CII));
vat_rule!(BR_AF_09, BrAf09, FATAL, FATAL, &["BT-116", "BT-117", "BT-119"],
    "Set the VAT amount of the L breakdown to taxable amount × rate, rounded to 2 decimals.",
    "The VAT category tax amount (BT-117) of a breakdown of category `L` equals the taxable amount (BT-116) × the rate (BT-119), rounded to 2 decimals; a difference below 1 is accepted.\n\nThe CII test of this rule is `true()`: it never fires in CII.",
    |c, o| tax_amount(c, o, L, TaxAmount::Computed, TaxAmount::Nothing, CII));
vat_rule!(BR_AF_10, BrAf10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Remove the exemption reason (BT-120/BT-121) from the L breakdown.",
    "A VAT breakdown of category `L` (IGIC (Canary Islands)) shall not have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, L, false, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_AF_01, &BR_AF_02, &BR_AF_03, &BR_AF_04, &BR_AF_05, &BR_AF_06, &BR_AF_07, &BR_AF_08,
    &BR_AF_09, &BR_AF_10,
];
