//! The shared rule tester: every rule's fixtures are named edits of one valid
//! synthetic invoice, checked in both syntaxes.
//!
//! # How a rule test looks
//!
//! ```ignore
//! mod common;
//! use common::*;
//!
//! #[test]
//! fn br_co_10() {
//!     // Failing fixture: the sum of line net amounts (BT-106) is off by a cent.
//!     assert_fires("BR-CO-10", &case("line total off by a cent", |s| {
//!         s.totals.line_total += dec("0.01");
//!     }));
//!     // Passing fixture: a valid invoice with several lines.
//!     assert_silent("BR-CO-10", &case("many lines", |s| {
//!         *s = base_with(Options { lines: 25, ..base_options() });
//!     }));
//! }
//! ```
//!
//! # Pieces
//!
//! - [`base()`] is a valid XRechnung 3.0 invoice (domestic purchase, 3 lines,
//!   Skonto, document allowance and charge, an attachment), generated with a
//!   fixed seed; [`base_with`] makes another valid one (credit note, other VAT
//!   scenario, more lines), see [`Options`] and [`Scenario`].
//! - [`case`] names an edit of the base spec, a closure on [`InvoiceSpec`].
//!   The edit runs after the totals were computed and nothing is recomputed
//!   afterwards, so an edit can make a total wrong on purpose; call
//!   `s.recompute()` inside the edit when you change lines and want
//!   consistent totals and VAT breakdown again.
//! - [`Case::xml`] adds an edit of the rendered XML for what the spec cannot
//!   express (a missing mandatory element, a wrong attribute, an element in
//!   the wrong place). The closure gets the [`Syn`] and the text; helpers:
//!   [`replace_once`], [`remove_element`], [`insert_before`]. [`xml_case`]
//!   starts a case with only an XML edit.
//! - [`Case::only`] restricts a case to one syntax (for UBL-only or CII-only
//!   rules); by default every case is rendered to UBL and to CII.
//! - [`Case::rules`] picks rule sets (`"en16931"`, `"en16931,xrechnung"`);
//!   the default is `auto`, which follows BT-24 (XRechnung: both sets).
//! - [`run`] renders, validates through [`erechnung::Validator`]
//!   (`validate_bytes`) and returns the findings per syntax.
//! - [`assert_fires`] / [`assert_silent`]: the rule fires (does not fire) in
//!   every syntax of the case. [`assert_fires_only`] also demands that no
//!   other fatal rule fires. [`assert_clean`]: no fatal finding at all.
//!   On failure they print every mismatch, with the case name, the syntax and
//!   all findings of that rendering, and only then panic, so one run shows
//!   all that is wrong.
//!
//! Rule tests live in `tests/`; each test file that uses this module says
//! `mod common;` and `use common::*;` (`tests/common/mod.rs` re-exports it).

use std::fmt::Write as _;
use std::sync::OnceLock;

pub use erechnung::gen::{self, InvoiceSpec, Options, Scenario, VatCode};
pub use erechnung::rules::{Finding, Severity};
use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};
pub use rust_decimal::Decimal;

/// A syntax a case is rendered to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syn {
    /// UBL 2.1 (Invoice, or CreditNote for type 381).
    Ubl,
    /// CII D16B.
    Cii,
}

impl Syn {
    /// Both syntaxes.
    pub const BOTH: [Syn; 2] = [Syn::Ubl, Syn::Cii];

    fn name(self) -> &'static str {
        match self {
            Syn::Ubl => "UBL",
            Syn::Cii => "CII",
        }
    }
}

/// The seed and options of [`base()`].
pub fn base_options() -> Options {
    Options {
        lines: 3,
        scenario: Some(Scenario::Domestic),
        credit_note: Some(false),
        skonto: Some(true),
        attachments: Some(true),
        direct_debit: Some(false),
        allowances: Some(true),
    }
}

const SEED: u64 = 20_250_101;

/// The valid base invoice of every case.
pub fn base() -> InvoiceSpec {
    base_with(base_options())
}

/// Another valid invoice, e.g. `base_with(Options { credit_note: Some(true), ..base_options() })`.
pub fn base_with(opts: Options) -> InvoiceSpec {
    gen::generate(SEED, 0, &opts)
}

