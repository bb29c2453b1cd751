//! DOM navigation for the EN 16931 rules whose official test reads nodes the
//! model does not keep (other scheme's tax categories, the exact lexical form of
//! a `ChargeIndicator`, sibling elements the binding ignores), and the context
//! node sets several rule families share: document and line allowances and
//! charges, and the VAT breakdowns.
//!
//! Every helper follows a fixed, short path from a node the model already
//! holds, so a rule stays linear in the size of the invoice; a full-document
//! walk is used only where the official context is `//x` and `x` may sit at
//! many places (BR-52 in CII, BR-53's `//cac:TaxTotal` in UBL).

use crate::xml::symbols::sym;
use std::borrow::Cow;

use crate::model::{string_value, Bt, Node};
use crate::rules::ctx::LineIndicator;
use crate::rules::xpath::normalize_space;
use crate::rules::Ctx;
use crate::syntax::{NS_CAC, NS_CBC, NS_RAM, NS_RSM, NS_UDT};

/// UBL `cbc:` namespace.
pub(crate) const CBC: &str = NS_CBC;
/// UBL `cac:` namespace.
pub(crate) const CAC: &str = NS_CAC;
/// CII `ram:` namespace.
pub(crate) const RAM: &str = NS_RAM;
/// CII `udt:` namespace.
pub(crate) const UDT: &str = NS_UDT;
/// CII `rsm:` namespace.
pub(crate) const RSM: &str = NS_RSM;

/// A step of a child path: namespace and the [`symbols`](crate::xml::symbols)
/// number of the local name (`sym::TaxTotal`).
pub(crate) type Step = (&'static str, u16);

/// Whether `n` is the element `ns` + symbol `s`.
pub(crate) use crate::syntax::is_element as is;

/// The child elements `ns` + `s` of `n`, in document order.
pub(crate) fn kids<'a>(n: Node<'a>, ns: &'static str, s: u16) -> impl Iterator<Item = Node<'a>> {
    n.children().filter(move |c| is(*c, ns, s))
}

/// The first child element `ns` + `s` of `n`.
pub(crate) fn kid<'a>(n: Node<'a>, ns: &'static str, s: u16) -> Option<Node<'a>> {
    kids(n, ns, s).next()
}

/// The first node (in document order) the relative path `steps` selects from
/// `n`: what XPath's `a/b/c` gives when a single node is expected. `steps` is a
/// fixed literal, so the recursion is bounded by its length, not by the input.
pub(crate) fn first<'a>(n: Node<'a>, steps: &[Step]) -> Option<Node<'a>> {
    let Some(((ns, name), rest)) = steps.split_first() else {
        return Some(n);
    };
    kids(n, ns, *name).find_map(|c| first(c, rest))
}

/// Calls `f` on every node the relative path `steps` selects from `n`, in document order.
pub(crate) fn each<'a>(n: Node<'a>, steps: &[Step], f: &mut dyn FnMut(Node<'a>)) {
    let Some(((ns, name), rest)) = steps.split_first() else {
        f(n);
        return;
    };
    for c in kids(n, ns, *name) {
        each(c, rest, f);
    }
}

/// `normalize-space()` of an element's string value.
pub(crate) fn text(n: Node<'_>) -> Cow<'_, str> {
    match string_value(n) {
        Cow::Borrowed(s) => normalize_space(s),
        Cow::Owned(s) => Cow::Owned(normalize_space(&s).into_owned()),
    }
}

/// `normalize-space(path)`: the normalized value of the first node of the path, `""` when none.
pub(crate) fn text_at<'a>(n: Node<'a>, steps: &[Step]) -> Cow<'a, str> {
    first(n, steps).map(text).unwrap_or(Cow::Borrowed(""))
}

/// `normalize-space(path/@attr)`, `""` when the node or the attribute is missing.
pub(crate) fn attr_text<'a>(n: Option<Node<'a>>, attr: &str) -> Cow<'a, str> {
    match n.and_then(|n| n.attribute(attr)) {
        Some(v) => normalize_space(v),
        None => Cow::Borrowed(""),
    }
}

/// UBL: `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'` on a tax
/// category. `upper-case` then comparing with the ASCII `VAT` is the same as an
/// ASCII case-insensitive comparison: no non-ASCII letter upper-cases to V, A or T.
pub(crate) fn ubl_vat_scheme(category: Node<'_>) -> bool {
    kids(category, CAC, sym::TaxScheme)
        .any(|s| text_at(s, &[(CBC, sym::ID)]).eq_ignore_ascii_case("VAT"))
}

