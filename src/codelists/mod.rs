//! The code lists of EN 16931 as static sorted tables, in exactly the versions
//! the CEN validation artefacts 1.3.16 accept.
//!
//! The source of truth is `schemas/codelists/*.tsv` (the project's own format:
//! a title comment, then one code per line with an optional short name);
//! `build.rs` turns each file into a `static CodeList` with the codes sorted
//! for binary search, so nothing is built at run time. The codes and names
//! are stored as one string each with end offsets, not as slices of
//! `&str`: a table of pointers would cost the dynamic loader a relocation per
//! code at every process start (about 5,000 for all lists), a string and
//! offsets cost it none.
//!
//! Where the UBL and CII rules of CEN 1.3.16 accept different values, each
//! variant is its own list, named by its use: the country lists differ in `SS`
//! / `AN`, the UNTDID 4451 list of the CII rules is newer than the UBL one,
//! and UBL splits UNTDID 1001 into an invoice and a credit note subset while
//! CII accepts both in one element.

/// One code list: its codes, sorted, with optional short names.
#[derive(Debug)]
pub struct CodeList {
    /// The file stem in `schemas/codelists/`, e.g. `iso4217`.
    pub file: &'static str,
    /// The title line of the file (standard and scope).
    pub title: &'static str,
    /// The codes, sorted (byte order), unique, concatenated: code `i` ends
    /// at `code_ends[i]` and starts where code `i - 1` ends.
    codes: &'static str,
    code_ends: &'static [u32],
    /// The short name of each code (same index as the codes), concatenated
    /// in the same way; empty where none is recorded.
    names: &'static str,
    name_ends: &'static [u32],
    /// The codes in file order as one string with a space before and after each
    /// code: the literal the official Schematron tests search in.
    pub literal: &'static str,
    /// When every code has at most four bytes: the codes packed big-endian
    /// into integers (same order as `codes`), for lookups without string
    /// compares; empty otherwise.
    pub keys: &'static [u32],
}

impl CodeList {
    /// Whether `code` is exactly one code of the list (no trimming).
    pub fn contains(&self, code: &str) -> bool {
        if self.keys.is_empty() {
            return self.find(code).is_some();
        }
        Self::key(code).is_some_and(|k| self.keys.binary_search(&k).is_ok())
    }

    /// `code` packed as in [`CodeList::keys`], if it has one to four bytes
    /// and no NUL (packing is exact only without NUL; no list has one).
    fn key(code: &str) -> Option<u32> {
        let b = code.as_bytes();
        if b.is_empty() || b.len() > 4 || b.contains(&0) {
            return None;
        }
        let mut w = [0u8; 4];
        w.get_mut(..b.len())?.copy_from_slice(b);
        Some(u32::from_be_bytes(w))
    }

    /// The short name of `code`, if the code is in the list and a name is recorded.
    pub fn name(&self, code: &str) -> Option<&'static str> {
        let i = self.find(code)?;
        Some(piece(self.names, self.name_ends, i)).filter(|n| !n.is_empty())
    }

    /// Code `i` in sorted order (empty past the end).
    pub fn code(&self, i: usize) -> &'static str {
        piece(self.codes, self.code_ends, i)
    }

    /// The codes in sorted order.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len()).map(|i| self.code(i))
    }

    /// The index of `code` in sorted order (binary search).
    fn find(&self, code: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.code(mid).cmp(code) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The CEN test idiom `not(contains(normalize-space(v), ' ')) and
    /// contains(' A B C ', concat(' ', normalize-space(v), ' '))`: true when
    /// the whitespace-normalized value is one code of the list. An empty value
    /// never matches (no list literal has two spaces in a row).
    pub fn matches(&self, value: &str) -> bool {
        let v = crate::rules::xpath::normalize_space(value);
        // An empty value matches `'  '` only if the list literal had two
        // spaces in a row, which no list has.
        !v.is_empty() && !v.bytes().any(|c| c == b' ') && self.contains(&v)
    }

    /// XPath `contains(' A B C ', s)` on the list literal: plain substring
    /// search, as the UBL BR-CL-08 test does with the text between two `#`.
    pub fn literal_contains(&self, s: &str) -> bool {
        self.literal.contains(s)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.code_ends.len()
    }

    /// Whether the list has no codes (never true for a generated list).
    pub fn is_empty(&self) -> bool {
        self.code_ends.is_empty()
    }
}

