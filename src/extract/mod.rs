//! Extraction: the EN 16931 model of one invoice written for machines —
//! JSON keyed by business term (`json.rs`, documented in docs/extract.md) and
//! CSV for finance-system import (`csv.rs`) — plus [`Facts`], the handful of
//! owned values that routing and the ledger need (seller, number, date,
//! Leitweg-ID, totals), taken once from the model while the parse is alive.

pub mod csv;
pub mod json;

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::model::{Bt, Group, Invoice};

/// Terms that EN 16931-1 lets repeat inside one group instance; the JSON
/// always gives them as arrays (every other term is a single string).
pub const REPEATABLE: &[Bt] = &[Bt::Bt29, Bt::Bt29_1, Bt::Bt158, Bt::Bt158_1, Bt::Bt158_2];

/// Terms whose values are dates; extraction writes them as ISO 8601
/// `YYYY-MM-DD` whatever the syntax wrote (CII uses format 102 `YYYYMMDD`).
pub const DATES: &[Bt] = &[
    Bt::Bt2,
    Bt::Bt7,
    Bt::Bt9,
    Bt::Bt26,
    Bt::Bt72,
    Bt::Bt73,
    Bt::Bt74,
    Bt::Bt134,
    Bt::Bt135,
];

/// The value of one occurrence as extraction writes it: dates in ISO form when
/// they parse, everything else as `normalize-space()` of the raw value (amounts
/// stay exactly as written, no rounding, no reformatting). Borrowed from the
/// document when the text needs no change (most values): rendering JSON and
/// CSV allocates nothing per term.
pub fn value<'a>(bt: Bt, t: &crate::model::Term<'a>) -> Cow<'a, str> {
    if DATES.contains(&bt) {
        if let Some(d) = t.date() {
            return Cow::Owned(d.to_string());
        }
    }
    t.text()
}

fn first(g: &Group<'_>, bt: Bt) -> String {
    g.get(bt)
        .map(|t| value(bt, &t).into_owned())
        .unwrap_or_default()
}

/// What routing, duplicate detection and the ledger need from an invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// BT-1.
    pub number: String,
    /// BT-2 in ISO form (or as written when it is not a date).
    pub issue_date: String,
    /// BT-3.
    pub type_code: String,
    /// BT-5.
    pub currency: String,
    /// BT-10, the buyer reference; in German public procurement the Leitweg-ID.
    pub buyer_reference: String,
    /// BT-23 business process.
    pub process: String,
    /// BT-24 specification identifier (the profile).
    pub specification: String,
    /// BT-27.
    pub seller_name: String,
    /// BT-31 seller VAT identifier.
    pub seller_vat: String,
    /// Every seller identifier: BT-29 (all), BT-30, BT-31, BT-32, BT-34.
    pub seller_ids: Vec<String>,
    /// BT-44.
    pub buyer_name: String,
    /// Every buyer identifier: BT-46, BT-47, BT-48, BT-49.
    pub buyer_ids: Vec<String>,
    /// BT-112 invoice total with VAT.
    pub total: Option<Decimal>,
    /// BT-115 amount due.
    pub amount_due: Option<Decimal>,
}

impl Facts {
    /// Takes the facts from the model.
    pub fn of(inv: &Invoice<'_>) -> Facts {
        let h = &inv.header;
        let mut seller_ids: Vec<String> = h.all(Bt::Bt29).map(|t| t.text().into_owned()).collect();
        for bt in [Bt::Bt30, Bt::Bt31, Bt::Bt32, Bt::Bt34] {
            seller_ids.extend(h.all(bt).map(|t| t.text().into_owned()));
        }
        let mut buyer_ids = Vec::new();
        for bt in [Bt::Bt46, Bt::Bt47, Bt::Bt48, Bt::Bt49] {
            buyer_ids.extend(h.all(bt).map(|t| t.text().into_owned()));
        }
        seller_ids.retain(|s| !s.is_empty());
        buyer_ids.retain(|s| !s.is_empty());
        Facts {
            number: first(h, Bt::Bt1),
            issue_date: first(h, Bt::Bt2),
            type_code: first(h, Bt::Bt3),
            currency: first(h, Bt::Bt5),
            buyer_reference: first(h, Bt::Bt10),
            process: first(h, Bt::Bt23),
            specification: first(h, Bt::Bt24),
            seller_name: first(h, Bt::Bt27),
            seller_vat: first(h, Bt::Bt31),
            seller_ids,
            buyer_name: first(h, Bt::Bt44),
            buyer_ids,
            total: h.decimal(Bt::Bt112),
            amount_due: h.decimal(Bt::Bt115),
        }
    }

    /// The seller's identity for duplicate detection: the VAT id (BT-31),
    /// else the first other identifier, else the name.
    pub fn seller_key(&self) -> &str {
        if !self.seller_vat.is_empty() {
            return &self.seller_vat;
        }
        self.seller_ids
            .first()
            .map(String::as_str)
            .unwrap_or(&self.seller_name)
    }
}

/// Cash discount (Skonto) as XRechnung encodes it in BT-20:
/// `#SKONTO#TAGE=14#PROZENT=2.00#` (optionally `BASISBETRAG=…#`), one per line
/// (KoSIT, "Spezifikation XRechnung", section on Skonto in payment terms).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skonto {
    /// Days within which the discount applies.
    pub days: String,
    /// Percentage.
    pub percent: String,
    /// Base amount when given.
    pub base: String,
}

/// The first Skonto entry of a payment-terms text, if any.
pub fn skonto(terms: &str) -> Option<Skonto> {
    let start = terms.find("#SKONTO#")?;
    let rest = &terms[start + "#SKONTO#".len()..];
    let mut s = Skonto::default();
    for field in rest.split('#') {
        let field = field.trim();
        if field.is_empty() || field == "SKONTO" {
            // a second entry starts or the line ends: only the first is taken
            if field == "SKONTO" {
                break;
            }
            continue;
        }
        match field.split_once('=') {
            Some(("TAGE", v)) => s.days = v.trim().to_string(),
            Some(("PROZENT", v)) => s.percent = v.trim().to_string(),
            Some(("BASISBETRAG", v)) => s.base = v.trim().to_string(),
            _ => break,
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skonto_entries() {
        let s = skonto("#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=30#PROZENT=1.00#\n").unwrap();
        assert_eq!((s.days.as_str(), s.percent.as_str()), ("14", "2.00"));
        let s = skonto("Zahlbar sofort #SKONTO#TAGE=7#PROZENT=3#BASISBETRAG=100.00#").unwrap();
        assert_eq!(s.base, "100.00");
        assert_eq!(skonto("30 Tage netto"), None);
    }
}
