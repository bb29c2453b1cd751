//! The PEPPOL-EN16931-R* rules that KoSIT's build merges into the XRechnung
//! Schematron (Peppol BIS Billing 3.0 rules that KoSIT whitelists). They are
//! not XRechnung-specific in nature, but they belong to the xrechnung rule
//! set here and run only with it (VERSIONS.md).
//!
//! Their contexts are relative match patterns, so each rule scans the
//! document for its context elements. Within the Peppol pattern an
//! allowance/charge with a percentage but no base amount (R041) or a base
//! amount but no percentage (R042) is handled by that rule only: R040 and R043
//! do not see it (Schematron's first matching rule per pattern).
//! `$slackValue` (0.02, or 0.5 for HUF) comes from [`super::globals`].

use crate::xml::symbols::sym;
use rust_decimal::Decimal;

use super::{
    all, cac, cbc, dec, eq, exists, first, globals, is_step, matching, normalized, num, ram, rsm,
    slack_ok, top, udt, Node, Start, CAC, F, W,
};
use crate::model::{string_value, Date};
use crate::rules::{xpath, Ctx, Emit, RuleDef};
use crate::syntax::Syntax;

fn fire(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, node: Node<'_>, en: String, de: String) {
    out.at(node, ctx.say(en, de));
}

fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The element's qualified name as the document writes it (XPath `name()`).
fn written_name<'a>(ctx: &Ctx<'_, 'a>, n: Node<'a>) -> &'a str {
    let text = ctx.doc.input_text();
    let start = n.range().start + 1;
    let rest = text.get(start..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

xr_rule!(PEPPOL_EN16931_R008, PeppolEn16931R008, F, F, &[],
    "Remove empty elements, or fill them in.",
    "A document shall not contain empty elements: every element without child elements must have text other than whitespace.\n\nCII: `ram:ApplicableHeaderTradeDelivery` (written with the prefix `ram:`) may be empty.",
    peppol_en16931_r008);
fn peppol_en16931_r008(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for n in ctx.doc.empty_elements() {
        let name = written_name(ctx, n);
        if !ctx.is_ubl() && name == "ram:ApplicableHeaderTradeDelivery" {
            continue;
        }
        fire(
            ctx,
            out,
            n,
            format!("the element {name} is empty; remove it or give it a value"),
            format!("das Element {name} ist leer; entfernen Sie es oder geben Sie einen Wert an"),
        );
    }
}

xr_rule!(PEPPOL_EN16931_R001, PeppolEn16931R001, F, F, &["BT-23"],
    "Give the business process type (BT-23), e.g. urn:fdc:peppol.eu:2017:poacc:billing:01:1.0.",
    "The Business process type (BT-23) shall be given.\n\nUBL: `cbc:ProfileID`. CII: `rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID`.",
    peppol_en16931_r001);
fn peppol_en16931_r001(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ctxs: Vec<(Node<'_>, bool)> = if ctx.is_ubl() {
        vec![(ctx.root(), exists(top(ctx), &[cbc(sym::ProfileID)]))]
    } else {
        matching(ctx, rsm(sym::ExchangedDocumentContext), None)
            .map(|n| {
                (
                    n,
                    exists(
                        n,
                        &[
                            ram(sym::BusinessProcessSpecifiedDocumentContextParameter),
                            ram(sym::ID),
                        ],
                    ),
                )
            })
            .collect()
    };
    for (n, ok) in ctxs {
        if !ok {
            fire(ctx, out, n,
                "the business process type (BT-23) is missing; give it, e.g. urn:fdc:peppol.eu:2017:poacc:billing:01:1.0".into(),
                "die Prozesskennung (BT-23) fehlt; geben Sie sie an, z. B. urn:fdc:peppol.eu:2017:poacc:billing:01:1.0".into());
        }
    }
}

xr_rule!(PEPPOL_EN16931_R005, PeppolEn16931R005, F, F, &["BT-5", "BT-6"],
    "Leave out the VAT accounting currency (BT-6) when it equals the invoice currency (BT-5).",
    "The VAT accounting currency code (BT-6) shall differ from the Invoice currency code (BT-5); give BT-6 only when VAT is accounted in another currency.",
    peppol_en16931_r005);
fn peppol_en16931_r005(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    // normalize-space(text()): the element's own text nodes.
    let own_text = |n: Node<'_>| -> String {
        let s: String = n
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        xpath::normalize_space(&s).into_owned()
    };
    let pairs: Vec<(Node<'_>, String, String)> = if ctx.is_ubl() {
        matching(ctx, cbc(sym::TaxCurrencyCode), None)
            .map(|t| {
                let doc = t
                    .parent()
                    .and_then(|p| first(p, &[cbc(sym::DocumentCurrencyCode)]))
                    .map(own_text)
                    .unwrap_or_default();
                (t, own_text(t), doc)
            })
            .collect()
    } else {
        matching(ctx, ram(sym::ApplicableHeaderTradeSettlement), None)
            .filter_map(|s| {
                let tax = first(s, &[ram(sym::TaxCurrencyCode)])?;
                let doc = first(s, &[ram(sym::InvoiceCurrencyCode)])
                    .map(own_text)
                    .unwrap_or_default();
                Some((s, own_text(tax), doc))
            })
            .collect()
    };
    for (n, tax, doc) in pairs {
        if tax != doc {
            continue;
        }
        fire(ctx, out, n,
            format!("the VAT accounting currency (BT-6) '{tax}' is the invoice currency (BT-5); remove BT-6"),
            format!("die Umsatzsteuer-Buchungswährung (BT-6) '{tax}' ist gleich der Rechnungswährung (BT-5); entfernen Sie BT-6"));
    }
}

/// CII `$documentCurrencyCode` / `$taxCurrencyCode`: the string values of
/// the header codes (from the document element's index: the lines are not visited).
fn cii_codes(ctx: &Ctx<'_, '_>, name: u16) -> Vec<String> {
    all(
        top(ctx),
        &[
            rsm(sym::SupplyChainTradeTransaction),
            ram(sym::ApplicableHeaderTradeSettlement),
            ram(name),
        ],
    )
    .into_iter()
    .map(|n| string_value(n).into_owned())
    .collect()
}

/// CII: the `ram:TaxTotalAmount` elements of one settlement.
fn cii_tax_totals<'a>(s: Node<'a>) -> super::Nodes<'a> {
    all(
        s,
        &[
            ram(sym::SpecifiedTradeSettlementHeaderMonetarySummation),
            ram(sym::TaxTotalAmount),
        ],
    )
}

fn currency_in(n: &Node<'_>, codes: &[String]) -> bool {
    n.attribute("currencyID")
        .is_some_and(|c| codes.iter().any(|d| d == c))
}

xr_rule!(PEPPOL_EN16931_R053, PeppolEn16931R053, F, F, &["BT-110"],
    "Give the invoice total VAT amount (BT-110) exactly once in the invoice currency.",
    "Only one tax total with subtotals (the Invoice total VAT amount, BT-110, with the VAT breakdown) shall be given.\n\nUBL: exactly one `cac:TaxTotal` with `cac:TaxSubtotal`. CII: at most one `ram:TaxTotalAmount` in the invoice currency.",
    peppol_en16931_r053);
