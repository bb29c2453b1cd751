//! EN 16931 BR-CO-* rules: the conditions between terms, above all the
//! document totals (BT-106 … BT-115) and the VAT totals (BT-110, BT-117)
//! computed from lines, allowances, charges and the VAT breakdown.
//!
//! Shared here: the CEN rounding idiom `round(x * 10 * 10) div 100` (half
//! toward +∞, [`xpath::round2`]). Where the official UBL and CII tests differ,
//! the rule branches on the syntax and says how: CII `sum()` over untyped
//! amounts is computed in `xs:double` (BR-CO-10, 11, 12, 14), UBL in
//! `xs:decimal`; CII BR-CO-17 accepts a difference of exactly 1 where UBL does
//! not; some CII contexts are the `ram:ChargeIndicator` element or each line
//! (BR-CO-18) where UBL judges the document. BR-CO-05 … 08 have the test
//! `true()` in both bindings (the reason code list is checked by BR-CL-19/20):
//! they are registered so that `explain` knows them, and never fire.

use crate::xml::symbols::sym;
use rust_decimal::Decimal;

use crate::model::{string_value, Bt, Group, Node};
use crate::rules::ctx::{ubl_vat_scheme, OccKind, VatCode};
use crate::rules::en16931::nav::{is, kid, kids};
use crate::rules::en16931::vat::{dbl, dec, round_f64, show};
use crate::rules::xpath;
use crate::rules::{Ctx, Emit, RuleDef, RuleId, RuleSet, Severity};
use crate::syntax::{NS_CAC, NS_CBC, NS_RAM, NS_UDT};

const FATAL: Option<Severity> = Some(Severity::Fatal);

macro_rules! co_rule {
    ($static:ident, $id:ident, $terms:expr, $hint:literal, $doc:literal, $check:expr) => {
        /// See the doc text.
        pub static $static: RuleDef = RuleDef {
            id: RuleId::$id,
            set: RuleSet::En16931,
            ubl: FATAL,
            cii: FATAL,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $check,
        };
    };
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "missing".to_owned(), show)
}

co_rule!(BR_CO_03, BrCo03, &["BT-7", "BT-8"],
    "Give either the VAT point date (BT-7) or the VAT point date code (BT-8), not both.",
    "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.\n\nUBL: `cbc:TaxPointDate` vs `cac:InvoicePeriod/cbc:DescriptionCode`, judged on the document. CII: `ram:TaxPointDate` vs `ram:DueDateTypeCode` anywhere, judged on each header `ram:ApplicableTradeTax` (except those of category L, M, O with tax type VAT, which an earlier rule of the same Schematron pattern takes).",
    br_co_03);
co_rule!(BR_CO_04, BrCo04, &["BT-151"],
    "Give every invoice line a VAT category code (BT-151) with tax scheme VAT.",
    "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).\n\nUBL: `cac:Item/cac:ClassifiedTaxCategory[cac:TaxScheme/cbc:ID = 'VAT']/cbc:ID`. CII: `ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[ram:TypeCode = 'VAT']/ram:CategoryCode`.",
    br_co_04);
co_rule!(BR_CO_05, BrCo05, &["BT-97", "BT-98"],
    "Use a reason code (BT-98) that matches the reason text (BT-97).",
    "Document level allowance reason code (BT-98) and reason (BT-97) shall indicate the same type of allowance.\n\nThe official test is `true()` (a human check; the code list is BR-CL-19): this rule never fires.",
    |_, _| {});
co_rule!(BR_CO_06, BrCo06, &["BT-104", "BT-105"],
    "Use a reason code (BT-105) that matches the reason text (BT-104).",
    "Document level charge reason code (BT-105) and reason (BT-104) shall indicate the same type of charge.\n\nThe official test is `true()` (a human check; the code list is BR-CL-20): this rule never fires.",
    |_, _| {});
co_rule!(BR_CO_07, BrCo07, &["BT-139", "BT-140"],
    "Use a reason code (BT-140) that matches the reason text (BT-139).",
    "Invoice line allowance reason code (BT-140) and reason (BT-139) shall indicate the same type of allowance.\n\nThe official test is `true()`: this rule never fires.",
    |_, _| {});
co_rule!(BR_CO_08, BrCo08, &["BT-144", "BT-145"],
    "Use a reason code (BT-145) that matches the reason text (BT-144).",
    "Invoice line charge reason code (BT-145) and reason (BT-144) shall indicate the same type of charge.\n\nThe official test is `true()`: this rule never fires.",
    |_, _| {});
co_rule!(BR_CO_09, BrCo09, &["BT-31", "BT-48", "BT-63"],
    "Start the VAT identifier with the two-letter country prefix, e.g. DE123456789 (EL for Greece, XI for Northern Ireland).",
    "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified (Greece: EL).\n\nUBL judges every `cac:PartyTaxScheme` of scheme VAT and looks the first two characters of `cbc:CompanyID` up in the space-separated country list, so an empty identifier passes. CII judges every `ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']` and requires the first two characters to be one country code.",
    br_co_09);
