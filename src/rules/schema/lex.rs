//! Lexical checks of the built-in XML Schema types (XML Schema 1.0 Part 2,
//! section 3.2), after the white-space handling the type prescribes.

use super::table::Builtin;

const fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// `s` without leading and trailing XML white space, byte by byte (the
/// white-space characters are ASCII, so cutting there keeps UTF-8 intact).
fn trim(s: &str) -> &str {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or("")
}

/// Whether `raw` is a valid lexical form of `ty` (including `min..=max` characters
/// of the collapsed value, for the length facets).
pub(crate) fn valid(ty: Builtin, raw: &str, min: u32, max: u32) -> bool {
    let unbounded = min == 0 && max == u32::MAX;
    if unbounded && matches!(ty, Builtin::Text | Builtin::Token) {
        // Most values of an invoice: nothing to judge.
        return true;
    }
    if unbounded && ty == Builtin::Decimal && plain_decimal(raw.as_bytes()) {
        // Amounts and quantities as invoices write them, in one pass.
        return true;
    }
    if unbounded && ty == Builtin::Date && plain_date(raw.as_bytes()) {
        // Dates as invoices write them.
        return true;
    }
    let v = trim(raw);
    let ok = match ty {
        Builtin::Text | Builtin::Token => true,
        Builtin::Decimal => decimal(v),
        Builtin::Date => date(v),
        Builtin::Time => time(v),
        Builtin::DateTime => date_time(v),
        Builtin::Boolean => matches!(v, "true" | "false" | "1" | "0"),
        Builtin::Base64 => base64(raw),
        Builtin::Language => language(v),
    };
    if !ok {
        return false;
    }
    if unbounded {
        return true;
    }
    // Length facets count characters of the collapsed value (token semantics).
    let mut n: u32 = 0;
    let mut gap = false;
    for c in v.chars() {
        if is_ws(c) {
            gap = true;
            continue;
        }
        if gap {
            n += 1;
            gap = false;
        }
        n += 1;
    }
    (min..=max).contains(&n)
}

/// `[0-9]+(\.[0-9]*)?`: the usual form of a decimal, a subset of [`decimal`]
/// without white space or sign (anything else takes the full check).
#[inline]
pub(super) fn plain_decimal(b: &[u8]) -> bool {
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut dot = false;
    for &c in b {
        if !c.is_ascii_digit() {
            if c != b'.' || dot {
                return false;
            }
            dot = true;
        }
    }
    true
}

/// `YYYY-MM-DD` with a year from 0001 to 9999 and a real day of the month:
/// the usual form of a date, a subset of [`date`] without sign, longer year,
/// time zone or white space (anything else takes the full check).
#[inline]
pub(super) fn plain_date(b: &[u8]) -> bool {
    let Some(&[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) = b.first_chunk::<10>() else {
        return false;
    };
    if b.len() != 10 {
        return false;
    }
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = |c: u8| u32::from(c - b'0');
    let year = n(y0) * 1000 + n(y1) * 100 + n(y2) * 10 + n(y3);
    let (month, day) = (n(m0) * 10 + n(m1), n(d0) * 10 + n(d1));
    year != 0 && day_exists(year, month, day)
}

/// Whether `day` of `month` exists in `year` (the model's calendar).
fn day_exists(year: u32, month: u32, day: u32) -> bool {
    let (Ok(y), Ok(m)) = (i32::try_from(year), u8::try_from(month)) else {
        return false;
    };
    (1..=12).contains(&m) && day != 0 && day <= u32::from(crate::model::days_in_month(y, m))
}

/// `(+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)`.
fn decimal(v: &str) -> bool {
    let b = v.strip_prefix(['+', '-']).unwrap_or(v).as_bytes();
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()))
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        acc.checked_mul(10)?.checked_add(u32::from(c - b'0'))
    })
}

/// `-?YYYY-MM-DD` with a real day of the month; returns the rest (time zone or time).
fn date_part(v: &str) -> Option<&str> {
    let b = v.strip_prefix('-').unwrap_or(v);
    let dash = b.find('-')?;
    let (y, rest) = b.split_at(dash);
    let yb = y.as_bytes();
    // At least four digits; more only without a leading zero.
    if yb.len() < 4 || (yb.len() > 4 && yb.first() == Some(&b'0')) {
        return None;
    }
    let year = if yb.len() > 9 { 1 } else { num(yb)? };
    if yb.iter().any(|c| !c.is_ascii_digit()) || (yb.len() <= 9 && year == 0) {
        return None;
    }
    let r = rest.as_bytes();
    if r.len() < 6 || r[0] != b'-' || r[3] != b'-' {
        return None;
    }
    let month = num(&r[1..3])?;
    let day = num(&r[4..6])?;
    if !day_exists(year, month, day) {
        return None;
    }
    rest.get(6..)
}

