//! EN 16931 BR-DEC-*: amounts with at most two decimals.
//!
//! The official tests count the characters after the first `.` of the amount
//! as written (`string-length(substring-after(x, '.')) <= 2`): `10.5`, `10.50`
//! and `10` pass, `10.500` fails although it has the same value, and a trailing
//! space after the digits counts as a character. A missing amount passes.
//!
//! BR-DEC-13 and BR-DEC-15 (the VAT totals) differ per syntax: in CII they
//! compare the value numerically (`. = round(. * 100) div 100`, in `xs:double`)
//! and pick the amount by its currency; in UBL their test can never fail (see
//! [`br_dec_13`]).

use super::nav::{
    doc_allowance_charges, double, first, kid, line_allowance_charges, quote, round_double, totals,
    vat_breakdowns, Step, CBC, RAM,
};
use crate::model::{string_value, Bt, Node};
use crate::rules::xpath::decimals_after_dot;
use crate::rules::{Ctx, Emit, RuleDef, RuleId, RuleSet, Severity};
use crate::xml::symbols::sym;

const FATAL: Option<Severity> = Some(Severity::Fatal);

macro_rules! dec_rule {
    ($static:ident, $id:ident, $bt:literal, $check:ident, $hint:literal, $doc:literal) => {
        /// See the doc text.
        pub static $static: RuleDef = RuleDef {
            id: RuleId::$id,
            set: RuleSet::En16931,
            ubl: FATAL,
            cii: FATAL,
            terms: &[$bt],
            hint: $hint,
            doc: $doc,
            check: $check,
        };
    };
}

/// Reports at `at` when the amount `value` has more than two characters after its first dot.
fn two_decimals(out: &mut Emit<'_>, at: Node<'_>, value: Option<Node<'_>>, bt: Bt) {
    let Some(v) = value else {
        return;
    };
    let raw = string_value(v);
    let n = decimals_after_dot(&raw);
    if n > 2 {
        out.at(
            at,
            format!(
                "the {} ({}) {} has {n} characters after the decimal point; at most 2 decimals are allowed",
                bt.name().to_lowercase(),
                bt.as_str(),
                quote(&raw)
            ),
        );
    }
}

/// Document (`line == false`) or line allowances/charges: the element `ubl` / `cii` of each.
fn ac_amount(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    line: bool,
    charge: bool,
    ubl: u16,
    cii: u16,
    bt: Bt,
) {
    let mut check = |at: Node<'_>, ac: Node<'_>| {
        // CII: `../ram:ActualAmount[1]`, `../ram:BasisAmount`: the first one.
        let v = if ctx.is_ubl() {
            kid(ac, CBC, ubl)
        } else {
            kid(ac, RAM, cii)
        };
        two_decimals(out, at, v, bt);
    };
    if line {
        line_allowance_charges(ctx, charge, &mut check);
    } else {
        doc_allowance_charges(ctx, charge, &mut check);
    }
}

/// A document total (BG-22): `ubl` / `cii` child of each totals element.
fn total(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, ubl: u16, cii: u16, bt: Bt) {
    for t in totals(ctx) {
        let v = if ctx.is_ubl() {
            kid(t, CBC, ubl)
        } else {
            kid(t, RAM, cii)
        };
        two_decimals(out, t, v, bt);
    }
}

/// A VAT breakdown amount (BG-23), on the breakdowns BR-45 … BR-48 see too.
fn breakdown(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, ubl: u16, cii: u16, bt: Bt) {
    vat_breakdowns(ctx, &mut |vat| {
        let v = if ctx.is_ubl() {
            kid(vat, CBC, ubl)
        } else {
            kid(vat, RAM, cii)
        };
        two_decimals(out, vat, v, bt);
    });
}

dec_rule!(BR_DEC_01, BrDec01, "BT-92", br_dec_01,
    "Round the document level allowance amount (BT-92) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Document level allowance amount (BT-92) is 2.\n\n**Checks** the characters after the decimal point of the amount as written (`10.500` fails).\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `/Invoice/cac:AllowanceCharge[cbc:ChargeIndicator = false()]/cbc:Amount`. **CII:** the first `ram:ActualAmount` of a header allowance (indicator `false`); reported at the charge indicator.");
fn br_dec_01(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(c, o, false, false, sym::Amount, sym::ActualAmount, Bt::Bt92)
}

dec_rule!(BR_DEC_02, BrDec02, "BT-93", br_dec_02,
    "Round the document level allowance base amount (BT-93) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Document level allowance base amount (BT-93) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the base amount with at most 2 decimals.\n\n**UBL:** `cbc:BaseAmount` of a document allowance. **CII:** `ram:BasisAmount` of a header allowance.");
