//! XRechnung Extension rules BR-DEX-01 … BR-DEX-15. They apply only when BT-24
//! is exactly the Extension identifier (`$isExtension`, see
//! [`super::globals`]); the Extension admits more attachment types, the DiGA
//! identifier schemes (XR01–XR03), sub invoice lines (UBL) and third-party
//! payments (UBL `cac:PrepaidPayment`).

use crate::xml::symbols::sym;
use rust_decimal::Decimal;

use super::{
    all, cac, cbc, dec, eas_ext, exists, first, globals, has_text, iso6523_ext, matching, ram, top,
    Node, F, N, W,
};
use crate::model::string_value;
use crate::rules::{xpath, Ctx, Emit, RuleDef};

/// The MIME codes the Extension admits for attachments.
const MIME_EXT: &[&str] = &[
    "application/pdf",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/xml",
    "image/jpeg",
    "image/png",
    "text/csv",
];

xr_rule!(BR_DEX_01, BrDex01, F, F, &["BT-125-1"],
    "Attach only PDF, PNG, JPEG, CSV, XLSX, ODS or XML files and give the matching MIME code.",
    "Extension: the Attached document mime code (BT-125-1) shall be one of application/pdf, image/png, image/jpeg, text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.oasis.opendocument.spreadsheet, application/xml.\n\nUBL: every `cbc:EmbeddedDocumentBinaryObject`. CII: every `ram:AttachmentBinaryObject`.",
    br_dex_01);
fn br_dex_01(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    let step = if ctx.is_ubl() {
        cbc(sym::EmbeddedDocumentBinaryObject)
    } else {
        ram(sym::AttachmentBinaryObject)
    };
    for o in matching(ctx, step, None) {
        let mime = o.attribute("mimeCode").unwrap_or("");
        if MIME_EXT.contains(&mime) {
            continue;
        }
        out.at(o, ctx.say(
            format!("the attachment's MIME code '{mime}' (BT-125-1) is not admitted; use application/pdf, image/png, image/jpeg, text/csv, XLSX, ODS or application/xml"),
            format!("der MIME-Code '{mime}' (BT-125-1) des Anhangs ist nicht zulässig; verwenden Sie application/pdf, image/png, image/jpeg, text/csv, XLSX, ODS oder application/xml")));
    }
}

fn sub_lines<'a>(n: Node<'a>) -> impl Iterator<Item = Node<'a>> {
    super::kids(n, cac(sym::SubInvoiceLine))
}

/// `xs:decimal(LEA) = sum(SubInvoiceLine/xs:decimal(LEA))`.
fn sums_match(n: Node<'_>) -> bool {
    let own = dec(n, &[cbc(sym::LineExtensionAmount)]);
    let sum: Decimal = sub_lines(n)
        .filter_map(|s| dec(s, &[cbc(sym::LineExtensionAmount)]))
        .sum();
    own == Some(sum)
}

xr_rule!(BR_DEX_02, BrDex02, W, N, &["BT-131"],
    "Make each line's net amount (BT-131) the sum of its sub invoice lines' net amounts.",
    "Extension, UBL Invoice: an invoice line or sub invoice line with sub invoice lines should have a Line net amount (BT-131) equal to the sum of the net amounts of its direct sub invoice lines.",
    br_dex_02);
fn br_dex_02(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension || ctx.syntax != crate::syntax::Syntax::UblInvoice {
        return;
    }
    let root = ctx.root();
    let lines_ok = super::kids(root, cac(sym::InvoiceLine))
        .filter(|l| sub_lines(*l).next().is_some())
        .all(sums_match);
    let subs_ok = matching(ctx, cac(sym::SubInvoiceLine), None)
        .filter(|s| sub_lines(*s).next().is_some())
        .all(sums_match);
    if lines_ok && subs_ok {
        return;
    }
    out.at(root, ctx.say(
        "a line's net amount (BT-131) differs from the sum of its sub invoice lines; make each parent line the sum of its sub lines".into(),
        "der Nettobetrag (BT-131) einer Position weicht von der Summe ihrer Unterpositionen ab; die übergeordnete Position muss die Summe ihrer Unterpositionen sein".into()));
}

