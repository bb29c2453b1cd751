//! XRechnung CVD rules (Clean Vehicles Directive, XRechnung CVD 0.9):
//! BR-DE-CVD-01 … 06 and BR-TMP-CVD-01. They apply only when BT-24 is exactly
//! the CVD identifier (`$isCVD`). A vehicle line carries an item
//! classification with list id `CVD` (the vehicle category M1 … N3) and an
//! item attribute named `cva` (clean, zero-emission or other).

use super::{all, cac, cbc, globals, has_text, normalized, ram, rsm, top, Node, F};
use crate::rules::{xpath, Ctx, Emit, RuleDef};
use crate::xml::symbols::sym;

/// `(cac:InvoiceLine | cac:CreditNoteLine)/cac:Item` (UBL) or
/// `ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct` (CII).
fn items<'a>(ctx: &Ctx<'_, 'a>) -> super::Nodes<'a> {
    let root = ctx.root();
    if ctx.is_ubl() {
        let line = if ctx.syntax == crate::syntax::Syntax::UblInvoice {
            sym::InvoiceLine
        } else {
            sym::CreditNoteLine
        };
        all(top(ctx), &[cac(line), cac(sym::Item)])
    } else {
        all(
            root,
            &[
                rsm(sym::SupplyChainTradeTransaction),
                ram(sym::IncludedSupplyChainTradeLineItem),
                ram(sym::SpecifiedTradeProduct),
            ],
        )
    }
}

/// The classification codes of an item.
fn class_codes<'a>(ctx: &Ctx<'_, '_>, item: Node<'a>) -> super::Nodes<'a> {
    if ctx.is_ubl() {
        all(
            item,
            &[
                cac(sym::CommodityClassification),
                cbc(sym::ItemClassificationCode),
            ],
        )
    } else {
        all(
            item,
            &[
                ram(sym::DesignatedProductClassification),
                ram(sym::ClassCode),
            ],
        )
    }
}

/// The item attributes named exactly `cva`.
fn cva_attributes<'a>(ctx: &Ctx<'_, '_>, item: Node<'a>) -> super::Nodes<'a> {
    let (group, name) = if ctx.is_ubl() {
        (cac(sym::AdditionalItemProperty), cbc(sym::Name))
    } else {
        (
            ram(sym::ApplicableProductCharacteristic),
            ram(sym::Description),
        )
    };
    let mut v = all(item, &[group]);
    v.retain(|g| super::eq(*g, &[name], "cva"));
    v
}

fn is_cvd_code(n: &Node<'_>) -> bool {
    n.attribute("listID") == Some("CVD")
}

xr_rule!(BR_DE_CVD_01, BrDeCvd01, F, F, &["BT-12"],
    "Give the contract reference (BT-12) of the vehicle procurement.",
    "CVD: the Contract reference (BT-12) shall be given.\n\nUBL: `cac:ContractDocumentReference/cbc:ID`. CII: `ram:ContractReferencedDocument/ram:IssuerAssignedID` on each header agreement.",
    br_de_cvd_01);
fn br_de_cvd_01(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    let (ctxs, path): (super::Nodes<'_>, &[super::Step]) = if ctx.is_ubl() {
        (
            super::Nodes::from_slice(&[ctx.root()]),
            &[cac(sym::ContractDocumentReference), cbc(sym::ID)],
        )
    } else {
        (
            all(
                ctx.root(),
                &[
                    rsm(sym::SupplyChainTradeTransaction),
                    ram(sym::ApplicableHeaderTradeAgreement),
                ],
            ),
            &[
                ram(sym::ContractReferencedDocument),
                ram(sym::IssuerAssignedID),
            ],
        )
    };
    for n in ctxs {
        if !has_text(n, path) {
            out.at(
                n,
                ctx.say(
                    "a CVD invoice needs the contract reference (BT-12); add it".into(),
                    "eine CVD-Rechnung braucht die Vertragsreferenz (BT-12); bitte ergänzen".into(),
                ),
            );
        }
    }
}

xr_rule!(BR_DE_CVD_02, BrDeCvd02, F, F, &["BT-17"],
    "Give the tender or lot reference (BT-17) of the vehicle procurement.",
    "CVD: the Tender or lot reference (BT-17) shall be given.\n\nUBL: `cac:OriginatorDocumentReference/cbc:ID`. CII: an `ram:AdditionalReferencedDocument` with type code 50 and an `ram:IssuerAssignedID`.",
    br_de_cvd_02);
