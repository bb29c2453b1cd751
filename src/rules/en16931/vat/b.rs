//! BR-B-01, BR-B-02: VAT category B (split payment, Italy).
//!
//! Not the shapes of [`super`]: split payment is an Italian domestic scheme,
//! so every country code in the invoice must be `IT` (BR-B-01), and it
//! replaces the standard rate, so B and S do not mix (BR-B-02). Both tests
//! compare the code exactly, anywhere in the document.

use super::{vat_rule, FATAL};
use crate::rules::ctx::{OccKind, VatCode};
use crate::rules::{Ctx, Emit, RuleDef};

vat_rule!(BR_B_01, BrB01, FATAL, FATAL, &["BT-40", "BT-55", "BT-69", "BT-80", "BT-118", "BT-151"],
    "Split payment (category B) is for Italian domestic invoices only: every country code must be IT, or use another VAT category.",
    "An invoice where a VAT category code is `B` (split payment) shall be a domestic Italian invoice: every country code in it is `IT`.\n\nUBL: every `cbc:IdentificationCode` anywhere; CII: every `ram:CountryID` anywhere.",
    br_b_01);
vat_rule!(BR_B_02, BrB02, FATAL, FATAL, &["BT-118", "BT-151", "BT-95", "BT-102"],
    "Do not mix split payment (category B) with standard rated (category S) items in one invoice.",
    "An invoice that contains VAT category `B` (split payment) shall not contain category `S`.\n\nUBL looks at the breakdown, the document level allowances/charges and every `cac:ClassifiedTaxCategory`; CII at every `ram:CategoryCode`.",
    br_b_02);

/// Whether `code` appears as the exact code of any category element (UBL) / `ram:CategoryCode` (CII).
fn used_anywhere(ctx: &Ctx<'_, '_>, code: VatCode) -> bool {
    let ix = ctx.vat();
    if ctx.is_ubl() {
        ix.occs.iter().any(|o| o.exact & code.bit() != 0)
    } else {
        ix.category_codes & code.bit() != 0
    }
}

fn br_b_01(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !used_anywhere(ctx, VatCode::B) || !ctx.vat().country_not_it {
        return;
    }
    out.at(
        ctx.root(),
        "VAT category B (split payment) is used, but a country code in the invoice is not IT",
    );
}

/// UBL: the breakdown, document level allowances/charges and line categories.
fn used_b02(ctx: &Ctx<'_, '_>, code: VatCode) -> bool {
    if !ctx.is_ubl() {
        return used_anywhere(ctx, code);
    }
    ctx.vat().occs.iter().any(|o| {
        o.exact & code.bit() != 0
            && match o.kind {
                OccKind::Breakdown => o.strict,
                OccKind::Line => true,
                k => k.is_allowance_charge() && o.strict,
            }
    })
}

fn br_b_02(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !used_b02(ctx, VatCode::B) || !used_b02(ctx, VatCode::S) {
        return;
    }
    out.at(
        ctx.root(),
        "the invoice mixes VAT category B (split payment) with category S (standard rate)",
    );
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[&BR_B_01, &BR_B_02];