co_rule!(BR_CO_10, BrCo10, &["BT-106", "BT-131"],
    "Set the sum of line net amounts (BT-106) to the sum of all invoice line net amounts (BT-131), rounded to 2 decimals.",
    "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).\n\nThe sum is rounded to 2 decimals (half up). CII sums the untyped amounts as `xs:double` before rounding.",
    br_co_10);
co_rule!(BR_CO_11, BrCo11, &["BT-107", "BT-92"],
    "Set the sum of allowances (BT-107) to the sum of all document level allowance amounts (BT-92), or leave both out.",
    "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92); without allowances BT-107 is absent.\n\nThe sum is rounded to 2 decimals. CII sums `ram:ActualAmount[1]` of each allowance as `xs:double`.",
    br_co_11);
co_rule!(BR_CO_12, BrCo12, &["BT-108", "BT-99"],
    "Set the sum of charges (BT-108) to the sum of all document level charge amounts (BT-99), or leave both out.",
    "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99); without charges BT-108 is absent.\n\nThe sum is rounded to 2 decimals. CII sums `ram:ActualAmount[1]` of each charge as `xs:double`.",
    br_co_12);
co_rule!(BR_CO_13, BrCo13, &["BT-109", "BT-106", "BT-107", "BT-108"],
    "Set the total without VAT (BT-109) to line net sum (BT-106) − allowances (BT-107) + charges (BT-108).",
    "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-106) − Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).\n\nRounded to 2 decimals; absent sums count as not there. UBL requires BT-109 = BT-106 exactly when neither sum is present, CII compares with BT-106 rounded.",
    br_co_13);
co_rule!(BR_CO_14, BrCo14, &["BT-110", "BT-117"],
    "Set the invoice total VAT amount (BT-110) to the sum of the VAT category tax amounts (BT-117).",
    "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117), rounded to 2 decimals.\n\nUBL judges each document level `cac:TaxTotal` with subtotals; CII each `ram:TaxTotalAmount` in the invoice currency (summing `ram:CalculatedAmount` as `xs:double`).",
    br_co_14);
co_rule!(BR_CO_15, BrCo15, &["BT-5", "BT-109", "BT-110", "BT-112"],
    "Give exactly one VAT total (BT-110) in the invoice currency and set the total with VAT (BT-112) to BT-109 + BT-110.",
    "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).\n\nUBL also requires exactly one `cac:TaxTotal/cbc:TaxAmount` in the document currency. CII accepts either that (with exactly one `ram:TaxTotalAmount` in the invoice currency) or BT-112 = BT-109.",
    br_co_15);
co_rule!(BR_CO_16, BrCo16, &["BT-115", "BT-112", "BT-113", "BT-114"],
    "Set the amount due (BT-115) to total with VAT (BT-112) − paid amount (BT-113) + rounding amount (BT-114).",
    "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) − Paid amount (BT-113) + Rounding amount (BT-114).\n\nUBL rounds the differences to 2 decimals; CII compares unrounded.",
    br_co_16);
co_rule!(BR_CO_17, BrCo17, &["BT-116", "BT-117", "BT-119"],
    "Set the VAT category tax amount (BT-117) to taxable amount (BT-116) × rate (BT-119), rounded to 2 decimals.",
    "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) × (VAT category rate (BT-119) / 100), rounded to two decimals; a rate of 0 (or none) requires a tax amount of 0.\n\nA difference below 1 is accepted (UBL), up to 1 (CII). In CII the header `ram:ApplicableTradeTax` of category L, M or O with tax type VAT is taken by an earlier rule of the same Schematron pattern and not judged here.",
    br_co_17);
co_rule!(BR_CO_18, BrCo18, &["BG-23"],
    "Add the VAT breakdown (BG-23) with at least one VAT category.",
    "An Invoice shall at least have one VAT breakdown group (BG-23).\n\nUBL judges the document; CII judges each invoice line (so an invoice without lines does not fire in CII).",
    br_co_18);
co_rule!(BR_CO_19, BrCo19, &["BG-14", "BT-73", "BT-74", "BT-8"],
    "Give the invoicing period a start date (BT-73) or end date (BT-74), or remove it.",
    "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.\n\nUBL also accepts a period with only the VAT point date code (`cbc:DescriptionCode`, BT-8).",
    br_co_19);
co_rule!(BR_CO_20, BrCo20, &["BG-26", "BT-134", "BT-135"],
    "Give the line period a start date (BT-134) or end date (BT-135), or remove it.",
    "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.",
    br_co_20);
