//! XRechnung CIUS rules BR-DE-1 … BR-DE-31: the German additions to EN 16931
//! (payment instructions, seller contact, addresses with city and post code,
//! the Leitweg-ID in BT-10, Skonto syntax in BT-20, IBAN check digits).
//!
//! They share the payment-means contexts: a payment means with code 30/58
//! (credit transfer), 48/54/55 (card) or 59 (direct debit) is judged by the
//! rules of its code only, as in the Schematron.

use super::{
    all, cac, cbc, email_ok, eq, exists, first, has_text, iban_ok, kids, norm, ram, rsm,
    skonto_problem, telephone_ok, top, Node, Start, F, W,
};
use crate::model::string_value;
use crate::rules::{Ctx, Emit, RuleDef};
use crate::xml::symbols::sym;

fn fire(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, node: Node<'_>, en: String, de: String) {
    out.at(node, ctx.say(en, de));
}

const STT: super::Step = rsm(sym::SupplyChainTradeTransaction);
const AGREEMENT: super::Step = ram(sym::ApplicableHeaderTradeAgreement);
const SETTLEMENT: super::Step = ram(sym::ApplicableHeaderTradeSettlement);
const DELIVERY: super::Step = ram(sym::ApplicableHeaderTradeDelivery);

xr_rule!(BR_DE_1, BrDe1, F, F, &["BG-16"],
    "Add a payment instruction (BG-16) with the payment means code (BT-81).",
    "An XRechnung shall contain Payment instructions (BG-16).\n\nXRechnung makes BG-16 mandatory so that the buyer knows how to pay.\n\nUBL: `cac:PaymentMeans`. CII: `ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementPaymentMeans`.",
    br_de_1);
fn br_de_1(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let ok = if ctx.is_ubl() {
        exists(top(ctx), &[cac(sym::PaymentMeans)])
    } else {
        exists(
            root,
            &[
                STT,
                SETTLEMENT,
                ram(sym::SpecifiedTradeSettlementPaymentMeans),
            ],
        )
    };
    if ok {
        return;
    }
    fire(ctx, out, root,
        "the invoice has no payment instructions (BG-16); add one with the payment means code (BT-81), e.g. 58 for a SEPA credit transfer".into(),
        "die Rechnung enthält keine Zahlungsanweisungen (BG-16); fügen Sie sie mit dem Code des Zahlungsmittels (BT-81) hinzu, z. B. 58 für eine SEPA-Überweisung".into());
}

xr_rule!(BR_DE_2, BrDe2, F, F, &["BG-6"],
    "Add the seller contact (BG-6) with name, telephone and e-mail.",
    "The Seller contact (BG-6) shall be given.\n\nUBL: judged on each `cac:AccountingSupplierParty` (`cac:Party/cac:Contact`). CII: on each `ram:SellerTradeParty` (`ram:DefinedTradeContact`).",
    br_de_2);
fn br_de_2(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (contexts, contact): (super::Nodes<'_>, &[super::Step]) = if ctx.is_ubl() {
        (
            all(top(ctx), &[cac(sym::AccountingSupplierParty)]),
            &[cac(sym::Party), cac(sym::Contact)],
        )
    } else {
        (
            all(top(ctx), &[STT, AGREEMENT, ram(sym::SellerTradeParty)]),
            &[ram(sym::DefinedTradeContact)],
        )
    };
    for n in contexts {
        if !exists(n, contact) {
            fire(ctx, out, n,
                "the seller contact (BG-6) is missing; add a contact with name (BT-41), telephone (BT-42) and e-mail (BT-43)".into(),
                "der Kontakt des Verkäufers (BG-6) fehlt; geben Sie einen Kontakt mit Name (BT-41), Telefon (BT-42) und E-Mail (BT-43) an".into());
        }
    }
}

/// BR-DE-3/4/8/9/10/11: an address element must have a non-empty city / post code.
fn address_part(
    ctx: &Ctx<'_, '_>,
    out: &mut Emit<'_>,
    ubl_path: &[super::Step],
    cii_path: &[super::Step],
    city: bool,
    what: (&str, &str),
    bt: &str,
) {
    let (path, part) = if ctx.is_ubl() {
        (
            ubl_path,
            if city {
                cbc(sym::CityName)
            } else {
                cbc(sym::PostalZone)
            },
        )
    } else {
        (
            cii_path,
            if city {
                ram(sym::CityName)
            } else {
                ram(sym::PostcodeCode)
            },
        )
    };
    for addr in all(top(ctx), path) {
        if has_text(addr, &[part]) {
            continue;
        }
        let (en_part, de_part) = if city {
            ("city", "Ort")
        } else {
            ("post code", "Postleitzahl")
        };
        fire(
            ctx,
            out,
            addr,
            format!("the {} has no {en_part} ({bt}); fill it in", what.0),
            format!("in der {} fehlt {de_part} ({bt}); bitte ergänzen", what.1),
        );
    }
}

const SELLER_ADDR_UBL: &[super::Step] = &[
    cac(sym::AccountingSupplierParty),
    cac(sym::Party),
    cac(sym::PostalAddress),
];
const SELLER_ADDR_CII: &[super::Step] = &[
    STT,
    AGREEMENT,
    ram(sym::SellerTradeParty),
    ram(sym::PostalTradeAddress),
];
const BUYER_ADDR_UBL: &[super::Step] = &[
    cac(sym::AccountingCustomerParty),
    cac(sym::Party),
    cac(sym::PostalAddress),
];
const BUYER_ADDR_CII: &[super::Step] = &[
    STT,
    AGREEMENT,
    ram(sym::BuyerTradeParty),
    ram(sym::PostalTradeAddress),
];
const DELIVER_ADDR_UBL: &[super::Step] = &[
    cac(sym::Delivery),
    cac(sym::DeliveryLocation),
    cac(sym::Address),
];
const DELIVER_ADDR_CII: &[super::Step] = &[
    STT,
    DELIVERY,
    ram(sym::ShipToTradeParty),
    ram(sym::PostalTradeAddress),
];
const SELLER_ADDR: (&str, &str) = (
    "seller postal address (BG-5)",
    "Anschrift des Verkäufers (BG-5)",
);
const BUYER_ADDR: (&str, &str) = (
    "buyer postal address (BG-8)",
    "Anschrift des Käufers (BG-8)",
);
const DELIVER_ADDR: (&str, &str) = ("deliver-to address (BG-15)", "Lieferanschrift (BG-15)");