fn br_dec_02(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(
        c,
        o,
        false,
        false,
        sym::BaseAmount,
        sym::BasisAmount,
        Bt::Bt93,
    )
}

dec_rule!(BR_DEC_05, BrDec05, "BT-99", br_dec_05,
    "Round the document level charge amount (BT-99) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Document level charge amount (BT-99) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `/Invoice/cac:AllowanceCharge[cbc:ChargeIndicator = true()]/cbc:Amount`. **CII:** the first `ram:ActualAmount` of a header charge (indicator `true`).");
fn br_dec_05(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(c, o, false, true, sym::Amount, sym::ActualAmount, Bt::Bt99)
}

dec_rule!(BR_DEC_06, BrDec06, "BT-100", br_dec_06,
    "Round the document level charge base amount (BT-100) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Document level charge base amount (BT-100) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the base amount with at most 2 decimals.\n\n**UBL:** `cbc:BaseAmount` of a document charge. **CII:** `ram:BasisAmount` of a header charge.");
fn br_dec_06(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(
        c,
        o,
        false,
        true,
        sym::BaseAmount,
        sym::BasisAmount,
        Bt::Bt100,
    )
}

dec_rule!(BR_DEC_09, BrDec09, "BT-106", br_dec_09,
    "Round the sum of line net amounts (BT-106) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Sum of Invoice line net amount (BT-106) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the sum with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:LineExtensionAmount`. **CII:** `ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount`.");
fn br_dec_09(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::LineExtensionAmount,
        sym::LineTotalAmount,
        Bt::Bt106,
    )
}

dec_rule!(BR_DEC_10, BrDec10, "BT-107", br_dec_10,
    "Round the sum of document level allowances (BT-107) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Sum of allowances on document level (BT-107) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the sum with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount`. **CII:** `ram:AllowanceTotalAmount`.");
fn br_dec_10(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::AllowanceTotalAmount,
        sym::AllowanceTotalAmount,
        Bt::Bt107,
    )
}

dec_rule!(BR_DEC_11, BrDec11, "BT-108", br_dec_11,
    "Round the sum of document level charges (BT-108) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Sum of charges on document level (BT-108) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the sum with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:ChargeTotalAmount`. **CII:** `ram:ChargeTotalAmount`.");
fn br_dec_11(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::ChargeTotalAmount,
        sym::ChargeTotalAmount,
        Bt::Bt108,
    )
}

dec_rule!(BR_DEC_12, BrDec12, "BT-109", br_dec_12,
    "Round the invoice total without VAT (BT-109) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice total amount without VAT (BT-109) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the total with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount`. **CII:** `ram:TaxBasisTotalAmount`.");
fn br_dec_12(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::TaxExclusiveAmount,
        sym::TaxBasisTotalAmount,
        Bt::Bt109,
    )
}

/// CII BR-DEC-13 / BR-DEC-15 on one summation: passes when there is no
/// `ram:TaxTotalAmount`, or when some `ram:TaxTotalAmount` is acceptable to `ok`.
/// The value test is `. = round(. * 100) div 100`: the untyped value is cast to
/// `xs:double` for the arithmetic and the comparison.
fn cii_tax_total(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    bt: Bt,
    ok: &dyn Fn(Node<'_>, bool) -> bool,
) {
    for summation in totals(ctx) {
        let mut amounts = summation
            .children()
            .filter(|c| super::nav::is(*c, RAM, sym::TaxTotalAmount))
            .peekable();
        let Some(shown) = amounts.peek().copied() else {
            continue;
        };
        let accepted = amounts.any(|a| {
            // A value that is not a number is a dynamic error in XPath; it is left
            // to the data type rules here.
            let two = match double(&string_value(a)) {
                Some(v) => v == round_double(v * 100.0) / 100.0,
                None => true,
            };
            ok(a, two)
        });
        if !accepted {
            out.at(
                summation,
                format!(
                    "the {} ({}) {} (currency {}) has more than 2 decimals, or no VAT total is given in the currency it must be in",
                    bt.name().to_lowercase(),
                    bt.as_str(),
                    quote(&string_value(shown)),
                    quote(shown.attribute("currencyID").unwrap_or(""))
                ),
            );
        }
    }
}

/// The raw values of `bt` in the header, for XPath's existential `=`.
fn currencies<'a>(ctx: &Ctx<'_, 'a>, bt: Bt) -> Vec<std::borrow::Cow<'a, str>> {
    ctx.inv.header.all(bt).map(|t| t.raw()).collect()
}

dec_rule!(BR_DEC_13, BrDec13, "BT-110", br_dec_13,
    "Round the invoice total VAT amount (BT-110) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice total VAT amount (BT-110) is 2.\n\n**CII:** judged on each `ram:SpecifiedTradeSettlementHeaderMonetarySummation`: it passes when there is no `ram:TaxTotalAmount`, or some `ram:TaxTotalAmount` is either in another currency than the invoice currency (BT-5) or in the invoice currency with a value that has at most 2 decimals as a number (`10.500` passes, `10.005` fails).\n\n**UBL:** the official test selects the tax amounts by comparing their `currencyID` with a `cbc:DocumentCurrencyCode` *below the tax amount*, which never exists, so the UBL rule never fails; this implementation keeps that behaviour.\n\n**Fix:** round the VAT total to 2 decimals.");

/// UBL: the official test's `cbc:TaxAmount[@currencyID = cbc:DocumentCurrencyCode]`
/// evaluates `cbc:DocumentCurrencyCode` relative to the tax amount, where it
/// never exists, so the predicate is always false and the assert always holds
/// (EN 16931 UBL Schematron 1.3.16). Only CII can fail.
fn br_dec_13(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        return;
    }
    let invoice = currencies(ctx, Bt::Bt5);
    cii_tax_total(ctx, out, Bt::Bt110, &|a, two| {
        let in_invoice_currency = a
            .attribute("currencyID")
            .is_some_and(|c| invoice.iter().any(|i| i == c));
        // `(@currencyID = BT-5 and two decimals) or not(@currencyID = BT-5)`
        !in_invoice_currency || two
    });
}