/// A valid invoice that carries every optional group the generator knows, so that a
/// rule about any of them has something to edit: payee (BG-10), tax representative (BG-11),
/// delivery with address (BG-13, BG-15), invoicing period (BG-14), preceding invoice (BG-3),
/// notes with subject code (BG-1), contract, order and accounting references, document
/// allowance and charge (BG-20, BG-21), an attachment (BG-24), Skonto payment terms, and on
/// line 1 a note, period (BG-26), line allowance and charge (BG-27, BG-28), gross price with
/// discount and base quantity (BG-29), item identifiers, classification, origin and an
/// attribute (BG-31, BG-32).
pub fn rich() -> InvoiceSpec {
    use gen::spec::*;
    let mut s = base_with(Options {
        lines: 4,
        ..base_options()
    });
    let d = |y, m, day| erechnung::model::Date {
        year: y,
        month: m,
        day,
    };
    s.contract_ref = Some("RV-2024-17".into());
    s.order_ref = Some("BE-2025-004711".into());
    s.accounting_ref = Some("Kostenstelle 4711".into());
    s.period = Some((d(2025, 1, 1), d(2025, 1, 31)));
    s.notes = vec![Note {
        subject: Some("AAI".into()),
        text: "Lieferung gemäß Rahmenvertrag.".into(),
    }];
    s.preceding = vec![Preceding {
        number: "RE-2024-000815".into(),
        issue_date: Some(d(2024, 12, 3)),
    }];
    s.payee = Some(Payee {
        name: "Süddeutsche Factoring GmbH".into(),
        id: Some(Id::plain("FK-12345")),
        legal_id: Some(Id::plain("HRB 98765")),
    });
    s.tax_representative = Some(TaxRepresentative {
        name: "Steuerkanzlei Fiskalvertretung Becker GmbH".into(),
        vat_id: gen::ids::de_vat_id("81234567"),
        address: Address {
            street: Some("Kaiserstraße 12".into()),
            city: Some("Konstanz".into()),
            postcode: Some("78462".into()),
            country: "DE".into(),
            ..Address::default()
        },
    });
    s.delivery = Some(Delivery {
        party_name: Some("Grundschule am Stadtpark".into()),
        date: Some(d(2025, 1, 20)),
        address: Some(Address {
            street: Some("Parkweg 3".into()),
            city: Some("Stuttgart".into()),
            postcode: Some("70173".into()),
            country: "DE".into(),
            ..Address::default()
        }),
    });
    // Line periods lie within the invoicing period (PEPPOL-EN16931-R110/R111).
    for l in s.lines.iter_mut().filter(|l| l.period.is_some()) {
        l.period = s.period;
    }
    let tax = s.lines[0].tax;
    let l = &mut s.lines[0];
    l.note = Some("Teillieferung".into());
    l.period = Some((d(2025, 1, 1), d(2025, 1, 31)));
    l.price = dec("12.50");
    l.gross_price = Some(dec("14.00"));
    l.base_quantity = Some(dec("2"));
    l.unit = "C62".into();
    l.quantity = dec("10");
    l.seller_item_id = Some("ART-1".into());
    l.buyer_item_id = Some("MAT-2".into());
    l.standard_id = Some(Id::with(gen::ids::gtin13("400638133393"), "0160"));
    l.classifications = vec![Id::with("12345678", "STI")];
    l.origin_country = Some("DE".into());
    l.attributes = vec![("Farbe".into(), "blau".into())];
    l.order_line = Some("3".into());
    l.accounting_ref = Some("KST-1".into());
    // 10 × 12.50 ÷ 2 = 62.50; 10 % of it off, 5.00 added.
    l.allowances = vec![AllowanceCharge {
        reason: Some("Mengenrabatt".into()),
        reason_code: Some("95".into()),
        ..AllowanceCharge::percent_of(dec("62.50"), dec("10"), tax)
    }];
    l.charges = vec![AllowanceCharge {
        amount: dec("5.00"),
        base: None,
        percent: None,
        tax,
        reason: Some("Expresszuschlag".into()),
        reason_code: Some("FC".into()),
    }];
    s.recompute();
    s
}

/// A decimal literal.
pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("bad decimal {s}: {e}"))
}

type SpecEdit = Box<dyn Fn(&mut InvoiceSpec)>;
type XmlEdit = Box<dyn Fn(Syn, &mut String)>;