xr_rule!(BR_DE_3, BrDe3, F, F, &["BG-5", "BT-37"],
    "Fill in the seller city (BT-37).",
    "The Seller city (BT-37) shall be given in the seller postal address.\n\nUBL: `cbc:CityName`; CII: `ram:CityName`, judged on each seller address element.",
    br_de_3);
fn br_de_3(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        SELLER_ADDR_UBL,
        SELLER_ADDR_CII,
        true,
        SELLER_ADDR,
        "BT-37",
    );
}
xr_rule!(BR_DE_4, BrDe4, F, F, &["BG-5", "BT-38"],
    "Fill in the seller post code (BT-38).",
    "The Seller post code (BT-38) shall be given in the seller postal address.\n\nUBL: `cbc:PostalZone`; CII: `ram:PostcodeCode`.",
    br_de_4);
fn br_de_4(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        SELLER_ADDR_UBL,
        SELLER_ADDR_CII,
        false,
        SELLER_ADDR,
        "BT-38",
    );
}

/// BR-DE-5/6/7/27/28: the seller contact elements (found once per document).
fn seller_contacts<'c, 'a>(ctx: &'c Ctx<'_, 'a>) -> impl Iterator<Item = Node<'a>> + 'c {
    let found = super::globals(ctx).seller_contacts.get_or_init(|| {
        if ctx.is_ubl() {
            all(
                top(ctx),
                &[
                    cac(sym::AccountingSupplierParty),
                    cac(sym::Party),
                    cac(sym::Contact),
                ],
            )
        } else {
            all(
                top(ctx),
                &[
                    STT,
                    AGREEMENT,
                    ram(sym::SellerTradeParty),
                    ram(sym::DefinedTradeContact),
                ],
            )
        }
    });
    found.iter().copied()
}

xr_rule!(BR_DE_5, BrDe5, F, F, &["BG-6", "BT-41"],
    "Name a contact point (person or department) for the seller (BT-41).",
    "The Seller contact point (BT-41) shall be given.\n\nUBL: `cac:Contact/cbc:Name`. CII: `ram:PersonName` or `ram:DepartmentName`.",
    br_de_5);
fn br_de_5(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for c in seller_contacts(ctx) {
        let ok = if ctx.is_ubl() {
            has_text(c, &[cbc(sym::Name)])
        } else {
            has_text(c, &[ram(sym::PersonName)]) || has_text(c, &[ram(sym::DepartmentName)])
        };
        if !ok {
            fire(ctx, out, c,
                "the seller contact has no contact point (BT-41); give a person or department".into(),
                "im Kontakt des Verkäufers fehlt die Kontaktstelle (BT-41); nennen Sie eine Person oder Abteilung".into());
        }
    }
}
xr_rule!(BR_DE_6, BrDe6, F, F, &["BG-6", "BT-42"],
    "Give the seller contact telephone number (BT-42).",
    "The Seller contact telephone number (BT-42) shall be given.\n\nUBL: `cbc:Telephone`. CII: `ram:TelephoneUniversalCommunication/ram:CompleteNumber`.",
    br_de_6);
fn br_de_6(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for c in seller_contacts(ctx) {
        let ok = if ctx.is_ubl() {
            has_text(c, &[cbc(sym::Telephone)])
        } else {
            has_text(
                c,
                &[
                    ram(sym::TelephoneUniversalCommunication),
                    ram(sym::CompleteNumber),
                ],
            )
        };
        if !ok {
            fire(
                ctx,
                out,
                c,
                "the seller contact has no telephone number (BT-42); add one".into(),
                "im Kontakt des Verkäufers fehlt die Telefonnummer (BT-42); bitte ergänzen".into(),
            );
        }
    }
}
xr_rule!(BR_DE_7, BrDe7, F, F, &["BG-6", "BT-43"],
    "Give the seller contact e-mail address (BT-43).",
    "The Seller contact email address (BT-43) shall be given.\n\nUBL: `cbc:ElectronicMail`. CII: `ram:EmailURIUniversalCommunication/ram:URIID`.",
    br_de_7);
fn br_de_7(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for c in seller_contacts(ctx) {
        let ok = if ctx.is_ubl() {
            has_text(c, &[cbc(sym::ElectronicMail)])
        } else {
            has_text(
                c,
                &[ram(sym::EmailURIUniversalCommunication), ram(sym::URIID)],
            )
        };
        if !ok {
            fire(
                ctx,
                out,
                c,
                "the seller contact has no e-mail address (BT-43); add one".into(),
                "im Kontakt des Verkäufers fehlt die E-Mail-Adresse (BT-43); bitte ergänzen".into(),
            );
        }
    }
}

xr_rule!(
    BR_DE_8,
    BrDe8,
    F,
    F,
    &["BG-8", "BT-52"],
    "Fill in the buyer city (BT-52).",
    "The Buyer city (BT-52) shall be given in the buyer postal address.",
    br_de_8
);
fn br_de_8(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        BUYER_ADDR_UBL,
        BUYER_ADDR_CII,
        true,
        BUYER_ADDR,
        "BT-52",
    );
}
xr_rule!(
    BR_DE_9,
    BrDe9,
    F,
    F,
    &["BG-8", "BT-53"],
    "Fill in the buyer post code (BT-53).",
    "The Buyer post code (BT-53) shall be given in the buyer postal address.",
    br_de_9
);
fn br_de_9(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        BUYER_ADDR_UBL,
        BUYER_ADDR_CII,
        false,
        BUYER_ADDR,
        "BT-53",
    );
}
xr_rule!(BR_DE_10, BrDe10, F, F, &["BG-15", "BT-77"],
    "Fill in the deliver-to city (BT-77), or leave out the deliver-to address.",
    "If a Deliver to address (BG-15) is given, it shall contain the Deliver to city (BT-77).\n\nUBL: `cac:Delivery/cac:DeliveryLocation/cac:Address`. CII: `ram:ShipToTradeParty/ram:PostalTradeAddress`.",
    br_de_10);