/// UBL: the `cac:TaxCategory` children of `n` whose tax scheme is VAT.
pub(crate) fn ubl_vat_categories<'a>(n: Node<'a>) -> impl Iterator<Item = Node<'a>> {
    kids(n, CAC, sym::TaxCategory).filter(|c| ubl_vat_scheme(*c))
}

/// CII: `upper-case(ram:TypeCode) = 'VAT'` (no whitespace normalization in the official test).
pub(crate) fn cii_vat_type(n: Node<'_>) -> bool {
    kid(n, RAM, sym::TypeCode).is_some_and(|t| string_value(t).eq_ignore_ascii_case("VAT"))
}

/// CII: every `ram:ApplicableHeaderTradeSettlement` of the document.
fn cii_header_settlements<'a>(ctx: &Ctx<'_, 'a>, f: &mut dyn FnMut(Node<'a>)) {
    each(
        ctx.root(),
        &[
            (RSM, sym::SupplyChainTradeTransaction),
            (RAM, sym::ApplicableHeaderTradeSettlement),
        ],
        f,
    );
}

/// CII: the `ram:ChargeIndicator` children of an allowance/charge whose
/// `udt:Indicator` is literally `false` (allowance) or `true` (charge): the
/// official contexts compare the string, so `0`, `1` or padded values do not count.
fn cii_indicators<'a>(ac: Node<'a>, charge: bool, f: &mut dyn FnMut(Node<'a>, Node<'a>)) {
    let want = if charge { "true" } else { "false" };
    for ind in kids(ac, RAM, sym::ChargeIndicator) {
        if kids(ind, UDT, sym::Indicator).any(|i| string_value(i) == want) {
            f(ind, ac);
        }
    }
}

/// The document level allowances (`charge == false`, BG-20) or charges (BG-21)
/// as the official contexts see them; `f(at, ac)` gets the context node to
/// report at and the allowance/charge element.
///
/// UBL: each `/Invoice/cac:AllowanceCharge` whose `cbc:ChargeIndicator` casts to
/// the wanted boolean (the model's split). CII: each `ram:ChargeIndicator` with
/// the literal indicator under the header settlement; the rule is judged on
/// that indicator element, so the finding points at it.
pub(crate) fn doc_allowance_charges<'a>(
    ctx: &Ctx<'_, 'a>,
    charge: bool,
    f: &mut dyn FnMut(Node<'a>, Node<'a>),
) {
    if ctx.is_ubl() {
        let groups = if charge {
            &ctx.inv.charges
        } else {
            &ctx.inv.allowances
        };
        for g in groups {
            f(g.node, g.node);
        }
        return;
    }
    cii_header_settlements(ctx, &mut |s| {
        for ac in kids(s, RAM, sym::SpecifiedTradeAllowanceCharge) {
            cii_indicators(ac, charge, f);
        }
    });
}

/// The invoice line allowances (BG-27) or charges (BG-28), as
/// [`doc_allowance_charges`] does for the document level.
pub(crate) fn line_allowance_charges<'a>(
    ctx: &Ctx<'_, 'a>,
    charge: bool,
    f: &mut dyn FnMut(Node<'a>, Node<'a>),
) {
    if ctx.is_ubl() {
        for line in &ctx.inv.lines {
            let groups = if charge {
                &line.charges
            } else {
                &line.allowances
            };
            for g in groups {
                f(g.node, g.node);
            }
        }
        return;
    }
    for li in cii_line_indicators(ctx) {
        if (charge && li.charge) || (!charge && li.allowance) {
            f(li.indicator, li.ac);
        }
    }
}

