//! XRechnung temporary rules: BR-TMP-2 (URL of an external attachment),
//! BR-TMP-3 (CII: gross and net price on the same base quantity) and
//! BR-DE-TMP-32 (information: a delivery date or an invoicing period).
//! KoSIT marks them temporary because they are expected to move into the
//! CEN rules or the XRechnung CIUS proper.

use super::{all, cac, cbc, exists, first, ram, rsm, top, url_ok, Node, F, I, N, W};
use crate::model::string_value;
use crate::rules::{Ctx, Emit, RuleDef};
use crate::xml::symbols::sym;

xr_rule!(BR_DE_TMP_32, BrDeTmp32, I, I, &["BT-72", "BG-14", "BG-26"],
    "Give the actual delivery date (BT-72), an invoicing period (BG-14), or an invoicing period on every line (BG-26).",
    "An invoice should say when the goods or services were delivered: the Actual delivery date (BT-72), the Invoicing period (BG-14), or an Invoice line period (BG-26) on every line. Information only.\n\nCII: judged on each `rsm:SupplyChainTradeTransaction`.",
    br_de_tmp_32);
fn br_de_tmp_32(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let (ctxs, ok): (super::Nodes<'_>, fn(Node<'_>) -> bool) = if ctx.is_ubl() {
        (super::Nodes::from_slice(&[root]), |n| {
            exists(n, &[cac(sym::Delivery), cbc(sym::ActualDeliveryDate)])
                || exists(n, &[cac(sym::InvoicePeriod)])
                || n.children()
                    .filter(|l| {
                        super::is_step(*l, cac(sym::InvoiceLine))
                            || super::is_step(*l, cac(sym::CreditNoteLine))
                    })
                    .all(|l| exists(l, &[cac(sym::InvoicePeriod)]))
        })
    } else {
        (
            all(top(ctx), &[rsm(sym::SupplyChainTradeTransaction)]),
            |t| {
                exists(
                    t,
                    &[
                        ram(sym::ApplicableHeaderTradeDelivery),
                        ram(sym::ActualDeliverySupplyChainEvent),
                        ram(sym::OccurrenceDateTime),
                    ],
                ) || exists(
                    t,
                    &[
                        ram(sym::ApplicableHeaderTradeSettlement),
                        ram(sym::BillingSpecifiedPeriod),
                    ],
                ) || all(t, &[ram(sym::IncludedSupplyChainTradeLineItem)])
                    .iter()
                    .all(|l| {
                        exists(
                            *l,
                            &[
                                ram(sym::SpecifiedLineTradeSettlement),
                                ram(sym::BillingSpecifiedPeriod),
                            ],
                        )
                    })
            },
        )
    };
    for n in ctxs {
        if !ok(n) {
            out.at(n, ctx.say(
                "the invoice gives no delivery date (BT-72) and no invoicing period (BG-14, or BG-26 on every line); consider adding one".into(),
                "die Rechnung nennt weder Lieferdatum (BT-72) noch Abrechnungszeitraum (BG-14, oder BG-26 an jeder Position); ergänzen Sie eines davon".into()));
        }
    }
}

xr_rule!(BR_TMP_2, BrTmp2, W, W, &["BT-124"],
    "Write the external document location (BT-124) as an absolute URL with a scheme, e.g. https://…",
    "The External document location (BT-124) should be an absolute URI: a scheme of at least two characters starting with a letter, then a colon, e.g. `https://example.org/doc.pdf`.\n\nUBL: each `cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference` (a missing `cbc:URI` counts as wrong). CII: each header `ram:AdditionalReferencedDocument` with type code 916 that has a `ram:URIID`.",
    br_tmp_2);