fn br_de_10(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        DELIVER_ADDR_UBL,
        DELIVER_ADDR_CII,
        true,
        DELIVER_ADDR,
        "BT-77",
    );
}
xr_rule!(
    BR_DE_11,
    BrDe11,
    F,
    F,
    &["BG-15", "BT-78"],
    "Fill in the deliver-to post code (BT-78), or leave out the deliver-to address.",
    "If a Deliver to address (BG-15) is given, it shall contain the Deliver to post code (BT-78).",
    br_de_11
);
fn br_de_11(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    address_part(
        ctx,
        out,
        DELIVER_ADDR_UBL,
        DELIVER_ADDR_CII,
        false,
        DELIVER_ADDR,
        "BT-78",
    );
}

xr_rule!(BR_DE_14, BrDe14, F, F, &["BG-23", "BT-119"],
    "Give the VAT rate (BT-119) in every VAT breakdown, 0 for exempt categories.",
    "Each VAT breakdown (BG-23) shall state the VAT category rate (BT-119), also for categories without VAT (then 0).\n\nUBL: `cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent`. CII: `ram:ApplicableTradeTax/ram:RateApplicablePercent` in the header settlement.",
    br_de_14);
fn br_de_14(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (ctxs, rate): (super::Nodes<'_>, &[super::Step]) = if ctx.is_ubl() {
        (
            all(top(ctx), &[cac(sym::TaxTotal), cac(sym::TaxSubtotal)]),
            &[cac(sym::TaxCategory), cbc(sym::Percent)],
        )
    } else {
        (
            all(top(ctx), &[STT, SETTLEMENT, ram(sym::ApplicableTradeTax)]),
            &[ram(sym::RateApplicablePercent)],
        )
    };
    for n in ctxs {
        if !has_text(n, rate) {
            fire(ctx, out, n,
                "a VAT breakdown has no VAT rate (BT-119); give the rate, 0 for categories without VAT".into(),
                "in einer Umsatzsteueraufschlüsselung fehlt der Steuersatz (BT-119); geben Sie ihn an, 0 bei Kategorien ohne Umsatzsteuer".into());
        }
    }
}

xr_rule!(BR_DE_15, BrDe15, F, F, &["BT-10"],
    "Put the buyer reference (BT-10) in the invoice: for public buyers the Leitweg-ID.",
    "An XRechnung shall contain the Buyer reference (BT-10). Public buyers in Germany expect their Leitweg-ID here; it routes the invoice.\n\nUBL: `cbc:BuyerReference`. CII: `ram:ApplicableHeaderTradeAgreement/ram:BuyerReference`.",
    br_de_15);
fn br_de_15(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let ok = if ctx.is_ubl() {
        has_text(top(ctx), &[cbc(sym::BuyerReference)])
    } else {
        has_text(top(ctx), &[STT, AGREEMENT, ram(sym::BuyerReference)])
    };
    if !ok {
        fire(ctx, out, root,
            "the buyer reference (BT-10) is missing or empty; give the reference the buyer asked for (for public buyers the Leitweg-ID)".into(),
            "die Käuferreferenz (BT-10) fehlt oder ist leer; geben Sie die vom Käufer genannte Referenz an (bei öffentlichen Auftraggebern die Leitweg-ID)".into());
    }
}

/// The VAT category codes BR-DE-16 asks a VAT identifier for.
const DE16_CODES: &[&str] = &["S", "Z", "E", "AE", "K", "G", "L", "M"];

xr_rule!(BR_DE_16, BrDe16, F, F, &["BT-31", "BT-32", "BG-11", "BT-95", "BT-102", "BT-151"],
    "Give the seller's VAT identifier (BT-31) or tax number (BT-32), or a tax representative (BG-11).",
    "If a VAT category S, Z, E, AE, K, G, L or M is used (document allowances and charges, invoice lines), the invoice shall contain the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) or a Seller tax representative (BG-11).\n\nThe codes are compared as written (no trimming). In CII the document-level test compares the whole `ram:CategoryTradeTax` element with `VAT`, which in practice never matches, so only the line categories count there.",
    br_de_16);