/// CII: the line allowance and charge indicators in document order, found once
/// per document (four rules read them, each for allowances and charges).
pub(crate) fn cii_line_indicators<'c, 'a>(ctx: &'c Ctx<'_, 'a>) -> &'c [LineIndicator<'a>] {
    ctx.cii_line_indicators.get_or_init(|| {
        let mut found = Vec::new();
        for line in &ctx.inv.lines {
            for s in kids(line.terms.node, RAM, sym::SpecifiedLineTradeSettlement) {
                for ac in kids(s, RAM, sym::SpecifiedTradeAllowanceCharge) {
                    for indicator in kids(ac, RAM, sym::ChargeIndicator) {
                        let said = |want: &str| {
                            kids(indicator, UDT, sym::Indicator).any(|i| string_value(i) == want)
                        };
                        found.push(LineIndicator {
                            indicator,
                            ac,
                            allowance: said("false"),
                            charge: said("true"),
                        });
                    }
                }
            }
        }
        found
    })
}

/// The VAT breakdown elements the official rules BR-45 … BR-48 and BR-DEC-19/20
/// are judged on.
///
/// UBL: every `cac:TaxTotal/cac:TaxSubtotal`: the document's (the model's BG-23)
/// and, since the context matches anywhere, those of a line's `cac:TaxTotal`.
///
/// CII: every header `ram:ApplicableTradeTax`, except those with category code
/// `L`, `M` or `O` and type code VAT: in the official CII Schematron those nodes
/// are taken by the earlier rules of the same pattern (the IGIC, IPSI and
/// not-subject rules), so these rules never see them.
pub(crate) fn vat_breakdowns<'a>(ctx: &Ctx<'_, 'a>, f: &mut dyn FnMut(Node<'a>)) {
    if ctx.is_ubl() {
        for g in &ctx.inv.vat {
            f(g.node);
        }
        // A line's `cac:TaxTotal/cac:TaxSubtotal`: taken from the document's
        // list of every `cac:TaxTotal/cac:TaxSubtotal` (built once per document
        // in `Ctx::vat`) instead of a scan of every line's children per rule.
        // Lines and subtotals are both in document order (= node id order).
        let lines = &ctx.inv.lines;
        if lines.is_empty() {
            return;
        }
        for &s in &ctx.vat().subtotals {
            let Some(owner) = s.parent().and_then(|t| t.parent()) else {
                continue;
            };
            if lines
                .binary_search_by_key(&owner.id().get_usize(), |l| l.terms.node.id().get_usize())
                .is_ok()
            {
                f(s);
            }
        }
        return;
    }
    for g in &ctx.inv.vat {
        let taken = cii_vat_type(g.node)
            && kids(g.node, RAM, sym::CategoryCode)
                .any(|c| matches!(string_value(c).as_ref(), "L" | "M" | "O"));
        if !taken {
            f(g.node);
        }
    }
}

/// The document totals elements (BG-22): UBL `cac:LegalMonetaryTotal`, CII
/// `ram:SpecifiedTradeSettlementHeaderMonetarySummation`.
pub(crate) fn totals<'m, 'a>(ctx: &Ctx<'m, 'a>) -> impl Iterator<Item = Node<'a>> + 'm {
    let inv: &'m crate::model::Invoice<'a> = ctx.inv;
    inv.header.all(Bt::Bg22).map(|t| t.node)
}

/// Every element `ns:name` anywhere in the document (XPath `//ns:name`).
pub(crate) fn anywhere<'a>(
    ctx: &Ctx<'_, 'a>,
    ns: &'static str,
    s: u16,
) -> impl Iterator<Item = Node<'a>> {
    // The document's chain of symbol `s` (see `Document::elements_of`).
    ctx.doc
        .elements_of(s)
        .filter(move |n| crate::syntax::in_ns(*n, ns))
}

/// Quotes a value for a message, shortened to keep messages readable.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("'{s}'")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("'{cut}…'")
    }
}

/// `xs:double(s)` as XPath casts an untyped value compared with a number:
/// surrounding whitespace allowed, `INF`, `-INF`, `NaN`, exponents. `None`
/// where XPath raises a dynamic error (FORG0001).
pub(crate) fn double(s: &str) -> Option<f64> {
    let t = crate::rules::xpath::trim_xml_space(s);
    match t {
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let dots = mantissa.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != mantissa.len() {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    t.parse::<f64>().ok()
}

/// XPath `round()` on a double: the nearest integer, ties toward positive infinity.
pub(crate) fn round_double(x: f64) -> f64 {
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_follow_the_xsd_lexical_space() {
        assert_eq!(double(" 12.5 "), Some(12.5));
        assert_eq!(double("-0"), Some(-0.0));
        assert_eq!(double("1e2"), Some(100.0));
        assert_eq!(double(".5"), Some(0.5));
        assert_eq!(double("5."), Some(5.0));
        assert_eq!(double("INF"), Some(f64::INFINITY));
        assert!(double("NaN").is_some_and(f64::is_nan));
        assert_eq!(double("inf"), None);
        assert_eq!(double("1,5"), None);
        assert_eq!(double(""), None);
        assert_eq!(double("e5"), None);
        assert_eq!(double("1e"), None);
    }

    #[test]
    fn round_double_ties_up() {
        assert_eq!(round_double(2.5), 3.0);
        assert_eq!(round_double(-2.5), -2.0);
        assert_eq!(round_double(-2.51), -3.0);
    }
}
