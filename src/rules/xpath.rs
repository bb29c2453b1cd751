//! XPath 2.0 value semantics the official Schematron tests rely on, so that a
//! rule written in Rust means exactly what its `assert` means.
//!
//! - `normalize-space()`: trim and collapse runs of XML whitespace.
//! - `xs:decimal(...)`: the lexical form `[+-]?digits[.digits]` with surrounding
//!   whitespace allowed; no exponent, no `INF`/`NaN`.
//! - `round()`: half toward positive infinity (`round(-2.5) = -2`), unlike
//!   Rust's `round` (half away from zero).
//! - `round(x * 10 * 10) div 100`: the CEN idiom for rounding to two decimals.
//! - `string-length(substring-after(x, '.'))`: counted in characters.

use rust_decimal::Decimal;

/// True for the four XML whitespace characters.
#[inline]
pub fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// `s` without leading and trailing XML white space (what `trim_matches`
/// with [`is_xml_space`] gives), byte by byte: the white space is ASCII, so
/// the cut falls on character boundaries.
#[inline]
pub fn trim_xml_space(s: &str) -> &str {
    let b = s.as_bytes();
    let sp = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let Some(start) = b.iter().position(|c| !sp(c)) else {
        return "";
    };
    let end = b.iter().rposition(|c| !sp(c)).map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or(s)
}