xr_rule!(BR_DEX_03, BrDex03, F, N, &["BG-30"],
    "Give every sub invoice line's item exactly one VAT category (cac:ClassifiedTaxCategory).",
    "Extension, UBL Invoice: the item of every sub invoice line shall have exactly one `cac:ClassifiedTaxCategory`.",
    br_dex_03);
fn br_dex_03(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension || ctx.syntax != crate::syntax::Syntax::UblInvoice {
        return;
    }
    let bad = matching(ctx, cac(sym::SubInvoiceLine), None)
        .flat_map(|s| super::kids(s, cac(sym::Item)))
        .any(|item| super::kids(item, cac(sym::ClassifiedTaxCategory)).count() != 1);
    if bad {
        out.at(ctx.root(), ctx.say(
            "the item of a sub invoice line does not have exactly one VAT category; give it one cac:ClassifiedTaxCategory".into(),
            "der Artikel einer Unterposition hat nicht genau eine Umsatzsteuerkategorie; geben Sie genau eine cac:ClassifiedTaxCategory an".into()));
    }
}

/// BR-DEX-04 … 08: the scheme identifier of `n` against `ok`.
fn scheme_rule(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, n: Node<'_>, ok: bool, bt: &str) {
    if ok {
        return;
    }
    let scheme = n.attribute("schemeID").unwrap_or("");
    out.at(n, ctx.say(
        format!("the scheme identifier '{scheme}' ({bt}) is not in the code list; use an ISO/IEC 6523 or EAS code, or a DiGA code XR01–XR03"),
        format!("die Schemakennung '{scheme}' ({bt}) ist nicht in der Codeliste; verwenden Sie einen ISO/IEC-6523- bzw. EAS-Code oder einen DiGA-Code XR01–XR03")));
}

fn ancestor_is(n: Node<'_>, step: super::Step) -> bool {
    n.ancestors().skip(1).any(|a| super::is_step(a, step))
}

xr_rule!(BR_DEX_04, BrDex04, F, F, &["BT-29-1", "BT-46-1", "BT-60-1"],
    "Use an ISO/IEC 6523 ICD or a DiGA code (XR01–XR03) as party identifier scheme; SEPA only for seller or payee.",
    "Extension: the scheme of a party identifier (BT-29-1, BT-46-1, BT-60-1) shall be an ISO/IEC 6523 ICD or a DiGA code XR01–XR03; in UBL `SEPA` is also allowed for the seller and the payee (the creditor identifier, BT-90).\n\nUBL: every `cac:PartyIdentification/cbc:ID` with a `schemeID`. CII: every `ram:GlobalID` with a `schemeID` outside products and the ship-to party.",
    br_dex_04);
fn br_dex_04(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    if ctx.is_ubl() {
        for id in matching(ctx, cbc(sym::ID), Some(cac(sym::PartyIdentification))) {
            let Some(scheme) = id.attribute("schemeID") else {
                continue;
            };
            let sepa = xpath::normalize_space(scheme) == "SEPA"
                && (ancestor_is(id, cac(sym::AccountingSupplierParty))
                    || ancestor_is(id, cac(sym::PayeeParty)));
            scheme_rule(
                ctx,
                out,
                id,
                iso6523_ext(scheme) || sepa,
                "BT-29-1/BT-46-1/BT-60-1",
            );
        }
    } else {
        for id in matching(ctx, ram(sym::GlobalID), None) {
            let Some(scheme) = id.attribute("schemeID") else {
                continue;
            };
            if ancestor_is(id, ram(sym::SpecifiedTradeProduct))
                || ancestor_is(id, ram(sym::ShipToTradeParty))
            {
                continue;
            }
            scheme_rule(ctx, out, id, iso6523_ext(scheme), "BT-29-1/BT-46-1/BT-60-1");
        }
    }
}

xr_rule!(BR_DEX_05, BrDex05, F, F, &["BT-30-1", "BT-47-1", "BT-61-1"],
    "Use an ISO/IEC 6523 ICD or a DiGA code (XR01–XR03) as legal registration identifier scheme.",
    "Extension: the scheme of a legal registration identifier (BT-30-1, BT-47-1, BT-61-1) shall be an ISO/IEC 6523 ICD or a DiGA code XR01–XR03.\n\nUBL: every `cac:PartyLegalEntity/cbc:CompanyID` with a `schemeID`. CII: every `ram:ID` with a `schemeID` outside `ram:SpecifiedTaxRegistration` (so also BT-29 and BT-71 there).",
    br_dex_05);
