//! The EN 16931 VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G,
//! BR-O, BR-AF, BR-AG, BR-B), one file per category family.
//!
//! The families repeat the same rule shapes per category code, so the shapes
//! live here once, each a function parameterised by the category code and the
//! variant the official test of that category uses; a family file is a thin
//! list of [`RuleDef`](crate::rules::RuleDef)s over them:
//!
//! | n  | shape | function |
//! |----|-------|----------|
//! | 01 | a category used in a line or allowance/charge is in the VAT breakdown | [`listed`] |
//! | 02–04 | a line / allowance / charge of the category needs the party VAT identifiers | [`party_ids`] |
//! | 05–07 | the rate of a line / allowance / charge of the category | [`rate`] |
//! | 08 | the breakdown's taxable amount equals the category's lines and allowances/charges | [`taxable`] |
//! | 09 | the breakdown's tax amount | [`tax_amount`] |
//! | 10 | exemption reason present / absent | [`exemption`] |
//!
//! The UBL and CII tests of one rule often differ (UBL judges the document
//! root where CII judges each element, UBL compares `normalize-space()` of the
//! code where CII compares the raw string, CII rounds each partial sum, the
//! tolerances differ); each shape branches on the syntax and names the
//! variant. The elements themselves come from [`Ctx::vat`], the sums from
//! [`Ctx::sums`], both computed once per document.

pub mod ae;
pub mod af;
pub mod ag;
pub mod b;
pub mod e;
pub mod g;
pub mod ic;
pub mod o;
pub mod s;
pub mod z;

use rust_decimal::Decimal;

use crate::model::{string_value, Node};
use crate::rules::ctx::{OccKind, TaxOcc, VatCode};
use crate::rules::xpath;
use crate::rules::{Ctx, Emit};
use crate::syntax::{NS_CBC, NS_RAM};

/// Defines one VAT category rule: a `static RuleDef` whose check calls a shape.
macro_rules! vat_rule {
    ($static:ident, $id:ident, $ubl:expr, $cii:expr, $terms:expr, $hint:literal, $doc:literal, $check:expr) => {
        /// See the doc text.
        pub static $static: crate::rules::RuleDef = crate::rules::RuleDef {
            id: crate::rules::RuleId::$id,
            set: crate::rules::RuleSet::En16931,
            ubl: $ubl,
            cii: $cii,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $check,
        };
    };
}
pub(crate) use vat_rule;

/// The official flag of every VAT category rule.
pub(crate) const FATAL: Option<crate::rules::Severity> = Some(crate::rules::Severity::Fatal);

// ---------------------------------------------------------------------------
// Small XPath value helpers.

fn el_children<'a>(n: Node<'a>, ns: &'a str, name: &'a str) -> impl Iterator<Item = Node<'a>> {
    n.children().filter(move |c| {
        c.is_element() && c.tag_name().name() == name && crate::syntax::in_ns(*c, ns)
    })
}

fn el_child<'a>(n: Node<'a>, ns: &'a str, name: &'a str) -> Option<Node<'a>> {
    el_children(n, ns, name).next()
}

/// `xs:decimal(x)` of an element.
pub(crate) fn dec(n: Option<Node<'_>>) -> Option<Decimal> {
    n.and_then(|n| xpath::decimal(&string_value(n)))
}

/// An untyped value compared with a number is cast to `xs:double`.
pub(crate) fn dbl(n: Node<'_>) -> Option<f64> {
    let s = string_value(n);
    let t = xpath::trim_xml_space(&s);
    match t {
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ if t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            && !t.is_empty() =>
        {
            t.parse().ok()
        }
        _ => None,
    }
}