/// `Z` or `(+|-)hh:mm` (hh ≤ 14), or nothing.
fn zone(z: &str) -> bool {
    if z.is_empty() || z == "Z" {
        return true;
    }
    let b = z.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return false;
    }
    match (num(&b[1..3]), num(&b[4..6])) {
        (Some(h), Some(m)) => m < 60 && (h < 14 || (h == 14 && m == 0)),
        _ => false,
    }
}

fn date(v: &str) -> bool {
    date_part(v).is_some_and(zone)
}

/// `hh:mm:ss(.s+)?` then a time zone; 24:00:00 allowed.
fn time_part(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, s) = (num(&b[0..2])?, num(&b[3..5])?, num(&b[6..8])?);
    let mut end = 8;
    let mut frac_nonzero = false;
    if b.get(8) == Some(&b'.') {
        end = 9;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            frac_nonzero |= b[end] != b'0';
            end += 1;
        }
        if end == 9 {
            return None;
        }
    }
    let ok = if h == 24 {
        m == 0 && s == 0 && !frac_nonzero
    } else {
        h < 24 && m < 60 && s < 60
    };
    if !ok {
        return None;
    }
    v.get(end..)
}

fn time(v: &str) -> bool {
    time_part(v).is_some_and(zone)
}

fn date_time(v: &str) -> bool {
    date_part(v)
        .and_then(|r| r.strip_prefix('T'))
        .and_then(time_part)
        .is_some_and(zone)
}

/// Base64 with white space allowed between characters and correct padding.
fn base64(raw: &str) -> bool {
    let mut n = 0usize;
    let mut pad = 0usize;
    for c in raw.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '=' => {
                pad += 1;
                n += 1;
            }
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' if pad == 0 => n += 1,
            _ => return false,
        }
    }
    n.is_multiple_of(4) && pad <= 2
}

/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
fn language(v: &str) -> bool {
    let mut parts = v.split('-');
    let first = parts.next().unwrap_or("");
    let ok_first = (1..=8).contains(&first.len()) && first.bytes().all(|c| c.is_ascii_alphabetic());
    ok_first
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for ok in ["1", "-1.5", "+.5", "1.", " 12.30 ", "0005"] {
            assert!(valid(Builtin::Decimal, ok, 0, u32::MAX), "{ok}");
        }
        for bad in ["", ".", "1,5", "1e3", "1 000", "--1", "abc"] {
            assert!(!valid(Builtin::Decimal, bad, 0, u32::MAX), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for ok in [
            "2024-02-29",
            "2023-12-31Z",
            "2023-01-01+01:00",
            "-0044-03-15",
            "12024-01-01",
        ] {
            assert!(valid(Builtin::Date, ok, 0, u32::MAX), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "20230101",
            "2023-1-01",
            "0000-01-01",
            "2023-01-01+15:00",
            "2023-01-01T00:00:00",
        ] {
            assert!(!valid(Builtin::Date, bad, 0, u32::MAX), "{bad}");
        }
    }

    #[test]
    fn others() {
        assert!(valid(Builtin::Time, "12:00:00.5+02:00", 0, u32::MAX));
        assert!(!valid(Builtin::Time, "25:00:00", 0, u32::MAX));
        assert!(valid(
            Builtin::DateTime,
            "2024-01-01T10:00:00Z",
            0,
            u32::MAX
        ));
        assert!(valid(Builtin::Boolean, " true ", 0, u32::MAX));
        assert!(!valid(Builtin::Boolean, "yes", 0, u32::MAX));
        assert!(valid(Builtin::Base64, "QUJD\nRA==", 0, u32::MAX));
        assert!(!valid(Builtin::Base64, "QUJDR", 0, u32::MAX));
        assert!(valid(Builtin::Language, "de-DE", 0, u32::MAX));
        assert!(!valid(Builtin::Language, "de_DE", 0, u32::MAX));
        assert!(valid(Builtin::Token, "C62", 1, 3));
        assert!(!valid(Builtin::Token, "ABCD", 1, 3));
    }

    /// The fast paths accept exactly what the full checks accept on the
    /// strings they look at (they fall back to the full check otherwise).
    #[test]
    fn fast_paths_agree_with_the_full_checks() {
        let mut dates = 0;
        for year in [0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let v = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(plain_date(v.as_bytes()), date(&v), "{v}");
                    dates += usize::from(date(&v));
                }
            }
        }
        // Nine years from 0001 on, four of them leap years (4, 400, 2000, 2024).
        assert_eq!(dates, 9 * 365 + 4);
        for v in [
            "2024-1-01",
            "2024-01-1",
            "2024/01/01",
            "2024-01-01Z",
            " 2024-01-01",
            "2024-01-0a",
        ] {
            assert!(!plain_date(v.as_bytes()), "{v}");
        }
        for v in [
            "0", "12", "1.", "1.5", "12.345", "0005.10", ".5", "1..2", "1.2.3", "-1", "+1", "1,5",
            "", "1 ", "1e3",
        ] {
            assert_eq!(
                plain_decimal(v.as_bytes()),
                decimal(v) && !v.starts_with(['+', '-', '.']),
                "{v}"
            );
        }
    }
}