fn br_dex_05(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    let nodes: Vec<Node<'_>> = if ctx.is_ubl() {
        matching(ctx, cbc(sym::CompanyID), Some(cac(sym::PartyLegalEntity))).collect()
    } else {
        matching(ctx, ram(sym::ID), None)
            .filter(|n| !ancestor_is(*n, ram(sym::SpecifiedTaxRegistration)))
            .collect()
    };
    for id in nodes {
        let Some(scheme) = id.attribute("schemeID") else {
            continue;
        };
        scheme_rule(ctx, out, id, iso6523_ext(scheme), "BT-30-1/BT-47-1/BT-61-1");
    }
}

xr_rule!(BR_DEX_06, BrDex06, F, F, &["BT-157-1"],
    "Use an ISO/IEC 6523 ICD or a DiGA code (XR01–XR03) as item standard identifier scheme.",
    "Extension: the Item standard identifier scheme (BT-157-1) shall be an ISO/IEC 6523 ICD or a DiGA code XR01–XR03.\n\nUBL: `cac:StandardItemIdentification/cbc:ID/@schemeID`. CII: `ram:SpecifiedTradeProduct/ram:GlobalID/@schemeID`.",
    br_dex_06);
fn br_dex_06(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    let (step, parent) = if ctx.is_ubl() {
        (cbc(sym::ID), cac(sym::StandardItemIdentification))
    } else {
        (ram(sym::GlobalID), ram(sym::SpecifiedTradeProduct))
    };
    for id in matching(ctx, step, Some(parent)) {
        let Some(scheme) = id.attribute("schemeID") else {
            continue;
        };
        scheme_rule(ctx, out, id, iso6523_ext(scheme), "BT-157-1");
    }
}

xr_rule!(BR_DEX_07, BrDex07, F, F, &["BT-34-1", "BT-49-1"],
    "Use a CEF EAS code or a DiGA code (XR01–XR03) as electronic address scheme.",
    "Extension: the Electronic address scheme (BT-34-1, BT-49-1) shall be a CEF EAS code or a DiGA code XR01–XR03.\n\nUBL: every `cbc:EndpointID/@schemeID`. CII: every `ram:URIUniversalCommunication/ram:URIID/@schemeID`.",
    br_dex_07);
fn br_dex_07(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    let nodes: Vec<Node<'_>> = if ctx.is_ubl() {
        matching(ctx, cbc(sym::EndpointID), None).collect()
    } else {
        matching(
            ctx,
            ram(sym::URIID),
            Some(ram(sym::URIUniversalCommunication)),
        )
        .collect()
    };
    for id in nodes {
        let Some(scheme) = id.attribute("schemeID") else {
            continue;
        };
        scheme_rule(ctx, out, id, eas_ext(scheme), "BT-34-1/BT-49-1");
    }
}

xr_rule!(BR_DEX_08, BrDex08, F, F, &["BT-71-1"],
    "Use an ISO/IEC 6523 ICD or a DiGA code (XR01–XR03) as deliver-to location identifier scheme.",
    "Extension: the Deliver to location identifier scheme (BT-71-1) shall be an ISO/IEC 6523 ICD or a DiGA code XR01–XR03.\n\nUBL: `cac:DeliveryLocation/cbc:ID/@schemeID`. CII: `ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:GlobalID/@schemeID`.",
    br_dex_08);
fn br_dex_08(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    let nodes: Vec<Node<'_>> = if ctx.is_ubl() {
        matching(ctx, cbc(sym::ID), Some(cac(sym::DeliveryLocation))).collect()
    } else {
        matching(ctx, ram(sym::GlobalID), Some(ram(sym::ShipToTradeParty)))
            .filter(|n| {
                n.parent()
                    .is_some_and(|p| super::parent_is(p, ram(sym::ApplicableHeaderTradeDelivery)))
            })
            .collect()
    };
    for id in nodes {
        let Some(scheme) = id.attribute("schemeID") else {
            continue;
        };
        scheme_rule(ctx, out, id, iso6523_ext(scheme), "BT-71-1");
    }
}

