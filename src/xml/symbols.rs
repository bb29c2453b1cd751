//! Symbols: every element local name that the UBL 2.1 and CII D16B schemas
//! declare (from the project's structure tables `schemas/structure/*.tsv`),
//! numbered at build time. The parser gives each element the symbol of its
//! local name once ([`super::Node::sym`]; [`NONE`] for a name the schemas do
//! not declare), so a pass that sorts elements by name (code list sites, the
//! VAT index, the XRechnung index) compares small integers or `match`es on
//! the constants of [`sym`] instead of comparing strings.
//!
//! The table is pointer-free (one string of all names, offsets into it, and
//! an open-addressing hash table of symbols), so it costs the loader nothing.

use super::hash::{home, words};

/// The symbol of a name the schemas do not declare.
pub const NONE: u16 = 0;

mod table {
    include!(concat!(env!("OUT_DIR"), "/symbols.rs"));
}

/// The symbol constants, named as the local names (`sym::InvoiceTypeCode`).
pub use table::sym;

/// The symbol of `local`, or [`NONE`]. Called once per element by the
/// parser: the name's first and last eight bytes are read once, and a probe
/// compares them and the length with the symbol's (a byte compare only for
/// the middle of names longer than sixteen bytes).
#[inline]
pub fn lookup(local: &str) -> u16 {
    let b = local.as_bytes();
    let w = words(b);
    let slots = &table::SLOTS;
    let mask = slots.len() - 1;
    let mut i = home(w, b.len(), slots.len());
    // At most half the slots are used, so a free slot ends every probe.
    for _ in 0..slots.len() {
        let s = slots[i];
        if s == NONE {
            return NONE;
        }
        let k = usize::from(s);
        if table::HEADS.get(k) == Some(&w.0) && table::TAILS.get(k) == Some(&w.1) {
            if let (Some(&a), Some(&z)) = (table::OFFSETS.get(k - 1), table::OFFSETS.get(k)) {
                let (a, z) = (a as usize, z as usize);
                if z - a == b.len()
                    && (b.len() <= 16
                        || table::NAMES.as_bytes().get(a + 8..z - 8) == b.get(8..b.len() - 8))
                {
                    return s;
                }
            }
        }
        i = (i + 1) & mask;
    }
    NONE
}

/// The local name of symbol `s` (`""` for [`NONE`]).
pub fn name(s: u16) -> &'static str {
    let i = usize::from(s);
    match (table::OFFSETS.get(i.wrapping_sub(1)), table::OFFSETS.get(i)) {
        (Some(&a), Some(&b)) if s != NONE => table::NAMES.get(a as usize..b as usize).unwrap_or(""),
        _ => "",
    }
}

/// Number of symbols (they are numbered `1..=COUNT`).
pub const COUNT: usize = table::COUNT;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_round_trips_and_others_are_none() {
        const { assert!(COUNT > 500) };
        for s in 1..=COUNT as u16 {
            assert_eq!(lookup(name(s)), s, "{}", name(s));
        }
        for other in ["", "invoice", "InvoiceX", "Fooo", "ram:ID", "IDs"] {
            assert_eq!(lookup(other), NONE, "{other}");
        }
        assert_eq!(name(sym::InvoiceTypeCode), "InvoiceTypeCode");
        assert_eq!(
            name(sym::SpecifiedTradeSettlementLineMonetarySummation),
            "SpecifiedTradeSettlementLineMonetarySummation"
        );
        assert_eq!(name(NONE), "");
    }
}