/// Piece `i` of `text` cut at `ends` (empty if out of range).
fn piece(text: &'static str, ends: &[u32], i: usize) -> &'static str {
    let start = match i.checked_sub(1) {
        Some(p) => ends.get(p).copied().unwrap_or(0),
        None => 0,
    };
    let end = ends.get(i).copied().unwrap_or(start);
    text.get(start as usize..end as usize).unwrap_or("")
}

mod generated {
    //! The tables generated by `build.rs` from `schemas/codelists/*.tsv`.
    use super::CodeList;
    include!(concat!(env!("OUT_DIR"), "/codelists.rs"));
}

pub use generated::*;

/// ISO 4217 alpha-3 currency code (BT-5, BT-6, `currencyID` of amounts).
pub fn is_currency(code: &str) -> bool {
    ISO4217.contains(code)
}

/// ISO 3166-1 alpha-2 country code as the UBL rules accept it (includes `SS`).
pub fn is_country_ubl(code: &str) -> bool {
    ISO3166_UBL.contains(code)
}

/// ISO 3166-1 alpha-2 country code as the CII rules accept it (includes `AN`).
pub fn is_country_cii(code: &str) -> bool {
    ISO3166_CII.contains(code)
}

/// ISO/IEC 6523 ICD (scheme of party, legal, item and location identifiers).
pub fn is_icd(code: &str) -> bool {
    ISO6523_ICD.contains(code)
}

/// CEF EAS electronic address scheme (BT-34-1, BT-49-1).
pub fn is_eas(code: &str) -> bool {
    EAS.contains(code)
}

/// UNTDID 5305 VAT category code as used by EN 16931.
pub fn is_vat_category(code: &str) -> bool {
    UNTDID5305.contains(code)
}

/// UNTDID 4461 payment means code.
pub fn is_payment_means(code: &str) -> bool {
    UNTDID4461.contains(code)
}

/// UN/ECE Rec 20 unit code, with the Rec 21 `X…` package codes.
pub fn is_unit(code: &str) -> bool {
    REC20_REC21.contains(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_unique_and_literal_matches() {
        assert!(ALL.len() >= 20, "only {} lists generated", ALL.len());
        for list in ALL {
            assert!(!list.is_empty(), "{} is empty", list.file);
            assert_eq!(list.code_ends.len(), list.name_ends.len(), "{}", list.file);
            let codes: Vec<&str> = list.codes().collect();
            assert!(codes.iter().all(|c| !c.is_empty()), "{}", list.file);
            assert!(
                codes.windows(2).all(|w| w[0] < w[1]),
                "{} not sorted/unique",
                list.file
            );
            assert!(list.literal.starts_with(' ') && list.literal.ends_with(' '));
            assert!(!list.literal.contains("  "), "{} literal", list.file);
            let mut from_literal: Vec<&str> = list.literal.split_whitespace().collect();
            from_literal.sort_unstable();
            assert_eq!(from_literal, codes, "{} literal vs codes", list.file);
        }
    }

    #[test]
    fn packed_lookup_agrees_with_the_strings() {
        // Every code is found, and so is nothing else: a prefix, an extension,
        // a case change or a NUL-padded variant of a code is not in the list.
        for list in ALL {
            assert_eq!(
                list.keys.is_empty(),
                list.codes().any(|c| c.len() > 4),
                "{}",
                list.file
            );
            let codes: Vec<&str> = list.codes().collect();
            for code in list.codes() {
                assert!(list.contains(code), "{} {code}", list.file);
                for probe in [
                    format!("{code}X"),
                    format!("{code}\0"),
                    code.to_lowercase(),
                    code.get(..code.len() - 1).unwrap_or("").to_string(),
                ] {
                    assert_eq!(
                        list.contains(&probe),
                        codes.binary_search(&probe.as_str()).is_ok(),
                        "{} {probe:?}",
                        list.file
                    );
                }
            }
        }
        assert!(REC20_REC21.matches(" C62 ") && !REC20_REC21.matches("C 62"));
        assert!(!ISO4217.matches("") && !ISO4217.matches("EURO"));
    }

    #[test]
    fn list_files_are_unique_names() {
        let mut files: Vec<&str> = ALL.iter().map(|l| l.file).collect();
        files.sort_unstable();
        files.dedup();
        assert_eq!(files.len(), ALL.len());
    }

    #[test]
    fn sizes_are_the_cen_1_3_16_sizes() {
        // The number of values each CEN 1.3.16 test accepts; a changed file shows up here.
        let expected = [
            (&EAS, 104),
            (&ISO3166_CII, 251),
            (&ISO3166_UBL, 251),
            (&ISO4217, 178),
            (&ISO6523_ICD, 243),
            (&MIME, 6),
            (&REC20_REC21, 2162),
            (&UNTDID1001_CII, 62),
            (&UNTDID1001_UBL_CREDITNOTE, 13),
            (&UNTDID1001_UBL_INVOICE, 50),
            (&UNTDID1153, 818),
            (&UNTDID2005, 3),
            (&UNTDID2475, 3),
            (&UNTDID4451_CII, 401),
            (&UNTDID4451_UBL, 383),
            (&UNTDID4461, 84),
            (&UNTDID5189, 19),
            (&UNTDID5305, 10),
            (&UNTDID7143, 185),
            (&UNTDID7161, 178),
            (&VATEX, 88),
        ];
        for (list, n) in expected {
            assert_eq!(list.len(), n, "{}", list.file);
        }
        assert_eq!(ALL.len(), expected.len());
    }

    #[test]
    fn membership() {
        assert!(is_currency("EUR"));
        assert!(!is_currency("eur"));
        assert!(!is_currency("EURO"));
        assert!(!is_currency(" EUR"));
        assert!(is_country_ubl("SS") && !is_country_cii("SS"));
        assert!(is_country_cii("AN") && !is_country_ubl("AN"));
        assert!(is_country_ubl("DE") && is_country_cii("XI") && is_country_ubl("1A"));
        assert!(is_icd("0088") && !is_icd("0092") && !is_icd("88"));
        assert!(is_eas("EM") && is_eas("0204") && !is_eas("0003"));
        assert!(is_vat_category("AE") && !is_vat_category("X"));
        assert!(is_payment_means("58") && is_payment_means("ZZZ") && !is_payment_means("71"));
        assert!(is_unit("C62") && is_unit("XPP") && !is_unit("PCE"));
        assert!(UNTDID1001_UBL_INVOICE.contains("380") && !UNTDID1001_UBL_INVOICE.contains("381"));
        assert!(UNTDID1001_UBL_CREDITNOTE.contains("381"));
        assert!(UNTDID1001_CII.contains("380") && UNTDID1001_CII.contains("381"));
        assert!(UNTDID4451_CII.contains("BAT") && !UNTDID4451_UBL.contains("BAT"));
        assert!(VATEX.contains("VATEX-EU-AE"));
        assert!(MIME.contains("application/pdf") && !MIME.contains("application/xml"));
    }

    #[test]
    fn names_are_looked_up_by_code() {
        assert_eq!(UNTDID5305.name("S"), Some("Standard rate"));
        assert_eq!(ISO4217.name("EUR"), Some("Euro"));
        assert_eq!(ISO4217.name("AFN"), None);
        assert_eq!(ISO4217.name("XYZ"), None);
    }

    #[test]
    fn xpath_matching_normalizes_and_rejects_inner_spaces() {
        assert!(ISO4217.matches(" EUR\n"));
        assert!(!ISO4217.matches(""));
        assert!(!ISO4217.matches("EUR USD"));
        assert!(!UNTDID4461.matches("5 8"));
    }

    #[test]
    fn literal_substring_search() {
        // `contains(' AAA AAB … ', 'A A')` is true in XPath: it spans two codes.
        assert!(UNTDID4451_UBL.literal_contains("AAI"));
        assert!(UNTDID4451_UBL.literal_contains("A A"));
        assert!(!UNTDID4451_UBL.literal_contains("XYZ"));
    }
}