co_rule!(BR_CO_21, BrCo21, &["BG-20", "BT-97", "BT-98"],
    "Give the document level allowance a reason (BT-97) or reason code (BT-98).",
    "Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both.\n\nCII judges the `ram:ChargeIndicator` whose `udt:Indicator` is literally `false`.",
    br_co_21);
co_rule!(BR_CO_22, BrCo22, &["BG-21", "BT-104", "BT-105"],
    "Give the document level charge a reason (BT-104) or reason code (BT-105).",
    "Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both.\n\nCII judges the `ram:ChargeIndicator` whose `udt:Indicator` is literally `true`.",
    br_co_22);
co_rule!(BR_CO_23, BrCo23, &["BG-27", "BT-139", "BT-140"],
    "Give the line allowance a reason (BT-139) or reason code (BT-140).",
    "Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both.",
    br_co_23);
co_rule!(BR_CO_24, BrCo24, &["BG-28", "BT-144", "BT-145"],
    "Give the line charge a reason (BT-144) or reason code (BT-145).",
    "Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both.",
    br_co_24);
co_rule!(BR_CO_26, BrCo26, &["BT-29", "BT-30", "BT-31"],
    "Identify the seller: give a seller identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31).",
    "In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.\n\nUBL: a `cac:PartyIdentification/cbc:ID` whose scheme is not SEPA counts as BT-29.",
    br_co_26);

fn br_co_03(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        if ctx.inv.header.has(Bt::Bt7) && ctx.inv.header.has(Bt::Bt8) {
            out.at(
                ctx.root(),
                "both a VAT point date (BT-7) and a VAT point date code (BT-8) are given",
            );
        }
        return;
    }
    let ix = ctx.vat();
    if !(ix.tax_point_date && ix.due_date_code) {
        return;
    }
    for o in cii_header_taxes(ctx) {
        out.at(
            o,
            "both a VAT point date (BT-7, ram:TaxPointDate) and a VAT point date code (BT-8, ram:DueDateTypeCode) are given",
        );
    }
}

/// The header `ram:ApplicableTradeTax` elements the CII pattern's rule
/// `//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax` sees: those
/// of category L, M and O with tax type VAT are taken by earlier rules of the
/// same pattern (BR-AF-*, BR-AG-*, BR-O-* contexts).
fn cii_header_taxes<'c, 'a>(ctx: &'c Ctx<'_, 'a>) -> impl Iterator<Item = Node<'a>> + 'c {
    let taken = VatCode::L.bit() | VatCode::M.bit() | VatCode::O.bit();
    ctx.vat()
        .of(OccKind::Breakdown)
        .filter(move |o| !(o.strict && o.vat && o.norm & taken != 0))
        .map(|o| o.node)
}

fn br_co_04(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    // UBL: the lines with an `cac:Item/cac:ClassifiedTaxCategory[cbc:ID]` of
    // the VAT scheme, read off the shared VAT index (its `vat` and `code_node`
    // are exactly `ubl_vat_scheme` and the first `cbc:ID`), sorted for lookup.
    let mut ubl_ok: Vec<usize> = Vec::new();
    if ctx.is_ubl() {
        ubl_ok.extend(
            ctx.vat()
                .occs
                .iter()
                .filter(|o| o.kind == OccKind::Line && o.vat && o.code_node.is_some())
                .filter_map(|o| {
                    let item = o
                        .node
                        .parent_element()
                        .filter(|i| is(*i, NS_CAC, sym::Item))?;
                    item.parent_element().map(|l| l.id().get_usize())
                }),
        );
        ubl_ok.sort_unstable();
    }
    for line in &ctx.inv.lines {
        let n = line.terms.node;
        let ok = if ctx.is_ubl() {
            ubl_ok.binary_search(&n.id().get_usize()).is_ok()
        } else {
            kids(n, NS_RAM, sym::SpecifiedLineTradeSettlement)
                .flat_map(|s| kids(s, NS_RAM, sym::ApplicableTradeTax))
                .any(|t| {
                    kid(t, NS_RAM, sym::TypeCode)
                        .is_some_and(|c| string_value(c).eq_ignore_ascii_case("VAT"))
                        && kid(t, NS_RAM, sym::CategoryCode).is_some()
                })
        };
        if ok {
            continue;
        }
        let id = line.terms.text(Bt::Bt126);
        out.at(
            n,
            format!("invoice line {id} has no VAT category code (BT-151) with tax scheme VAT"),
        );
    }
}