/// One named fixture: a base invoice, an edit of the spec, an optional edit of the XML.
pub struct Case {
    /// Says what the fixture is, shown in every failure.
    pub name: String,
    spec: SpecEdit,
    xml: Option<XmlEdit>,
    syntaxes: Vec<Syn>,
    rules: &'static str,
}

/// A case that edits the base spec.
pub fn case(name: &str, edit: impl Fn(&mut InvoiceSpec) + 'static) -> Case {
    Case {
        name: name.to_string(),
        spec: Box::new(edit),
        xml: None,
        syntaxes: Syn::BOTH.to_vec(),
        rules: "auto",
    }
}

/// A case that edits only the rendered XML of the base invoice.
pub fn xml_case(name: &str, edit: impl Fn(Syn, &mut String) + 'static) -> Case {
    case(name, |_| {}).xml(edit)
}

/// The base invoice unchanged.
pub fn unchanged() -> Case {
    case("base invoice unchanged", |_| {})
}

impl Case {
    /// Adds an edit of the rendered XML (after the spec edit).
    pub fn xml(mut self, edit: impl Fn(Syn, &mut String) + 'static) -> Case {
        self.xml = Some(Box::new(edit));
        self
    }

    /// Renders the case to one syntax only.
    pub fn only(mut self, syn: Syn) -> Case {
        self.syntaxes = vec![syn];
        self
    }

    /// Rule sets to run, as `erechnung validate --rules` takes them.
    pub fn rules(mut self, rules: &'static str) -> Case {
        self.rules = rules;
        self
    }

    /// The edited spec.
    pub fn spec(&self) -> InvoiceSpec {
        let mut s = base();
        (self.spec)(&mut s);
        s
    }

    /// The XML of this case in `syn`.
    pub fn render(&self, syn: Syn) -> String {
        let s = self.spec();
        let mut xml = match syn {
            Syn::Ubl => gen::to_ubl(&s),
            Syn::Cii => gen::to_cii(&s),
        };
        if let Some(edit) = &self.xml {
            edit(syn, &mut xml);
        }
        xml
    }
}

/// The findings of one rendering of a case.
pub struct Rendering {
    /// The syntax.
    pub syn: Syn,
    /// The XML that was validated.
    pub xml: String,
    /// Every finding, or why the document could not be read.
    pub findings: Result<Vec<Finding>, String>,
}

impl Rendering {
    /// Whether `rule` is among the findings.
    pub fn fired(&self, rule: &str) -> bool {
        self.findings
            .as_ref()
            .is_ok_and(|f| f.iter().any(|f| f.rule == rule))
    }