fn br_de_16(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let in_codes = |n: Node<'_>| DE16_CODES.contains(&string_value(n).as_ref());
    if ctx.is_ubl() {
        // The identifier first: with one given (the usual case) the
        // categories need not be looked at.
        let has_id = exists(top(ctx), &[cac(sym::TaxRepresentativeParty)])
            || has_text(
                top(ctx),
                &[
                    cac(sym::AccountingSupplierParty),
                    cac(sym::Party),
                    cac(sym::PartyTaxScheme),
                    cbc(sym::CompanyID),
                ],
            );
        if has_id {
            return;
        }
        // $BT-95/$BT-102: document allowances/charges whose ChargeIndicator is
        // exactly 'false' or 'true'; $BT-151: the line categories.
        let doc_ac = super::top_kids(ctx, cac(sym::AllowanceCharge)).any(|ac| {
            (eq(ac, &[cbc(sym::ChargeIndicator)], "false")
                || eq(ac, &[cbc(sym::ChargeIndicator)], "true"))
                && super::any(ac, &[cac(sym::TaxCategory), cbc(sym::ID)], in_codes)
        });
        let lines = [sym::InvoiceLine, sym::CreditNoteLine].iter().any(|&l| {
            super::top_kids(ctx, cac(l)).any(|line| {
                super::any(
                    line,
                    &[
                        cac(sym::Item),
                        cac(sym::ClassifiedTaxCategory),
                        cbc(sym::ID),
                    ],
                    in_codes,
                )
            })
        });
        if !(doc_ac || lines) {
            return;
        }
    } else {
        let line_tax = [
            STT,
            ram(sym::IncludedSupplyChainTradeLineItem),
            ram(sym::SpecifiedLineTradeSettlement),
            ram(sym::ApplicableTradeTax),
        ];
        let type_path = [
            line_tax[0],
            line_tax[1],
            line_tax[2],
            line_tax[3],
            ram(sym::TypeCode),
        ];
        let cat_path = [
            line_tax[0],
            line_tax[1],
            line_tax[2],
            line_tax[3],
            ram(sym::CategoryCode),
        ];
        let lines = eq(top(ctx), &type_path, "VAT") && super::any(top(ctx), &cat_path, in_codes);
        let ac = [
            STT,
            SETTLEMENT,
            ram(sym::SpecifiedTradeAllowanceCharge),
            ram(sym::CategoryTradeTax),
        ];
        let doc_ac = eq(top(ctx), &ac, "VAT")
            && super::any(
                root,
                &[ac[0], ac[1], ac[2], ac[3], ram(sym::CategoryCode)],
                in_codes,
            );
        let seller_ids = [
            STT,
            AGREEMENT,
            ram(sym::SellerTradeParty),
            ram(sym::SpecifiedTaxRegistration),
            ram(sym::ID),
        ];
        let has_id = super::any(top(ctx), &seller_ids, |id| {
            let scheme =
                crate::rules::xpath::normalize_space(id.attribute("schemeID").unwrap_or(""));
            (scheme == "VA" || scheme == "FC") && crate::rules::xpath::has_text(&string_value(id))
        }) || exists(
            root,
            &[STT, AGREEMENT, ram(sym::SellerTaxRepresentativeTradeParty)],
        );
        if !(lines || doc_ac) || has_id {
            return;
        }
    }
    fire(ctx, out, root,
        "the invoice uses a VAT category (S, Z, E, AE, K, G, L or M) but gives neither the seller's VAT identifier (BT-31) nor tax number (BT-32) nor a tax representative (BG-11); add one of them".into(),
        "die Rechnung verwendet eine Umsatzsteuerkategorie (S, Z, E, AE, K, G, L oder M), nennt aber weder die USt-IdNr. (BT-31) noch die Steuernummer (BT-32) des Verkäufers noch einen Steuervertreter (BG-11); ergänzen Sie eine davon".into());
}

/// The invoice type codes XRechnung accepts (BR-DE-17).
const DE17_CODES: &[&str] = &["326", "380", "381", "384", "389", "875", "876", "877"];

xr_rule!(BR_DE_17, BrDe17, W, W, &["BT-3"],
    "Use one of the invoice type codes 326, 380, 381, 384, 389, 875, 876, 877.",
    "The Invoice type code (BT-3) should be one of 326 (partial invoice), 380 (commercial invoice), 384 (corrected invoice), 389 (self-billed invoice), 381 (credit note), 875, 876, 877 (partial construction invoices).",
    br_de_17);
fn br_de_17(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let code = if ctx.is_ubl() {
        let inv = norm(top(ctx), &[cbc(sym::InvoiceTypeCode)]);
        let cn = norm(top(ctx), &[cbc(sym::CreditNoteTypeCode)]);
        if DE17_CODES.contains(&inv.as_ref()) || DE17_CODES.contains(&cn.as_ref()) {
            return;
        }
        if inv.is_empty() {
            cn
        } else {
            inv
        }
    } else {
        let code = norm(top(ctx), &[rsm(sym::ExchangedDocument), ram(sym::TypeCode)]);
        if DE17_CODES.contains(&code.as_ref()) {
            return;
        }
        code
    };
    fire(ctx, out, root,
        format!("the invoice type code (BT-3) '{code}' is not one XRechnung uses; use 326, 380, 381, 384, 389, 875, 876 or 877"),
        format!("der Rechnungsartcode (BT-3) '{code}' ist in XRechnung nicht vorgesehen; verwenden Sie 326, 380, 381, 384, 389, 875, 876 oder 877"));
}

xr_rule!(BR_DE_18, BrDe18, F, F, &["BT-20"],
    "Write each discount line of the payment terms as #SKONTO#TAGE=n#PROZENT=n.nn# (optionally #BASISBETRAG=n.nn#), each on its own line ending with a line break.",
    "Cash discount (Skonto) terms in the Payment terms (BT-20) shall follow the XRechnung syntax: every line that starts with `#` is `#SKONTO#TAGE=<days>#PROZENT=<percent, two decimals>#` optionally followed by `BASISBETRAG=<amount, two decimals>#`, and the last such line ends with a line break.\n\nOnly the first note of the payment terms is read. Example:\n\n```\n#SKONTO#TAGE=14#PROZENT=2.00#\n```\n\nUBL: `cac:PaymentTerms/cbc:Note[1]`. CII: `ram:SpecifiedTradePaymentTerms/ram:Description[1]`.",
    br_de_18);
fn br_de_18(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let terms = if ctx.is_ubl() {
        all(top(ctx), &[cac(sym::PaymentTerms)])
    } else {
        all(
            top(ctx),
            &[STT, SETTLEMENT, ram(sym::SpecifiedTradePaymentTerms)],
        )
    };
    let note = if ctx.is_ubl() {
        cbc(sym::Note)
    } else {
        ram(sym::Description)
    };
    let notes: Vec<_> = terms
        .iter()
        .filter_map(|t| first(*t, &[note]))
        .map(string_value)
        .collect();
    let Some(problem) = skonto_problem(&notes) else {
        return;
    };
    if problem.is_empty() {
        fire(ctx, out, root,
            "the last Skonto line of the payment terms (BT-20) does not end with a line break; add a line break after the closing '#'".into(),
            "die letzte Skonto-Zeile der Zahlungsbedingungen (BT-20) endet nicht mit einem Zeilenumbruch; fügen Sie nach dem abschließenden '#' einen Zeilenumbruch ein".into());
    } else {
        fire(ctx, out, root,
            format!("the payment terms line '{problem}' (BT-20) is not in Skonto syntax; write #SKONTO#TAGE=14#PROZENT=2.00# (percent and base amount with two decimals)"),
            format!("die Zeile '{problem}' der Zahlungsbedingungen (BT-20) entspricht nicht der Skonto-Syntax; schreiben Sie #SKONTO#TAGE=14#PROZENT=2.00# (Prozent und Basisbetrag mit zwei Nachkommastellen)"));
    }
}