fn peppol_en16931_r053(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    if ctx.is_ubl() {
        let root = ctx.root();
        let k = super::kids(root, cac(sym::TaxTotal))
            .filter(|t| exists(*t, &[cac(sym::TaxSubtotal)]))
            .count();
        if k != 1 {
            fire(ctx, out, root,
                format!("the invoice has {k} tax totals with a VAT breakdown; give exactly one cac:TaxTotal with the VAT breakdown (BG-23)"),
                format!("die Rechnung hat {k} Steuersummen mit Aufschlüsselung; geben Sie genau ein cac:TaxTotal mit der Umsatzsteueraufschlüsselung (BG-23) an"));
        }
        return;
    }
    let doc = cii_codes(ctx, sym::InvoiceCurrencyCode);
    for s in matching(ctx, ram(sym::ApplicableHeaderTradeSettlement), None) {
        let k = cii_tax_totals(s)
            .iter()
            .filter(|t| currency_in(t, &doc))
            .count();
        if k > 1 {
            fire(ctx, out, s,
                format!("the invoice total VAT amount (BT-110) is given {k} times in the invoice currency; give it once"),
                format!("der Umsatzsteuer-Gesamtbetrag (BT-110) ist {k}-mal in Rechnungswährung angegeben; geben Sie ihn einmal an"));
        }
    }
}

xr_rule!(PEPPOL_EN16931_R054, PeppolEn16931R054, F, F, &["BT-6", "BT-111"],
    "Give the VAT total in accounting currency (BT-111) exactly when a VAT accounting currency (BT-6) is given.",
    "A tax total without subtotals (the Invoice total VAT amount in accounting currency, BT-111) shall be given exactly once if the VAT accounting currency (BT-6) is given, and not at all otherwise.\n\nUBL: `cac:TaxTotal` without `cac:TaxSubtotal`. CII: `ram:TaxTotalAmount` in another currency than the invoice currency.",
    peppol_en16931_r054);
fn peppol_en16931_r054(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ctxs: Vec<(Node<'_>, usize, usize)> = if ctx.is_ubl() {
        let root = ctx.root();
        let k = super::kids(root, cac(sym::TaxTotal))
            .filter(|t| !exists(*t, &[cac(sym::TaxSubtotal)]))
            .count();
        let want = usize::from(exists(top(ctx), &[cbc(sym::TaxCurrencyCode)]));
        vec![(root, k, want)]
    } else {
        let doc = cii_codes(ctx, sym::InvoiceCurrencyCode);
        matching(ctx, ram(sym::ApplicableHeaderTradeSettlement), None)
            .map(|s| {
                // `@currencyID != $documentCurrencyCode`: some invoice currency differs.
                let k = cii_tax_totals(s)
                    .iter()
                    .filter(|t| {
                        t.attribute("currencyID")
                            .is_some_and(|c| doc.iter().any(|d| d != c))
                    })
                    .count();
                (s, k, usize::from(exists(s, &[ram(sym::TaxCurrencyCode)])))
            })
            .collect()
    };
    for (n, k, want) in ctxs {
        if k == want {
            continue;
        }
        fire(ctx, out, n,
            format!("the invoice has {k} VAT totals in accounting currency (BT-111) but {want} is expected (one exactly when BT-6 is given); correct the tax totals"),
            format!("die Rechnung hat {k} Umsatzsteuer-Gesamtbeträge in Buchungswährung (BT-111), erwartet wird {want} (genau einer, wenn BT-6 angegeben ist); korrigieren Sie die Steuersummen"));
    }
}

xr_rule!(PEPPOL_EN16931_R055, PeppolEn16931R055, F, F, &["BT-110", "BT-111"],
    "Give the VAT total in accounting currency (BT-111) the same sign as the VAT total (BT-110).",
    "The Invoice total VAT amount (BT-110) and the total VAT amount in accounting currency (BT-111) shall have the same sign. UBL counts zero with either sign; CII counts zero as positive.",
    peppol_en16931_r055);
fn peppol_en16931_r055(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let zero = Decimal::ZERO;
    let some = |v: &[Decimal], f: &dyn Fn(Decimal) -> bool| v.iter().any(|d| f(*d));
    if ctx.is_ubl() {
        let root = ctx.root();
        let Some(tax_code) = first(top(ctx), &[cbc(sym::TaxCurrencyCode)]) else {
            return;
        };
        let tax_code = normalized(tax_code).into_owned();
        let doc_code = super::norm(top(ctx), &[cbc(sym::DocumentCurrencyCode)]).into_owned();
        let amounts = |code: &str| -> Vec<Decimal> {
            all(top(ctx), &[cac(sym::TaxTotal), cbc(sym::TaxAmount)])
                .into_iter()
                .filter(|a| a.attribute("currencyID") == Some(code))
                .filter_map(num)
                .collect()
        };
        let (tax, doc) = (amounts(&tax_code), amounts(&doc_code));
        let ok = (some(&tax, &|d| d <= zero) && some(&doc, &|d| d <= zero))
            || (some(&tax, &|d| d >= zero) && some(&doc, &|d| d >= zero));
        if !ok {
            fire(ctx, out, root,
                "the VAT total (BT-110) and the VAT total in accounting currency (BT-111) have different signs (or one is missing); give both with the same sign".into(),
                "Umsatzsteuer-Gesamtbetrag (BT-110) und Gesamtbetrag in Buchungswährung (BT-111) haben verschiedene Vorzeichen (oder einer fehlt); geben Sie beide mit gleichem Vorzeichen an".into());
        }
        return;
    }
    let doc_codes = cii_codes(ctx, sym::InvoiceCurrencyCode);
    let tax_codes = cii_codes(ctx, sym::TaxCurrencyCode);
    let has_tax_code = !tax_codes.is_empty();
    for s in matching(ctx, ram(sym::ApplicableHeaderTradeSettlement), None) {
        let totals = cii_tax_totals(s);
        let pick = |codes: &[String]| -> Vec<Decimal> {
            totals
                .iter()
                .filter(|t| currency_in(t, codes))
                .filter_map(|t| num(*t))
                .collect()
        };
        let doc_present = totals.iter().any(|t| currency_in(t, &doc_codes));
        if !(has_tax_code && doc_present) {
            continue;
        }
        let (tax, doc) = (pick(&tax_codes), pick(&doc_codes));
        let ok = (some(&tax, &|d| d < zero) && some(&doc, &|d| d < zero))
            || (some(&tax, &|d| d >= zero) && some(&doc, &|d| d >= zero));
        if !ok {
            fire(ctx, out, s,
                "the VAT total (BT-110) and the VAT total in accounting currency (BT-111) have different signs (or one is missing); give both with the same sign".into(),
                "Umsatzsteuer-Gesamtbetrag (BT-110) und Gesamtbetrag in Buchungswährung (BT-111) haben verschiedene Vorzeichen (oder einer fehlt); geben Sie beide mit gleichem Vorzeichen an".into());
        }
    }
}