xr_rule!(BR_DEX_09, BrDex09, F, N, &["BT-112", "BT-113", "BT-114", "BT-115", "BG-DEX-09"],
    "Make the amount due (BT-115) equal total with VAT (BT-112) minus paid amount (BT-113) plus third-party payments plus rounding (BT-114).",
    "Extension, UBL: Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) − Paid amount (BT-113) + the sum of the third-party payments (`cac:PrepaidPayment/cbc:PaidAmount`) + Rounding amount (BT-114), both sides rounded to two decimals. It replaces BR-CO-16, which the Extension scenario lowers to information.",
    br_dex_09);
fn br_dex_09(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension {
        return;
    }
    for t in matching(ctx, cac(sym::LegalMonetaryTotal), None) {
        let opt = |name: u16| -> Option<Decimal> {
            if exists(t, &[cbc(name)]) {
                dec(t, &[cbc(name)])
            } else {
                Some(Decimal::ZERO)
            }
        };
        let parent = t.parent();
        let third_party = match parent {
            Some(p)
                if all(p, &[cac(sym::PrepaidPayment), cbc(sym::PaidAmount)])
                    .iter()
                    .any(|a| xpath::has_text(&string_value(*a))) =>
            {
                all(p, &[cac(sym::PrepaidPayment), cbc(sym::PaidAmount)])
                    .iter()
                    .map(|a| xpath::decimal(&string_value(*a)))
                    .sum::<Option<Decimal>>()
            }
            _ => Some(Decimal::ZERO),
        };
        let lhs = dec(t, &[cbc(sym::PayableAmount)])
            .zip(opt(sym::PayableRoundingAmount))
            .map(|(p, r)| xpath::round2(p - r));
        let rhs = dec(t, &[cbc(sym::TaxInclusiveAmount)])
            .zip(opt(sym::PrepaidAmount))
            .zip(third_party)
            .map(|((i, p), tp)| xpath::round2(i - p + tp));
        if lhs.is_some() && lhs == rhs {
            continue;
        }
        let show =
            |d: Option<Decimal>| d.map_or_else(|| "?".to_string(), |d| d.normalize().to_string());
        out.at(t, ctx.say(
            format!("the amount due minus rounding ({}) is not the total with VAT minus paid amount plus third-party payments ({}); correct the totals", show(lhs), show(rhs)),
            format!("der Zahlbetrag abzüglich Rundung ({}) entspricht nicht dem Gesamtbetrag mit Umsatzsteuer abzüglich gezahlter Beträge zuzüglich Zahlungen Dritter ({}); korrigieren Sie die Summen", show(lhs), show(rhs))));
    }
}

fn prepaid_payments<'a>(ctx: &Ctx<'_, 'a>) -> super::Nodes<'a> {
    if !globals(ctx).is_extension || ctx.syntax != crate::syntax::Syntax::UblInvoice {
        return super::Nodes::new();
    }
    all(top(ctx), &[cac(sym::PrepaidPayment)])
}

/// BR-DEX-10 … 12: a mandatory term of a third-party payment.
fn prepaid_term(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, name: u16, what: (&str, &str)) {
    for p in prepaid_payments(ctx) {
        if has_text(p, &[cbc(name)]) {
            continue;
        }
        let name = crate::xml::symbols::name(name);
        out.at(
            p,
            ctx.say(
                format!(
                    "a third-party payment (cac:PrepaidPayment) has no {}; fill in cbc:{name}",
                    what.0
                ),
                format!(
                    "einer Zahlung Dritter (cac:PrepaidPayment) fehlt {}; füllen Sie cbc:{name}",
                    what.1
                ),
            ),
        );
    }
}

xr_rule!(BR_DEX_10, BrDex10, F, N, &["BG-DEX-09"],
    "Give each third-party payment a type (cbc:ID).",
    "Extension, UBL Invoice: each third-party payment (`cac:PrepaidPayment`) shall have a payment type (`cbc:ID`).",
    br_dex_10);
