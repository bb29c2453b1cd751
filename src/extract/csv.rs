//! CSV for finance-system import: one file per invoice, `;`-separated (what
//! German spreadsheet and ERP imports expect), UTF-8, a header row naming the
//! columns, then one `H` row (invoice header), one `V` row per VAT rate
//! (BG-23) and one `L` row per invoice line (BG-25). Every row repeats the
//! invoice number and seller VAT id so rows can be joined after a merge of
//! many files. Amounts are written exactly as the invoice has them (dot as
//! decimal separator, no rounding). Columns: docs/extract.md.

use crate::model::{Bt, Invoice};

use super::{skonto, value};

/// The column names, in order.
pub const COLUMNS: &[&str] = &[
    "record",
    "invoice_number",
    "issue_date",
    "type_code",
    "currency",
    "seller_name",
    "seller_vat_id",
    "seller_id",
    "buyer_name",
    "buyer_reference",
    "order_reference",
    "contract_reference",
    "iban",
    "bic",
    "payment_means",
    "remittance",
    "due_date",
    "payment_terms",
    "skonto_days",
    "skonto_percent",
    "net_total",
    "vat_total",
    "gross_total",
    "amount_due",
    "vat_category",
    "vat_rate",
    "vat_taxable",
    "vat_amount",
    "line_id",
    "item_name",
    "quantity",
    "unit",
    "net_price",
    "line_net",
];

/// Appends the CSV of `inv` (header row included) to `out`. Fields are
/// written straight from the model (no row of owned strings per record).
pub fn write(inv: &Invoice<'_>, out: &mut Vec<u8>) {
    let h = &inv.header;
    let get = |bt: Bt| h.get(bt).map(|t| value(bt, &t)).unwrap_or_default();
    for (i, c) in COLUMNS.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(c.as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    let number = get(Bt::Bt1);
    let vat_id = get(Bt::Bt31);
    let pay = inv.payments.first();
    let pay_get = |bt: Bt| {
        pay.and_then(|g| g.get(bt))
            .map(|t| value(bt, &t))
            .unwrap_or_default()
    };
    let terms = h
        .all(Bt::Bt20)
        .map(|t| t.raw())
        .collect::<Vec<_>>()
        .join("\n");
    let sk = skonto(&terms).unwrap_or_default();
    let mut r = Row::start(out, "H");
    for f in [
        &number,
        &get(Bt::Bt2),
        &get(Bt::Bt3),
        &get(Bt::Bt5),
        &get(Bt::Bt27),
        &vat_id,
    ] {
        r.field(f);
    }
    for f in [
        &get(Bt::Bt29),
        &get(Bt::Bt44),
        &get(Bt::Bt10),
        &get(Bt::Bt13),
        &get(Bt::Bt12),
    ] {
        r.field(f);
    }
    for f in [
        &pay_get(Bt::Bt84),
        &pay_get(Bt::Bt86),
        &pay_get(Bt::Bt81),
        &pay_get(Bt::Bt83),
        &get(Bt::Bt9),
        &crate::rules::xpath::normalize_space(&terms),
    ] {
        r.field(f);
    }
    r.field(&sk.days);
    r.field(&sk.percent);
    for f in [
        &get(Bt::Bt109),
        &get(Bt::Bt110),
        &get(Bt::Bt112),
        &get(Bt::Bt115),
    ] {
        r.field(f);
    }
    r.end();
    for v in &inv.vat {
        let g = |bt: Bt| v.get(bt).map(|t| value(bt, &t)).unwrap_or_default();
        let mut r = Row::start(out, "V");
        r.field(&number);
        r.blank(4);
        r.field(&vat_id);
        r.blank(17);
        for bt in [Bt::Bt118, Bt::Bt119, Bt::Bt116, Bt::Bt117] {
            r.field(&g(bt));
        }
        r.end();
    }
    for l in &inv.lines {
        let g = |bt: Bt| l.terms.get(bt).map(|t| value(bt, &t)).unwrap_or_default();
        let mut r = Row::start(out, "L");
        r.field(&number);
        r.blank(4);
        r.field(&vat_id);
        r.blank(17);
        r.field(&g(Bt::Bt151));
        r.field(&g(Bt::Bt152));
        r.blank(2);
        for bt in [
            Bt::Bt126,
            Bt::Bt153,
            Bt::Bt129,
            Bt::Bt130,
            Bt::Bt146,
            Bt::Bt131,
        ] {
            r.field(&g(bt));
        }
        r.end();
    }
}

/// One record being written; columns after the last field written are empty.
struct Row<'o> {
    out: &'o mut Vec<u8>,
    fields: usize,
}

impl<'o> Row<'o> {
    fn start(out: &'o mut Vec<u8>, record: &str) -> Row<'o> {
        out.extend_from_slice(record.as_bytes());
        Row { out, fields: 1 }
    }

    fn field(&mut self, s: &str) {
        self.out.push(b';');
        field(self.out, s);
        self.fields += 1;
    }

    fn blank(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(b';');
        }
        self.fields += n;
    }

    fn end(self) {
        for _ in self.fields..COLUMNS.len() {
            self.out.push(b';');
        }
        self.out.extend_from_slice(b"\r\n");
    }
}

/// RFC 4180 quoting: a field with the separator, a quote or a line break is
/// quoted and its quotes doubled. A leading `=`, `+`, `-` or `@` is kept as is:
/// finance imports read the text, and amounts may be negative.
fn field(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b';' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        let mut out = Vec::new();
        super::field(&mut out, "a;b \"c\"");
        assert_eq!(out, b"\"a;b \"\"c\"\"\"");
        out.clear();
        super::field(&mut out, "plain");
        assert_eq!(out, b"plain");
    }
}