    /// The fatal findings other than `rule`.
    pub fn other_fatals(&self, rule: &str) -> Vec<&Finding> {
        match &self.findings {
            Ok(f) => f
                .iter()
                .filter(|f| f.rule != rule && f.severity == Severity::Fatal)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The findings as stable text, one per line: rule, severity, location, message.
    pub fn describe(&self) -> String {
        match &self.findings {
            Err(e) => format!("    (not read as an invoice: {e})\n"),
            Ok(f) if f.is_empty() => "    (no findings)\n".to_string(),
            Ok(f) => {
                let mut s = String::new();
                for x in f {
                    let _ = writeln!(
                        s,
                        "    {} {} at {} ({}:{}): {}",
                        x.rule,
                        x.severity.as_str(),
                        x.location,
                        x.line,
                        x.column,
                        x.message
                    );
                }
                s
            }
        }
    }
}

fn validator(rules: &str) -> &'static Validator {
    static AUTO: OnceLock<Validator> = OnceLock::new();
    static EN: OnceLock<Validator> = OnceLock::new();
    static EN_XR: OnceLock<Validator> = OnceLock::new();
    let (cell, sel) = match rules {
        "auto" => (&AUTO, "auto"),
        "en16931" => (&EN, "en16931"),
        "en16931,xrechnung" => (&EN_XR, "en16931,xrechnung"),
        other => panic!("rule sets `{other}`: use auto, en16931 or en16931,xrechnung"),
    };
    cell.get_or_init(|| {
        let selection = Selection::parse(sel).unwrap_or_else(|e| panic!("{e}"));
        Validator::new(selection, Limits::default())
    })
}

/// Renders the case to each of its syntaxes and validates each rendering.
pub fn run(case: &Case) -> Vec<Rendering> {
    let v = validator(case.rules);
    case.syntaxes
        .iter()
        .map(|&syn| {
            let xml = case.render(syn);
            let report =
                v.validate_bytes(&format!("{} ({})", case.name, syn.name()), xml.as_bytes());
            Rendering {
                syn,
                findings: report.outcome.map(|c| c.findings),
                xml,
            }
        })
        .collect()
}

fn fail(kind: &str, rule: &str, case: &Case, bad: &[&Rendering]) -> ! {
    let mut msg = format!("{kind} {rule}: case \"{}\"\n", case.name);
    for r in bad {
        let _ = write!(msg, "  {}:\n{}", r.syn.name(), r.describe());
    }
    eprintln!("{msg}");
    panic!("{msg}");
}

/// `rule` fires in every syntax of the case.
pub fn assert_fires(rule: &str, case: &Case) {
    let rs = run(case);
    let bad: Vec<&Rendering> = rs.iter().filter(|r| !r.fired(rule)).collect();
    if !bad.is_empty() {
        fail("expected to fire but silent:", rule, case, &bad);
    }
}

/// `rule` fires in every syntax of the case and no other rule raises a fatal finding.
pub fn assert_fires_only(rule: &str, case: &Case) {
    let rs = run(case);
    let bad: Vec<&Rendering> = rs
        .iter()
        .filter(|r| !r.fired(rule) || !r.other_fatals(rule).is_empty())
        .collect();
    if !bad.is_empty() {
        fail("expected to fire alone:", rule, case, &bad);
    }
}

/// `rule` does not fire in any syntax of the case.
pub fn assert_silent(rule: &str, case: &Case) {
    let rs = run(case);
    let bad: Vec<&Rendering> = rs
        .iter()
        .filter(|r| r.fired(rule) || r.findings.is_err())
        .collect();
    if !bad.is_empty() {
        fail("expected to stay silent but fired:", rule, case, &bad);
    }
}

/// No fatal finding in any syntax of the case.
pub fn assert_clean(case: &Case) {
    let rs = run(case);
    let bad: Vec<&Rendering> = rs
        .iter()
        .filter(|r| {
            r.findings
                .as_ref()
                .map_or(true, |f| f.iter().any(|f| f.severity == Severity::Fatal))
        })
        .collect();
    if !bad.is_empty() {
        fail("expected no fatal finding:", "(any rule)", case, &bad);
    }
}

/// Replaces the first occurrence of `from` by `to`; panics when `from` is not there, so a
/// fixture cannot silently stop testing anything.
pub fn replace_once(xml: &mut String, from: &str, to: &str) {
    let Some(at) = xml.find(from) else {
        panic!("`{from}` not found in the rendered XML");
    };
    xml.replace_range(at..at + from.len(), to);
}

/// Removes the first element with the qualified name `qname` (e.g. `cbc:IssueDate`,
/// `ram:IssueDateTime`) with all its content and its line. Panics when there is none.
pub fn remove_element(xml: &mut String, qname: &str) {
    let open = format!("<{qname}");
    let close = format!("</{qname}>");
    let start = xml
        .match_indices(&open)
        .find(|(i, _)| matches!(xml.as_bytes().get(i + open.len()), Some(b'>' | b' ' | b'/')))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no <{qname}> in the rendered XML"));
    let end = xml[start..]
        .find(&close)
        .map(|e| start + e + close.len())
        .unwrap_or_else(|| panic!("<{qname}> is not closed"));
    let line_start = xml[..start].rfind('\n').map_or(start, |n| n + 1);
    let line_end = if xml[end..].starts_with('\n') {
        end + 1
    } else {
        end
    };
    let from = if xml[line_start..start].trim().is_empty() {
        line_start
    } else {
        start
    };
    xml.replace_range(from..line_end, "");
}

/// Inserts `text` right before the first occurrence of `marker`; panics when it is missing.
pub fn insert_before(xml: &mut String, marker: &str, text: &str) {
    let Some(at) = xml.find(marker) else {
        panic!("`{marker}` not found in the rendered XML");
    };
    xml.insert_str(at, text);
}
