//! BR-AG-01 … BR-AG-10: VAT category M (IPSI, tax for production, services and importation in Ceuta and Melilla).
//!
//! Shares the shapes of [`super`]; like S the breakdown is judged per rate,
//! and the rate may be 0. The CII test of BR-AG-09 is `true()`: it never
//! fires in CII.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::M;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::TaxVat;

vat_rule!(BR_AG_01, BrAg01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category M, or remove category M where it does not apply.",
    "An invoice line, document level allowance or charge of category `M` (IPSI (Ceuta and Melilla)) requires a VAT breakdown group (BG-23) of category `M`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, M, Ubl01::UsedIffListedExact { listed_vat: true }, Cii01::Paired));
vat_rule!(BR_AG_02, BrAg02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `M` (IPSI (Ceuta and Melilla)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, M, Which::Line, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_AG_03, BrAg03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `M` (IPSI (Ceuta and Melilla)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, M, Which::Allowance, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_AG_04, BrAg04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or tax registration identifier (BT-32), or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `M` (IPSI (Ceuta and Melilla)) requires the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, M, Which::Charge, Party::SellerAny, UblGuard::default()));
vat_rule!(BR_AG_05, BrAg05, FATAL, FATAL, &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category M: it shall be 0 or greater.",
    "In an invoice line of category `M` (IPSI (Ceuta and Melilla)) the VAT rate shall be 0 or greater.",
    |c, o| rate(c, o, M, Which::Line, Rate::NonNegative, Rate::NonNegative));
vat_rule!(BR_AG_06, BrAg06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category M: it shall be 0 or greater.",
    "In a document level allowance of category `M` (IPSI (Ceuta and Melilla)) the VAT rate shall be 0 or greater.",
    |c, o| rate(c, o, M, Which::Allowance, Rate::NonNegative, Rate::NonNegative));
vat_rule!(BR_AG_07, BrAg07, FATAL, FATAL, &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category M: it shall be 0 or greater.",
    "In a document level charge of category `M` (IPSI (Ceuta and Melilla)) the VAT rate shall be 0 or greater.",
    |c, o| rate(c, o, M, Which::Charge, Rate::NonNegative, Rate::NonNegative));
vat_rule!(BR_AG_08, BrAg08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of each M breakdown to the M line net amounts of that rate plus M charges minus M allowances of that rate.",
    "For each rate of category `M`, the VAT category taxable amount (BT-116) equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category M and that rate.\n\nUBL accepts a difference below 1; CII requires equality with the sums rounded to 2 decimals, each rounded separately.",
    |c, o| taxable(c, o, M, Taxable::PerRate { need_use: false }, CII));
vat_rule!(BR_AG_09, BrAg09, FATAL, FATAL, &["BT-116", "BT-117", "BT-119"],
    "Set the VAT amount of the M breakdown to taxable amount × rate, rounded to 2 decimals.",
    "The VAT category tax amount (BT-117) of a breakdown of category `M` equals the taxable amount (BT-116) × the rate (BT-119), rounded to 2 decimals; a difference below 1 is accepted.\n\nThe CII test of this rule is `true()`: it never fires in CII.",
    |c, o| tax_amount(c, o, M, TaxAmount::Computed, TaxAmount::Nothing, CII));
vat_rule!(BR_AG_10, BrAg10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Remove the exemption reason (BT-120/BT-121) from the M breakdown.",
    "A VAT breakdown of category `M` (IPSI (Ceuta and Melilla)) shall not have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, M, false, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_AG_01, &BR_AG_02, &BR_AG_03, &BR_AG_04, &BR_AG_05, &BR_AG_06, &BR_AG_07, &BR_AG_08,
    &BR_AG_09, &BR_AG_10,
];