/// R010 / R020: a party must have an electronic address.
fn endpoint(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, buyer: bool) {
    let parties: Vec<Node<'_>> = if ctx.is_ubl() {
        let role = if buyer {
            cac(sym::AccountingCustomerParty)
        } else {
            cac(sym::AccountingSupplierParty)
        };
        matching(ctx, cac(sym::Party), Some(role)).collect()
    } else {
        matching(
            ctx,
            ram(if buyer {
                sym::BuyerTradeParty
            } else {
                sym::SellerTradeParty
            }),
            None,
        )
        .collect()
    };
    let path: &[super::Step] = if ctx.is_ubl() {
        &[cbc(sym::EndpointID)]
    } else {
        &[ram(sym::URIUniversalCommunication), ram(sym::URIID)]
    };
    let (who_en, who_de, bt) = if buyer {
        ("buyer", "Käufers", "BT-49")
    } else {
        ("seller", "Verkäufers", "BT-34")
    };
    for p in parties {
        if exists(p, path) {
            continue;
        }
        fire(ctx, out, p,
            format!("the {who_en} has no electronic address ({bt}); give it with its scheme, e.g. schemeID 0204 for a Leitweg-ID or EM for an e-mail address"),
            format!("die elektronische Adresse ({bt}) des {who_de} fehlt; geben Sie sie mit Schema an, z. B. schemeID 0204 für eine Leitweg-ID oder EM für eine E-Mail-Adresse"));
    }
}

xr_rule!(PEPPOL_EN16931_R010, PeppolEn16931R010, F, F, &["BT-49"],
    "Give the buyer's electronic address (BT-49) with its scheme (BT-49-1).",
    "The Buyer electronic address (BT-49) shall be given.\n\nUBL: `cac:AccountingCustomerParty/cac:Party/cbc:EndpointID`. CII: `ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID`.",
    peppol_en16931_r010);
fn peppol_en16931_r010(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    endpoint(ctx, out, true);
}
xr_rule!(PEPPOL_EN16931_R020, PeppolEn16931R020, F, F, &["BT-34"],
    "Give the seller's electronic address (BT-34) with its scheme (BT-34-1).",
    "The Seller electronic address (BT-34) shall be given.\n\nUBL: `cac:AccountingSupplierParty/cac:Party/cbc:EndpointID`. CII: `ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID`.",
    peppol_en16931_r020);
fn peppol_en16931_r020(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    endpoint(ctx, out, false);
}

/// The document and line allowances/charges of the Peppol contexts: UBL
/// `Invoice/cac:AllowanceCharge`, `Invoice/cac:InvoiceLine/cac:AllowanceCharge`
/// (CreditNote likewise); CII every `ram:SpecifiedTradeAllowanceCharge`.
fn allowance_charges<'a>(ctx: &Ctx<'_, 'a>) -> Vec<Node<'a>> {
    if ctx.is_ubl() {
        let line = if ctx.syntax == Syntax::UblInvoice {
            sym::InvoiceLine
        } else {
            sym::CreditNoteLine
        };
        // From the per-document index of `AllowanceCharge` elements (few),
        // not a scan of every line: first those of the document, then those
        // of the lines, each in document order.
        let root = ctx.root();
        let acs = || matching(ctx, cac(sym::AllowanceCharge), None);
        let mut v: Vec<_> = acs().filter(|n| n.parent() == Some(root)).collect();
        v.extend(acs().filter(|n| {
            n.parent()
                .is_some_and(|l| is_step(l, cac(line)) && l.parent() == Some(root))
        }));
        v
    } else {
        matching(ctx, ram(sym::SpecifiedTradeAllowanceCharge), None).collect()
    }
}

/// (has percentage, has base amount) of an allowance/charge.
fn pct_base(ctx: &Ctx<'_, '_>, ac: Node<'_>) -> (bool, bool) {
    if ctx.is_ubl() {
        (
            exists(ac, &[cbc(sym::MultiplierFactorNumeric)]),
            exists(ac, &[cbc(sym::BaseAmount)]),
        )
    } else {
        (
            exists(ac, &[ram(sym::CalculationPercent)]),
            exists(ac, &[ram(sym::BasisAmount)]),
        )
    }
}

xr_rule!(PEPPOL_EN16931_R041, PeppolEn16931R041, F, F, &["BT-93", "BT-94", "BT-100", "BT-101", "BT-137", "BT-138", "BT-142", "BT-143"],
    "When an allowance or charge gives a percentage, give its base amount too.",
    "An allowance or charge (document or line level) that states a percentage shall also state the base amount the percentage applies to.",
    peppol_en16931_r041);
fn peppol_en16931_r041(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for ac in allowance_charges(ctx) {
        if pct_base(ctx, ac) == (true, false) {
            fire(ctx, out, ac,
                "an allowance or charge gives a percentage but no base amount; add the base amount".into(),
                "ein Nachlass oder Zuschlag nennt einen Prozentsatz, aber keinen Basisbetrag; ergänzen Sie den Basisbetrag".into());
        }
    }
}
xr_rule!(PEPPOL_EN16931_R042, PeppolEn16931R042, F, F, &["BT-93", "BT-94", "BT-100", "BT-101", "BT-137", "BT-138", "BT-142", "BT-143"],
    "When an allowance or charge gives a base amount, give its percentage too.",
    "An allowance or charge (document or line level) that states a base amount shall also state the percentage.",
    peppol_en16931_r042);
fn peppol_en16931_r042(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for ac in allowance_charges(ctx) {
        if pct_base(ctx, ac) == (false, true) {
            fire(ctx, out, ac,
                "an allowance or charge gives a base amount but no percentage; add the percentage".into(),
                "ein Nachlass oder Zuschlag nennt einen Basisbetrag, aber keinen Prozentsatz; ergänzen Sie den Prozentsatz".into());
        }
    }
}
xr_rule!(PEPPOL_EN16931_R040, PeppolEn16931R040, F, F, &["BT-92", "BT-93", "BT-94", "BT-99", "BT-100", "BT-101", "BT-136", "BT-137", "BT-138", "BT-141", "BT-142", "BT-143"],
    "Make the allowance or charge amount equal base amount × percentage / 100.",
    "The amount of an allowance or charge shall be its base amount times its percentage divided by 100, within 0.02 (0.5 for HUF). A missing amount counts as 0.",
    peppol_en16931_r040);
fn peppol_en16931_r040(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let slack = globals(ctx).slack;
    let (amount, base, pct) = if ctx.is_ubl() {
        (
            cbc(sym::Amount),
            cbc(sym::BaseAmount),
            cbc(sym::MultiplierFactorNumeric),
        )
    } else {
        (
            ram(sym::ActualAmount),
            ram(sym::BasisAmount),
            ram(sym::CalculationPercent),
        )
    };
    for ac in allowance_charges(ctx) {
        if pct_base(ctx, ac) != (true, true) {
            continue;
        }
        let got = if exists(ac, &[amount]) {
            dec(ac, &[amount])
        } else {
            Some(Decimal::ZERO)
        };
        let (Some(got), Some(b), Some(p)) = (got, dec(ac, &[base]), dec(ac, &[pct])) else {
            continue;
        };
        let want = b * p / Decimal::ONE_HUNDRED;
        if slack_ok(got, want, slack) {
            continue;
        }
        fire(ctx, out, ac,
            format!("the allowance or charge amount {} is not base amount × percentage / 100 = {}; correct the amount", show(got), show(want)),
            format!("der Betrag {} des Nachlasses oder Zuschlags ist nicht Basisbetrag × Prozentsatz / 100 = {}; korrigieren Sie den Betrag", show(got), show(want)));
    }
}

