//! The VAT category rules (BR-S, Z, E, AE, IC, G, O, AF, AG, B) on invoices
//! of our own, in UBL and CII: for each family a clean invoice of that
//! category on which none of these rules fires (the passing fixture of every
//! rule of the family), and per rule an edit of it that makes the rule fire.

mod common;

use common::{fired_of, Gen};

/// The rule families of this suite.
const MINE: &[&str] = &[
    "BR-S-", "BR-Z-", "BR-E-", "BR-AE-", "BR-IC-", "BR-G-", "BR-O-", "BR-AF-", "BR-AG-", "BR-B-",
    "BR-CO-",
];

#[derive(Clone, Copy, PartialEq)]
enum Syn {
    Both,
    Ubl,
}

fn render(g: &Gen, syn: Syn) -> Vec<(&'static str, String)> {
    let mut v = vec![("UBL", g.ubl())];
    if syn == Syn::Both {
        v.push(("CII", g.cii()));
    }
    v
}

fn assert_clean(g: &Gen) {
    for (syntax, xml) in render(g, Syn::Both) {
        let got = fired_of(&xml, MINE);
        assert!(
            got.is_empty(),
            "{syntax} clean {} invoice fires {got:?}\n{xml}",
            g.cat
        );
    }
}

fn assert_fires(rule: &str, g: &Gen, syn: Syn) {
    for (syntax, xml) in render(g, syn) {
        let got = fired_of(&xml, MINE);
        assert!(
            got.contains(rule),
            "{syntax}: {rule} does not fire, got {got:?}\n{xml}"
        );
    }
}

fn assert_fires_xml(rule: &str, syntax: &str, xml: &str) {
    let got = fired_of(xml, MINE);
    assert!(
        got.contains(rule),
        "{syntax}: {rule} does not fire, got {got:?}\n{xml}"
    );
}

fn assert_silent_xml(rule: &str, syntax: &str, xml: &str) {
    let got = fired_of(xml, MINE);
    assert!(
        !got.contains(rule),
        "{syntax}: {rule} fires, got {got:?}\n{xml}"
    );
}

/// The shapes 01 … 10 every category family shares; `bad_rate` is a rate the category forbids.
fn shared_shapes(family: &str, cat: &'static str, bad_rate: &'static str, tax_in_cii: bool) {
    let base = Gen::new(cat);
    assert_clean(&base);
    let id = |n: u32| format!("BR-{family}-{n:02}");

    let mut g = base.clone();
    if cat == "O" {
        g.breakdowns = 2;
    } else {
        g.lines = 1;
        g.allowance = false;
        g.charge = false;
        g.breakdowns = 0;
    }
    assert_fires(&id(1), &g, Syn::Both);

    let mut g = base.clone();
    g.seller_vat = cat == "O";
    if cat == "O" {
        g.buyer_vat = true;
    }
    for n in 2..=4 {
        assert_fires(&id(n), &g, Syn::Both);
    }

    let mut g = base.clone();
    g.line_pct = Some(bad_rate);
    assert_fires(&id(5), &g, Syn::Both);
    let mut g = base.clone();
    g.ac_pct = Some(bad_rate);
    assert_fires(&id(6), &g, Syn::Both);
    let mut g = base.clone();
    g.ch_pct = Some(bad_rate);
    assert_fires(&id(7), &g, Syn::Both);

    let mut g = base.clone();
    g.taxable = Some("999.00");
    assert_fires(&id(8), &g, Syn::Both);

    let mut g = base.clone();
    g.tax = Some("99.00");
    assert_fires(&id(9), &g, if tax_in_cii { Syn::Both } else { Syn::Ubl });
    if !tax_in_cii {
        // The CII test of this rule is true(): never fires.
        assert_silent_xml(&id(9), "CII", &g.cii());
    }

    let mut g = base.clone();
    g.reason = !g.reason;
    assert_fires(&id(10), &g, Syn::Both);
}

#[test]
fn br_s() {
    shared_shapes("S", "S", "-1", true);
}

#[test]
fn br_z() {
    shared_shapes("Z", "Z", "5", true);
}

#[test]
fn br_e() {
    shared_shapes("E", "E", "5", true);
}

#[test]
fn br_ae() {
    shared_shapes("AE", "AE", "5", true);
    // Reverse charge also needs the buyer's VAT (or legal) identifier.
    let mut g = Gen::new("AE");
    g.buyer_vat = false;
    assert_fires("BR-AE-02", &g, Syn::Both);
}