/// ISO 3166-1 alpha-2 codes plus the VAT prefixes EL (Greece), XI (Northern
/// Ireland) and 1A (Kosovo), as accepted by BR-CO-09; `AN` only in CII,
/// `SS` only in UBL (the two bindings' lists differ there).
static VAT_PREFIXES: &[&str] = &[
    "1A", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AN", "AO", "AQ", "AR", "AS", "AT", "AU", "AW",
    "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL",
    "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ",
    "EC", "EE", "EG", "EH", "EL", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB",
    "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW",
    "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS",
    "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
    "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF",
    "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX",
    "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA",
    "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO",
    "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN",
    "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC",
    "VE", "VG", "VI", "VN", "VU", "WF", "WS", "XI", "YE", "YT", "ZA", "ZM", "ZW",
];

fn vat_prefix_ok(ubl: bool, code: &str) -> bool {
    let listed = |c: &str| {
        VAT_PREFIXES.binary_search(&c).is_ok() && !(ubl && c == "AN") && (ubl || c != "SS")
    };
    let prefix: String = code.chars().take(2).collect();
    if !ubl {
        // contains(' LIST ', concat(' ', substring(., 1, 2), ' ')): exactly one code.
        return listed(&prefix);
    }
    // contains(' LIST ', substring(cbc:CompanyID, 1, 2)): a piece of the list string.
    let mut cs = prefix.chars();
    match (cs.next(), cs.next()) {
        (None, _) => true,
        (Some(' '), None) => true,
        (Some(a), None) => VAT_PREFIXES.iter().any(|c| listed(c) && c.contains(a)),
        (Some(' '), Some(' ')) => false,
        (Some(' '), Some(b)) => VAT_PREFIXES.iter().any(|c| listed(c) && c.starts_with(b)),
        (Some(a), Some(' ')) => VAT_PREFIXES.iter().any(|c| listed(c) && c.ends_with(a)),
        (Some(_), Some(_)) => listed(&prefix),
    }
}

fn br_co_09(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ubl = ctx.is_ubl();
    for &n in &ctx.vat().vat_ids {
        let id = if ubl {
            kid(n, NS_CBC, sym::CompanyID)
                .map(string_value)
                .unwrap_or_default()
        } else {
            string_value(n)
        };
        if vat_prefix_ok(ubl, &id) {
            continue;
        }
        out.at(
            n,
            format!("VAT identifier '{id}' does not start with a country prefix (ISO 3166-1 alpha-2, EL for Greece)"),
        );
    }
}

/// `sum()` over untyped values: each cast to `xs:double`.
fn sum_f64<'a>(it: impl Iterator<Item = Node<'a>>) -> f64 {
    it.filter_map(dbl).sum()
}

/// `xs:decimal(d)` of a double (via its shortest decimal form).
fn f64_dec(d: f64) -> Option<Decimal> {
    xpath::decimal(&format!("{d}"))
}

fn br_co_10(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for totals in ctx.inv.header.all(Bt::Bg22) {
        let expected = if ctx.is_ubl() {
            let sum: Decimal = ctx
                .inv
                .lines
                .iter()
                .flat_map(|l| l.terms.all(Bt::Bt131))
                .filter_map(|t| t.decimal())
                .sum();
            Some(xpath::round2(sum))
        } else {
            let sum = sum_f64(
                ctx.inv
                    .lines
                    .iter()
                    .flat_map(|l| l.terms.all(Bt::Bt131))
                    .map(|t| t.node),
            );
            f64_dec(sum).map(xpath::round2)
        };
        let (ns, name) = if ctx.is_ubl() {
            (NS_CBC, sym::LineExtensionAmount)
        } else {
            (NS_RAM, sym::LineTotalAmount)
        };
        let declared = dec(kid(totals.node, ns, name));
        if declared.is_some() && declared == expected {
            continue;
        }
        out.at(
            totals.node,
            format!(
                "sum of line net amounts (BT-106) is {} but the invoice lines sum to {}",
                opt(declared),
                opt(expected)
            ),
        );
    }
}

/// BR-CO-11 / 12: the document level allowance (charge) total against its allowances (charges).
fn ac_total(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, charge: bool) {
    let (groups, amount_bt, total_bt, what, total_name) = if charge {
        (
            &ctx.inv.charges,
            Bt::Bt99,
            Bt::Bt108,
            "charges",
            "sum of charges (BT-108)",
        )
    } else {
        (
            &ctx.inv.allowances,
            Bt::Bt92,
            Bt::Bt107,
            "allowances",
            "sum of allowances (BT-107)",
        )
    };
    let (ns, name) = match (ctx.is_ubl(), charge) {
        (true, false) => (NS_CBC, sym::AllowanceTotalAmount),
        (true, true) => (NS_CBC, sym::ChargeTotalAmount),
        (false, false) => (NS_RAM, sym::AllowanceTotalAmount),
        (false, true) => (NS_RAM, sym::ChargeTotalAmount),
    };
    for totals in ctx.inv.header.all(Bt::Bg22) {
        let total = kid(totals.node, ns, name);
        if total.is_none() && groups.is_empty() {
            continue;
        }
        let (ok, expected) = if ctx.is_ubl() {
            let sum: Decimal = groups
                .iter()
                .flat_map(|g| g.all(amount_bt))
                .filter_map(|t| t.decimal())
                .sum();
            let x = xpath::round2(sum);
            (dec(total) == Some(x), show(x))
        } else {
            let sum = sum_f64(
                groups
                    .iter()
                    .filter_map(|g| g.get(amount_bt))
                    .map(|t| t.node),
            );
            let x = round_f64(sum * 10.0 * 10.0) / 100.0;
            (
                kids(totals.node, ns, name).any(|t| dbl(t) == Some(x)),
                format!("{x:.2}"),
            )
        };
        if ok {
            continue;
        }
        let _ = total_bt;
        out.at(
            totals.node,
            format!(
                "{total_name} is {} but the {} document level {what} sum to {expected}",
                opt(dec(total)),
                groups.len()
            ),
        );
    }
}