/// The payment means elements whose normalized code is in `codes`, in
/// document order (the elements and their codes are found once per document).
fn payment_means<'a>(ctx: &Ctx<'_, 'a>, codes: &[&str]) -> Vec<Node<'a>> {
    let all_pm = super::globals(ctx).payment_means.get_or_init(|| {
        let (path, code): (&[super::Step], super::Step) = if ctx.is_ubl() {
            (&[cac(sym::PaymentMeans)], cbc(sym::PaymentMeansCode))
        } else {
            (
                &[
                    STT,
                    SETTLEMENT,
                    ram(sym::SpecifiedTradeSettlementPaymentMeans),
                ],
                ram(sym::TypeCode),
            )
        };
        all(top(ctx), path)
            .into_iter()
            .map(|pm| (pm, norm(pm, &[code])))
            .collect()
    });
    all_pm
        .iter()
        .filter(|(_, c)| codes.contains(&c.as_ref()))
        .map(|&(pm, _)| pm)
        .collect()
}

const TRANSFER: &[&str] = &["30", "58"];
const CARD: &[&str] = &["48", "54", "55"];
const DEBIT: &[&str] = &["59"];

/// CII BT-89 / BT-90 / BT-91 (the direct debit terms, which CII keeps apart from the payment means).
fn cii_mandate<'a>(root: impl Start<'a>) -> bool {
    exists(
        root,
        &[
            STT,
            SETTLEMENT,
            ram(sym::SpecifiedTradePaymentTerms),
            ram(sym::DirectDebitMandateID),
        ],
    )
}
fn cii_creditor<'a>(root: impl Start<'a>) -> bool {
    exists(root, &[STT, SETTLEMENT, ram(sym::CreditorReferenceID)])
}
fn cii_debtor_iban(pm: Node<'_>) -> bool {
    exists(
        pm,
        &[ram(sym::PayerPartyDebtorFinancialAccount), ram(sym::IBANID)],
    )
}

xr_rule!(BR_DE_19, BrDe19, W, W, &["BT-81", "BT-84"],
    "For a SEPA credit transfer (58) give a valid IBAN as payment account identifier (BT-84).",
    "With payment means code 58 (SEPA credit transfer) the Payment account identifier (BT-84) should be a valid IBAN: two capital letters, two check digits, up to 30 letters or digits, and the ISO 7064 MOD 97-10 check gives 1. Spaces are ignored.",
    br_de_19);
fn br_de_19(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (account, code): (&[super::Step], super::Step) = if ctx.is_ubl() {
        (
            &[cac(sym::PayeeFinancialAccount), cbc(sym::ID)],
            cbc(sym::PaymentMeansCode),
        )
    } else {
        (
            &[
                ram(sym::PayeePartyCreditorFinancialAccount),
                ram(sym::IBANID),
            ],
            ram(sym::TypeCode),
        )
    };
    for pm in payment_means(ctx, TRANSFER) {
        if norm(pm, &[code]) != "58" {
            continue;
        }
        let iban = first(pm, account).map(string_value).unwrap_or_default();
        if iban_ok(&iban) {
            continue;
        }
        fire(ctx, out, pm,
            format!("the payment account '{iban}' (BT-84) of a SEPA credit transfer is not a valid IBAN; check the letters and the check digits"),
            format!("das Zahlungskonto '{iban}' (BT-84) einer SEPA-Überweisung ist keine gültige IBAN; prüfen Sie Ländercode und Prüfziffern"));
    }
}

xr_rule!(BR_DE_20, BrDe20, W, W, &["BT-81", "BT-91"],
    "For a SEPA direct debit (59) give a valid IBAN as debited account identifier (BT-91).",
    "With payment means code 59 (SEPA direct debit) the Debited account identifier (BT-91) should be a valid IBAN (ISO 7064 MOD 97-10). Spaces are ignored.",
    br_de_20);
fn br_de_20(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let (account, code): (&[super::Step], super::Step) = if ctx.is_ubl() {
        (
            &[
                cac(sym::PaymentMandate),
                cac(sym::PayerFinancialAccount),
                cbc(sym::ID),
            ],
            cbc(sym::PaymentMeansCode),
        )
    } else {
        (
            &[ram(sym::PayerPartyDebtorFinancialAccount), ram(sym::IBANID)],
            ram(sym::TypeCode),
        )
    };
    for pm in payment_means(ctx, DEBIT) {
        if norm(pm, &[code]) != "59" {
            continue;
        }
        let iban = first(pm, account).map(string_value).unwrap_or_default();
        if iban_ok(&iban) {
            continue;
        }
        fire(ctx, out, pm,
            format!("the debited account '{iban}' (BT-91) of a SEPA direct debit is not a valid IBAN; check the letters and the check digits"),
            format!("das belastete Konto '{iban}' (BT-91) einer SEPA-Lastschrift ist keine gültige IBAN; prüfen Sie Ländercode und Prüfziffern"));
    }
}

xr_rule!(BR_DE_21, BrDe21, W, W, &["BT-24"],
    "Use the XRechnung 3.0 specification identifier in BT-24.",
    "The Specification identifier (BT-24) should be the XRechnung 3.0 identifier exactly: `urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0`, or the identifier of the XRechnung Extension or CVD.\n\nUBL: judged on the document. CII: judged on each `rsm:ExchangedDocumentContext`.",
    br_de_21);