dec_rule!(BR_DEC_14, BrDec14, "BT-112", br_dec_14,
    "Round the invoice total with VAT (BT-112) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice total amount with VAT (BT-112) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the total with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount`. **CII:** `ram:GrandTotalAmount`.");
fn br_dec_14(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::TaxInclusiveAmount,
        sym::GrandTotalAmount,
        Bt::Bt112,
    )
}

dec_rule!(BR_DEC_15, BrDec15, "BT-111", br_dec_15,
    "Round the total VAT amount in accounting currency (BT-111) to at most 2 decimals, and give it in the VAT accounting currency (BT-6).",
    "The allowed maximum number of decimals for the Invoice total VAT amount in accounting currency (BT-111) is 2.\n\n**CII:** when a VAT accounting currency (`ram:TaxCurrencyCode`) is given, each summation with `ram:TaxTotalAmount` needs one `ram:TaxTotalAmount` in that currency whose value has at most 2 decimals as a number. Note that a summation whose only VAT total is in the invoice currency fails as well.\n\n**UBL:** as for BR-DEC-13 the official test can never fail; kept so.\n\n**Fix:** give the VAT total in the accounting currency, rounded to 2 decimals.");

/// UBL never fails, for the reason given at [`br_dec_13`].
fn br_dec_15(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        return;
    }
    let tax = currencies(ctx, Bt::Bt6);
    if tax.is_empty() {
        return;
    }
    cii_tax_total(ctx, out, Bt::Bt111, &|a, two| {
        a.attribute("currencyID")
            .is_some_and(|c| tax.iter().any(|t| t == c))
            && two
    });
}

dec_rule!(BR_DEC_16, BrDec16, "BT-113", br_dec_16,
    "Round the paid amount (BT-113) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Paid amount (BT-113) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:PrepaidAmount`. **CII:** `ram:TotalPrepaidAmount`.");
fn br_dec_16(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(c, o, sym::PrepaidAmount, sym::TotalPrepaidAmount, Bt::Bt113)
}

dec_rule!(BR_DEC_17, BrDec17, "BT-114", br_dec_17,
    "Round the rounding amount (BT-114) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Rounding amount (BT-114) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:PayableRoundingAmount`. **CII:** `ram:RoundingAmount`.");
fn br_dec_17(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(
        c,
        o,
        sym::PayableRoundingAmount,
        sym::RoundingAmount,
        Bt::Bt114,
    )
}

dec_rule!(BR_DEC_18, BrDec18, "BT-115", br_dec_18,
    "Round the amount due for payment (BT-115) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Amount due for payment (BT-115) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:LegalMonetaryTotal/cbc:PayableAmount`. **CII:** `ram:DuePayableAmount`.");
fn br_dec_18(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    total(c, o, sym::PayableAmount, sym::DuePayableAmount, Bt::Bt115)
}

dec_rule!(BR_DEC_19, BrDec19, "BT-116", br_dec_19,
    "Round the VAT category taxable amount (BT-116) to at most 2 decimals.",
    "The allowed maximum number of decimals for the VAT category taxable amount (BT-116) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount`. **CII:** `ram:ApplicableTradeTax/ram:BasisAmount`, not for breakdowns of category L, M or O (see BR-45).");
