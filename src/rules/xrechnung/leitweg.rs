//! The Leitweg-ID, the routing identifier of German public buyers (KoSIT,
//! "Format der Leitweg-ID" 2.0): a check of the project's own, reported as a
//! WARNING (`ER-LEITWEG-01` format, `ER-LEITWEG-02` check digits), never fatal —
//! official test invoices carry invalid check digits, and the official rules
//! do not check it.
//!
//! Format: `Grobadressierung[-Feinadressierung]-Prüfziffer`:
//! - Grobadressierung: 2 to 12 digits (federal level, state, district, municipality);
//! - Feinadressierung (optional): 1 to 30 letters or digits;
//! - Prüfziffer: 2 digits, ISO/IEC 7064 MOD 97-10 over the ID without hyphens
//!   and without the check digits, each letter expanded to two digits
//!   (A=10 … Z=35, case-insensitive): with `00` appended the number `n` gives
//!   check digits `98 - n mod 97`; equivalently the whole ID, check digits
//!   included, is 1 modulo 97.
//! - at most 46 characters in all.
//!
//! Which values are checked: the buyer electronic address (BT-49) when its
//! scheme (BT-49-1) is `0204` (EAS code "Leitweg-ID"), and the buyer reference
//! (BT-10) when it starts like a Leitweg-ID (two or more digits and a hyphen):
//! BT-10 may hold any other reference for buyers that are not public.

use crate::model::Bt;
use crate::rules::{Ctx, Finding, Severity};

/// Project id: the value is not in the Leitweg-ID format.
pub const ER_LEITWEG_01: &str = "ER-LEITWEG-01";
/// Project id: the check digits of the Leitweg-ID are wrong.
pub const ER_LEITWEG_02: &str = "ER-LEITWEG-02";

/// What is wrong with a Leitweg-ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeitwegError {
    /// Not `digits[-alnum]-dd` within the lengths of the format.
    Format,
    /// The check digits are `found`; `expected` would be right.
    CheckDigits {
        /// The check digits written.
        found: String,
        /// The check digits the algorithm gives.
        expected: String,
    },
}

/// Checks one Leitweg-ID.
pub fn check(id: &str) -> Result<(), LeitwegError> {
    if id.len() > 46 {
        return Err(LeitwegError::Format);
    }
    let parts: Vec<&str> = id.split('-').collect();
    let (coarse, fine, digits) = match parts.as_slice() {
        [c, d] => (*c, "", *d),
        [c, f, d] => (*c, *f, *d),
        _ => return Err(LeitwegError::Format),
    };
    let coarse_ok = (2..=12).contains(&coarse.len()) && coarse.bytes().all(|b| b.is_ascii_digit());
    let fine_ok = parts.len() == 2
        || ((1..=30).contains(&fine.len()) && fine.bytes().all(|b| b.is_ascii_alphanumeric()));
    let digits_ok = digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_digit());
    if !(coarse_ok && fine_ok && digits_ok) {
        return Err(LeitwegError::Format);
    }
    let expected = check_digits(coarse, fine);
    if expected == digits {
        Ok(())
    } else {
        Err(LeitwegError::CheckDigits {
            found: digits.to_string(),
            expected,
        })
    }
}

/// The two check digits of `coarse` + `fine` (ISO/IEC 7064 MOD 97-10, letters A=10 … Z=35).
pub fn check_digits(coarse: &str, fine: &str) -> String {
    let mut r: u32 = 0;
    for c in coarse.chars().chain(fine.chars()) {
        let Some(v) = c.to_digit(36) else { continue };
        r = (r * if v >= 10 { 100 } else { 10 } + v) % 97;
    }
    // Append "00" and take 98 - n mod 97.
    r = (r * 100) % 97;
    format!("{:02}", 98 - r)
}

/// Whether a buyer reference looks like a Leitweg-ID: two or more digits, then a hyphen.
fn looks_like_leitweg(s: &str) -> bool {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    n >= 2 && s.as_bytes().get(n) == Some(&b'-')
}