fn br_co_11(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    ac_total(ctx, out, false);
}

fn br_co_12(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    ac_total(ctx, out, true);
}

/// The first child `name` of the totals element, as `xs:decimal`, and whether it exists.
fn total(totals: Node<'_>, ubl_name: u16, cii_name: u16, ubl: bool) -> (bool, Option<Decimal>) {
    let n = if ubl {
        kid(totals, NS_CBC, ubl_name)
    } else {
        kid(totals, NS_RAM, cii_name)
    };
    (n.is_some(), dec(n))
}

fn br_co_13(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ubl = ctx.is_ubl();
    for totals in ctx.inv.header.all(Bt::Bg22) {
        let t = totals.node;
        let (_, tea) = total(t, sym::TaxExclusiveAmount, sym::TaxBasisTotalAmount, ubl);
        let (_, lea) = total(t, sym::LineExtensionAmount, sym::LineTotalAmount, ubl);
        let (has_c, c) = total(t, sym::ChargeTotalAmount, sym::ChargeTotalAmount, ubl);
        let (has_a, a) = total(t, sym::AllowanceTotalAmount, sym::AllowanceTotalAmount, ubl);
        let r = |x: Option<Decimal>| x.map(xpath::round2);
        let all = match (lea, c, a) {
            (Some(l), Some(c), Some(a)) => Some(l + c - a),
            _ => None,
        };
        let no_charge = match (lea, a) {
            (Some(l), Some(a)) => Some(l - a),
            _ => None,
        };
        let no_allowance = match (lea, c) {
            (Some(l), Some(c)) => Some(l + c),
            _ => None,
        };
        let eq = |x: Option<Decimal>| tea.is_some() && tea == x;
        let ok = if ubl {
            match (has_c, has_a) {
                (true, true) => eq(r(all)),
                (false, true) => eq(r(no_charge)),
                (true, false) => eq(r(no_allowance)),
                (false, false) => eq(lea),
            }
        } else {
            eq(r(all))
                || (eq(r(no_charge)) && !has_c)
                || (eq(r(no_allowance)) && !has_a)
                || (eq(r(lea)) && !has_c && !has_a)
        };
        if ok {
            continue;
        }
        let expected = match (has_c, has_a) {
            (true, true) => r(all),
            (false, true) => r(no_charge),
            (true, false) => r(no_allowance),
            (false, false) => r(lea),
        };
        out.at(
            t,
            format!(
                "total without VAT (BT-109) is {} but line net sum − allowances + charges is {}",
                opt(tea),
                opt(expected)
            ),
        );
    }
}

fn br_co_14(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        for tt in kids(ctx.root(), NS_CAC, sym::TaxTotal) {
            let mut subs = kids(tt, NS_CAC, sym::TaxSubtotal).peekable();
            if subs.peek().is_none() {
                continue;
            }
            let sum: Decimal = subs
                .filter_map(|s| dec(kid(s, NS_CBC, sym::TaxAmount)))
                .sum();
            let x = xpath::round2(sum);
            let declared = dec(kid(tt, NS_CBC, sym::TaxAmount));
            if declared == Some(x) {
                continue;
            }
            out.at(
                tt,
                format!(
                    "total VAT amount (BT-110) is {} but the VAT breakdown amounts (BT-117) sum to {}",
                    opt(declared),
                    show(x)
                ),
            );
        }
        return;
    }
    let currencies: Vec<String> = ctx
        .inv
        .header
        .all(Bt::Bt5)
        .map(|t| t.raw().into_owned())
        .collect();
    let sum = sum_f64(
        ctx.inv
            .vat
            .iter()
            .flat_map(|g| g.all(Bt::Bt117))
            .map(|t| t.node),
    );
    let x = round_f64(sum * 10.0 * 10.0) / 100.0;
    for totals in ctx.inv.header.all(Bt::Bg22) {
        for tt in kids(totals.node, NS_RAM, sym::TaxTotalAmount) {
            let cur = tt.attribute("currencyID");
            if !currencies.iter().any(|c| Some(c.as_str()) == cur) {
                continue;
            }
            if dbl(tt) == Some(x) {
                continue;
            }
            out.at(
                tt,
                format!(
                    "total VAT amount (BT-110) is {} but the VAT breakdown amounts (BT-117) sum to {x:.2}",
                    xpath::normalize_space(&string_value(tt))
                ),
            );
        }
    }
}