fn br_dec_19(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    breakdown(c, o, sym::TaxableAmount, sym::BasisAmount, Bt::Bt116)
}

dec_rule!(BR_DEC_20, BrDec20, "BT-117", br_dec_20,
    "Round the VAT category tax amount (BT-117) to at most 2 decimals.",
    "The allowed maximum number of decimals for the VAT category tax amount (BT-117) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:TaxSubtotal/cbc:TaxAmount`. **CII:** `ram:ApplicableTradeTax/ram:CalculatedAmount`, not for breakdowns of category L, M or O (see BR-45).");
fn br_dec_20(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    breakdown(c, o, sym::TaxAmount, sym::CalculatedAmount, Bt::Bt117)
}

dec_rule!(BR_DEC_23, BrDec23, "BT-131", br_dec_23,
    "Round the invoice line net amount (BT-131) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice line net amount (BT-131) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the line amount with at most 2 decimals (prices may have more).\n\n**UBL:** `cac:InvoiceLine/cbc:LineExtensionAmount`. **CII:** `ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`.");

fn br_dec_23(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    const CII: &[Step] = &[
        (RAM, sym::SpecifiedLineTradeSettlement),
        (RAM, sym::SpecifiedTradeSettlementLineMonetarySummation),
        (RAM, sym::LineTotalAmount),
    ];
    for line in &ctx.inv.lines {
        let n = line.terms.node;
        let v = if ctx.is_ubl() {
            kid(n, CBC, sym::LineExtensionAmount)
        } else {
            first(n, CII)
        };
        two_decimals(out, n, v, Bt::Bt131);
    }
}

dec_rule!(BR_DEC_24, BrDec24, "BT-136", br_dec_24,
    "Round the invoice line allowance amount (BT-136) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice line allowance amount (BT-136) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:InvoiceLine/cac:AllowanceCharge[cbc:ChargeIndicator = false()]/cbc:Amount`. **CII:** the first `ram:ActualAmount` of a line allowance (indicator `false`).");
fn br_dec_24(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(c, o, true, false, sym::Amount, sym::ActualAmount, Bt::Bt136)
}

dec_rule!(BR_DEC_25, BrDec25, "BT-137", br_dec_25,
    "Round the invoice line allowance base amount (BT-137) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice line allowance base amount (BT-137) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the base amount with at most 2 decimals.\n\n**UBL:** `cbc:BaseAmount` of a line allowance. **CII:** `ram:BasisAmount` of a line allowance.");
fn br_dec_25(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(
        c,
        o,
        true,
        false,
        sym::BaseAmount,
        sym::BasisAmount,
        Bt::Bt137,
    )
}

dec_rule!(BR_DEC_27, BrDec27, "BT-141", br_dec_27,
    "Round the invoice line charge amount (BT-141) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice line charge amount (BT-141) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the amount with at most 2 decimals.\n\n**UBL:** `cac:InvoiceLine/cac:AllowanceCharge[cbc:ChargeIndicator = true()]/cbc:Amount`. **CII:** the first `ram:ActualAmount` of a line charge (indicator `true`).");
fn br_dec_27(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(c, o, true, true, sym::Amount, sym::ActualAmount, Bt::Bt141)
}

dec_rule!(BR_DEC_28, BrDec28, "BT-142", br_dec_28,
    "Round the invoice line charge base amount (BT-142) to at most 2 decimals.",
    "The allowed maximum number of decimals for the Invoice line charge base amount (BT-142) is 2.\n\n**Checks** the characters after the decimal point as written.\n\n**Fix:** write the base amount with at most 2 decimals.\n\n**UBL:** `cbc:BaseAmount` of a line charge. **CII:** `ram:BasisAmount` of a line charge.");
fn br_dec_28(c: &Ctx<'_, '_>, o: &mut Emit<'_>) {
    ac_amount(
        c,
        o,
        true,
        true,
        sym::BaseAmount,
        sym::BasisAmount,
        Bt::Bt142,
    )
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_DEC_01, &BR_DEC_02, &BR_DEC_05, &BR_DEC_06, &BR_DEC_09, &BR_DEC_10, &BR_DEC_11, &BR_DEC_12,
    &BR_DEC_13, &BR_DEC_14, &BR_DEC_15, &BR_DEC_16, &BR_DEC_17, &BR_DEC_18, &BR_DEC_19, &BR_DEC_20,
    &BR_DEC_23, &BR_DEC_24, &BR_DEC_25, &BR_DEC_27, &BR_DEC_28,
];
