//! The seeded generator: realistic purchases of German municipalities as
//! [`InvoiceSpec`]s. Invoice *i* of seed *s* depends on nothing but (*s*, *i*,
//! [`Options`]), through our own PRNG, so runs are reproducible byte for byte.
//!
//! Each invoice follows one [`Scenario`] (the VAT situation) and draws the
//! optional parts (payee, delivery, Skonto, direct debit, attachments,
//! allowances and charges, prepaid amount, line details) at random, always
//! within what EN 16931 and XRechnung 3.0 accept.

use rust_decimal::Decimal;

use super::calc::add_days;
use super::data::{self, Kind, Product, Trade};
use super::ids;
use super::rng::Rng;
use super::spec::*;
use crate::model::Date;

/// The VAT situation of an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Domestic purchase at 19 % and 7 % (S); sometimes a Swiss seller with a German tax representative.
    Domestic,
    /// Photovoltaics at 0 % (Z) with installation at 19 %.
    ZeroRated,
    /// Exempt education (E) with catering at 19 %.
    Exempt,
    /// Construction services under § 13b UStG (AE).
    ReverseCharge,
    /// Goods from an Austrian supplier (K).
    IntraCommunity,
    /// Equipment shipped to a partner city outside the EU (G).
    Export,
    /// Association fees outside the scope of VAT (O).
    NotSubject,
}

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 7] = [
        Scenario::Domestic,
        Scenario::ZeroRated,
        Scenario::Exempt,
        Scenario::ReverseCharge,
        Scenario::IntraCommunity,
        Scenario::Export,
        Scenario::NotSubject,
    ];
}

/// What to generate; `None` fields are drawn at random.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Number of lines (at least 1).
    pub lines: usize,
    /// The VAT situation.
    pub scenario: Option<Scenario>,
    /// A credit note (381) instead of an invoice (380).
    pub credit_note: Option<bool>,
    /// Skonto lines in the payment terms (invoices only).
    pub skonto: Option<bool>,
    /// Embedded attachments.
    pub attachments: Option<bool>,
    /// SEPA direct debit instead of credit transfer (invoices only).
    pub direct_debit: Option<bool>,
    /// Document level allowances and charges.
    pub allowances: Option<bool>,
}