/// A decimal promoted to `xs:double` (correctly rounded).
pub(crate) fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// XPath `round()` on a double: half toward positive infinity.
pub(crate) fn round_f64(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// `2` decimals for messages.
pub(crate) fn show(d: Decimal) -> String {
    d.round_dp(2).normalize().to_string()
}

fn show_rate(r: Option<Decimal>) -> String {
    match r {
        Some(r) => format!(" {}%", r.normalize()),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Shape 01: the category is in the VAT breakdown iff it is used.

/// How the UBL test of BR-x-01 counts.
#[derive(Clone, Copy)]
pub enum Ubl01 {
    /// BR-S-01: used (any scheme) in a line or allowance/charge iff listed (any scheme) in the breakdown.
    UsedIffListed,
    /// BR-AF-01 / BR-AG-01: used (VAT scheme) iff listed; the "listed" side of the
    /// used case compares the code exactly (`cbc:ID = 'L'`), with the VAT
    /// scheme filter only if `listed_vat`.
    UsedIffListedExact {
        /// Whether the "listed" count of the used case requires the VAT scheme.
        listed_vat: bool,
    },
    /// BR-AE-01 …: if any VAT-scheme tax category of the code exists anywhere
    /// (the breakdown's own included), the breakdown lists it exactly once.
    ExactlyOnce,
}

/// How the CII test of BR-x-01 counts.
#[derive(Clone, Copy)]
pub enum Cii01 {
    /// BR-S-01 / AF / AG: lines and allowances/charges of the code each need a breakdown of it.
    Paired,
    /// BR-Z-01 …: none anywhere, or exactly one breakdown and some use.
    ExactlyOnce,
    /// BR-O-01: no breakdown, or exactly one and some use.
    AtMostOnce,
}

/// BR-x-01: the VAT breakdown has the category exactly when lines or allowances/charges use it.
pub fn listed(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, code: VatCode, ubl: Ubl01, cii: Cii01) {
    let ix = ctx.vat();
    let c = code.as_str();
    if ctx.is_ubl() {
        let used_any = |vat: bool| {
            ix.occs
                .iter()
                .filter(|o| {
                    (o.kind.is_allowance_charge() || o.kind == OccKind::Line)
                        && o.is(code)
                        && (o.vat || !vat)
                })
                .count()
        };
        let listed = |exact: bool, vat: bool| {
            ix.occs
                .iter()
                .filter(|o| {
                    o.kind == OccKind::Breakdown
                        && o.strict
                        && (if exact {
                            o.exact & code.bit() != 0
                        } else {
                            o.is(code)
                        })
                        && (o.vat || !vat)
                })
                .count()
        };
        let ok = match ubl {
            Ubl01::UsedIffListed => {
                let (u, l) = (used_any(false), listed(false, false));
                (u > 0 && l > 0) || (u == 0 && l == 0)
            }
            Ubl01::UsedIffListedExact { listed_vat } => {
                let u = used_any(true);
                (u > 0 && listed(true, listed_vat) > 0) || (u == 0 && listed(false, true) == 0)
            }
            Ubl01::ExactlyOnce => {
                let anywhere = ix.occs.iter().any(|o| o.vat && o.is(code));
                !anywhere || listed(false, true) == 1
            }
        };
        if ok {
            return;
        }
        let (u, l) = (used_any(false), listed(false, false));
        out.at(
            ctx.root(),
            format!(
                "VAT category {c}: {u} line/allowance/charge categories use it, but the VAT breakdown lists it {l} time(s)"
            ),
        );
        return;
    }
    let count = |pred: &dyn Fn(&TaxOcc<'_>) -> bool| {
        ix.occs.iter().filter(|o| o.is(code) && pred(o)).count()
    };
    let line = count(&|o| o.kind == OccKind::Line);
    let hdr = count(&|o| o.kind == OccKind::Breakdown);
    let cat = count(&|o| o.node.tag_name().name() == "CategoryTradeTax");
    let ok = match cii {
        Cii01::Paired => (line + hdr >= 2 || line == 0) && (cat + hdr >= 2 || cat == 0),
        Cii01::ExactlyOnce => {
            (hdr == 0 && line == 0 && cat == 0) || (hdr == 1 && (line > 0 || cat > 0))
        }
        Cii01::AtMostOnce => hdr == 0 || (hdr == 1 && (line > 0 || cat > 0)),
    };
    if ok {
        return;
    }
    out.at(
        ctx.root(),
        format!(
            "VAT category {c}: {line} line(s) and {cat} allowance/charge(s) use it, but the VAT breakdown lists it {hdr} time(s)"
        ),
    );
}

// ---------------------------------------------------------------------------
// Shapes 02–04: party identifiers required (or forbidden) by the category.

/// Which elements a BR-x-02 … 04 rule is about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Invoice lines (BR-x-02).
    Line,
    /// Document level allowances (BR-x-03).
    Allowance,
    /// Document level charges (BR-x-04).
    Charge,
}

impl Which {
    fn kind(self) -> OccKind {
        match self {
            Which::Line => OccKind::Line,
            Which::Allowance => OccKind::Allowance,
            Which::Charge => OccKind::Charge,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Which::Line => "invoice line",
            Which::Allowance => "document level allowance",
            Which::Charge => "document level charge",
        }
    }
}

/// The party identifiers a category requires.
#[derive(Clone, Copy)]
pub enum Party {
    /// A seller tax identifier (UBL any tax scheme; CII scheme VA or FC) or a tax representative VAT id.
    SellerAny,
    /// A seller VAT identifier or a tax representative VAT id.
    SellerVat,
    /// Reverse charge: seller as [`Party::SellerAny`], and a buyer VAT or legal registration identifier.
    ReverseCharge,
    /// Intra-community: seller as [`Party::SellerVat`], and a buyer VAT identifier.
    IntraCommunity,
    /// Not subject to VAT: no seller, tax representative or buyer VAT identifier.
    NoVatIds,
}

impl Party {
    fn ok(self, ctx: &Ctx<'_, '_>) -> bool {
        let p = ctx.vat().parties;
        match self {
            Party::SellerAny => p.seller_any || p.rep_vat,
            Party::SellerVat => p.seller_vat || p.rep_vat,
            Party::ReverseCharge => (p.seller_any || p.rep_vat) && (p.buyer_vat || p.buyer_legal),
            Party::IntraCommunity => (p.seller_vat || p.rep_vat) && p.buyer_vat,
            Party::NoVatIds => !p.seller_vat && !p.rep_vat && !p.buyer_vat,
        }
    }

    fn want(self) -> &'static str {
        match self {
            Party::SellerAny => "the seller's VAT or tax registration identifier (BT-31/BT-32) or the tax representative's VAT identifier (BT-63) is missing",
            Party::SellerVat => "the seller's VAT identifier (BT-31) or the tax representative's VAT identifier (BT-63) is missing",
            Party::ReverseCharge => "it needs the seller's VAT/tax identifier (BT-31/BT-32) or the tax representative's (BT-63), and the buyer's VAT identifier (BT-48) or legal registration identifier (BT-47); one of them is missing",
            Party::IntraCommunity => "it needs the seller's (BT-31) or tax representative's (BT-63) VAT identifier and the buyer's VAT identifier (BT-48); one of them is missing",
            Party::NoVatIds => "but the invoice carries a seller (BT-31), tax representative (BT-63) or buyer (BT-48) VAT identifier",
        }
    }
}

/// Variants of the UBL test of BR-x-02 … 04.
#[derive(Clone, Copy, Default)]
pub struct UblGuard {
    /// BR-S-02: the "not used" side ignores the tax scheme.
    pub any_scheme: bool,
    /// BR-AF-04: the "not used" side compares the code exactly.
    pub exact: bool,
    /// BR-O-03/04: only allowances/charges at document level count.
    pub doc_level: bool,
}

/// BR-x-02 … 04: a line / allowance / charge of the category requires (or forbids) party identifiers.
///
/// UBL judges the document once; CII judges each line / allowance / charge tax element.
pub fn party_ids(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    code: VatCode,
    which: Which,
    party: Party,
    guard: UblGuard,
) {
    let ix = ctx.vat();
    let kind = which.kind();
    let c = code.as_str();
    if ctx.is_ubl() {
        let of_kind = |o: &&TaxOcc<'_>| o.kind == kind && (!guard.doc_level || o.strict);
        let used = ix.occs.iter().filter(of_kind).any(|o| o.is(code) && o.vat);
        let guarded = if guard.any_scheme {
            ix.occs.iter().filter(of_kind).any(|o| o.is(code))
        } else if guard.exact {
            ix.occs
                .iter()
                .filter(of_kind)
                .any(|o| o.exact & code.bit() != 0 && o.vat)
        } else {
            used
        };
        if !guarded || (used && party.ok(ctx)) {
            return;
        }
        out.at(
            ctx.root(),
            format!("an {} has VAT category {c}, {}", which.noun(), party.want()),
        );
        return;
    }
    if party.ok(ctx) {
        return;
    }
    for o in ix
        .occs
        .iter()
        .filter(|o| o.kind == kind && o.is(code) && o.vat && (which != Which::Line || o.strict))
    {
        out.at(
            o.node,
            format!(
                "this {} has VAT category {c}, {}",
                which.noun(),
                party.want()
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// Shapes 05–07: the rate of a line / allowance / charge of the category.

/// What the rate of a category must be.
#[derive(Clone, Copy)]
pub enum Rate {
    /// `= 0`.
    Zero,
    /// `> 0`.
    Positive,
    /// `>= 0`.
    NonNegative,
    /// No rate at all.
    Absent,
}

impl Rate {
    fn ok(self, percent: Option<Node<'_>>) -> bool {
        let v = percent.and_then(dbl);
        match self {
            Rate::Zero => v == Some(0.0),
            Rate::Positive => v.is_some_and(|v| v > 0.0),
            Rate::NonNegative => v.is_some_and(|v| v >= 0.0),
            Rate::Absent => percent.is_none(),
        }
    }

    fn want(self) -> &'static str {
        match self {
            Rate::Zero => "must be 0",
            Rate::Positive => "must be greater than 0",
            Rate::NonNegative => "must be 0 or more",
            Rate::Absent => "must not be given",
        }
    }
}

/// BR-x-05 … 07: each line / allowance / charge of the category (VAT scheme) has the right rate.
pub fn rate(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    code: VatCode,
    which: Which,
    ubl: Rate,
    cii: Rate,
) {
    let want = if ctx.is_ubl() { ubl } else { cii };
    let kind = which.kind();
    for o in ctx
        .vat()
        .occs
        .iter()
        .filter(|o| o.kind == kind && o.is(code) && o.vat && (which != Which::Line || o.strict))
    {
        if want.ok(o.percent) {
            continue;
        }
        let got = match o.percent {
            Some(p) => format!("is {}", xpath::normalize_space(&string_value(p))),
            None => "is missing".to_owned(),
        };
        out.at(
            o.node,
            format!(
                "{} of VAT category {}: the VAT rate {got} but {}",
                which.noun(),
                code.as_str(),
                want.want()
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// Shapes 08–10: the VAT breakdown of the category.

/// Which CII breakdown elements a BR-x-08 … 10 rule judges.
#[derive(Clone, Copy)]
pub enum CiiBreakdown {
    /// BR-S / BR-Z: every header `ram:CategoryCode` of the code, any tax type.
    CodeAnyType,
    /// BR-AE, E, G, IC: header `ram:CategoryCode` of the code with tax type VAT.
    CodeVat,
    /// BR-AF, AG, O: the header `ram:ApplicableTradeTax` of the code with tax type VAT.
    TaxVat,
}

/// The breakdown elements of `code` the rule judges, with the node to report at.
fn breakdowns<'c, 'a>(
    ctx: &'c Ctx<'_, 'a>,
    code: VatCode,
    cii: CiiBreakdown,
) -> impl Iterator<Item = (TaxOcc<'a>, Node<'a>)> + 'c {
    let ubl = ctx.is_ubl();
    ctx.vat().occs.iter().filter_map(move |o| {
        if o.kind != OccKind::Breakdown || !o.is(code) {
            return None;
        }
        if ubl {
            return (o.strict && o.vat).then_some((*o, o.node));
        }
        match cii {
            CiiBreakdown::CodeAnyType => Some((*o, o.code_or_node())),
            CiiBreakdown::CodeVat => (o.strict && o.vat).then_some((*o, o.code_or_node())),
            CiiBreakdown::TaxVat => (o.strict && o.vat).then_some((*o, o.node)),
        }
    })
}

/// The breakdown group (UBL `cac:TaxSubtotal`, CII `ram:ApplicableTradeTax`) of a breakdown element.
fn group<'a>(o: &TaxOcc<'a>, ubl: bool) -> Node<'a> {
    if ubl {
        o.node.parent_element().unwrap_or(o.node)
    } else {
        o.node
    }
}

/// How BR-x-08 compares the taxable amount with the sums.
#[derive(Clone, Copy)]
pub enum Taxable {
    /// UBL: exactly equal to the category's sums (AE, E, G, IC, O, Z).
    /// CII: within 1 of the rounded sums (AE, E, G, IC, Z) or equal to them (O, see `cii_exact`).
    PerCode {
        /// CII: equal (BR-O-08) instead of within 1.
        cii_exact: bool,
    },
    /// Per rate of the breakdown: UBL within 1 (S, AF, AG), CII equal to the rounded sums.
    PerRate {
        /// UBL BR-S-08: a line or allowance/charge of that code and rate must exist.
        need_use: bool,
    },
}

/// BR-x-08: the taxable amount (BT-116) of the category's breakdown equals
/// the sum of its line net amounts plus charges minus allowances.
pub fn taxable(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    code: VatCode,
    how: Taxable,
    cii: CiiBreakdown,
) {
    let ubl = ctx.is_ubl();
    let mut found = breakdowns(ctx, code, cii).peekable();
    if found.peek().is_none() {
        return;
    }
    let sums = ctx.sums();
    let has_inv = ctx
        .inv
        .lines
        .iter()
        .any(|l| l.terms.node.tag_name().name() == "InvoiceLine");
    let has_cn = ctx
        .inv
        .lines
        .iter()
        .any(|l| l.terms.node.tag_name().name() == "CreditNoteLine");
    // UBL BR-S-08: the rates of the allowances/charges (any level) of this code, once.
    let mut ac_rates: Vec<Decimal> = match how {
        Taxable::PerRate { need_use: true } if ubl => ctx
            .vat()
            .occs
            .iter()
            .filter(|a| a.kind.is_allowance_charge() && a.is(code))
            .filter_map(TaxOcc::rate)
            .collect(),
        _ => Vec::new(),
    };
    ac_rates.sort_unstable();
    for (o, at) in found {
        let g = group(&o, ubl);
        let rates: Vec<Option<Decimal>> = match how {
            Taxable::PerCode { .. } => vec![None],
            Taxable::PerRate { .. } if ubl => o.rate().into_iter().map(Some).collect(),
            Taxable::PerRate { .. } => el_children(o.node, NS_RAM, "RateApplicablePercent")
                .filter_map(|p| dec(Some(p)))
                .map(Some)
                .collect(),
        };
        for r in rates {
            let s = match r {
                Some(r) => sums.rate(code, r),
                None => sums.code(code),
            };
            let (ok, declared, expected) = if ubl {
                let t = dec(el_child(g, NS_CBC, "TaxableAmount"));
                let inv = s.inv_lines + s.charges - s.allowances;
                let cn = s.cn_lines + s.charges - s.allowances;
                let ok = match (how, t, r) {
                    (_, None, _) => false,
                    (Taxable::PerCode { .. }, Some(t), _) => {
                        (has_inv && t == inv) || (has_cn && t == cn)
                    }
                    (Taxable::PerRate { need_use }, Some(t), r) => {
                        let near = |x: Decimal| t - Decimal::ONE < x && t + Decimal::ONE > x;
                        let (ui, uc) = if need_use {
                            let ac = r.is_some_and(|r| ac_rates.binary_search(&r).is_ok());
                            (s.any_inv_line || ac, s.any_cn_line || ac)
                        } else {
                            (has_inv, has_cn)
                        };
                        (ui && near(inv)) || (uc && near(cn))
                    }
                };
                let expected = if has_cn && !has_inv { cn } else { inv };
                (ok, t, expected)
            } else {
                let x = xpath::round2(s.inv_lines) + xpath::round2(s.charges)
                    - xpath::round2(s.allowances);
                let xf = to_f64(x);
                let bases: Vec<f64> = el_children(g, NS_RAM, "BasisAmount")
                    .filter_map(dbl)
                    .collect();
                let ok = match how {
                    Taxable::PerCode { cii_exact: false } => {
                        bases.iter().any(|b| b - 1.0 < xf) && bases.iter().any(|b| b + 1.0 > xf)
                    }
                    _ => bases.contains(&xf),
                };
                (ok, dec(el_child(g, NS_RAM, "BasisAmount")), x)
            };
            if ok {
                continue;
            }
            let declared = declared.map_or_else(|| "missing".to_owned(), show);
            out.at(
                at,
                format!(
                    "VAT breakdown {}{}: taxable amount {declared} but the lines, allowances and charges of this category sum to {}",
                    code.as_str(),
                    show_rate(r),
                    show(expected)
                ),
            );
        }
    }
}

/// How BR-x-09 judges the tax amount.
#[derive(Clone, Copy)]
pub enum TaxAmount {
    /// 0.
    Zero,
    /// Within 1 of taxable amount × rate (rounded to 2 decimals).
    Computed,
    /// CII BR-AF-09 / BR-AG-09: the official test is `true()`, nothing to judge.
    Nothing,
}

/// BR-x-09: the tax amount (BT-117) of the category's breakdown.
pub fn tax_amount(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    code: VatCode,
    ubl_how: TaxAmount,
    cii_how: TaxAmount,
    cii: CiiBreakdown,
) {
    let ubl = ctx.is_ubl();
    let how = if ubl { ubl_how } else { cii_how };
    if matches!(how, TaxAmount::Nothing) {
        return;
    }
    for (o, at) in breakdowns(ctx, code, cii) {
        let g = group(&o, ubl);
        let (amount_name, ns) = if ubl {
            ("TaxAmount", NS_CBC)
        } else {
            ("CalculatedAmount", NS_RAM)
        };
        let amount = el_child(g, ns, amount_name);
        let (ok, want) = match (how, ubl) {
            (TaxAmount::Zero, true) => (dec(amount) == Some(Decimal::ZERO), "0".to_owned()),
            (TaxAmount::Zero, false) => (
                el_children(g, ns, amount_name).any(|a| dbl(a) == Some(0.0)),
                "0".to_owned(),
            ),
            (TaxAmount::Computed, true) => {
                let t = dec(el_child(g, NS_CBC, "TaxableAmount"));
                match (dec(amount), t, o.rate()) {
                    (Some(a), Some(t), Some(p)) => {
                        let x = xpath::round2(t.abs() * (p / Decimal::ONE_HUNDRED));
                        let a = a.abs();
                        (a - Decimal::ONE < x && a + Decimal::ONE > x, show(x))
                    }
                    _ => (false, "taxable amount × rate".to_owned()),
                }
            }
            (TaxAmount::Computed, false) => {
                // CII multiplies the decimal basis by the untyped rate, so in xs:double.
                let basis = dec(el_child(g, NS_RAM, "BasisAmount"));
                match (dec(amount), basis, o.percent.and_then(dbl)) {
                    (Some(a), Some(b), Some(p)) => {
                        let x = round_f64(to_f64(b.abs()) * p) / 100.0;
                        let a = to_f64(a.abs());
                        (a - 1.0 < x && a + 1.0 > x, format!("{x:.2}"))
                    }
                    _ => (false, "taxable amount × rate".to_owned()),
                }
            }
            (TaxAmount::Nothing, _) => (true, String::new()),
        };
        if ok {
            continue;
        }
        let got = amount.map_or_else(
            || "missing".to_owned(),
            |a| xpath::normalize_space(&string_value(a)).into_owned(),
        );
        out.at(
            at,
            format!(
                "VAT breakdown {}{}: VAT amount {got} but it must be {want}",
                code.as_str(),
                show_rate(o.rate())
            ),
        );
    }
}

/// BR-x-10: the category's breakdown has (`required`) or has not an exemption reason (BT-120/BT-121).
pub fn exemption(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    code: VatCode,
    required: bool,
    cii: CiiBreakdown,
) {
    let ubl = ctx.is_ubl();
    for (o, at) in breakdowns(ctx, code, cii) {
        let has = if ubl {
            el_child(o.node, NS_CBC, "TaxExemptionReason").is_some()
                || el_child(o.node, NS_CBC, "TaxExemptionReasonCode").is_some()
        } else {
            el_child(o.node, NS_RAM, "ExemptionReason").is_some()
                || el_child(o.node, NS_RAM, "ExemptionReasonCode").is_some()
        };
        if has == required {
            continue;
        }
        let msg = if required {
            format!(
                "VAT breakdown {}: an exemption reason text (BT-120) or code (BT-121) is required",
                code.as_str()
            )
        } else {
            format!(
                "VAT breakdown {}: an exemption reason (BT-120/BT-121) is given, but this category is not exempt",
                code.as_str()
            )
        };
        out.at(at, msg);
    }
}
