//! EN 16931 arithmetic for synthetic invoices: line net amounts, document
//! totals (BR-CO-10 … BR-CO-16) and the VAT breakdown per category and rate
//! (BR-CO-17, BR-S-08/09 and the other category rules), all rounded to two
//! decimals the way the official Schematron rounds: `round(x * 100) div 100`,
//! where XPath `round` goes half toward positive infinity.

use rust_decimal::Decimal;

use super::spec::{InvoiceSpec, LineSpec, Tax, Totals, VatBreakdown, VatCode};
use crate::model::Date;

/// Rounds to two decimals, half toward +∞ (XPath `round(x * 10 * 10) div 100`), scale fixed at 2.
pub fn round2(x: Decimal) -> Decimal {
    let mut r = (x * Decimal::ONE_HUNDRED + Decimal::new(5, 1)).floor() / Decimal::ONE_HUNDRED;
    r.rescale(2);
    r
}

/// An amount as written: exactly two decimals.
pub fn amount(x: Decimal) -> String {
    round2(x).to_string()
}

/// A quantity, price or percentage as written: no trailing zeros beyond two decimals.
pub fn number(x: Decimal) -> String {
    let mut n = x.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n.to_string()
}

/// The line net amount (BT-131): quantity × net price ÷ base quantity, rounded,
/// plus line charges minus line allowances (PEPPOL-EN16931-R120).
pub fn line_net(line: &LineSpec) -> Decimal {
    let base = line.base_quantity.unwrap_or(Decimal::ONE);
    let gross = if base.is_zero() {
        Decimal::ZERO
    } else {
        round2(line.quantity * line.price / base)
    };
    let charges: Decimal = line.charges.iter().map(|c| c.amount).sum();
    let allowances: Decimal = line.allowances.iter().map(|a| a.amount).sum();
    round2(gross + charges - allowances)
}

/// Order of VAT breakdown entries: category, then rate from high to low.
fn key(t: &Tax) -> (VatCode, std::cmp::Reverse<Decimal>) {
    (t.code, std::cmp::Reverse(t.rate.normalize()))
}

impl InvoiceSpec {
    /// Derives every line net amount, the document totals and the VAT breakdown from the lines,
    /// allowances, charges and prepaid amount.
    pub fn recompute(&mut self) {
        for line in &mut self.lines {
            line.net_amount = line_net(line);
        }
        let line_total: Decimal = self.lines.iter().map(|l| l.net_amount).sum();
        let allowance_sum: Decimal = self.allowances.iter().map(|a| a.amount).sum();
        let charge_sum: Decimal = self.charges.iter().map(|c| c.amount).sum();
        let tax_exclusive = line_total - allowance_sum + charge_sum;

        let mut groups: Vec<(Tax, Decimal)> = Vec::new();
        let mut add = |tax: Tax, amount: Decimal| {
            let tax = Tax {
                code: tax.code,
                rate: if tax.code == VatCode::S {
                    tax.rate
                } else {
                    Decimal::ZERO
                },
            };
            match groups.iter_mut().find(|(t, _)| key(t) == key(&tax)) {
                Some((_, sum)) => *sum += amount,
                None => groups.push((tax, amount)),
            }
        };
        for line in &self.lines {
            add(line.tax, line.net_amount);
        }
        for a in &self.allowances {
            add(a.tax, -a.amount);
        }
        for c in &self.charges {
            add(c.tax, c.amount);
        }
        groups.sort_by_key(|(t, _)| key(t));
        let vat: Vec<VatBreakdown> = groups
            .into_iter()
            .map(|(tax, taxable)| {
                let exemption = self.exemptions.iter().find(|e| e.code == tax.code);
                let exempt = tax.code.is_exempt();
                VatBreakdown {
                    tax,
                    taxable: round2(taxable),
                    // BR-CO-17 / BR-S-09: category tax = taxable × rate ÷ 100, rounded.
                    amount: round2(taxable * tax.rate / Decimal::ONE_HUNDRED),
                    exemption_code: exemption.filter(|_| exempt).and_then(|e| e.vatex.clone()),
                    exemption_reason: exemption.filter(|_| exempt).and_then(|e| e.text.clone()),
                }
            })
            .collect();
        let tax_total: Decimal = vat.iter().map(|v| v.amount).sum();
        let tax_inclusive = tax_exclusive + tax_total;
        self.totals = Totals {
            line_total: round2(line_total),
            allowance_total: (!self.allowances.is_empty()).then(|| round2(allowance_sum)),
            charge_total: (!self.charges.is_empty()).then(|| round2(charge_sum)),
            tax_exclusive: round2(tax_exclusive),
            tax_total: round2(tax_total),
            tax_inclusive: round2(tax_inclusive),
            prepaid: (!self.prepaid.is_zero()).then(|| round2(self.prepaid)),
            payable: round2(tax_inclusive - self.prepaid),
            vat,
        };
    }
}

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
fn days(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// `d` plus `n` days.
pub fn add_days(d: Date, n: i64) -> Date {
    civil(days(d) + n)
}

/// A date as CII format 102 (`YYYYMMDD`).
pub fn date102(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_xpath() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(round2(d("2.345")).to_string(), "2.35");
        assert_eq!(round2(d("2.344")).to_string(), "2.34");
        assert_eq!(round2(d("-2.345")).to_string(), "-2.34");
        assert_eq!(round2(d("7")).to_string(), "7.00");
        assert_eq!(number(d("1.500")), "1.50");
        assert_eq!(number(d("0.1234")), "0.1234");
    }

    #[test]
    fn date_arithmetic() {
        let d = Date {
            year: 2024,
            month: 2,
            day: 20,
        };
        assert_eq!(add_days(d, 10).to_string(), "2024-03-01");
        assert_eq!(add_days(d, 366).to_string(), "2025-02-20");
        assert_eq!(add_days(d, -51).to_string(), "2023-12-31");
        assert_eq!(date102(d), "20240220");
    }
}