fn br_co_15(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let h = &ctx.inv.header;
    let ubl = ctx.is_ubl();
    let (incl, excl) = if ubl {
        let lmt = kid(ctx.root(), NS_CAC, sym::LegalMonetaryTotal);
        (
            lmt.and_then(|m| dec(kid(m, NS_CBC, sym::TaxInclusiveAmount))),
            lmt.and_then(|m| dec(kid(m, NS_CBC, sym::TaxExclusiveAmount))),
        )
    } else {
        (h.decimal(Bt::Bt112), h.decimal(Bt::Bt109))
    };
    for cur in h.all(Bt::Bt5) {
        let cur = cur.raw();
        // Every tax total amount element in that currency (UBL: cac:TaxTotal/cbc:TaxAmount).
        let vat: Vec<Node<'_>> = h
            .all(Bt::Bt110)
            .chain(h.all(Bt::Bt111))
            .map(|t| t.node)
            .filter(|n| n.attribute("currencyID") == Some(cur.as_ref()))
            .collect();
        let one = vat.len() == 1;
        let v = vat.first().and_then(|n| dec(Some(*n)));
        let computed = match (excl, v) {
            (Some(e), Some(v)) => Some(xpath::round2(e + v)),
            _ => None,
        };
        let sum_ok = incl.is_some() && incl == computed;
        let ok = if ubl {
            one && sum_ok
        } else {
            (one && sum_ok) || (incl.is_some() && incl == excl)
        };
        if ok {
            continue;
        }
        let msg = if !one {
            format!(
                "the invoice has {} VAT total amounts (BT-110) in the invoice currency {cur}; exactly one is required",
                vat.len()
            )
        } else {
            format!(
                "total with VAT (BT-112) is {} but total without VAT (BT-109) + VAT total (BT-110) is {}",
                opt(incl),
                opt(computed)
            )
        };
        out.at(ctx.root(), msg);
    }
}

fn br_co_16(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ubl = ctx.is_ubl();
    for totals in ctx.inv.header.all(Bt::Bg22) {
        let t = totals.node;
        let (_, due) = total(t, sym::PayableAmount, sym::DuePayableAmount, ubl);
        let (_, grand) = total(t, sym::TaxInclusiveAmount, sym::GrandTotalAmount, ubl);
        let (has_p, paid) = total(t, sym::PrepaidAmount, sym::TotalPrepaidAmount, ubl);
        let (has_r, rounding) = total(t, sym::PayableRoundingAmount, sym::RoundingAmount, ubl);
        let sub = |a: Option<Decimal>, b: Option<Decimal>| a.zip(b).map(|(a, b)| a - b);
        let add = |a: Option<Decimal>, b: Option<Decimal>| a.zip(b).map(|(a, b)| a + b);
        let eq = |a: Option<Decimal>, b: Option<Decimal>| a.is_some() && a == b;
        let r = |x: Option<Decimal>| x.map(xpath::round2);
        let ok = if ubl {
            match (has_p, has_r) {
                (true, false) => eq(due, r(sub(grand, paid))),
                (false, false) => eq(due, grand),
                (true, true) => eq(r(sub(due, rounding)), r(sub(grand, paid))),
                (false, true) => eq(r(sub(due, rounding)), grand),
            }
        } else {
            eq(due, add(sub(grand, paid), rounding))
                || (eq(due, add(grand, rounding)) && !has_p)
                || (eq(due, sub(grand, paid)) && !has_r)
                || (eq(due, grand) && !has_p && !has_r)
        };
        if ok {
            continue;
        }
        let mut expected = grand;
        if has_p {
            expected = sub(expected, paid);
        }
        if has_r {
            expected = add(expected, rounding);
        }
        out.at(
            t,
            format!(
                "amount due (BT-115) is {} but total with VAT − paid amount + rounding amount is {}",
                opt(due),
                opt(expected)
            ),
        );
    }
}