fn br_de_cvd_02(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    let ctxs: Vec<(Node<'_>, bool)> = if ctx.is_ubl() {
        let root = ctx.root();
        vec![(
            root,
            has_text(
                top(ctx),
                &[cac(sym::OriginatorDocumentReference), cbc(sym::ID)],
            ),
        )]
    } else {
        all(
            ctx.root(),
            &[
                rsm(sym::SupplyChainTradeTransaction),
                ram(sym::ApplicableHeaderTradeAgreement),
            ],
        )
        .into_iter()
        .map(|a| {
            let ok = super::any(a, &[ram(sym::AdditionalReferencedDocument)], |d| {
                super::norm(d, &[ram(sym::TypeCode)]) == "50"
                    && !super::norm(d, &[ram(sym::IssuerAssignedID)]).is_empty()
            });
            (a, ok)
        })
        .collect()
    };
    for (n, ok) in ctxs {
        if !ok {
            out.at(
                n,
                ctx.say(
                    "a CVD invoice needs the tender or lot reference (BT-17); add it".into(),
                    "eine CVD-Rechnung braucht die Vergabe- oder Losnummer (BT-17); bitte ergänzen"
                        .into(),
                ),
            );
        }
    }
}

xr_rule!(BR_DE_CVD_03, BrDeCvd03, F, F, &["BT-158", "BT-160"],
    "Mark at least one line as a vehicle: classification with list id CVD and an attribute 'cva'.",
    "CVD: at least one invoice line shall describe a vehicle: its item has a classification (BT-158) with list identifier `CVD` and an item attribute (BG-32) named `cva`.\n\nCII: judged on each `rsm:SupplyChainTradeTransaction`.",
    br_de_cvd_03);
fn br_de_cvd_03<'a>(ctx: &Ctx<'_, 'a>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    let is_vehicle = |item: &Node<'a>| {
        class_codes(ctx, *item).iter().any(is_cvd_code) && !cva_attributes(ctx, *item).is_empty()
    };
    let ctxs: Vec<(Node<'_>, bool)> = if ctx.is_ubl() {
        vec![(ctx.root(), items(ctx).iter().any(is_vehicle))]
    } else {
        all(top(ctx), &[rsm(sym::SupplyChainTradeTransaction)])
            .into_iter()
            .map(|t| {
                let ok = all(
                    t,
                    &[
                        ram(sym::IncludedSupplyChainTradeLineItem),
                        ram(sym::SpecifiedTradeProduct),
                    ],
                )
                .iter()
                .any(is_vehicle);
                (t, ok)
            })
            .collect()
    };
    for (n, ok) in ctxs {
        if !ok {
            out.at(n, ctx.say(
                "no line of this CVD invoice describes a vehicle; give the vehicle line a classification with list id CVD and an attribute 'cva'".into(),
                "keine Position dieser CVD-Rechnung beschreibt ein Fahrzeug; geben Sie der Fahrzeugposition eine Klassifikation mit Listen-ID CVD und ein Attribut 'cva'".into()));
        }
    }
}

xr_rule!(BR_DE_CVD_04, BrDeCvd04, F, F, &["BT-158"],
    "Use a vehicle category M1, M2, M3, N1, N2 or N3 as CVD classification code.",
    "CVD: an item classification with list identifier `CVD` shall give the vehicle category M1, M2, M3, N1, N2 or N3.",
    br_de_cvd_04);
fn br_de_cvd_04(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    for item in items(ctx) {
        for code in class_codes(ctx, item) {
            if xpath::normalize_space(code.attribute("listID").unwrap_or("")) != "CVD" {
                continue;
            }
            let v = normalized(code);
            if ["M1", "M2", "M3", "N1", "N2", "N3"].contains(&v.as_ref()) {
                continue;
            }
            out.at(code, ctx.say(
                format!("the vehicle category '{v}' is not one of M1, M2, M3, N1, N2, N3; use the category of the vehicle's registration"),
                format!("die Fahrzeugklasse '{v}' ist keine von M1, M2, M3, N1, N2, N3; verwenden Sie die Klasse aus der Zulassung")));
        }
    }
}

