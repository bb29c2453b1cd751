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

use super::hash::slot;

/// The symbol of a name the schemas do not declare.
pub const NONE: u16 = 0;

mod table {
    include!(concat!(env!("OUT_DIR"), "/symbols.rs"));
}

/// The symbol constants, named as the local names (`sym::InvoiceTypeCode`).
pub use table::sym;

/// The symbol of `local`, or [`NONE`].
#[inline]
pub fn lookup(local: &str) -> u16 {
    let slots = &table::SLOTS;
    let mask = slots.len() - 1;
    let mut i = slot(local.as_bytes(), slots.len());
    // At most half the slots are used, so a free slot ends every probe.
    let off = &table::OFFSETS;
    loop {
        let s = slots[i];
        if s == NONE {
            return NONE;
        }
        let (a, b) = (off[usize::from(s) - 1] as usize, off[usize::from(s)] as usize);
        if b - a == local.len() && table::NAMES.as_bytes().get(a..b) == Some(local.as_bytes()) {
            return s;
        }
        i = (i + 1) & mask;
    }
}

/// The local name of symbol `s` (`""` for [`NONE`]).
pub fn name(s: u16) -> &'static str {
    let i = usize::from(s);
    match (table::OFFSETS.get(i.wrapping_sub(1)), table::OFFSETS.get(i)) {
        (Some(&a), Some(&b)) if s != NONE => table::NAMES.get(a as usize..b as usize).unwrap_or(""),
        _ => "",
    }
}

/// Number of symbols.
pub fn count() -> usize {
    table::OFFSETS.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_round_trips_and_others_are_none() {
        assert!(count() > 500, "{}", count());
        for s in 1..=count() as u16 {
            assert_eq!(lookup(name(s)), s, "{}", name(s));
        }
        for other in ["", "invoice", "InvoiceX", "Fooo", "ram:ID", "IDs"] {
            assert_eq!(lookup(other), NONE, "{other}");
        }
        assert_eq!(name(sym::InvoiceTypeCode), "InvoiceTypeCode");
        assert_eq!(name(sym::SpecifiedTradeSettlementLineMonetarySummation), "SpecifiedTradeSettlementLineMonetarySummation");
        assert_eq!(name(NONE), "");
    }
}