/// R043: `normalize-space(ChargeIndicator[/udt:Indicator]/text())` is `true` or `false`.
fn indicator_ok(ctx: &Ctx<'_, '_>, ac: Node<'_>) -> bool {
    let ind = if ctx.is_ubl() {
        first(ac, &[cbc(sym::ChargeIndicator)])
    } else {
        first(ac, &[ram(sym::ChargeIndicator), udt(sym::Indicator)])
    };
    let text: String = ind
        .map(|i| {
            i.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect()
        })
        .unwrap_or_default();
    matches!(xpath::normalize_space(&text).as_ref(), "true" | "false")
}

fn indicator_fire(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, ac: Node<'_>) {
    fire(ctx, out, ac,
        "the charge indicator of an allowance or charge is not 'true' or 'false'; write true for a charge, false for an allowance".into(),
        "das Kennzeichen eines Nachlasses oder Zuschlags ist nicht 'true' oder 'false'; schreiben Sie true für einen Zuschlag, false für einen Nachlass".into());
}

xr_rule!(PEPPOL_EN16931_R043, PeppolEn16931R043, F, None, &[],
    "Write the charge indicator as true (charge) or false (allowance), in lower case.",
    "UBL: the `cbc:ChargeIndicator` of a document or line allowance/charge shall be `true` or `false` (not `1`/`0`).",
    peppol_en16931_r043);
fn peppol_en16931_r043(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for ac in allowance_charges(ctx) {
        let (p, b) = pct_base(ctx, ac);
        if p == b && !indicator_ok(ctx, ac) {
            indicator_fire(ctx, out, ac);
        }
    }
}
xr_rule!(PEPPOL_EN16931_R043_1, PeppolEn16931R043_1, None, F, &[],
    "Write the charge indicator as true (charge) or false (allowance), in lower case.",
    "CII: the `ram:ChargeIndicator/udt:Indicator` of a `ram:SpecifiedTradeAllowanceCharge` shall be `true` or `false`.",
    peppol_en16931_r043_1);
fn peppol_en16931_r043_1(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    peppol_en16931_r043(ctx, out);
}
xr_rule!(PEPPOL_EN16931_R043_2, PeppolEn16931R043_2, None, F, &[],
    "Write the charge indicator as true (charge) or false (allowance), in lower case.",
    "CII: the `ram:ChargeIndicator/udt:Indicator` of a `ram:AppliedTradeAllowanceCharge` (price discount) shall be `true` or `false`.",
    peppol_en16931_r043_2);
fn peppol_en16931_r043_2(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for ac in matching(ctx, ram(sym::AppliedTradeAllowanceCharge), None) {
        if !indicator_ok(ctx, ac) {
            indicator_fire(ctx, out, ac);
        }
    }
}

xr_rule!(PEPPOL_EN16931_R044, PeppolEn16931R044, F, F, &["BT-147"],
    "Give only price discounts on the item price: charge indicator false.",
    "A charge on the item price is not allowed: the allowance/charge of a price (BT-147) shall have charge indicator `false`.\n\nUBL: each `cac:Price/cac:AllowanceCharge`. CII: each gross price with an `ram:ActualAmount` in its `ram:AppliedTradeAllowanceCharge`.",
    peppol_en16931_r044);
fn peppol_en16931_r044(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let nodes: Vec<Node<'_>> = if ctx.is_ubl() {
        matching(ctx, cac(sym::AllowanceCharge), Some(cac(sym::Price)))
            .filter(|ac| super::norm(*ac, &[cbc(sym::ChargeIndicator)]) != "false")
            .collect()
    } else {
        gross_prices(ctx)
            .into_iter()
            .filter(|g| {
                exists(
                    *g,
                    &[
                        ram(sym::AppliedTradeAllowanceCharge),
                        ram(sym::ActualAmount),
                    ],
                ) && !eq(
                    *g,
                    &[
                        ram(sym::AppliedTradeAllowanceCharge),
                        ram(sym::ChargeIndicator),
                        udt(sym::Indicator),
                    ],
                    "false",
                )
            })
            .collect()
    };
    for n in nodes {
        fire(ctx, out, n,
            "the item price carries a charge; only a price discount (charge indicator false) is allowed, put charges on the line".into(),
            "der Artikelpreis enthält einen Zuschlag; erlaubt ist nur ein Preisnachlass (Kennzeichen false), Zuschläge gehören an die Position".into());
    }
}

/// CII `rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice`.
fn gross_prices<'a>(ctx: &Ctx<'_, 'a>) -> Vec<Node<'a>> {
    matching(
        ctx,
        ram(sym::GrossPriceProductTradePrice),
        Some(ram(sym::SpecifiedLineTradeAgreement)),
    )
    .filter(|g| {
        g.parent().and_then(|a| a.parent()).is_some_and(|l| {
            is_step(l, ram(sym::IncludedSupplyChainTradeLineItem))
                && super::parent_is(l, rsm(sym::SupplyChainTradeTransaction))
        })
    })
    .collect()
}

xr_rule!(PEPPOL_EN16931_R046, PeppolEn16931R046, F, F, &["BT-146", "BT-147", "BT-148"],
    "Make the net price (BT-146) equal gross price (BT-148) minus price discount (BT-147).",
    "If the gross price (BT-148) is given, the Item net price (BT-146) shall be the gross price minus the price discount (BT-147); in CII a missing discount counts as 0.",
    peppol_en16931_r046);
fn peppol_en16931_r046(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let mut check = |n: Node<'_>, net: Option<Decimal>, want: Option<Decimal>| {
        if net.is_some() && net == want {
            return;
        }
        let s = |d: Option<Decimal>| d.map_or_else(|| "?".to_string(), show);
        fire(ctx, out, n,
            format!("the net price {} is not gross price minus price discount = {}; correct the prices", s(net), s(want)),
            format!("der Nettopreis {} ist nicht Bruttopreis abzüglich Preisnachlass = {}; korrigieren Sie die Preise", s(net), s(want)));
    };
    // Each checked as it is found (no vector of them first).
    if ctx.is_ubl() {
        matching(ctx, cac(sym::AllowanceCharge), Some(cac(sym::Price)))
            .filter(|ac| exists(*ac, &[cbc(sym::BaseAmount)]))
            .map(|ac| {
                let net = ac.parent().and_then(|p| dec(p, &[cbc(sym::PriceAmount)]));
                let want = dec(ac, &[cbc(sym::BaseAmount)])
                    .zip(dec(ac, &[cbc(sym::Amount)]))
                    .map(|(b, a)| b - a);
                (ac, net, want)
            })
            .for_each(|(n, net, want)| check(n, net, want));
    } else {
        gross_prices(ctx)
            .into_iter()
            .filter(|g| exists(*g, &[ram(sym::ChargeAmount)]))
            .map(|g| {
                let net = g.parent().and_then(|a| {
                    dec(
                        a,
                        &[ram(sym::NetPriceProductTradePrice), ram(sym::ChargeAmount)],
                    )
                });
                // u:decimalOrZero(ram:AppliedTradeAllowanceCharge/ram:ActualAmount[1])
                let discount = match first(
                    g,
                    &[
                        ram(sym::AppliedTradeAllowanceCharge),
                        ram(sym::ActualAmount),
                    ],
                ) {
                    Some(a) => num(a),
                    None => Some(Decimal::ZERO),
                };
                let want = dec(g, &[ram(sym::ChargeAmount)])
                    .zip(discount)
                    .map(|(b, a)| b - a);
                (g, net, want)
            })
            .for_each(|(n, net, want)| check(n, net, want));
    }
}