/// Runs the Leitweg-ID checks on a document, appending warnings to `out`.
pub fn run(ctx: &Ctx<'_, '_>, out: &mut Vec<Finding>) {
    let h = &ctx.inv.header;
    let mut candidates = Vec::new();
    if let Some(t) = h.get(Bt::Bt10) {
        if looks_like_leitweg(&t.text()) {
            candidates.push((t, "BT-10"));
        }
    }
    if let Some(t) = h.get(Bt::Bt49) {
        if t.attribute("schemeID").map(str::trim) == Some("0204") {
            candidates.push((t, "BT-49"));
        }
    }
    for (term, bt) in candidates {
        let value = term.text();
        let Err(e) = check(&value) else { continue };
        let (rule, message) = match e {
            LeitwegError::Format => (
                ER_LEITWEG_01,
                ctx.say(
                    format!("the Leitweg-ID '{value}' ({bt}) is not in the Leitweg-ID format (2–12 digits, optionally a hyphen and up to 30 letters or digits, a hyphen and two check digits); ask the buyer for the exact Leitweg-ID"),
                    format!("die Leitweg-ID '{value}' ({bt}) entspricht nicht dem Format (2–12 Ziffern, optional Bindestrich und bis zu 30 Buchstaben oder Ziffern, Bindestrich und zwei Prüfziffern); erfragen Sie die genaue Leitweg-ID beim Auftraggeber"),
                ),
            ),
            LeitwegError::CheckDigits { found, expected } => (
                ER_LEITWEG_02,
                ctx.say(
                    format!("the check digits '{found}' of the Leitweg-ID '{value}' ({bt}) are wrong (expected '{expected}'); check the Leitweg-ID with the buyer, a typing error would misroute the invoice"),
                    format!("die Prüfziffern '{found}' der Leitweg-ID '{value}' ({bt}) sind falsch (erwartet '{expected}'); prüfen Sie die Leitweg-ID mit dem Auftraggeber, ein Tippfehler leitet die Rechnung falsch"),
                ),
            ),
        };
        out.push(Finding::new(rule, Severity::Warning, term.node, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples() {
        // Coarse 08136075, fine A6899: digits 08136075 10 6899, then 00;
        // 0813607510689900 mod 97 = 16, 98 - 16 = 82.
        assert_eq!(check_digits("08136075", "A6899"), "82");
        assert_eq!(check("08136075-A6899-82"), Ok(()));
        assert_eq!(
            check("08136075-a6899-82"),
            Ok(()),
            "letters are case-insensitive"
        );
        assert_eq!(check("04011000-1234512345-06"), Ok(()));
        assert_eq!(check("991-33333TEST-33"), Ok(()));
        assert_eq!(check("04011000-45"), Ok(()), "without fine addressing");
        assert_eq!(check("05315000-FK201-77"), Ok(()));
    }

    #[test]
    fn wrong_check_digits() {
        assert_eq!(
            check("08136075-A6899-83"),
            Err(LeitwegError::CheckDigits {
                found: "83".into(),
                expected: "82".into()
            })
        );
        // Swapped digits are caught (the point of MOD 97-10).
        assert!(matches!(
            check("08136057-A6899-82"),
            Err(LeitwegError::CheckDigits { .. })
        ));
    }

    #[test]
    fn format() {
        assert_eq!(
            check("0813607-A6899"),
            Err(LeitwegError::Format),
            "check digits missing"
        );
        assert_eq!(
            check("1-A-82"),
            Err(LeitwegError::Format),
            "coarse too short"
        );
        assert_eq!(
            check("0123456789012-82"),
            Err(LeitwegError::Format),
            "coarse too long"
        );
        assert_eq!(check("04011000-AB_C-82"), Err(LeitwegError::Format));
        assert_eq!(check("04011000-A-B-82"), Err(LeitwegError::Format));
        assert_eq!(check("04011000--82"), Err(LeitwegError::Format));
        assert_eq!(check("04011000-A-8"), Err(LeitwegError::Format));
        assert!(looks_like_leitweg("04011000-A-8"));
        assert!(!looks_like_leitweg("PO-4711"));
        assert!(!looks_like_leitweg("4-711"));
    }
}
