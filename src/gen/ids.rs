//! Check digits of the identifiers a German public invoice carries, so that
//! generated identifiers have a valid format: Leitweg-ID (BT-10, ISO 7064
//! MOD 97-10 as KoSIT's Leitweg-ID format specifies), IBAN (ISO 13616,
//! mod 97), SEPA creditor identifier (EPC262, mod 97 without the business
//! code), German VAT id (ISO 7064 MOD 11,10) and GTIN (mod 10).

/// Remainder mod 97 of the digit string in which letters count as two digits (A=10 … Z=35).
/// Characters other than ASCII letters and digits are skipped.
pub fn mod97(s: &str) -> u32 {
    let mut r: u32 = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            r = (r * 10 + d) % 97;
        } else if c.is_ascii_alphabetic() {
            let v = c.to_ascii_uppercase() as u32 - 'A' as u32 + 10;
            r = (r * 100 + v) % 97;
        }
    }
    r
}

/// The two ISO 7064 MOD 97-10 check digits for `body`.
pub fn mod97_10_check(body: &str) -> u32 {
    98 - mod97(&format!("{body}00"))
}

/// A Leitweg-ID from its coarse addressing (the Regionalschlüssel, 2 to 12 digits)
/// and optional fine addressing (up to 30 letters and digits), with its check digits.
pub fn leitweg_id(coarse: &str, fine: Option<&str>) -> String {
    let body = match fine {
        Some(f) => format!("{coarse}{f}"),
        None => coarse.to_string(),
    };
    let check = mod97_10_check(&body);
    match fine {
        Some(f) => format!("{coarse}-{f}-{check:02}"),
        None => format!("{coarse}-{check:02}"),
    }
}

/// Whether the check digits of a Leitweg-ID are right.
pub fn leitweg_valid(id: &str) -> bool {
    mod97(id) == 1
}

/// An IBAN for `country` and the basic bank account number `bban`.
pub fn iban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

/// Whether an IBAN's check digits are right.
pub fn iban_valid(iban: &str) -> bool {
    iban.len() > 4 && mod97(&format!("{}{}", &iban[4..], &iban[..4])) == 1
}

/// A SEPA creditor identifier (Gläubiger-ID) `CCkkZZZ<national id>`; the business code `ZZZ`
/// does not enter the check digits.
pub fn creditor_id(country: &str, national: &str) -> String {
    let check = 98 - mod97(&format!("{national}{country}00"));
    format!("{country}{check:02}ZZZ{national}")
}

/// A German VAT identifier `DE` + 8 digits + the ISO 7064 MOD 11,10 check digit.
pub fn de_vat_id(eight_digits: &str) -> String {
    let mut product = 10;
    for d in eight_digits.chars().filter_map(|c| c.to_digit(10)) {
        let mut sum = (d + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    let check = (11 - product) % 10;
    format!("DE{eight_digits}{check}")
}

/// A GTIN-13 from 12 digits plus the mod 10 check digit.
pub fn gtin13(twelve: &str) -> String {
    let sum: u32 = twelve
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { 3 * d })
        .sum();
    format!("{twelve}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leitweg_ids() {
        // The example of the Leitweg-ID format specification.
        assert_eq!(
            leitweg_id("04011000", Some("1234512345")),
            "04011000-1234512345-06"
        );
        let with_letters = leitweg_id("08136075", Some("A6899"));
        assert!(leitweg_valid(&with_letters), "{with_letters}");
        assert!(!leitweg_valid("04011000-1234512345-07"));
        assert!(leitweg_valid(&leitweg_id("991", None)));
    }

    #[test]
    fn ibans_and_creditor_ids() {
        assert_eq!(iban("DE", "370400440532013000"), "DE89370400440532013000");
        assert!(iban_valid("DE89370400440532013000"));
        assert!(!iban_valid("DE88370400440532013000"));
        assert_eq!(creditor_id("DE", "09999999999"), "DE98ZZZ09999999999");
    }

    #[test]
    fn vat_and_gtin() {
        assert_eq!(de_vat_id("13645871").len(), 11);
        // Worked by hand through ISO 7064 MOD 11,10.
        assert_eq!(de_vat_id("12345678"), "DE123456788");
        assert_eq!(gtin13("400638133393"), "4006381333931");
    }
}