fn br_tmp_2(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let refs: Vec<(Node<'_>, Option<Node<'_>>)> = if ctx.is_ubl() {
        all(
            root,
            &[
                cac(sym::AdditionalDocumentReference),
                cac(sym::Attachment),
                cac(sym::ExternalReference),
            ],
        )
        .into_iter()
        .map(|e| (e, first(e, &[cbc(sym::URI)])))
        .collect()
    } else {
        all(
            root,
            &[
                rsm(sym::SupplyChainTradeTransaction),
                ram(sym::ApplicableHeaderTradeAgreement),
                ram(sym::AdditionalReferencedDocument),
            ],
        )
        .into_iter()
        .filter(|d| super::eq(*d, &[ram(sym::TypeCode)], "916"))
        .filter_map(|d| first(d, &[ram(sym::URIID)]).map(|u| (d, Some(u))))
        .collect()
    };
    for (at, uri) in refs {
        let v = uri.map(string_value).unwrap_or_default();
        if url_ok(&v) {
            continue;
        }
        out.at(at, ctx.say(
            format!("the external document location '{v}' (BT-124) is not an absolute URL; write it with its scheme, e.g. https://…"),
            format!("der Speicherort '{v}' (BT-124) des externen Dokuments ist keine absolute URL; schreiben Sie ihn mit Schema, z. B. https://…")));
    }
}

xr_rule!(BR_TMP_3, BrTmp3, N, F, &["BT-149", "BT-150"],
    "Give the gross price and the net price the same base quantity (BT-149) and unit (BT-150).",
    "CII only: if both the gross price and the net price of a line carry a base quantity (`ram:BasisQuantity`), they shall be equal (compared as written) and, where both give a unit code, have the same unit. EN 16931 has one Item price base quantity (BT-149) for both.",
    br_tmp_3);
fn br_tmp_3(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let agreement = ram(sym::SpecifiedLineTradeAgreement);
    let gross = [
        agreement,
        ram(sym::GrossPriceProductTradePrice),
        ram(sym::BasisQuantity),
    ];
    let net = [
        agreement,
        ram(sym::NetPriceProductTradePrice),
        ram(sym::BasisQuantity),
    ];
    let lines = all(
        ctx.root(),
        &[
            rsm(sym::SupplyChainTradeTransaction),
            ram(sym::IncludedSupplyChainTradeLineItem),
        ],
    );
    // Only lines with a gross price base quantity can fail: a superset of
    // them from the per-document index, so the others are not walked.
    let candidates: Vec<Node<'_>> = super::matching(
        ctx,
        ram(sym::BasisQuantity),
        Some(ram(sym::GrossPriceProductTradePrice)),
    )
    .filter_map(|bq| bq.parent()?.parent()?.parent())
    .collect();
    for line in lines {
        if !candidates.contains(&line) {
            continue;
        }
        let (g, n) = (all(line, &gross), all(line, &net));
        if g.is_empty() || n.is_empty() {
            continue;
        }
        // General comparisons: some pair is equal.
        let same_qty = g
            .iter()
            .any(|a| n.iter().any(|b| string_value(*a) == string_value(*b)));
        let g_units: Vec<&str> = g.iter().filter_map(|x| x.attribute("unitCode")).collect();
        let n_units: Vec<&str> = n.iter().filter_map(|x| x.attribute("unitCode")).collect();
        let units_ok =
            g_units.is_empty() || n_units.is_empty() || g_units.iter().any(|u| n_units.contains(u));
        if same_qty && units_ok {
            continue;
        }
        let (gq, nq) = (string_value(g[0]), string_value(n[0]));
        out.at(line, ctx.say(
            format!("the gross price base quantity '{gq}' and the net price base quantity '{nq}' of this line differ (quantity or unit); give both prices for the same base quantity"),
            format!("Basismenge des Bruttopreises '{gq}' und des Nettopreises '{nq}' dieser Position weichen ab (Menge oder Einheit); beziehen Sie beide Preise auf dieselbe Basismenge")));
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[&BR_DE_TMP_32, &BR_TMP_2, &BR_TMP_3];