/// Invoice number `index` of the run seeded with `seed`.
pub fn generate(seed: u64, index: u64, opts: &Options) -> InvoiceSpec {
    let mut r = Rng::for_item(seed, index);
    let scenario = opts.scenario.unwrap_or_else(|| {
        // Mostly domestic purchases, as in a real inbox.
        const WEIGHTED: [Scenario; 12] = [
            Scenario::Domestic,
            Scenario::Domestic,
            Scenario::Domestic,
            Scenario::Domestic,
            Scenario::Domestic,
            Scenario::Domestic,
            Scenario::ZeroRated,
            Scenario::Exempt,
            Scenario::ReverseCharge,
            Scenario::IntraCommunity,
            Scenario::Export,
            Scenario::NotSubject,
        ];
        *r.pick(&WEIGHTED)
    });
    let credit_note = opts.credit_note.unwrap_or_else(|| r.chance(10));
    let n_lines = opts.lines.max(1);

    let issue_date = add_days(
        Date {
            year: 2025,
            month: 1,
            day: 2,
        },
        r.below(360) as i64,
    );
    let year = issue_date.year;
    let buyer_data = r.pick(data::BUYERS);
    let (office_code, office) = *r.pick(data::OFFICES);
    let fine = r.chance(80).then_some(office_code);
    let leitweg = ids::leitweg_id(buyer_data.ars, fine);

    let mut g = Gen { r, scenario };
    let seller = g.seller();
    let buyer = g.buyer(buyer_data, office, &leitweg);

    let products = g.products();
    let mut lines = Vec::with_capacity(n_lines);
    for i in 0..n_lines {
        lines.push(g.line(i + 1, &products, issue_date));
    }
    let r = &mut g.r;

    let mut spec = InvoiceSpec {
        number: format!(
            "{}-{year}-{}",
            if credit_note { "GS" } else { "RE" },
            r.digits(6)
        ),
        issue_date,
        type_code: if credit_note { "381" } else { "380" }.to_string(),
        currency: "EUR".to_string(),
        due_date: Some(add_days(issue_date, 30)),
        buyer_reference: leitweg.clone(),
        contract_ref: r
            .chance(40)
            .then(|| format!("RV-{}-{}", year - 1, r.range(1, 99))),
        order_ref: r.chance(60).then(|| format!("BE-{year}-{}", r.digits(6))),
        accounting_ref: r
            .chance(30)
            .then(|| format!("Kostenstelle {} / Sachkonto {}", r.digits(4), r.digits(6))),
        process: PEPPOL_BILLING.to_string(),
        specification: XRECHNUNG_3_0.to_string(),
        period: None,
        notes: Vec::new(),
        preceding: Vec::new(),
        seller,
        buyer,
        payee: None,
        tax_representative: None,
        delivery: None,
        payment: None,
        payment_terms: None,
        allowances: Vec::new(),
        charges: Vec::new(),
        attachments: Vec::new(),
        lines,
        exemptions: exemptions(scenario),
        prepaid: Decimal::ZERO,
        totals: Totals::default(),
    };

    if r.chance(40) {
        let start = Date {
            year: issue_date.year,
            month: issue_date.month,
            day: 1,
        };
        let start = add_days(start, -1);
        let start = Date { day: 1, ..start };
        let end = add_days(
            Date {
                year: issue_date.year,
                month: issue_date.month,
                day: 1,
            },
            -1,
        );
        spec.period = Some((start, end));
        // Line periods lie within the invoicing period (PEPPOL-EN16931-R110/R111).
        for l in spec.lines.iter_mut().filter(|l| l.period.is_some()) {
            l.period = Some((start, end));
        }
    }
    if r.chance(50) {
        let (code, text) = *r.pick(&[
            (
                "AAI",
                "Lieferung gemäß Rahmenvertrag; bitte Leitweg-ID bei Rückfragen angeben.",
            ),
            ("SUR", "Vielen Dank für Ihren Auftrag!"),
            (
                "REG",
                "Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.",
            ),
        ]);
        spec.notes.push(Note {
            subject: Some(code.to_string()),
            text: text.to_string(),
        });
    }
    if credit_note {
        let number = format!("RE-{year}-{}", r.digits(6));
        spec.notes.push(Note {
            subject: None,
            text: format!("Gutschrift zur Rechnung {number} wegen Rücksendung."),
        });
        spec.preceding.push(Preceding {
            number,
            issue_date: Some(add_days(issue_date, -(r.range(5, 60) as i64))),
        });
    }

    // VAT facts each scenario needs (BR-AE-02, BR-IC-02/11/12, BR-G-02, BR-O-02..04).
    match scenario {
        Scenario::ReverseCharge | Scenario::IntraCommunity => {
            spec.buyer.vat_id = Some(ids::de_vat_id(&r.digits(8)));
        }
        Scenario::NotSubject => {
            spec.seller.vat_id = None;
            spec.buyer.vat_id = None;
        }
        _ => {}
    }
    let needs_delivery = matches!(scenario, Scenario::IntraCommunity | Scenario::Export);
    if !needs_delivery && spec.period.is_none() && r.chance(30) {
        // Only the delivery date: XRechnung wants a date of supply or an invoicing period (BR-DE-TMP-32).
        spec.delivery = Some(Delivery {
            date: Some(add_days(issue_date, -(r.range(1, 20) as i64))),
            ..Delivery::default()
        });
    } else if needs_delivery || spec.period.is_none() || r.chance(50) {
        let address = if scenario == Scenario::Export {
            let (name, pc, city, country) = *r.pick(data::PARTNERS);
            (
                name.to_string(),
                Address {
                    street: Some(format!(
                        "{} {}",
                        r.pick(&[
                            "vul. Shevchenka",
                            "Rruga e Durrësit",
                            "Bulevar kralja Aleksandra"
                        ]),
                        r.range(1, 120)
                    )),
                    additional: None,
                    city: Some(city.to_string()),
                    postcode: Some(pc.to_string()),
                    subdivision: None,
                    country: country.to_string(),
                },
            )
        } else {
            let site = r.pick(data::SITES);
            (
                format!("{} – {site}", buyer_data.name),
                Address {
                    street: Some(format!("{} {}", r.pick(data::STREETS), r.range(1, 80))),
                    additional: Some(site.to_string()),
                    city: Some(buyer_data.city.to_string()),
                    postcode: Some(buyer_data.postcode.to_string()),
                    subdivision: None,
                    country: "DE".to_string(),
                },
            )
        };
        spec.delivery = Some(Delivery {
            party_name: Some(address.0),
            date: Some(add_days(issue_date, -(r.range(1, 20) as i64))),
            address: Some(address.1),
        });
    }

    // Swiss sellers charge German VAT through a German tax representative (BR-S-02 via BT-63).
    if scenario == Scenario::Domestic && r.chance(10) {
        spec.seller.name = "Alpenländische Kommunaltechnik AG".to_string();
        spec.seller.vat_id = None;
        spec.seller.tax_number = None;
        let uid = format!("CHE-{}.{}.{}", r.digits(3), r.digits(3), r.digits(3));
        spec.seller.legal_info = Some(format!(
            "Sitz Zürich, Handelsregister des Kantons Zürich {uid}"
        ));
        spec.seller.legal_id = Some(Id::plain(uid));
        spec.seller.address = Address {
            street: Some(format!("Bahnhofstrasse {}", r.range(1, 90))),
            additional: None,
            city: Some("Zürich".to_string()),
            postcode: Some("8001".to_string()),
            subdivision: None,
            country: "CH".to_string(),
        };
        spec.tax_representative = Some(TaxRepresentative {
            name: "Steuerkanzlei Fiskalvertretung Becker GmbH".to_string(),
            vat_id: ids::de_vat_id(&r.digits(8)),
            address: Address {
                street: Some("Kaiserstraße 12".to_string()),
                additional: None,
                city: Some("Konstanz".to_string()),
                postcode: Some("78462".to_string()),
                subdivision: Some("Baden-Württemberg".to_string()),
                country: "DE".to_string(),
            },
        });
    }

    let direct_debit = !credit_note && opts.direct_debit.unwrap_or_else(|| r.chance(15));
    let seller_country = spec.seller.address.country.clone();
    let seller_iban = match seller_country.as_str() {
        "AT" => ids::iban("AT", &r.digits(16)),
        "CH" => ids::iban("CH", &r.digits(17)),
        _ => ids::iban("DE", &r.digits(18)),
    };
    if !direct_debit && r.chance(10) {
        spec.payee = Some(Payee {
            name: "Süddeutsche Factoring GmbH".to_string(),
            id: Some(Id::plain(format!("FK-{}", r.digits(5)))),
            legal_id: Some(Id::plain(format!("HRB {}", r.digits(5)))),
        });
    }
    let remittance = Some(spec.number.clone());
    spec.payment = Some(if direct_debit {
        Payment {
            code: "59".to_string(),
            text: Some("SEPA-Lastschrift".to_string()),
            remittance,
            credit_transfer: None,
            direct_debit: Some(DirectDebit {
                mandate: format!("MANDAT-{}-{}", year - 2, r.digits(5)),
                creditor_id: ids::creditor_id("DE", &r.digits(11)),
                debited_iban: ids::iban("DE", &r.digits(18)),
            }),
        }
    } else {
        let code = if r.chance(90) { "58" } else { "30" };
        Payment {
            code: code.to_string(),
            text: Some(
                if code == "58" {
                    "SEPA-Überweisung"
                } else {
                    "Überweisung"
                }
                .to_string(),
            ),
            remittance,
            credit_transfer: Some(CreditTransfer {
                iban: seller_iban,
                account_name: Some(
                    spec.payee
                        .as_ref()
                        .map_or(spec.seller.name.clone(), |p| p.name.clone()),
                ),
                bic: r.chance(50).then(|| {
                    format!(
                        "{}DE{}XXX",
                        r.pick(&["COBA", "DEUT", "SOLA", "GENO"]),
                        r.digits(2)
                    )
                }),
            }),
            direct_debit: None,
        }
    });
    let skonto = !credit_note && opts.skonto.unwrap_or_else(|| r.chance(30));
    let mut terms = if direct_debit {
        "Der Betrag wird zum Fälligkeitsdatum von Ihrem Konto eingezogen.".to_string()
    } else {
        "Zahlbar innerhalb von 30 Tagen ohne Abzug.".to_string()
    };
    if skonto {
        // XRechnung Skonto syntax (BR-DE-18): one line per step, each ended by a line break.
        terms.push('\n');
        terms.push_str(&format!(
            "#SKONTO#TAGE={}#PROZENT={}.00#\n",
            r.pick(&[7, 10, 14]),
            r.pick(&[2, 3])
        ));
        if r.chance(40) {
            terms.push_str("#SKONTO#TAGE=21#PROZENT=1.50#\n");
        }
    }
    spec.payment_terms = Some(terms);

    if opts.attachments.unwrap_or_else(|| r.chance(15)) {
        // One supporting document: CII-SR-475/476 allow only one attachment with type 916.
        if r.chance(50) {
            spec.attachments.push(Attachment {
                id: format!("LS-{}", r.digits(6)),
                description: Some("Lieferschein".to_string()),
                mime: "application/pdf".to_string(),
                filename: "Lieferschein.pdf".to_string(),
                content: tiny_pdf("Lieferschein"),
            });
        } else {
            let mut csv = String::from("Pos;Bezeichnung;Menge;Einheit\r\n");
            for l in spec.lines.iter().take(20) {
                csv.push_str(&format!(
                    "{};{};{};{}\r\n",
                    l.id,
                    l.name.replace(';', ","),
                    l.quantity,
                    l.unit
                ));
            }
            spec.attachments.push(Attachment {
                id: format!("AM-{}", r.digits(6)),
                description: Some("Aufmaß / Mengenaufstellung".to_string()),
                mime: "text/csv".to_string(),
                filename: "Aufmass.csv".to_string(),
                content: csv.into_bytes(),
            });
        }
    }

    spec.recompute();
    if opts.allowances.unwrap_or_else(|| r.chance(25)) {
        let first = spec.lines[0].tax;
        let base = spec.lines[0].net_amount;
        if base > Decimal::ZERO {
            let mut a =
                AllowanceCharge::percent_of(base, Decimal::from(*r.pick(&[2, 3, 5])), first);
            a.reason = Some("Rabatt laut Rahmenvertrag".to_string());
            a.reason_code = Some("95".to_string());
            spec.allowances.push(a);
        }
        spec.charges.push(AllowanceCharge {
            amount: Decimal::new(r.range(490, 4990) as i64, 2),
            base: None,
            percent: None,
            tax: first,
            reason: Some("Fracht und Verpackung".to_string()),
            reason_code: Some("FC".to_string()),
        });
        spec.recompute();
    }
    if !credit_note && r.chance(10) {
        // A down payment already made (Abschlag), a tenth of the gross amount.
        spec.prepaid = super::calc::round2(spec.totals.tax_inclusive / Decimal::TEN);
        spec.recompute();
    }
    spec
}