#[test]
fn br_ic() {
    shared_shapes("IC", "K", "5", true);
    let base = Gen::new("K");
    let ubl = base.ubl();
    let cii = base.cii();
    // BR-IC-11: neither delivery date nor invoicing period.
    let ubl_undated = ubl
        .replace(
            "<cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate></cac:InvoicePeriod>",
            "",
        )
        .replace(
            "<cbc:ActualDeliveryDate>2024-01-10</cbc:ActualDeliveryDate>",
            "",
        );
    assert_fires_xml("BR-IC-11", "UBL", &ubl_undated);
    assert_silent_xml("BR-IC-12", "UBL", &ubl_undated);
    let cii_undated = cii
        .replace("<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format=\"102\">20240110</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>", "")
        .replace("<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format=\"102\">20240101</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>", "");
    assert_fires_xml("BR-IC-11", "CII", &cii_undated);
    assert_silent_xml("BR-IC-12", "CII", &cii_undated);
    // A one-character delivery date does not count in UBL.
    let ubl_short = ubl
        .replace(
            "<cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate></cac:InvoicePeriod>",
            "",
        )
        .replace("2024-01-10", "1");
    assert_fires_xml("BR-IC-11", "UBL", &ubl_short);
    // BR-IC-12: no deliver-to country.
    let ubl_nowhere = ubl.replace("<cac:DeliveryLocation><cac:Address><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation>", "");
    assert_fires_xml("BR-IC-12", "UBL", &ubl_nowhere);
    assert_silent_xml("BR-IC-11", "UBL", &ubl_nowhere);
    let cii_nowhere = cii.replace("<ram:ShipToTradeParty><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:ShipToTradeParty>", "");
    assert_fires_xml("BR-IC-12", "CII", &cii_nowhere);
    assert_silent_xml("BR-IC-11", "CII", &cii_nowhere);
}

#[test]
fn br_g() {
    shared_shapes("G", "G", "5", true);
}

#[test]
fn br_o() {
    shared_shapes("O", "O", "0", true);
    let base = Gen::new("O");
    let mut g = base.clone();
    g.extra_sub = Some(("S", Some("19")));
    assert_fires("BR-O-11", &g, Syn::Both);
    let mut g = base.clone();
    g.line_cat = "S";
    g.line_pct = Some("19");
    assert_fires("BR-O-12", &g, Syn::Both);
    let mut g = base.clone();
    g.ac_cat = "S";
    g.ac_pct = Some("19");
    assert_fires("BR-O-13", &g, Syn::Both);
    let mut g = base.clone();
    g.ch_cat = "S";
    g.ch_pct = Some("19");
    assert_fires("BR-O-14", &g, Syn::Both);
    // UBL BR-O-13 looks only at allowances: an S charge does not make it fire.
    assert_silent_xml("BR-O-13", "UBL", &g.ubl());
}

#[test]
fn br_af() {
    shared_shapes("AF", "L", "-1", false);
    // UBL accepts a rate of 0 for IGIC lines, CII requires a positive rate.
    let mut g = Gen::new("L");
    g.line_pct = Some("0");
    assert_silent_xml("BR-AF-05", "UBL", &g.ubl());
    assert_fires_xml("BR-AF-05", "CII", &g.cii());
}

#[test]
fn br_ag() {
    shared_shapes("AG", "M", "-1", false);
    let mut g = Gen::new("M");
    g.line_pct = Some("0");
    assert_silent_xml("BR-AG-05", "UBL", &g.ubl());
    assert_silent_xml("BR-AG-05", "CII", &g.cii());
}

#[test]
fn br_b() {
    let base = Gen::new("B");
    assert_clean(&base);
    let mut g = base.clone();
    g.country = "DE";
    assert_fires("BR-B-01", &g, Syn::Both);
    let mut g = base.clone();
    g.line_cat = "S";
    g.line_pct = Some("19");
    assert_fires("BR-B-02", &g, Syn::Both);
}

#[test]
fn cii_s_breakdown_pairs_lines_and_allowances_separately() {
    // CII BR-S-01 accepts two S lines without an S breakdown (the count of lines
    // plus breakdowns reaches 2); UBL does not.
    let mut g = Gen::new("S");
    g.breakdowns = 0;
    g.allowance = false;
    g.charge = false;
    assert_fires_xml("BR-S-01", "UBL", &g.ubl());
    assert_silent_xml("BR-S-01", "CII", &g.cii());
}