xr_rule!(PEPPOL_EN16931_R061, PeppolEn16931R061, F, F, &["BT-81", "BT-89"],
    "With a direct debit (49, 59) give the mandate reference (BT-89).",
    "With payment means code 49 or 59 (direct debit) the Mandate reference identifier (BT-89) shall be given.\n\nUBL: `cac:PaymentMandate/cbc:ID` of the payment means. CII: `ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID` of the settlement.",
    peppol_en16931_r061);
fn peppol_en16931_r061(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (step, code) = if ctx.is_ubl() {
        (cac(sym::PaymentMeans), cbc(sym::PaymentMeansCode))
    } else {
        (
            ram(sym::SpecifiedTradeSettlementPaymentMeans),
            ram(sym::TypeCode),
        )
    };
    for pm in matching(ctx, step, None) {
        if !matches!(super::norm(pm, &[code]).as_ref(), "49" | "59") {
            continue;
        }
        let ok = if ctx.is_ubl() {
            exists(pm, &[cac(sym::PaymentMandate), cbc(sym::ID)])
        } else {
            pm.parent().is_some_and(|s| {
                exists(
                    s,
                    &[
                        ram(sym::SpecifiedTradePaymentTerms),
                        ram(sym::DirectDebitMandateID),
                    ],
                )
            })
        };
        if !ok {
            fire(ctx, out, pm,
                "a direct debit payment means has no mandate reference (BT-89); add the SEPA mandate reference".into(),
                "ein Zahlungsmittel Lastschrift hat keine Mandatsreferenz (BT-89); ergänzen Sie die SEPA-Mandatsreferenz".into());
        }
    }
}

/// R110 / R111: line period dates within the invoice period.
fn line_period(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, start: bool) {
    if ctx.is_ubl() {
        let date = cbc(if start { sym::StartDate } else { sym::EndDate });
        let Some(header) = first(top(ctx), &[cac(sym::InvoicePeriod), date]) else {
            return;
        };
        let Some(h) = Date::parse(&string_value(header)) else {
            return;
        };
        let line = if ctx.syntax == Syntax::UblInvoice {
            sym::InvoiceLine
        } else {
            sym::CreditNoteLine
        };
        for d in all(top(ctx), &[cac(line), cac(sym::InvoicePeriod), date]) {
            let text: String = d
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect();
            let Some(l) = Date::parse(&text) else {
                continue;
            };
            if (start && l >= h) || (!start && l <= h) {
                continue;
            }
            period_fire(ctx, out, d, start, &l.to_string(), &h.to_string());
        }
        return;
    }
    let name = if start {
        sym::StartDateTime
    } else {
        sym::EndDateTime
    };
    for t in matching(ctx, rsm(sym::SupplyChainTradeTransaction), None) {
        let headers: Vec<String> = all(
            t,
            &[
                ram(sym::ApplicableHeaderTradeSettlement),
                ram(sym::BillingSpecifiedPeriod),
                ram(name),
                udt(sym::DateTimeString),
            ],
        )
        .into_iter()
        .map(|n| string_value(n).into_owned())
        .collect();
        if !exists(
            t,
            &[
                ram(sym::ApplicableHeaderTradeSettlement),
                ram(sym::BillingSpecifiedPeriod),
                ram(name),
            ],
        ) {
            continue;
        }
        // The path `ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/
        // ram:BillingSpecifiedPeriod/ram:<name>` from `t`, found from the chain
        // of `name` (a few elements) by their ancestors instead of walking
        // every line: the same elements, in document order.
        let on_line = |d: &Node<'_>| {
            d.parent()
                .and_then(|p| p.parent())
                .filter(|s| is_step(*s, ram(sym::SpecifiedLineTradeSettlement)))
                .and_then(|s| s.parent())
                .is_some_and(|l| {
                    is_step(l, ram(sym::IncludedSupplyChainTradeLineItem)) && l.parent() == Some(t)
                })
        };
        for d in matching(ctx, ram(name), Some(ram(sym::BillingSpecifiedPeriod))).filter(on_line) {
            // Untyped against untyped: compared as strings.
            let lines: Vec<_> = all(d, &[udt(sym::DateTimeString)])
                .into_iter()
                .map(string_value)
                .collect();
            let ok = lines.iter().any(|l| {
                headers.iter().any(|h| {
                    if start {
                        l.as_ref() >= h.as_str()
                    } else {
                        l.as_ref() <= h.as_str()
                    }
                })
            });
            if ok {
                continue;
            }
            let l = lines.first().map(|s| s.to_string()).unwrap_or_default();
            let h = headers.first().cloned().unwrap_or_default();
            period_fire(ctx, out, d, start, &l, &h);
        }
    }
}

fn period_fire(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    n: Node<'_>,
    start: bool,
    line: &str,
    header: &str,
) {
    if start {
        fire(ctx, out, n,
            format!("the line period starts on {line}, before the invoicing period starts ({header}); correct the dates"),
            format!("der Abrechnungszeitraum der Position beginnt am {line}, vor dem Abrechnungszeitraum der Rechnung ({header}); korrigieren Sie die Daten"));
    } else {
        fire(ctx, out, n,
            format!("the line period ends on {line}, after the invoicing period ends ({header}); correct the dates"),
            format!("der Abrechnungszeitraum der Position endet am {line}, nach dem Abrechnungszeitraum der Rechnung ({header}); korrigieren Sie die Daten"));
    }
}

xr_rule!(PEPPOL_EN16931_R110, PeppolEn16931R110, F, F, &["BT-73", "BT-134"],
    "Start the line period (BT-134) on or after the invoicing period start (BT-73).",
    "If the invoice has an Invoicing period start date (BT-73), each Invoice line period start date (BT-134) shall be on or after it. CII compares the date strings.",
    peppol_en16931_r110);
fn peppol_en16931_r110(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    line_period(ctx, out, true);
}
xr_rule!(PEPPOL_EN16931_R111, PeppolEn16931R111, F, F, &["BT-74", "BT-135"],
    "End the line period (BT-135) on or before the invoicing period end (BT-74).",
    "If the invoice has an Invoicing period end date (BT-74), each Invoice line period end date (BT-135) shall be on or before it. CII compares the date strings.",
    peppol_en16931_r111);
fn peppol_en16931_r111(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    line_period(ctx, out, false);
}