fn br_dex_10(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    prepaid_term(ctx, out, sym::ID, ("payment type", "die Zahlungsart"));
}
xr_rule!(
    BR_DEX_11,
    BrDex11,
    F,
    N,
    &["BG-DEX-09"],
    "Give each third-party payment its amount (cbc:PaidAmount).",
    "Extension, UBL Invoice: each third-party payment shall have a paid amount (`cbc:PaidAmount`).",
    br_dex_11
);
fn br_dex_11(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    prepaid_term(
        ctx,
        out,
        sym::PaidAmount,
        ("paid amount", "der gezahlte Betrag"),
    );
}
xr_rule!(BR_DEX_12, BrDex12, F, N, &["BG-DEX-09"],
    "Give each third-party payment a description (cbc:InstructionID).",
    "Extension, UBL Invoice: each third-party payment shall have a description (`cbc:InstructionID`).",
    br_dex_12);
fn br_dex_12(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    prepaid_term(
        ctx,
        out,
        sym::InstructionID,
        ("description", "die Beschreibung"),
    );
}
xr_rule!(BR_DEX_13, BrDex13, F, N, &["BG-DEX-09"],
    "Write the third-party paid amount with at most two decimals.",
    "Extension, UBL Invoice: the paid amount of a third-party payment shall have at most two decimals.",
    br_dex_13);
fn br_dex_13(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for p in prepaid_payments(ctx) {
        let amount = first(p, &[cbc(sym::PaidAmount)])
            .map(string_value)
            .unwrap_or_default();
        if xpath::decimals_after_dot(&amount) <= 2 {
            continue;
        }
        out.at(p, ctx.say(
            format!("the third-party paid amount '{amount}' has more than two decimals; round it to cents"),
            format!("der von Dritten gezahlte Betrag '{amount}' hat mehr als zwei Nachkommastellen; runden Sie auf Cent")));
    }
}
xr_rule!(BR_DEX_14, BrDex14, F, N, &["BG-DEX-09", "BT-5"],
    "Write the third-party paid amount in the invoice currency (BT-5).",
    "Extension, UBL Invoice: the currency (`@currencyID`) of a third-party paid amount shall be the Invoice currency code (BT-5).",
    br_dex_14);
fn br_dex_14(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for p in prepaid_payments(ctx) {
        let currencies: Vec<_> = p
            .parent()
            .map(|r| {
                super::kids(r, cbc(sym::DocumentCurrencyCode))
                    .map(string_value)
                    .collect()
            })
            .unwrap_or_default();
        let ok = all(p, &[cbc(sym::PaidAmount)])
            .iter()
            .filter_map(|a| a.attribute("currencyID"))
            .any(|c| currencies.iter().any(|d| d == c));
        if ok {
            continue;
        }
        let got = first(p, &[cbc(sym::PaidAmount)])
            .and_then(|a| a.attribute("currencyID"))
            .unwrap_or("");
        out.at(p, ctx.say(
            format!("the third-party paid amount is in '{got}', not in the invoice currency (BT-5); use the invoice currency"),
            format!("der von Dritten gezahlte Betrag ist in '{got}' angegeben, nicht in der Rechnungswährung (BT-5); verwenden Sie die Rechnungswährung")));
    }
}

xr_rule!(BR_DEX_15, BrDex15, N, W, &["BG-25"],
    "Do not use sub invoice lines (ram:ParentLineID) in CII.",
    "Extension, CII: sub invoice lines (`ram:ParentLineID`) should not be used in CII; the Extension defines them for UBL only.",
    br_dex_15);
fn br_dex_15(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if !globals(ctx).is_extension || matching(ctx, ram(sym::ParentLineID), None).next().is_none() {
        return;
    }
    let docs = all(
        ctx.root(),
        &[
            super::rsm(sym::SupplyChainTradeTransaction),
            ram(sym::IncludedSupplyChainTradeLineItem),
            ram(sym::AssociatedDocumentLineDocument),
        ],
    );
    for d in docs {
        out.at(d, ctx.say(
            "the invoice uses sub invoice lines (ram:ParentLineID), which CII does not support; use flat lines or UBL".into(),
            "die Rechnung verwendet Unterpositionen (ram:ParentLineID), die in CII nicht vorgesehen sind; verwenden Sie einfache Positionen oder UBL".into()));
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_DEX_01, &BR_DEX_02, &BR_DEX_03, &BR_DEX_04, &BR_DEX_05, &BR_DEX_06, &BR_DEX_07, &BR_DEX_08,
    &BR_DEX_09, &BR_DEX_10, &BR_DEX_11, &BR_DEX_12, &BR_DEX_13, &BR_DEX_14, &BR_DEX_15,
];