xr_rule!(BR_DE_CVD_05, BrDeCvd05, F, F, &["BT-161"],
    "Give the 'cva' attribute the value clean, zero-emission or other.",
    "CVD: the value (BT-161) of an item attribute named `cva` shall be `clean`, `zero-emission` or `other`.",
    br_de_cvd_05);
fn br_de_cvd_05(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    let value = if ctx.is_ubl() {
        cbc(sym::Value)
    } else {
        ram(sym::Value)
    };
    for item in items(ctx) {
        for attr in cva_attributes(ctx, item) {
            let v = super::norm(attr, &[value]);
            if ["clean", "zero-emission", "other"].contains(&v.as_ref()) {
                continue;
            }
            out.at(attr, ctx.say(
                format!("the 'cva' attribute has the value '{v}'; use clean, zero-emission or other"),
                format!("das Attribut 'cva' hat den Wert '{v}'; verwenden Sie clean, zero-emission oder other")));
        }
    }
}

xr_rule!(BR_DE_CVD_06_A, BrDeCvd06A, F, F, &["BT-158", "BT-160"],
    "Give a vehicle line (classification CVD) exactly one 'cva' attribute.",
    "CVD: an item with a classification of list `CVD` shall have exactly one item attribute named `cva`.",
    br_de_cvd_06_a);
fn br_de_cvd_06_a(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    for item in items(ctx) {
        if !class_codes(ctx, item).iter().any(is_cvd_code) || cva_attributes(ctx, item).len() == 1 {
            continue;
        }
        out.at(item, ctx.say(
            "a vehicle item (classification CVD) does not have exactly one 'cva' attribute; give exactly one".into(),
            "ein Fahrzeugartikel (Klassifikation CVD) hat nicht genau ein Attribut 'cva'; geben Sie genau eines an".into()));
    }
}

xr_rule!(BR_DE_CVD_06_B, BrDeCvd06B, F, F, &["BT-158", "BT-160"],
    "Give an item with a 'cva' attribute exactly one classification with list id CVD.",
    "CVD: an item with an attribute named `cva` shall have exactly one classification with list identifier `CVD`.",
    br_de_cvd_06_b);
fn br_de_cvd_06_b(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    for item in items(ctx) {
        if cva_attributes(ctx, item).is_empty()
            || class_codes(ctx, item)
                .iter()
                .filter(|c| is_cvd_code(c))
                .count()
                == 1
        {
            continue;
        }
        out.at(item, ctx.say(
            "an item with a 'cva' attribute does not have exactly one CVD classification; give exactly one".into(),
            "ein Artikel mit Attribut 'cva' hat nicht genau eine CVD-Klassifikation; geben Sie genau eine an".into()));
    }
}

xr_rule!(BR_TMP_CVD_01, BrTmpCvd01, F, F, &["BT-158-1"],
    "Use a UNTDID 7143 code or CVD as item classification list identifier (BT-158-1).",
    "CVD: the Item classification identifier scheme (BT-158-1, `@listID`) shall be a UNTDID 7143 code or `CVD`. (An empty list id passes the official test.)",
    br_tmp_cvd_01);
fn br_tmp_cvd_01(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_cvd {
        return;
    }
    for item in items(ctx) {
        for code in class_codes(ctx, item) {
            let list = xpath::normalize_space(code.attribute("listID").unwrap_or(""));
            // concat(' CVD ', ' AA … ') has two spaces at the seam, so an empty value passes.
            let ok = list.is_empty()
                || (!list.contains(' ')
                    && (list == "CVD" || crate::codelists::UNTDID7143.contains(&list)));
            if ok {
                continue;
            }
            out.at(code, ctx.say(
                format!("the classification list identifier '{list}' (BT-158-1) is not a UNTDID 7143 code nor CVD; use e.g. CVD, STI or ZZZ"),
                format!("die Listenkennung '{list}' (BT-158-1) der Klassifikation ist weder ein UNTDID-7143-Code noch CVD; verwenden Sie z. B. CVD, STI oder ZZZ")));
        }
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_DE_CVD_01,
    &BR_DE_CVD_02,
    &BR_DE_CVD_03,
    &BR_DE_CVD_04,
    &BR_DE_CVD_05,
    &BR_DE_CVD_06_A,
    &BR_DE_CVD_06_B,
    &BR_TMP_CVD_01,
];