/// A valid one-page PDF that says `text` (Helvetica, no compression), for attachments.
pub fn tiny_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for off in offsets {
        out.push_str(&format!("{off:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

fn exemptions(s: Scenario) -> Vec<Exemption> {
    let e = |code, vatex: Option<&str>, text: &str| Exemption {
        code,
        vatex: vatex.map(str::to_string),
        text: Some(text.to_string()),
    };
    match s {
        Scenario::Exempt => vec![e(
            VatCode::E,
            None,
            "Steuerfrei gemäß § 4 Nr. 21 UStG (Bildungsleistung)",
        )],
        Scenario::ReverseCharge => vec![e(
            VatCode::AE,
            Some("VATEX-EU-AE"),
            "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)",
        )],
        Scenario::IntraCommunity => vec![e(
            VatCode::K,
            Some("VATEX-EU-IC"),
            "Steuerfreie innergemeinschaftliche Lieferung",
        )],
        Scenario::Export => vec![e(
            VatCode::G,
            Some("VATEX-EU-G"),
            "Steuerfreie Ausfuhrlieferung (§ 4 Nr. 1a UStG)",
        )],
        Scenario::NotSubject => vec![e(
            VatCode::O,
            Some("VATEX-EU-O"),
            "Nicht steuerbar (Mitgliedsbeitrag)",
        )],
        _ => Vec::new(),
    }
}

struct Gen {
    r: Rng,
    scenario: Scenario,
}

enum Catalogue {
    Trade(&'static Trade),
    List(&'static [Product]),
    Refs(&'static [&'static Product]),
}

impl Catalogue {
    fn pick(&self, r: &mut Rng) -> &'static Product {
        match self {
            Catalogue::Trade(t) => r.pick(t.products),
            Catalogue::List(l) => r.pick(l),
            Catalogue::Refs(l) => r.pick_copy(l),
        }
    }
}

impl Gen {
    fn products(&mut self) -> Catalogue {
        match self.scenario {
            Scenario::Domestic => Catalogue::Trade(self.r.pick_copy(data::DOMESTIC)),
            Scenario::ZeroRated => Catalogue::Trade(&data::SOLAR),
            Scenario::Exempt => Catalogue::Trade(&data::TRAINING),
            Scenario::ReverseCharge => Catalogue::Refs(data::REVERSE),
            Scenario::IntraCommunity => Catalogue::List(data::AUSTRIA),
            Scenario::Export => Catalogue::List(data::EXPORT),
            Scenario::NotSubject => Catalogue::List(data::FEES),
        }
    }

    fn person(&mut self) -> (String, String) {
        let first = *self.r.pick(data::FIRST_NAMES);
        let last = *self.r.pick(data::LAST_NAMES);
        (
            format!("{first} {last}"),
            format!("{}.{}", ascii(first), ascii(last)),
        )
    }

    fn seller(&mut self) -> Party {
        let r = &mut self.r;
        let (name, city, pc, land, country) = match self.scenario {
            Scenario::IntraCommunity => (
                "Tiroler Kommunalbedarf GmbH".to_string(),
                "Innsbruck",
                "6020",
                "Tirol",
                "AT",
            ),
            s => {
                let trade: &Trade = match s {
                    Scenario::ZeroRated => &data::SOLAR,
                    Scenario::Exempt => &data::TRAINING,
                    Scenario::ReverseCharge => &data::BUILD,
                    Scenario::NotSubject => &Trade {
                        names: &[
                            "Kommunaler Arbeitgeberverband e.V.",
                            "Zweckverband Kommunale Fortbildung",
                        ],
                        products: &[],
                    },
                    _ => r.pick_copy(&[
                        &data::OFFICE,
                        &data::IT,
                        &data::GREEN,
                        &data::CLEANING,
                        &data::CATERING,
                        &data::ENERGY,
                    ]),
                };
                let (city, pc, land) = *r.pick(data::TOWNS);
                (r.pick(trade.names).to_string(), city, pc, land, "DE")
            }
        };
        let domain = format!(
            "{}.example",
            ascii(name.split_whitespace().next().unwrap_or("firma")).to_lowercase()
        );
        let vat_id = if country == "AT" {
            format!("ATU{}", r.digits(8))
        } else {
            ids::de_vat_id(&r.digits(8))
        };
        let court = if country == "AT" { "FN" } else { "HRB" };
        let legal = format!("{court} {}", r.digits(5));
        let mut ids_ = Vec::new();
        if r.chance(30) {
            ids_.push(Id::plain(format!("K-{}", r.digits(6))));
        }
        if r.chance(20) {
            ids_.push(Id::with(
                ids::gtin13(&format!("40{}", r.digits(10))),
                "0088",
            ));
        }
        let tax_number = (country == "DE" && r.chance(30))
            .then(|| format!("{}/{}/{}", r.digits(2), r.digits(3), r.digits(5)));
        let street = format!("{} {}", r.pick(data::STREETS), r.range(1, 150));
        let (contact, mail) = self.person();
        let r = &mut self.r;
        Party {
            trading_name: r
                .chance(20)
                .then(|| name.split(" GmbH").next().unwrap_or(&name).to_string()),
            legal_info: Some(format!("Sitz {city}, Registergericht {city} {legal}")),
            name,
            ids: ids_,
            legal_id: Some(Id::plain(legal)),
            vat_id: Some(vat_id),
            tax_number,
            endpoint: Some(Id::with(format!("rechnung@{domain}"), "EM")),
            address: Address {
                street: Some(street),
                additional: None,
                city: Some(city.to_string()),
                postcode: Some(pc.to_string()),
                subdivision: Some(land.to_string()),
                country: country.to_string(),
            },
            contact: Some(Contact {
                name: Some(contact),
                phone: Some(format!("+49 {} {}", r.digits(3), r.digits(6))),
                email: Some(format!("{mail}@{domain}").to_lowercase()),
            }),
        }
    }

    fn buyer(&mut self, b: &data::Buyer, office: &str, leitweg: &str) -> Party {
        let contact = if self.r.chance(50) {
            let (name, mail) = self.person();
            Some(Contact {
                name: Some(name),
                phone: Some(format!("+49 {} {}", self.r.digits(3), self.r.digits(5))),
                email: Some(format!(
                    "{}@{}.example",
                    mail.to_lowercase(),
                    ascii(b.city.split_whitespace().next().unwrap_or("stadt")).to_lowercase()
                )),
            })
        } else {
            None
        };
        let r = &mut self.r;
        Party {
            name: b.name.to_string(),
            trading_name: None,
            ids: Vec::new(),
            legal_id: None,
            legal_info: None,
            vat_id: (self.scenario != Scenario::NotSubject && r.chance(15))
                .then(|| ids::de_vat_id(&r.digits(8))),
            tax_number: None,
            endpoint: Some(Id::with(leitweg, "0204")),
            address: Address {
                street: Some(b.street.to_string()),
                additional: Some(office.to_string()),
                city: Some(b.city.to_string()),
                postcode: Some(b.postcode.to_string()),
                subdivision: Some(b.land.to_string()),
                country: "DE".to_string(),
            },
            contact,
        }
    }

    fn line(&mut self, n: usize, products: &Catalogue, issue: Date) -> LineSpec {
        let scenario = self.scenario;
        let r = &mut self.r;
        let p = products.pick(r);
        let tax = match scenario {
            Scenario::Domestic | Scenario::ZeroRated | Scenario::Exempt => match p.vat {
                Kind::Full => Tax {
                    code: VatCode::S,
                    rate: Decimal::from(19),
                },
                Kind::Reduced => Tax {
                    code: VatCode::S,
                    rate: Decimal::from(7),
                },
                Kind::Zero => Tax {
                    code: VatCode::Z,
                    rate: Decimal::ZERO,
                },
                Kind::Exempt => Tax {
                    code: VatCode::E,
                    rate: Decimal::ZERO,
                },
            },
            Scenario::ReverseCharge => Tax {
                code: VatCode::AE,
                rate: Decimal::ZERO,
            },
            Scenario::IntraCommunity => Tax {
                code: VatCode::K,
                rate: Decimal::ZERO,
            },
            Scenario::Export => Tax {
                code: VatCode::G,
                rate: Decimal::ZERO,
            },
            Scenario::NotSubject => Tax {
                code: VatCode::O,
                rate: Decimal::ZERO,
            },
        };
        let quantity = match p.unit {
            "HUR" => Decimal::new(r.range(2, 80) as i64 * 5, 1),
            "KGM" | "TNE" | "MTR" => Decimal::new(r.range(5, 50_000) as i64, 2),
            "MTK" => Decimal::new(r.range(100, 500_000) as i64, 2),
            "KWH" => Decimal::from(r.range(100, 90_000)),
            "LS" | "ANN" => Decimal::ONE,
            _ => Decimal::from(r.range(1, 60)),
        };
        let cents = r.range(p.min_cents, p.max_cents);
        // Energy prices have four decimals and are quoted per 100 kWh now and then (BT-149).
        let (price, base_quantity) = if p.unit == "KWH" {
            let four = Decimal::new((cents * 100 + r.below(100)) as i64, 4);
            if r.chance(30) {
                (four * Decimal::ONE_HUNDRED, Some(Decimal::ONE_HUNDRED))
            } else {
                (four, None)
            }
        } else {
            (Decimal::new(cents as i64, 2), None)
        };
        let gross_price = (p.unit != "KWH" && r.chance(15))
            .then(|| price + Decimal::new((cents / 10).max(1) as i64, 2));
        let mut line = LineSpec {
            id: n.to_string(),
            note: r
                .chance(5)
                .then(|| "Teillieferung, Rest folgt.".to_string()),
            quantity,
            unit: p.unit.to_string(),
            price,
            gross_price,
            base_quantity,
            allowances: Vec::new(),
            charges: Vec::new(),
            tax,
            name: p.name.to_string(),
            description: r
                .chance(20)
                .then(|| format!("{} – laut Angebot vom {}", p.name, add_days(issue, -30))),
            seller_item_id: r.chance(60).then(|| format!("ART-{}", r.digits(5))),
            buyer_item_id: r.chance(15).then(|| format!("MAT-{}", r.digits(6))),
            standard_id: r
                .chance(20)
                .then(|| Id::with(ids::gtin13(&format!("400{}", r.digits(9))), "0160")),
            classifications: if r.chance(15) {
                vec![Id::with(r.digits(8), "STI")]
            } else {
                Vec::new()
            },
            origin_country: r
                .chance(10)
                .then(|| r.pick(&["DE", "AT", "IT", "CZ"]).to_string()),
            attributes: if r.chance(15) {
                vec![(
                    "Farbe".to_string(),
                    r.pick(&["blau", "grau", "schwarz"]).to_string(),
                )]
            } else {
                Vec::new()
            },
            period: (matches!(p.unit, "HUR" | "MON" | "DAY") && r.chance(30))
                .then(|| (add_days(issue, -30), add_days(issue, -1))),
            order_line: r.chance(20).then(|| r.range(1, 99).to_string()),
            accounting_ref: r.chance(10).then(|| format!("KST-{}", r.digits(4))),
            net_amount: Decimal::ZERO,
        };
        let plain = super::calc::line_net(&line);
        if plain > Decimal::ONE && r.chance(10) {
            let mut a =
                AllowanceCharge::percent_of(plain, Decimal::from(*r.pick(&[3, 5, 10])), tax);
            a.reason = Some("Mengenrabatt".to_string());
            a.reason_code = Some("95".to_string());
            line.allowances.push(a);
        }
        if r.chance(5) {
            line.charges.push(AllowanceCharge {
                amount: Decimal::new(r.range(500, 2500) as i64, 2),
                base: None,
                percent: None,
                tax,
                reason: Some("Expresszuschlag".to_string()),
                reason_code: Some("FC".to_string()),
            });
        }
        line
    }
}

/// ASCII transliteration for e-mail addresses and domains.
fn ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() || c == '-' => out.push(c),
            _ => {}
        }
    }
    out
}