/// BR-CO-17 for one breakdown: `tax` against `taxable` × `rate`; CII (`inclusive`) accepts a difference of exactly 1.
fn vat_amount_ok(
    tax: Option<Decimal>,
    taxable: Option<Decimal>,
    rate: Option<Decimal>,
    inclusive: bool,
) -> (bool, Option<Decimal>) {
    let zero_tax = tax.map(xpath::round) == Some(Decimal::ZERO);
    match rate {
        None => (zero_tax, Some(Decimal::ZERO)),
        Some(p) if xpath::round(p).is_zero() => (zero_tax, Some(Decimal::ZERO)),
        Some(p) => {
            let Some(base) = taxable else {
                return (false, None);
            };
            let x = xpath::round2(base.abs() * (p / Decimal::ONE_HUNDRED));
            let Some(t) = tax.map(|t| t.abs()) else {
                return (false, Some(x));
            };
            let ok = if inclusive {
                t - Decimal::ONE <= x && t + Decimal::ONE >= x
            } else {
                t - Decimal::ONE < x && t + Decimal::ONE > x
            };
            (ok, Some(x))
        }
    }
}

fn br_co_17(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let mut report = |at: Node<'_>, tax: Option<Decimal>, expected: Option<Decimal>| {
        out.at(
            at,
            format!(
                "VAT category tax amount (BT-117) is {} but taxable amount × rate is {}",
                opt(tax),
                opt(expected)
            ),
        );
    };
    if ctx.is_ubl() {
        for &st in &ctx.vat().subtotals {
            let rate = kids(st, NS_CAC, sym::TaxCategory)
                .filter(|c| ubl_vat_scheme(*c))
                .find_map(|c| kid(c, NS_CBC, sym::Percent))
                .and_then(|p| dec(Some(p)));
            let tax = dec(kid(st, NS_CBC, sym::TaxAmount));
            let taxable = dec(kid(st, NS_CBC, sym::TaxableAmount));
            let (ok, x) = vat_amount_ok(tax, taxable, rate, false);
            if !ok {
                report(st, tax, x);
            }
        }
        return;
    }
    for n in cii_header_taxes(ctx) {
        let vat = kid(n, NS_RAM, sym::TypeCode)
            .is_some_and(|t| xpath::normalize_space(&string_value(t)).eq_ignore_ascii_case("VAT"));
        let rate = if vat {
            dec(kid(n, NS_RAM, sym::RateApplicablePercent))
        } else {
            None
        };
        let tax = dec(kid(n, NS_RAM, sym::CalculatedAmount));
        let taxable = dec(kid(n, NS_RAM, sym::BasisAmount));
        let (ok, x) = vat_amount_ok(tax, taxable, rate, true);
        if !ok {
            report(n, tax, x);
        }
    }
}

fn br_co_18(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        if ctx.inv.vat.is_empty() {
            out.at(ctx.root(), "the invoice has no VAT breakdown (BG-23)");
        }
        return;
    }
    if ctx.vat().of(OccKind::Breakdown).any(|o| o.strict) {
        return;
    }
    for line in &ctx.inv.lines {
        out.at(line.terms.node, "the invoice has no VAT breakdown (BG-23)");
    }
}

fn br_co_19(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for p in ctx.inv.header.all(Bt::Bg14) {
        let ok = if ctx.is_ubl() {
            kid(p.node, NS_CBC, sym::StartDate).is_some()
                || kid(p.node, NS_CBC, sym::EndDate).is_some()
                || kid(p.node, NS_CBC, sym::DescriptionCode).is_some()
        } else {
            kid(p.node, NS_RAM, sym::StartDateTime).is_some()
                || kid(p.node, NS_RAM, sym::EndDateTime).is_some()
        };
        if !ok {
            out.at(
                p.node,
                "the invoicing period (BG-14) has neither a start nor an end date",
            );
        }
    }
}

fn br_co_20(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for line in &ctx.inv.lines {
        for p in line.terms.all(Bt::Bg26) {
            let ok = if ctx.is_ubl() {
                kid(p.node, NS_CBC, sym::StartDate).is_some()
                    || kid(p.node, NS_CBC, sym::EndDate).is_some()
            } else {
                kid(p.node, NS_RAM, sym::StartDateTime).is_some()
                    || kid(p.node, NS_RAM, sym::EndDateTime).is_some()
            };
            if !ok {
                let id = line.terms.text(Bt::Bt126);
                out.at(
                    p.node,
                    format!("the period of invoice line {id} (BG-26) has neither a start nor an end date"),
                );
            }
        }
    }
}

/// CII: the `ram:ChargeIndicator` elements of `g` whose `udt:Indicator` is literally `want`.
fn cii_indicators<'a>(g: &Group<'a>, want: &'a str) -> impl Iterator<Item = Node<'a>> + 'a {
    kids(g.node, NS_RAM, sym::ChargeIndicator)
        .filter(move |c| kids(*c, NS_UDT, sym::Indicator).any(|i| string_value(i) == want))
}

