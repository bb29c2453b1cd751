//! BR-G-01 … BR-G-10: VAT category G (free export item, VAT not charged).
//!
//! Shares the shapes of [`super`]: rate 0, tax amount 0, exemption reason
//! required, and the seller's (or tax representative's) VAT identifier.

use super::{
    exemption, listed, party_ids, rate, tax_amount, taxable, vat_rule, Cii01, CiiBreakdown, Party,
    Rate, TaxAmount, Taxable, Ubl01, UblGuard, Which, FATAL,
};
use crate::rules::ctx::VatCode::G;
use crate::rules::RuleDef;

const CII: CiiBreakdown = CiiBreakdown::CodeVat;

vat_rule!(BR_G_01, BrG01, FATAL, FATAL, &["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"],
    "Add a VAT breakdown (BG-23) for category G, or remove category G where it does not apply.",
    "An invoice line, document level allowance or charge of category `G` (export outside the EU) requires a VAT breakdown group (BG-23) of category `G`, and the breakdown shall not list it without such a use.",
    |c, o| listed(c, o, G, Ubl01::ExactlyOnce, Cii01::ExactlyOnce));
vat_rule!(BR_G_02, BrG02, FATAL, FATAL, &["BT-151", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or the tax representative's VAT identifier (BT-63).",
    "An invoice line of category `G` (export outside the EU) requires the seller's VAT identifier (BT-31) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the line and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, G, Which::Line, Party::SellerVat, UblGuard::default()));
vat_rule!(BR_G_03, BrG03, FATAL, FATAL, &["BT-95", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or the tax representative's VAT identifier (BT-63).",
    "A document level allowance of category `G` (export outside the EU) requires the seller's VAT identifier (BT-31) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the allowance and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, G, Which::Allowance, Party::SellerVat, UblGuard::default()));
vat_rule!(BR_G_04, BrG04, FATAL, FATAL, &["BT-102", "BT-31", "BT-32", "BT-48", "BT-63"],
    "Give the seller's VAT identifier (BT-31) or the tax representative's VAT identifier (BT-63).",
    "A document level charge of category `G` (export outside the EU) requires the seller's VAT identifier (BT-31) or the seller tax representative's VAT identifier (BT-63).\n\nUBL judges the document once; CII judges each tax element of the charge and reads the seller's `ram:SpecifiedTaxRegistration/ram:ID` by `schemeID` (VA, FC).",
    |c, o| party_ids(c, o, G, Which::Charge, Party::SellerVat, UblGuard::default()));
vat_rule!(
    BR_G_05,
    BrG05,
    FATAL,
    FATAL,
    &["BT-151", "BT-152"],
    "Correct the VAT rate of the invoice line of category G: it shall be 0.",
    "In an invoice line of category `G` (export outside the EU) the VAT rate shall be 0.",
    |c, o| rate(c, o, G, Which::Line, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_G_06, BrG06, FATAL, FATAL, &["BT-95", "BT-96"],
    "Correct the VAT rate of the document level allowance of category G: it shall be 0.",
    "In a document level allowance of category `G` (export outside the EU) the VAT rate shall be 0.",
    |c, o| rate(c, o, G, Which::Allowance, Rate::Zero, Rate::Zero));
vat_rule!(
    BR_G_07,
    BrG07,
    FATAL,
    FATAL,
    &["BT-102", "BT-103"],
    "Correct the VAT rate of the document level charge of category G: it shall be 0.",
    "In a document level charge of category `G` (export outside the EU) the VAT rate shall be 0.",
    |c, o| rate(c, o, G, Which::Charge, Rate::Zero, Rate::Zero)
);
vat_rule!(BR_G_08, BrG08, FATAL, FATAL, &["BT-116", "BT-131", "BT-92", "BT-99"],
    "Set the taxable amount of the G breakdown to the G line net amounts plus G charges minus G allowances.",
    "The VAT category taxable amount (BT-116) of category `G` equals the sum of the line net amounts (BT-131) plus document level charges (BT-99) minus allowances (BT-92) of category G.\n\nUBL requires exact equality with the unrounded sums; CII compares with the sums rounded to 2 decimals, each rounded separately, and accepts a difference below 1.",
    |c, o| taxable(c, o, G, Taxable::PerCode { cii_exact: false }, CII));
vat_rule!(BR_G_09, BrG09, FATAL, FATAL, &["BT-117"],
    "Set the VAT amount of the G breakdown to 0.",
    "The VAT category tax amount (BT-117) of a breakdown of category `G` (export outside the EU) shall be 0.",
    |c, o| tax_amount(c, o, G, TaxAmount::Zero, TaxAmount::Zero, CII));
vat_rule!(BR_G_10, BrG10, FATAL, FATAL, &["BT-120", "BT-121"],
    "Give the G breakdown an exemption reason text (BT-120) or code (BT-121, VATEX).",
    "A VAT breakdown of category `G` (export outside the EU) shall have a VAT exemption reason code (BT-121) or text (BT-120).",
    |c, o| exemption(c, o, G, true, CII));

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_G_01, &BR_G_02, &BR_G_03, &BR_G_04, &BR_G_05, &BR_G_06, &BR_G_07, &BR_G_08, &BR_G_09,
    &BR_G_10,
];
