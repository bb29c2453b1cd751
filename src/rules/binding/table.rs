//! The compiled form of the binding tables (`schemas/binding/{ubl,cii}.tsv`):
//! rows, the contexts they hang on (in Schematron rule order) and, per
//! context, a trie of the target paths so that one DOM walk can count every
//! target of every row at once.
//!
//! Depends only on `std`: `build.rs` includes this file, [`super::notation`]
//! and `super::parse`, compiles both tables and writes them out as `static`
//! data (`super::UBL`, `super::CII`), so nothing is parsed at run time.

use super::notation::{Expr, Path, Step};
use crate::rules::list::List;
use crate::rules::Severity;

/// What a row restricts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The target must not occur.
    Absent,
    /// The target occurs at most this often.
    Max(u32),
    /// The target occurs exactly once.
    One,
    /// The target occurs at least once.
    Required,
    /// All occurrences of the target have the same value.
    Same,
    /// All occurrences have the same value after normalising white space.
    SameNorm,
    /// The condition in the target column holds at the context.
    Assert,
    /// The context's text has at most this many characters after the first `.`.
    Decimals(u32),
    /// The context's text is a date in format 102 (`YYYYMMDD`).
    Date102,
}

/// One restriction.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) id: &'static str,
    pub(crate) flag: Severity,
    pub(crate) kind: Kind,
    /// The context as written in the table.
    pub(crate) context_text: &'static str,
    /// The target (or condition, for `assert`) as written in the table.
    pub(crate) target_text: &'static str,
    /// For `assert`: the condition.
    pub(crate) assert: Option<Expr>,
    /// The row is satisfied anyway when this holds at the context node.
    pub(crate) unless: Option<Expr>,
    pub(crate) unless_text: &'static str,
}

/// A context: the alternatives that select context nodes; rows `rows` apply there.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) alts: List<Path>,
    pub(crate) rows: std::ops::Range<usize>,
    /// The trie node of the target paths (index into `Table::trie`).
    pub(crate) trie: usize,
    /// Rows (offsets) that can break although nothing was counted (`one`,
    /// `required`, `assert`, `decimals`, `date102`); judged at every context node.
    pub(crate) zero: List<u16>,
}

/// A trie edge: the step an element must pass to go from one trie node to another.
#[derive(Debug)]
pub(crate) struct Edge {
    pub(crate) step: Step,
    pub(crate) to: usize,
}

/// A trie node of target paths.
#[derive(Debug)]
pub(crate) struct TrieNode {
    /// Edges with an exact local name, sorted by its symbol.
    pub(crate) named: List<(u16, Edge)>,
    /// Edges with a wildcard name test.
    pub(crate) wild: List<Edge>,
    /// For a context's trie root: the node of its `//` targets (checked at every element).
    pub(crate) deep: Option<usize>,
    /// Rows (offset within the context, kind) whose element target ends here.
    pub(crate) rows: List<(u16, Kind)>,
    /// Rows whose target is an attribute of the element that reached this node,
    /// sorted by attribute name.
    pub(crate) attrs: List<(&'static str, u16)>,
}

/// A compiled table.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) rows: List<Row>,
    pub(crate) contexts: List<Context>,
    pub(crate) trie: List<TrieNode>,
    /// Every exact local name of the table, numbered: one hash lookup per
    /// element replaces string comparisons in the walk. An open-addressing
    /// hash table (a power of two of slots, at most half full, linear
    /// probing from [`slot`]); an empty name marks a free slot.
    pub(crate) symbols: List<(&'static str, u16)>,
    /// Per symbol: the contexts an element of that local name may open, in rule
    /// order (exact names and the wildcards its name passes).
    pub(crate) candidates: List<List<usize>>,
    /// Contexts with a wildcard alternative (checked at every element).
    pub(crate) wild: List<usize>,
}

impl Table {
    /// The symbol of a local name, if the table names it anywhere.
    #[inline]
    pub(crate) fn symbol(&self, local: &str) -> Option<u16> {
        lookup(&self.symbols, local)
    }
}

/// Looks `local` up in an open-addressing symbol table laid out by
/// `parse::symbol_slots` (shared with the structure tables, `crate::rules::schema`).
#[inline]
pub(crate) fn lookup(slots: &[(&'static str, u16)], local: &str) -> Option<u16> {
    let mask = slots.len().wrapping_sub(1);
    let mut i = slot(local, slots.len());
    // At most half the slots are used, so a free slot ends every probe.
    for _ in 0..slots.len() {
        let &(name, sym) = slots.get(i)?;
        if name.is_empty() {
            return None;
        }
        if name == local {
            return Some(sym);
        }
        i = (i + 1) & mask;
    }
    None
}

/// The home slot of `name` in a symbol table of `len` slots (a power of two):
/// the top bits of a word-at-a-time multiplicative hash (as rustc's FxHash).
/// Element names are short and the table's own, so this beats SipHash by far.
#[inline]
pub(crate) fn slot(name: &str, len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = name.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    match len.trailing_zeros() {
        0 => 0,
        bits => (h >> (64 - bits)) as usize,
    }
}