fn br_de_21(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let ok = |n: Node<'_>| {
        let v = string_value(n);
        v == super::XR_CIUS_ID || v == super::XR_EXTENSION_ID || v == super::XR_CVD_ID
    };
    let (ctxs, path): (super::Nodes<'_>, &[super::Step]) = if ctx.is_ubl() {
        (
            super::Nodes::from_slice(&[ctx.root()]),
            &[cbc(sym::CustomizationID)],
        )
    } else {
        (
            all(top(ctx), &[rsm(sym::ExchangedDocumentContext)]),
            &[
                ram(sym::GuidelineSpecifiedDocumentContextParameter),
                ram(sym::ID),
            ],
        )
    };
    for n in ctxs {
        if super::any(n, path, ok) {
            continue;
        }
        let got = first(n, path).map(string_value).unwrap_or_default();
        fire(ctx, out, n,
            format!("the specification identifier (BT-24) '{got}' is not the XRechnung 3.0 identifier; use {}", super::XR_CIUS_ID),
            format!("die Spezifikationskennung (BT-24) '{got}' ist nicht die Kennung von XRechnung 3.0; verwenden Sie {}", super::XR_CIUS_ID));
    }
}

xr_rule!(BR_DE_22, BrDe22, F, F, &["BG-24", "BT-125-2"],
    "Give every attached document (BT-125) its own file name.",
    "The file names (BT-125-2) of attached documents shall be unique: an attachment may not carry the file name of an earlier attachment.\n\nUBL: the `cac:AdditionalDocumentReference` elements of the document. CII: every `ram:AdditionalReferencedDocument`, compared with its earlier siblings.",
    br_de_22);
fn br_de_22(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let (refs, file): (super::Nodes<'_>, &[super::Step]) = if ctx.is_ubl() {
        (
            kids(root, cac(sym::AdditionalDocumentReference)).collect(),
            &[cac(sym::Attachment), cbc(sym::EmbeddedDocumentBinaryObject)],
        )
    } else {
        (
            super::matching(ctx, ram(sym::AdditionalReferencedDocument), None).collect(),
            &[ram(sym::AttachmentBinaryObject)],
        )
    };
    let names = |n: Node<'_>| -> Vec<String> {
        all(n, file)
            .iter()
            .filter_map(|o| o.attribute("filename"))
            .map(str::to_string)
            .collect()
    };
    for r in &refs {
        let mine = names(*r);
        if mine.is_empty() {
            continue;
        }
        let dup = r
            .prev_siblings()
            .skip(1) // the axis starts at the node itself
            .filter(|s| s.tag_name() == r.tag_name())
            .flat_map(&names)
            .find(|n| mine.contains(n));
        if let Some(name) = dup {
            fire(ctx, out, root,
                format!("two attachments have the file name '{name}' (BT-125-2); give each attachment its own file name"),
                format!("zwei Anhänge tragen den Dateinamen '{name}' (BT-125-2); geben Sie jedem Anhang einen eigenen Dateinamen"));
            return;
        }
    }
}

/// BR-DE-23-b / BR-DE-24-b: whether payment means `pm` also carries the other
/// payment group (`other`: UBL element, CII element) or direct debit data. In
/// CII the direct debit terms are document-level (BT-89, BT-90) or the debited
/// account of this payment means (BT-91).
fn has_other_or_direct_debit<'a>(ctx: &Ctx<'_, 'a>, pm: Node<'a>, other: (u16, u16)) -> bool {
    if ctx.is_ubl() {
        exists(pm, &[cac(other.0)]) || exists(pm, &[cac(sym::PaymentMandate)])
    } else {
        exists(pm, &[ram(other.1)])
            || cii_mandate(top(ctx))
            || cii_creditor(top(ctx))
            || cii_debtor_iban(pm)
    }
}

xr_rule!(BR_DE_23_A, BrDe23A, F, F, &["BT-81", "BG-17"],
    "For a credit transfer (30, 58) add the credit transfer group (BG-17) with the account (BT-84).",
    "With payment means code 30 or 58 (credit transfer) the Credit transfer group (BG-17) shall be given.\n\nUBL: `cac:PayeeFinancialAccount`. CII: `ram:PayeePartyCreditorFinancialAccount`.",
    br_de_23_a);
fn br_de_23_a(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let acct = if ctx.is_ubl() {
        cac(sym::PayeeFinancialAccount)
    } else {
        ram(sym::PayeePartyCreditorFinancialAccount)
    };
    for pm in payment_means(ctx, TRANSFER) {
        if !exists(pm, &[acct]) {
            fire(ctx, out, pm,
                "a credit transfer payment means has no account (BG-17); add the payee account with its IBAN (BT-84)".into(),
                "ein Zahlungsmittel Überweisung hat kein Konto (BG-17); geben Sie das Empfängerkonto mit IBAN (BT-84) an".into());
        }
    }
}
xr_rule!(BR_DE_23_B, BrDe23B, F, F, &["BT-81", "BG-18", "BG-19"],
    "For a credit transfer (30, 58) leave out card (BG-18) and direct debit (BG-19) data.",
    "With payment means code 30 or 58 (credit transfer) neither Payment card information (BG-18) nor Direct debit (BG-19) shall be given.\n\nIn CII the direct debit terms are the mandate reference (BT-89) and creditor identifier (BT-90) of the document and the debited account (BT-91) of this payment means.",
    br_de_23_b);
fn br_de_23_b(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for pm in payment_means(ctx, TRANSFER) {
        let other = (
            sym::CardAccount,
            sym::ApplicableTradeSettlementFinancialCard,
        );
        if has_other_or_direct_debit(ctx, pm, other) {
            fire(ctx, out, pm,
                "a credit transfer payment means also carries card (BG-18) or direct debit (BG-19) data; remove them or use a separate payment means".into(),
                "ein Zahlungsmittel Überweisung enthält zusätzlich Karten- (BG-18) oder Lastschriftangaben (BG-19); entfernen Sie diese".into());
        }
    }
}
xr_rule!(BR_DE_24_A, BrDe24A, F, F, &["BT-81", "BG-18"],
    "For a card payment (48, 54, 55) add the payment card information (BG-18).",
    "With payment means code 48, 54 or 55 (card payment) the Payment card information (BG-18) shall be given.\n\nUBL: `cac:CardAccount`. CII: `ram:ApplicableTradeSettlementFinancialCard`.",
    br_de_24_a);