/// BR-CO-21 … 24: each allowance / charge has a reason or a reason code.
fn reasons(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    groups: &[&Group<'_>],
    reason: Bt,
    code: Bt,
    charge: bool,
    what: &str,
) {
    for g in groups {
        if g.has(reason) || g.has(code) {
            continue;
        }
        let amount = g
            .iter()
            .find(|(bt, _)| matches!(bt, Bt::Bt92 | Bt::Bt99 | Bt::Bt136 | Bt::Bt141))
            .map(|(_, t)| t.text().into_owned())
            .unwrap_or_default();
        let msg = format!(
            "{what} of amount {amount} has neither a reason ({}) nor a reason code ({})",
            reason.as_str(),
            code.as_str()
        );
        if ctx.is_ubl() {
            out.at(g.node, msg);
        } else {
            for ind in cii_indicators(g, if charge { "true" } else { "false" }) {
                out.at(ind, msg.clone());
            }
        }
    }
}

fn br_co_21(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let groups: Vec<&Group<'_>> = ctx
        .inv
        .allowances
        .iter()
        .chain(ctx.inv.charges.iter())
        .collect();
    let groups: Vec<&Group<'_>> = if ctx.is_ubl() {
        ctx.inv.allowances.iter().collect()
    } else {
        groups
    };
    reasons(
        ctx,
        out,
        &groups,
        Bt::Bt97,
        Bt::Bt98,
        false,
        "a document level allowance",
    );
}

fn br_co_22(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let groups: Vec<&Group<'_>> = if ctx.is_ubl() {
        ctx.inv.charges.iter().collect()
    } else {
        ctx.inv
            .allowances
            .iter()
            .chain(ctx.inv.charges.iter())
            .collect()
    };
    // Charges carry their reason in BT-104/105, allowances (CII, indicator literally true: none) in BT-97/98.
    reasons(
        ctx,
        out,
        &groups,
        Bt::Bt104,
        Bt::Bt105,
        true,
        "a document level charge",
    );
}

fn br_co_23(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let groups: Vec<&Group<'_>> = ctx
        .inv
        .lines
        .iter()
        .flat_map(|l| {
            l.allowances.iter().chain(if ctx.is_ubl() {
                [].iter()
            } else {
                l.charges.iter()
            })
        })
        .collect();
    reasons(
        ctx,
        out,
        &groups,
        Bt::Bt139,
        Bt::Bt140,
        false,
        "an invoice line allowance",
    );
}

fn br_co_24(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let groups: Vec<&Group<'_>> = ctx
        .inv
        .lines
        .iter()
        .flat_map(|l| {
            l.charges.iter().chain(if ctx.is_ubl() {
                [].iter()
            } else {
                l.allowances.iter()
            })
        })
        .collect();
    reasons(
        ctx,
        out,
        &groups,
        Bt::Bt144,
        Bt::Bt145,
        true,
        "an invoice line charge",
    );
}

fn br_co_26(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        for asp in kids(ctx.root(), NS_CAC, sym::AccountingSupplierParty) {
            let ok = kids(asp, NS_CAC, sym::Party).any(|p| {
                kids(p, NS_CAC, sym::PartyTaxScheme)
                    .any(|s| ubl_vat_scheme(s) && kid(s, NS_CBC, sym::CompanyID).is_some())
                    || kids(p, NS_CAC, sym::PartyIdentification)
                        .flat_map(|i| kids(i, NS_CBC, sym::ID))
                        .any(|id| id.attribute("schemeID") != Some("SEPA"))
                    || kids(p, NS_CAC, sym::PartyLegalEntity)
                        .any(|l| kid(l, NS_CBC, sym::CompanyID).is_some())
            });
            if !ok {
                out.at(asp, "the seller has no identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31)");
            }
        }
        return;
    }
    for seller in ctx.inv.header.all(Bt::Bg4) {
        let p = seller.node;
        let ok = kid(p, NS_RAM, sym::ID).is_some()
            || kid(p, NS_RAM, sym::GlobalID).is_some()
            || kids(p, NS_RAM, sym::SpecifiedLegalOrganization)
                .any(|l| kid(l, NS_RAM, sym::ID).is_some())
            || kids(p, NS_RAM, sym::SpecifiedTaxRegistration)
                .flat_map(|r| kids(r, NS_RAM, sym::ID))
                .any(|id| id.attribute("schemeID") == Some("VA"));
        if !ok {
            out.at(p, "the seller has no identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31)");
        }
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_CO_03, &BR_CO_04, &BR_CO_05, &BR_CO_06, &BR_CO_07, &BR_CO_08, &BR_CO_09, &BR_CO_10,
    &BR_CO_11, &BR_CO_12, &BR_CO_13, &BR_CO_14, &BR_CO_15, &BR_CO_16, &BR_CO_17, &BR_CO_18,
    &BR_CO_19, &BR_CO_20, &BR_CO_21, &BR_CO_22, &BR_CO_23, &BR_CO_24, &BR_CO_26,
];