/// Every invoice line: UBL `cac:InvoiceLine | cac:CreditNoteLine`, CII `ram:IncludedSupplyChainTradeLineItem`.
fn lines<'a>(ctx: &Ctx<'_, 'a>) -> Vec<Node<'a>> {
    if ctx.is_ubl() {
        let mut v: Vec<_> = matching(ctx, cac(sym::InvoiceLine), None).collect();
        let credit = v.len();
        v.extend(matching(ctx, cac(sym::CreditNoteLine), None));
        if credit != 0 && credit != v.len() {
            // Both kinds (only in a broken document): back to document order.
            v.sort_by_key(|n| n.range().start);
        }
        v
    } else {
        matching(ctx, ram(sym::IncludedSupplyChainTradeLineItem), None).collect()
    }
}

/// The lines (as [`lines`] finds them) that have a child `step`, or with
/// `via`, a child `via` with a child `step`; in document order. Found from
/// the document's chain of `step`'s symbol, so a rule about
/// a rare element does not visit every line.
fn lines_having<'a>(
    ctx: &Ctx<'_, 'a>,
    step: super::Step,
    via: Option<super::Step>,
) -> Vec<Node<'a>> {
    let mut v: Vec<Node<'a>> = Vec::new();
    for n in matching(ctx, step, via) {
        let line = match via {
            Some(_) => n.parent().and_then(|p| p.parent()),
            None => n.parent(),
        };
        let Some(line) = line else { continue };
        let is_line = if ctx.is_ubl() {
            is_step(line, cac(sym::InvoiceLine)) || is_step(line, cac(sym::CreditNoteLine))
        } else {
            is_step(line, ram(sym::IncludedSupplyChainTradeLineItem))
        };
        if is_line && !v.contains(&line) {
            v.push(line);
        }
    }
    // Already in document order unless lines nest (a broken document).
    v.sort_by_key(|n| n.range().start);
    v
}