/// `normalize-space(s)` without allocating when `s` is already normal.
pub fn normalize_space(s: &str) -> std::borrow::Cow<'_, str> {
    // Fast path, one pass over the bytes (XML white space is ASCII, and no
    // byte of a multi-byte UTF-8 character is ASCII): already normal when
    // there is no tab, CR or LF, no space at either end and no two spaces in
    // a row. Codes, amounts and identifiers almost always are.
    let b = s.as_bytes();
    let mut prev_space = true;
    let mut normal = true;
    for &c in b {
        match c {
            b' ' if prev_space => {
                normal = false;
                break;
            }
            b' ' => prev_space = true,
            b'\t' | b'\n' | b'\r' => {
                normal = false;
                break;
            }
            _ => prev_space = false,
        }
    }
    // A trailing space left `prev_space` set (the empty string is normal).
    if normal && (b.is_empty() || !prev_space) {
        return std::borrow::Cow::Borrowed(s);
    }
    let trimmed = trim_xml_space(s);
    let mut prev_space = false;
    let mut clean = true;
    for c in trimmed.chars() {
        if is_xml_space(c) {
            if prev_space || c != ' ' {
                clean = false;
                break;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    if clean {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split(is_xml_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// `normalize-space(s) != ''`. Byte by byte: the four XML space characters
/// are ASCII, and every byte of a multi-byte character is not one of them.
#[inline]
pub fn has_text(s: &str) -> bool {
    s.bytes()
        .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// `xs:decimal(s)`: `None` where XPath would raise FORG0001.
pub fn decimal(s: &str) -> Option<Decimal> {
    // Fast path for the plain form almost every amount, quantity and rate
    // has (`digits`, `digits.digits`; at most 18 characters, so it fits an
    // i64): the same value and scale as the general parse below, without it.
    let b = s.as_bytes();
    if (1..=18).contains(&b.len()) {
        let mut m: i64 = 0;
        // The position of the one dot (not first, not last), if any.
        let mut dot = usize::MAX;
        let mut plain = true;
        for (i, &c) in b.iter().enumerate() {
            let d = c.wrapping_sub(b'0');
            if d < 10 {
                m = m * 10 + i64::from(d);
            } else if c == b'.' && dot == usize::MAX && i > 0 && i + 1 < b.len() {
                dot = i;
            } else {
                plain = false;
                break;
            }
        }
        if plain {
            // At most 16 digits after the dot: within Decimal's 28.
            let scale = if dot == usize::MAX {
                0
            } else {
                (b.len() - 1 - dot) as u32
            };
            return Some(Decimal::new(m, scale));
        }
    }
    decimal_general(s)
}

/// `xs:decimal` by the general rules: surrounding XML white space, a sign,
/// a leading or trailing dot, up to 28 significant digits.
fn decimal_general(s: &str) -> Option<Decimal> {
    let t = trim_xml_space(s);
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty() || body == "." {
        return None;
    }
    let mut dots = 0;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 {
        return None;
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    // Decimal keeps 28 significant digits; longer literals are cut, which only
    // matters for values far outside any invoice.
    t.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_str_exact(t).ok())
}

/// XPath `round(x)`: half toward positive infinity.
///
/// ```
/// use erechnung::rules::xpath::round;
/// use rust_decimal::Decimal;
/// assert_eq!(round(Decimal::new(-25, 1)), Decimal::new(-2, 0)); // round(-2.5) = -2
/// assert_eq!(round(Decimal::new(25, 1)), Decimal::new(3, 0));
/// ```
pub fn round(x: Decimal) -> Decimal {
    (x + Decimal::new(5, 1)).floor()
}

/// The CEN idiom `round(x * 10 * 10) div 100`.
pub fn round2(x: Decimal) -> Decimal {
    round(x * Decimal::ONE_HUNDRED) / Decimal::ONE_HUNDRED
}

/// `string-length(substring-after(s, '.'))`: the characters after the first dot.
pub fn decimals_after_dot(s: &str) -> usize {
    match s.find('.') {
        Some(i) => s[i + 1..].chars().count(),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn round_is_half_toward_positive_infinity() {
        assert_eq!(round(d("2.5")), d("3"));
        assert_eq!(round(d("-2.5")), d("-2"));
        assert_eq!(round(d("-2.51")), d("-3"));
        assert_eq!(round2(d("1.005")), d("1.01"));
        assert_eq!(round2(d("-1.005")), d("-1"));
    }

    #[test]
    fn decimal_fast_path_agrees_with_the_general_parse() {
        for s in [
            "0",
            "10.00",
            "007",
            "1.5",
            "123456789012345678",
            "12345678901234567.8",
            ".5",
            "5.",
            "1.2.3",
            " 1",
            "-1",
            "+2.50",
            "",
            "1e3",
            "1234567890123456789",
            "0.000",
            "1.234567890123456",
            "99999999999999999.9",
            "0.00000000000000001",
            "12..5",
            "1/2",
            ":",
        ] {
            assert_eq!(decimal(s), decimal_general(s), "{s:?}");
            assert_eq!(
                decimal(s).map(|d| d.scale()),
                decimal_general(s).map(|d| d.scale()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn decimal_lexical_space() {
        assert_eq!(decimal(" 12.50 "), Some(d("12.50")));
        assert_eq!(decimal("+1"), Some(d("1")));
        assert_eq!(decimal("-.5"), Some(d("-0.5")));
        assert_eq!(decimal("5."), Some(d("5")));
        assert_eq!(decimal("1e3"), None);
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("1,5"), None);
        assert_eq!(decimal("."), None);
    }

    #[test]
    fn normalize_space_collapses() {
        assert_eq!(normalize_space("  a \n b  "), "a b");
        assert_eq!(normalize_space("a b"), "a b");
        assert!(!has_text(" \n\t"));
        for s in ["", " ", " a ", "\t\na b\r\n", "ä ", " ü", "x"] {
            assert_eq!(trim_xml_space(s), s.trim_matches(is_xml_space), "{s:?}");
        }
        // Each way of not being normal leaves the fast path.
        for (input, want) in [
            ("", ""),
            (" ", ""),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a\r\nb", "a b"),
            ("ä b", "ä b"),
            (" ä\u{a0}b ", "ä\u{a0}b"),
        ] {
            assert_eq!(normalize_space(input), want, "{input:?}");
        }
        assert!(matches!(
            normalize_space("C62"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn decimals_count_characters_after_first_dot() {
        assert_eq!(decimals_after_dot("1.234"), 3);
        assert_eq!(decimals_after_dot("12"), 0);
        assert_eq!(decimals_after_dot("1.2.3"), 3);
    }
}