#[test]
fn s_taxable_amount_tolerance_differs_by_syntax() {
    // UBL accepts a taxable amount within 1 of the sums, CII requires equality.
    let mut g = Gen::new("S");
    g.taxable = Some("145.50");
    g.tax = Some("27.64");
    assert_silent_xml("BR-S-08", "UBL", &g.ubl());
    assert_fires_xml("BR-S-08", "CII", &g.cii());
}

#[test]
fn s_breakdown_per_rate() {
    // Two S rates: each breakdown is compared with the lines of its own rate.
    let g = Gen::new("S");
    let ubl = g
        .ubl()
        .replacen("<cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>", "<cbc:Percent>7</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>", 1);
    assert_fires_xml("BR-S-08", "UBL", &ubl);
}

/// Timing of the VAT category and BR-CO rules alone (run with `--ignored --nocapture`,
/// ideally `--release`): a 20-line and a 10,000-line invoice, per syntax.
#[test]
#[ignore]
fn timing_of_these_rules() {
    use erechnung::model::Invoice;
    use erechnung::rules::{registry, Ctx, Emit, Severity};
    use std::time::Instant;

    fn thread_cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }
    for name in ["UBL", "CII"] {
        for n in [20, 10_000] {
            let mut g = Gen::new("S");
            g.lines = n;
            let text = if name == "UBL" { g.ubl() } else { g.cii() };
            let doc = erechnung::syntax::parse(&text, &Default::default()).unwrap();
            let syntax = erechnung::syntax::detect(&doc).unwrap();
            let inv = Invoice::read(&doc, syntax);
            let rules: Vec<_> = registry()
                .filter(|r| MINE.iter().any(|p| r.id.as_str().starts_with(p)))
                .collect();
            let rounds = if n < 100 { 20_000 } else { 5 };
            let cpu0 = thread_cpu_ns();
            let t = Instant::now();
            let mut out = Vec::new();
            for _ in 0..rounds {
                out.clear();
                let ctx = Ctx::new(&doc, &inv);
                for r in &rules {
                    let mut e = Emit::new(r.id.as_str(), Severity::Fatal, &mut out);
                    (r.check)(&ctx, &mut e);
                }
            }
            let per = t.elapsed() / rounds;
            // On a shared machine wall-clock time mostly measures the others; the
            // thread's own CPU time (Linux schedstat) is what these rules cost.
            if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
                println!(
                    "{name} {} lines: {:.2} µs CPU per document",
                    n,
                    (b - a) as f64 / 1000.0 / rounds as f64
                );
            }
            if n < 100 {
                let ctx = Ctx::new(&doc, &inv);
                let t0 = thread_cpu_ns().unwrap_or(0);
                for _ in 0..rounds {
                    let c2 = Ctx::new(&doc, &inv);
                    std::hint::black_box(c2.vat());
                }
                let ns = thread_cpu_ns().unwrap_or(0).saturating_sub(t0);
                println!("  vat index: {} ns CPU", ns / u64::from(rounds));
                let t0 = thread_cpu_ns().unwrap_or(0);
                for _ in 0..rounds {
                    let c2 = Ctx::new(&doc, &inv);
                    std::hint::black_box(c2.sums());
                }
                let ns = thread_cpu_ns().unwrap_or(0).saturating_sub(t0);
                println!("  sums: {} ns CPU", ns / u64::from(rounds));
                ctx.vat();
                ctx.sums();
                let mut slow: Vec<_> = rules
                    .iter()
                    .map(|r| {
                        let t0 = thread_cpu_ns().unwrap_or(0);
                        for _ in 0..rounds {
                            out.clear();
                            let mut e = Emit::new(r.id.as_str(), Severity::Fatal, &mut out);
                            (r.check)(&ctx, &mut e);
                        }
                        let ns = thread_cpu_ns().unwrap_or(0).saturating_sub(t0);
                        (ns / u64::from(rounds), r.id.as_str())
                    })
                    .collect();
                slow.sort();
                println!("  slowest (ns CPU): {:?}", &slow[slow.len() - 8..]);
                println!(
                    "  sum of rules: {} ns CPU",
                    slow.iter().map(|x| x.0).sum::<u64>()
                );
            }
            println!(
                "{name} {} lines: {} rules in {per:?} per document ({} findings)",
                n,
                rules.len(),
                out.len()
            );
        }
    }
}