fn br_de_24_a(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let card = if ctx.is_ubl() {
        cac(sym::CardAccount)
    } else {
        ram(sym::ApplicableTradeSettlementFinancialCard)
    };
    for pm in payment_means(ctx, CARD) {
        if !exists(pm, &[card]) {
            fire(ctx, out, pm,
                "a card payment means has no payment card information (BG-18); add the card's account number (BT-87)".into(),
                "ein Zahlungsmittel Kartenzahlung hat keine Karteninformationen (BG-18); geben Sie die Kartennummer (BT-87) an".into());
        }
    }
}
xr_rule!(BR_DE_24_B, BrDe24B, F, F, &["BT-81", "BG-17", "BG-19"],
    "For a card payment (48, 54, 55) leave out credit transfer (BG-17) and direct debit (BG-19) data.",
    "With payment means code 48, 54 or 55 (card payment) neither Credit transfer (BG-17) nor Direct debit (BG-19) shall be given.",
    br_de_24_b);
fn br_de_24_b(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for pm in payment_means(ctx, CARD) {
        let other = (
            sym::PayeeFinancialAccount,
            sym::PayeePartyCreditorFinancialAccount,
        );
        if has_other_or_direct_debit(ctx, pm, other) {
            fire(ctx, out, pm,
                "a card payment means also carries credit transfer (BG-17) or direct debit (BG-19) data; remove them".into(),
                "ein Zahlungsmittel Kartenzahlung enthält zusätzlich Überweisungs- (BG-17) oder Lastschriftangaben (BG-19); entfernen Sie diese".into());
        }
    }
}
xr_rule!(BR_DE_25_A, BrDe25A, F, F, &["BT-81", "BG-19"],
    "For a direct debit (59) add the direct debit group (BG-19): mandate, creditor id, debited account.",
    "With payment means code 59 (SEPA direct debit) the Direct debit group (BG-19) shall be given.\n\nUBL: `cac:PaymentMandate`. CII: the mandate reference (BT-89), the creditor identifier (BT-90) or the debited account (BT-91).",
    br_de_25_a);
fn br_de_25_a(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for pm in payment_means(ctx, DEBIT) {
        let ok = if ctx.is_ubl() {
            exists(pm, &[cac(sym::PaymentMandate)])
        } else {
            cii_mandate(top(ctx)) || cii_creditor(top(ctx)) || cii_debtor_iban(pm)
        };
        if !ok {
            fire(ctx, out, pm,
                "a direct debit payment means has no direct debit data (BG-19); add mandate reference (BT-89), creditor identifier (BT-90) and debited account (BT-91)".into(),
                "ein Zahlungsmittel Lastschrift hat keine Lastschriftangaben (BG-19); geben Sie Mandatsreferenz (BT-89), Gläubiger-ID (BT-90) und belastetes Konto (BT-91) an".into());
        }
    }
}
xr_rule!(BR_DE_25_B, BrDe25B, F, F, &["BT-81", "BG-17", "BG-18"],
    "For a direct debit (59) leave out credit transfer (BG-17) and card (BG-18) data.",
    "With payment means code 59 (SEPA direct debit) neither Credit transfer (BG-17) nor Payment card information (BG-18) shall be given. In CII the creditor and debtor financial institutions count as credit transfer data.",
    br_de_25_b);
fn br_de_25_b(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    for pm in payment_means(ctx, DEBIT) {
        let ok = if ctx.is_ubl() {
            !exists(pm, &[cac(sym::PayeeFinancialAccount)]) && !exists(pm, &[cac(sym::CardAccount)])
        } else {
            !exists(pm, &[ram(sym::PayeePartyCreditorFinancialAccount)])
                && !exists(pm, &[ram(sym::PayeeSpecifiedCreditorFinancialInstitution)])
                && !exists(pm, &[ram(sym::PayerSpecifiedDebtorFinancialInstitution)])
                && !exists(pm, &[ram(sym::ApplicableTradeSettlementFinancialCard)])
        };
        if !ok {
            fire(ctx, out, pm,
                "a direct debit payment means also carries credit transfer (BG-17) or card (BG-18) data; remove them".into(),
                "ein Zahlungsmittel Lastschrift enthält zusätzlich Überweisungs- (BG-17) oder Kartenangaben (BG-18); entfernen Sie diese".into());
        }
    }
}

xr_rule!(BR_DE_26, BrDe26, W, W, &["BT-3", "BG-3"],
    "For a corrected invoice (384) reference the corrected invoice in BG-3.",
    "If the Invoice type code (BT-3) is 384 (corrected invoice), the Preceding invoice reference (BG-3) should be given.\n\nUBL: `cac:BillingReference/cac:InvoiceDocumentReference`. CII: `ram:InvoiceReferencedDocument`.",
    br_de_26);
fn br_de_26(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let (corrected, referenced) = if ctx.is_ubl() {
        (
            norm(top(ctx), &[cbc(sym::InvoiceTypeCode)]) == "384"
                || norm(top(ctx), &[cbc(sym::CreditNoteTypeCode)]) == "384",
            exists(
                root,
                &[
                    cac(sym::BillingReference),
                    cac(sym::InvoiceDocumentReference),
                ],
            ),
        )
    } else {
        (
            norm(top(ctx), &[rsm(sym::ExchangedDocument), ram(sym::TypeCode)]) == "384",
            exists(
                top(ctx),
                &[STT, SETTLEMENT, ram(sym::InvoiceReferencedDocument)],
            ),
        )
    };
    if corrected && !referenced {
        fire(ctx, out, root,
            "the invoice is a corrected invoice (384) but does not reference the invoice it corrects; add the preceding invoice reference (BG-3)".into(),
            "die Rechnung ist eine korrigierte Rechnung (384), verweist aber nicht auf die korrigierte Rechnung; ergänzen Sie den Verweis auf die vorausgegangene Rechnung (BG-3)".into());
    }
}