/// The line charges and allowances of R120, in one pass over the line's
/// allowances/charges: `round(sum(ac[normalize-space(indicator) = flag]/amount) * 100) div 100`
/// for `flag` `true` (charges) and `false` (allowances), 0 without such.
/// `None` when an amount of a counted allowance/charge is not a number.
fn line_ac_totals(ctx: &Ctx<'_, '_>, line: Node<'_>) -> Option<(Decimal, Decimal)> {
    let (acs, ind, amount): (&[super::Step], &[super::Step], super::Step) = if ctx.is_ubl() {
        (
            &[cac(sym::AllowanceCharge)],
            &[cbc(sym::ChargeIndicator)],
            cbc(sym::Amount),
        )
    } else {
        (
            &[
                ram(sym::SpecifiedLineTradeSettlement),
                ram(sym::SpecifiedTradeAllowanceCharge),
            ],
            &[ram(sym::ChargeIndicator), udt(sym::Indicator)],
            ram(sym::ActualAmount),
        )
    };
    let mut sums = Some((Decimal::ZERO, Decimal::ZERO));
    let _ = line.walk(acs, &mut |ac| {
        let flag = super::norm(ac, ind);
        let charge = match flag.as_ref() {
            "true" => true,
            "false" => false,
            _ => return std::ops::ControlFlow::Continue(()),
        };
        for a in super::kids(ac, amount) {
            let (Some(v), Some((c, al))) = (num(a), sums.as_mut()) else {
                sums = None;
                return std::ops::ControlFlow::Break(());
            };
            if charge {
                *c += v;
            } else {
                *al += v;
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    sums.map(|(c, a)| (xpath::round2(c), xpath::round2(a)))
}

/// `if (path) then xs:decimal(path) else default` for the path's first node `n`; `None` on a cast error.
fn dec_or_node(n: Option<Node<'_>>, default: Decimal) -> Option<Decimal> {
    match n {
        Some(m) => xpath::decimal(&string_value(m)),
        None => Some(default),
    }
}

/// The nodes R120 reads from a CII line, the first of each in document order
/// (what the paths give): net price basis quantity, gross price basis
/// quantity, line total amount, billed quantity, net price; and the line
/// allowance/charge totals of [`line_ac_totals`] (zero without any). One pass
/// over the line's children and the few grandchildren on these paths,
/// deciding by symbol first (text nodes have none) and then by namespace.
fn cii_line(line: Node<'_>) -> ([Option<Node<'_>>; 5], Option<(Decimal, Decimal)>) {
    let mut found: [Option<Node<'_>>; 5] = [None; 5];
    let mut sums = Some((Decimal::ZERO, Decimal::ZERO));
    let mut any_ac = false;
    let mut c = line.first_child();
    while let Some(part) = c {
        c = part.next_sibling();
        let s = part.sym();
        if s == sym::SpecifiedLineTradeAgreement && is_ram(part) {
            let mut p = part.first_child();
            while let Some(price) = p {
                p = price.next_sibling();
                let (bq, amount) = match price.sym() {
                    sym::NetPriceProductTradePrice => (0, Some(4)),
                    sym::GrossPriceProductTradePrice => (1, None),
                    _ => continue,
                };
                if !is_ram(price) {
                    continue;
                }
                let mut v = price.first_child();
                while let Some(value) = v {
                    v = value.next_sibling();
                    let slot = match (value.sym(), amount) {
                        (sym::BasisQuantity, _) => bq,
                        (sym::ChargeAmount, Some(i)) => i,
                        _ => continue,
                    };
                    if is_ram(value) {
                        if let Some(f) = found.get_mut(slot) {
                            f.get_or_insert(value);
                        }
                    }
                }
            }
        } else if s == sym::SpecifiedLineTradeDelivery && is_ram(part) {
            if found[3].is_none() {
                found[3] = first_ram(part, sym::BilledQuantity);
            }
        } else if s == sym::SpecifiedLineTradeSettlement && is_ram(part) {
            let mut k = part.first_child();
            while let Some(kid) = k {
                k = kid.next_sibling();
                match kid.sym() {
                    sym::SpecifiedTradeAllowanceCharge if is_ram(kid) => {
                        any_ac = true;
                        if sums.is_some() {
                            sums = cii_ac_add(kid, sums);
                        }
                    }
                    sym::SpecifiedTradeSettlementLineMonetarySummation
                        if found[2].is_none() && is_ram(kid) =>
                    {
                        found[2] = first_ram(kid, sym::LineTotalAmount);
                    }
                    _ => {}
                }
            }
        }
    }
    // `round(sum(...) * 100) div 100`: the identity for sums with at most two
    // decimals (the usual case), where only the value matters here.
    let round2 = |d: Decimal| if d.scale() <= 2 { d } else { xpath::round2(d) };
    let totals = if any_ac {
        sums.map(|(c, a)| (round2(c), round2(a)))
    } else {
        Some((Decimal::ZERO, Decimal::ZERO))
    };
    (found, totals)
}

/// Whether `n` (an element of a known name) is in the `ram:` namespace.
#[inline]
fn is_ram(n: Node<'_>) -> bool {
    super::ns_is(n, super::RAM)
}

/// The first `ram:` child element of `n` with symbol `name`: the symbol
/// decides first (text nodes have none), the namespace only for a match.
fn first_ram(n: Node<'_>, name: u16) -> Option<Node<'_>> {
    let mut c = n.first_child();
    while let Some(k) = c {
        if k.sym() == name && is_ram(k) {
            return Some(k);
        }
        c = k.next_sibling();
    }
    None
}

/// Adds one CII line allowance/charge to the (charges, allowances) sums of
/// [`line_ac_totals`]: by `normalize-space(ram:ChargeIndicator/udt:Indicator)`
/// (`true` a charge, `false` an allowance, else not counted), every
/// `ram:ActualAmount`; `None` when a counted amount is not a number.
fn cii_ac_add(ac: Node<'_>, sums: Option<(Decimal, Decimal)>) -> Option<(Decimal, Decimal)> {
    let (mut c, mut a) = sums?;
    let flag = super::norm(ac, &[ram(sym::ChargeIndicator), udt(sym::Indicator)]);
    let charge = match flag.as_ref() {
        "true" => true,
        "false" => false,
        _ => return Some((c, a)),
    };
    let mut k = ac.first_child();
    while let Some(m) = k {
        k = m.next_sibling();
        if m.sym() == sym::ActualAmount && is_ram(m) {
            let v = num(m)?;
            if charge {
                c += v;
            } else {
                a += v;
            }
        }
    }
    Some((c, a))
}

/// The amounts R120 reads from a UBL line, in one pass over its children (the
/// first of each in document order): line net amount, quantity, net price,
/// and the base quantity (`None` when not a number; 1 when absent or zero);
/// and whether the line has allowances/charges.
fn ubl_line_amounts(line: Node<'_>, qty_name: u16) -> (LineAmounts, bool) {
    let (mut lea, mut qty, mut price, mut base) = (None, None, None, None);
    let mut has_ac = false;
    let (cbc, cac) = (|n| super::ns_is(n, super::CBC), |n| super::ns_is(n, CAC));
    for c in super::element_kids(line) {
        let s = c.sym();
        if s == sym::LineExtensionAmount {
            if lea.is_none() && cbc(c) {
                lea = Some(c);
            }
        } else if s == sym::Price {
            if !cac(c) || (price.is_some() && base.is_some()) {
                continue;
            }
            for p in super::element_kids(c) {
                let s = p.sym();
                if s == sym::PriceAmount {
                    if price.is_none() && cbc(p) {
                        price = Some(p);
                    }
                } else if s == sym::BaseQuantity && base.is_none() && cbc(p) {
                    base = Some(p);
                }
            }
        } else if s == qty_name && qty.is_none() && cbc(c) {
            qty = Some(c);
        } else if s == sym::AllowanceCharge && !has_ac {
            has_ac = cac(c);
        }
    }
    let one = Decimal::ONE;
    let base = match base.map(|m| xpath::decimal(&string_value(m))) {
        Some(Some(b)) if b != Decimal::ZERO => Some(b),
        Some(None) => None,
        _ => Some(one),
    };
    (
        (
            dec_or_node(lea, Decimal::ZERO),
            dec_or_node(qty, one),
            dec_or_node(price, Decimal::ZERO),
            base,
        ),
        has_ac,
    )
}

/// Line net amount, quantity, net price and base quantity of R120.
type LineAmounts = (
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
);

xr_rule!(PEPPOL_EN16931_R120, PeppolEn16931R120, W, W, &["BT-131", "BT-129", "BT-146", "BT-149", "BT-136", "BT-141"],
    "Make the line net amount (BT-131) equal quantity × net price / base quantity + line charges − line allowances.",
    "The Invoice line net amount (BT-131) should be Invoiced quantity (BT-129) × Item net price (BT-146) / Item price base quantity (BT-149) + line charges (BT-141) − line allowances (BT-136), within 0.02 (0.5 for HUF). Missing quantity and base quantity count as 1, missing amounts as 0; the sums of line allowances and charges are rounded to two decimals.",
    peppol_en16931_r120);
fn peppol_en16931_r120(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let slack = globals(ctx).slack;
    let one = Decimal::ONE;
    let qty_name = if ctx.syntax == Syntax::UblInvoice {
        sym::InvoicedQuantity
    } else {
        sym::CreditedQuantity
    };
    let mut check = |line: Node<'_>| {
        let ((lea, qty, price, base), has_ac) = if ctx.is_ubl() {
            let (amounts, has_ac) = ubl_line_amounts(line, qty_name);
            (amounts, Ok(has_ac))
        } else {
            let ([net_bq, gross_bq, lea, qty, price], totals) = cii_line(line);
            let pick = |n: Option<Node<'_>>| -> Result<Option<Decimal>, ()> {
                match n.map(|m| xpath::decimal(&string_value(m))) {
                    None => Ok(None),
                    Some(None) => Err(()),
                    Some(Some(b)) if b == Decimal::ZERO => Ok(None),
                    Some(Some(b)) => Ok(Some(b)),
                }
            };
            let base = match (pick(net_bq), pick(gross_bq)) {
                (Err(()), _) => None,
                (Ok(Some(b)), _) => Some(b),
                (Ok(None), Err(())) => None,
                (Ok(None), Ok(g)) => Some(g.unwrap_or(one)),
            };
            (
                (
                    dec_or_node(lea, Decimal::ZERO),
                    dec_or_node(qty, one),
                    dec_or_node(price, Decimal::ZERO),
                    base,
                ),
                Err(totals),
            )
        };
        let (Some(lea), Some(qty), Some(price), Some(base)) = (lea, qty, price, base) else {
            return;
        };
        let totals = match has_ac {
            Ok(true) => line_ac_totals(ctx, line),
            Ok(false) => Some((Decimal::ZERO, Decimal::ZERO)),
            // CII: summed in the same pass as the amounts.
            Err(totals) => totals,
        };
        let Some((charges, allowances)) = totals else {
            return;
        };
        // Decimal division and multiplication are costly: skip them for the
        // usual base quantity 1 and quantity 1 (same value).
        let per_unit = if base == one {
            Some(price)
        } else {
            price.checked_div(base)
        };
        let Some(per_unit) = per_unit else {
            return;
        };
        let net = if qty == one {
            Some(per_unit)
        } else {
            qty.checked_mul(per_unit)
        };
        let Some(mut want) = net else {
            return;
        };
        if !charges.is_zero() || !allowances.is_zero() {
            want = want + charges - allowances;
        }
        if slack_ok(lea, want, slack) {
            return;
        }
        fire(ctx, out, line,
            format!("the line net amount {} is not quantity × net price / base quantity + charges − allowances = {}; correct the amount or the price", show(lea), show(want)),
            format!("der Nettobetrag {} der Position ist nicht Menge × Nettopreis / Basismenge + Zuschläge − Nachlässe = {}; korrigieren Sie Betrag oder Preis", show(lea), show(want)));
    };
    if ctx.is_ubl() {
        for line in lines(ctx) {
            check(line);
        }
    } else {
        // Straight from the chain of line elements (no vector of them first).
        for line in matching(ctx, ram(sym::IncludedSupplyChainTradeLineItem), None) {
            check(line);
        }
    }
}

xr_rule!(PEPPOL_EN16931_R101, PeppolEn16931R101, F, F, &["BT-128"],
    "Reference an invoiced object on a line only with document type code 130.",
    "An invoice line object identifier (BT-128) shall be given as a line document reference with type code 130.\n\nUBL: `cac:DocumentReference` of the line with `cbc:DocumentTypeCode` 130. CII: `ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument` with `ram:TypeCode` 130.",
    peppol_en16931_r101);
fn peppol_en16931_r101(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (refs, code): (&[super::Step], &[super::Step]) = if ctx.is_ubl() {
        (
            &[cac(sym::DocumentReference)],
            &[cac(sym::DocumentReference), cbc(sym::DocumentTypeCode)],
        )
    } else {
        (
            &[
                ram(sym::SpecifiedLineTradeSettlement),
                ram(sym::AdditionalReferencedDocument),
            ],
            &[
                ram(sym::SpecifiedLineTradeSettlement),
                ram(sym::AdditionalReferencedDocument),
                ram(sym::TypeCode),
            ],
        )
    };
    // The lines with a document reference, from the per-document index of
    // the reference elements (few), not a scan of every line.
    let with_refs = if ctx.is_ubl() {
        lines_having(ctx, cac(sym::DocumentReference), None)
    } else {
        lines_having(
            ctx,
            ram(sym::AdditionalReferencedDocument),
            Some(ram(sym::SpecifiedLineTradeSettlement)),
        )
    };
    for line in with_refs {
        if !exists(line, refs) || eq(line, code, "130") {
            continue;
        }
        fire(ctx, out, line,
            "a line refers to a document whose type code is not 130; line document references are for the invoiced object (type 130) only".into(),
            "eine Position verweist auf ein Dokument ohne Typcode 130; Dokumentverweise auf Positionsebene sind nur für das abgerechnete Objekt (Typ 130) vorgesehen".into());
    }
}

xr_rule!(PEPPOL_EN16931_R121, PeppolEn16931R121, F, F, &["BT-149"],
    "Give the item price base quantity (BT-149) as a positive number.",
    "The Item price base quantity (BT-149) shall be greater than zero.\n\nUBL: judged on each line. CII: on each net and gross price.",
    peppol_en16931_r121);
fn peppol_en16931_r121(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let mut check = |n: Node<'_>, bq: Option<Node<'_>>| {
        let Some(bq) = bq else { return };
        let Some(v) = num(bq) else { return };
        if v > Decimal::ZERO {
            return;
        }
        fire(ctx, out, n,
            format!("the price base quantity {} is not greater than zero; give a positive base quantity", show(v)),
            format!("die Basismenge {} des Preises ist nicht größer als null; geben Sie eine positive Basismenge an", show(v)));
    };
    if ctx.is_ubl() {
        // Only lines with a base quantity can fail: found from the index.
        for l in lines_having(ctx, cbc(sym::BaseQuantity), Some(cac(sym::Price))) {
            check(l, first(l, &[cac(sym::Price), cbc(sym::BaseQuantity)]));
        }
    } else {
        // Straight from the chains, without collecting them first.
        for p in matching(ctx, ram(sym::NetPriceProductTradePrice), None).chain(matching(
            ctx,
            ram(sym::GrossPriceProductTradePrice),
            None,
        )) {
            check(p, first_ram(p, sym::BasisQuantity));
        }
    }
}

xr_rule!(PEPPOL_EN16931_R130, PeppolEn16931R130, F, F, &["BT-130", "BT-150"],
    "Give the price base quantity (BT-150) the unit of the invoiced quantity (BT-130).",
    "The unit of the Item price base quantity (BT-150) shall be the unit of the Invoiced quantity (BT-130).\n\nUBL: judged only when the line has a quantity. CII: a missing billed quantity counts as a mismatch.",
    peppol_en16931_r130);
fn peppol_en16931_r130(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let checks: Vec<(Node<'_>, &str, Vec<&str>)> = if ctx.is_ubl() {
        let invoice = ctx.syntax == Syntax::UblInvoice;
        matching(ctx, cbc(sym::BaseQuantity), Some(cac(sym::Price)))
            .filter_map(|bq| {
                let unit = bq.attribute("unitCode")?;
                let line = bq.parent()?.parent()?;
                let has_qty = exists(line, &[cbc(sym::InvoicedQuantity)])
                    || exists(line, &[cbc(sym::CreditedQuantity)]);
                if !has_qty {
                    return None;
                }
                let q = cbc(if invoice {
                    sym::InvoicedQuantity
                } else {
                    sym::CreditedQuantity
                });
                let units = all(line, &[q])
                    .into_iter()
                    .filter_map(|n| n.attribute("unitCode"))
                    .collect();
                Some((bq, unit, units))
            })
            .collect()
    } else {
        let net = matching(
            ctx,
            ram(sym::BasisQuantity),
            Some(ram(sym::NetPriceProductTradePrice)),
        );
        let gross = matching(
            ctx,
            ram(sym::BasisQuantity),
            Some(ram(sym::GrossPriceProductTradePrice)),
        );
        let mut v: Vec<_> = net
            .chain(gross)
            .filter_map(|bq| {
                let unit = bq.attribute("unitCode")?;
                let line = bq.parent()?.parent()?.parent()?;
                let units = all(
                    line,
                    &[
                        ram(sym::SpecifiedLineTradeDelivery),
                        ram(sym::BilledQuantity),
                    ],
                )
                .into_iter()
                .filter_map(|n| n.attribute("unitCode"))
                .collect();
                Some((bq, unit, units))
            })
            .collect();
        v.sort_by_key(|(n, _, _)| n.range().start);
        v
    };
    for (bq, unit, units) in checks {
        if units.contains(&unit) {
            continue;
        }
        let q = units.first().copied().unwrap_or("");
        fire(ctx, out, bq,
            format!("the price base quantity is in '{unit}' but the invoiced quantity in '{q}'; use the same unit"),
            format!("die Basismenge des Preises ist in '{unit}' angegeben, die berechnete Menge in '{q}'; verwenden Sie dieselbe Einheit"));
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &PEPPOL_EN16931_R001,
    &PEPPOL_EN16931_R005,
    &PEPPOL_EN16931_R008,
    &PEPPOL_EN16931_R010,
    &PEPPOL_EN16931_R020,
    &PEPPOL_EN16931_R040,
    &PEPPOL_EN16931_R041,
    &PEPPOL_EN16931_R042,
    &PEPPOL_EN16931_R043,
    &PEPPOL_EN16931_R043_1,
    &PEPPOL_EN16931_R043_2,
    &PEPPOL_EN16931_R044,
    &PEPPOL_EN16931_R046,
    &PEPPOL_EN16931_R053,
    &PEPPOL_EN16931_R054,
    &PEPPOL_EN16931_R055,
    &PEPPOL_EN16931_R061,
    &PEPPOL_EN16931_R101,
    &PEPPOL_EN16931_R110,
    &PEPPOL_EN16931_R111,
    &PEPPOL_EN16931_R120,
    &PEPPOL_EN16931_R121,
    &PEPPOL_EN16931_R130,
];