xr_rule!(
    BR_DE_27,
    BrDe27,
    W,
    W,
    &["BT-42"],
    "Write the seller contact telephone number (BT-42) with at least three digits.",
    "The Seller contact telephone number (BT-42) should contain at least three digits.",
    br_de_27
);
fn br_de_27(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let path: &[super::Step] = if ctx.is_ubl() {
        &[cbc(sym::Telephone)]
    } else {
        &[
            ram(sym::TelephoneUniversalCommunication),
            ram(sym::CompleteNumber),
        ]
    };
    for c in seller_contacts(ctx) {
        let tel = norm(c, path);
        if !telephone_ok(&tel) {
            fire(ctx, out, c,
                format!("the seller telephone number '{tel}' (BT-42) has fewer than three digits; give a complete number"),
                format!("die Telefonnummer '{tel}' (BT-42) des Verkäufers hat weniger als drei Ziffern; geben Sie eine vollständige Nummer an"));
        }
    }
}
xr_rule!(BR_DE_28, BrDe28, W, W, &["BT-43"],
    "Write the seller contact e-mail (BT-43) as name@domain.tld, without spaces.",
    "The Seller contact email address (BT-43) should be an e-mail address: one `@`, a non-empty part before it, a domain with at least one dot after it, no whitespace.",
    br_de_28);
fn br_de_28(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let path: &[super::Step] = if ctx.is_ubl() {
        &[cbc(sym::ElectronicMail)]
    } else {
        &[ram(sym::EmailURIUniversalCommunication), ram(sym::URIID)]
    };
    for c in seller_contacts(ctx) {
        let mail = norm(c, path);
        if !email_ok(&mail) {
            fire(ctx, out, c,
                format!("the seller e-mail address '{mail}' (BT-43) is not an e-mail address; write it as name@domain.tld"),
                format!("die E-Mail-Adresse '{mail}' (BT-43) des Verkäufers ist ungültig; schreiben Sie sie als name@domain.tld"));
        }
    }
}

xr_rule!(BR_DE_30, BrDe30, F, F, &["BG-19", "BT-90"],
    "With a direct debit give the bank assigned creditor identifier (BT-90).",
    "If Direct debit (BG-19) is given, the Bank assigned creditor identifier (BT-90) shall be given.\n\nUBL: a `cac:PartyIdentification/cbc:ID` with `schemeID=\"SEPA\"` of the seller or the payee. CII: `ram:CreditorReferenceID`.",
    br_de_30);
fn br_de_30(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let ok = if ctx.is_ubl() {
        let sepa = |n: Node<'_>| n.attribute("schemeID") == Some("SEPA");
        !exists(
            top(ctx),
            &[cac(sym::PaymentMeans), cac(sym::PaymentMandate)],
        ) || super::any(
            root,
            &[
                cac(sym::AccountingSupplierParty),
                cac(sym::Party),
                cac(sym::PartyIdentification),
                cbc(sym::ID),
            ],
            sepa,
        ) || super::any(
            root,
            &[
                cac(sym::PayeeParty),
                cac(sym::PartyIdentification),
                cbc(sym::ID),
            ],
            sepa,
        )
    } else {
        let debtor = exists(
            root,
            &[
                STT,
                SETTLEMENT,
                ram(sym::SpecifiedTradeSettlementPaymentMeans),
                ram(sym::PayerPartyDebtorFinancialAccount),
                ram(sym::IBANID),
            ],
        );
        let (m, c) = (cii_mandate(top(ctx)), cii_creditor(top(ctx)));
        ((m || debtor) && c) || !(m || c || debtor)
    };
    if !ok {
        fire(ctx, out, root,
            "the invoice has direct debit data but no creditor identifier (BT-90); add the SEPA creditor identifier".into(),
            "die Rechnung enthält Lastschriftangaben, aber keine Gläubiger-Identifikationsnummer (BT-90); ergänzen Sie die SEPA-Gläubiger-ID".into());
    }
}
xr_rule!(BR_DE_31, BrDe31, F, F, &["BG-19", "BT-91"],
    "With a direct debit give the debited account identifier (BT-91).",
    "If Direct debit (BG-19) is given, the Debited account identifier (BT-91) shall be given.\n\nUBL: `cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID`. CII: `ram:PayerPartyDebtorFinancialAccount/ram:IBANID`.",
    br_de_31);
fn br_de_31(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
    let root = ctx.root();
    let ok = if ctx.is_ubl() {
        !exists(
            top(ctx),
            &[cac(sym::PaymentMeans), cac(sym::PaymentMandate)],
        ) || exists(
            root,
            &[
                cac(sym::PaymentMeans),
                cac(sym::PaymentMandate),
                cac(sym::PayerFinancialAccount),
                cbc(sym::ID),
            ],
        )
    } else {
        let debtor = exists(
            root,
            &[
                STT,
                SETTLEMENT,
                ram(sym::SpecifiedTradeSettlementPaymentMeans),
                ram(sym::PayerPartyDebtorFinancialAccount),
                ram(sym::IBANID),
            ],
        );
        let (m, c) = (cii_mandate(top(ctx)), cii_creditor(top(ctx)));
        ((m || c) && debtor) || !(m || c || debtor)
    };
    if !ok {
        fire(ctx, out, root,
            "the invoice has direct debit data but no debited account (BT-91); add the IBAN of the account to be debited".into(),
            "die Rechnung enthält Lastschriftangaben, aber kein belastetes Konto (BT-91); ergänzen Sie die IBAN des zu belastenden Kontos".into());
    }
}

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_DE_1,
    &BR_DE_2,
    &BR_DE_3,
    &BR_DE_4,
    &BR_DE_5,
    &BR_DE_6,
    &BR_DE_7,
    &BR_DE_8,
    &BR_DE_9,
    &BR_DE_10,
    &BR_DE_11,
    &BR_DE_14,
    &BR_DE_15,
    &BR_DE_16,
    &BR_DE_17,
    &BR_DE_18,
    &BR_DE_19,
    &BR_DE_20,
    &BR_DE_21,
    &BR_DE_22,
    &BR_DE_23_A,
    &BR_DE_23_B,
    &BR_DE_24_A,
    &BR_DE_24_B,
    &BR_DE_25_A,
    &BR_DE_25_B,
    &BR_DE_26,
    &BR_DE_27,
    &BR_DE_28,
    &BR_DE_30,
    &BR_DE_31,
];
