//! The compiled form of the binding tables (`schemas/binding/{ubl,cii}.tsv`):
//! rows, the contexts they hang on (in Schematron rule order) and, per
//! context, a trie of the target paths so that one DOM walk can count every
//! target of every row at once.
//!
//! Depends only on `std`: `build.rs` includes this file, [`super::notation`]
//! and `super::parse`, compiles both tables and writes them out as `static`
//! data (`super::UBL`, `super::CII`), so nothing is parsed at run time.

use super::notation::{Expr, Path, Step};
use crate::rules::list::{List, Str};
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
    pub(crate) id: Str,
    pub(crate) flag: Severity,
    pub(crate) kind: Kind,
    /// The context as written in the table.
    pub(crate) context_text: Str,
    /// The target (or condition, for `assert`) as written in the table.
    pub(crate) target_text: Str,
    /// For `assert`: the condition.
    pub(crate) assert: Option<Expr>,
    /// The row is satisfied anyway when this holds at the context node.
    pub(crate) unless: Option<Expr>,
    pub(crate) unless_text: Str,
    /// Per atom of `assert` (alternatives flattened in order): the counter
    /// (offset within the context, after its rows) that counts the elements
    /// the atom's path selects, or [`NO_PROBE`]. See [`Context::counters`].
    pub(crate) assert_probes: List<u16>,
    /// The same for `unless`.
    pub(crate) unless_probes: List<u16>,
}

/// An atom without a probe counter.
pub(crate) const NO_PROBE: u16 = u16::MAX;

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
    /// Rows (offsets) of kind `max` and `one`: their counts are compared
    /// with the limit when the context node closes (such a count keeps no
    /// `seen` entry in the walk, only rows that report where the target
    /// occurs or compare its values do).
    pub(crate) limits: List<u16>,
    /// Only attributes of the context element itself count and no row can
    /// break with nothing counted: on an element without attributes the
    /// context can report nothing, so the walk need not even match it.
    pub(crate) attrs_only: bool,
    /// Counters per context node: one per row, then the *probes*: for the
    /// conditions of the rows judged at every context node (`zero`), each
    /// relative path of child steps is also a trie target, counted without
    /// a row. At close a probe at 0 decides its atom (nothing selected: an
    /// existence or comparison is false) without searching the document.
    pub(crate) counters: usize,
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
    /// Bit `sym % 256` set for the symbol of every named edge: an element
    /// whose bit is clear passes none of them (checked before searching `named`).
    pub(crate) mask: [u64; 4],
    /// Every wild edge leads to a node that only counts attributes (such as
    /// UBL-DT-18's `//*[...]/@name`): an element without attributes passes none.
    pub(crate) wild_attrs_only: bool,
    /// `wild` is not empty (read per element without reading the list).
    pub(crate) has_wild: bool,
    /// `named` or `wild` is not empty: a state at this node can go further.
    pub(crate) has_edges: bool,
    /// No rows and no edges: the node only counts attributes.
    pub(crate) attrs_only: bool,
    /// Edges with a wildcard name test.
    pub(crate) wild: List<Edge>,
    /// For a context's trie root: the node of its `//` targets (checked at every element).
    pub(crate) deep: Option<usize>,
    /// Rows (offset within the context, kind) whose element target ends here.
    pub(crate) rows: List<(u16, Kind)>,
    /// Probe counters (offset within the context, see `Context::counters`)
    /// whose path ends here.
    pub(crate) probes: List<u16>,
    /// Rows whose target is an attribute of the element that reached this node,
    /// sorted by attribute name.
    pub(crate) attrs: List<(Str, u16)>,
    /// Bit [`attr_bit`] set for every name in `attrs`: an attribute whose
    /// bit is clear is none of them (most are not).
    pub(crate) attr_mask: u128,
}

/// The bit of an attribute name in `TrieNode::attr_mask`: from its length
/// and its first and last bytes, which tell the common attributes of
/// invoices (`currencyID`, `unitCode`, `schemeID`, ...) from the wanted ones
/// (`schemeName`, `listName`, `languageID`, ...), most of which share a length
/// with one of them.
#[inline]
pub(crate) fn attr_bit(name: &[u8]) -> u32 {
    let first = name.first().map_or(0, |&b| u32::from(b));
    let last = name.last().map_or(0, |&b| u32::from(b));
    (name.len() as u32)
        .wrapping_mul(7)
        .wrapping_add(first.wrapping_mul(3))
        .wrapping_add(last)
        % 128
}

/// The symbol of a name the table never mentions.
pub(crate) const NO_SYMBOL: u16 = u16::MAX;
/// The index of a namespace the table never mentions (or of no namespace).
pub(crate) const NO_NS: u8 = u8::MAX;
/// `NameTest::Suffix::ns_index` of a test that accepts any namespace.
pub(crate) const ANY_NS: u32 = u32::MAX;
/// The key of a node that is not an element.
pub(crate) const NOT_ELEMENT: u32 = u32::MAX;

/// An element's name as one number of the table: namespace index and symbol
/// of the local name. Equal keys, both known to the table, mean equal names.
#[inline]
pub(crate) const fn key(ns: u8, sym: u16) -> u32 {
    (ns as u32) << 16 | sym as u32
}

/// A slot of the symbol table ([`Table::symbols`]): a name, its symbol, and
/// what the probe compares first, computed when the table is built (the first
/// and last eight bytes, [`words`], and the length; 0 marks a free slot), so
/// that only names longer than sixteen bytes read the name itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub(crate) head: u64,
    pub(crate) tail: u64,
    pub(crate) len: u32,
    pub(crate) sym: u16,
    pub(crate) name: Str,
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
    /// probing from [`slot`]); a slot of length 0 is free.
    pub(crate) symbols: List<Slot>,
    /// Per DOM symbol ([`crate::xml::symbols`], index 0 for none): the
    /// table's symbol of that name ([`NO_SYMBOL`] if the table never names
    /// it), filled by `build.rs`, so an element's key needs no name lookup.
    /// Empty for a table parsed at run time (tests): then names are looked up.
    pub(crate) by_dom: List<u16>,
    /// Per symbol: the contexts an element of that local name may open, in rule
    /// order (exact names and the wildcards its name passes).
    pub(crate) candidates: List<List<usize>>,
    /// Contexts with a wildcard alternative (checked at every element).
    pub(crate) wild: List<usize>,
    /// Per symbol: every context in its `candidates` only counts attributes
    /// of the context element (`Context::attrs_only`), so an element of that
    /// name without attributes need not be matched against them.
    pub(crate) quiet: List<bool>,
    /// The same for `wild` (elements of names the table does not know).
    pub(crate) wild_quiet: bool,
    /// The namespace URIs of the table's names, by index (see [`key`]).
    pub(crate) ns: List<Str>,
}

impl TrieNode {
    /// Whether an attribute named `name` may be one of `attrs` (by [`attr_bit`]).
    #[inline]
    pub(crate) fn may_want(&self, name: &str) -> bool {
        self.attr_mask >> attr_bit(name.as_bytes()) & 1 != 0
    }

    /// Whether an element with symbol `sym` (and attributes if `has_attrs`)
    /// may pass an edge of this node.
    #[inline]
    pub(crate) fn may_pass(&self, sym: Option<u16>, has_attrs: bool) -> bool {
        (self.has_wild && (has_attrs || !self.wild_attrs_only))
            || sym.is_some_and(|s| {
                let bit = usize::from(s % 256);
                self.mask
                    .get(bit / 64)
                    .is_some_and(|w| w >> (bit % 64) & 1 != 0)
            })
    }
}

impl Table {
    /// The symbol of a local name, if the table names it anywhere.
    #[inline]
    pub(crate) fn symbol(&self, local: &str) -> Option<u16> {
        lookup(&self.symbols, local)
    }
}

/// Looks `local` up in an open-addressing symbol table laid out by
/// `parse::symbol_slots`.
#[inline]
fn lookup(slots: &[Slot], local: &str) -> Option<u16> {
    let mask = slots.len().wrapping_sub(1);
    let b = local.as_bytes();
    let (head, tail) = words(b);
    let mut i = home((head, tail), b.len(), slots.len());
    // At most half the slots are used, so a free slot ends every probe.
    for _ in 0..slots.len() {
        let s = slots.get(i)?;
        if s.len == 0 {
            return None;
        }
        // First and last eight bytes and the length decide names of up to
        // sixteen bytes; only longer ones compare their middle.
        if s.len as usize == b.len()
            && s.head == head
            && s.tail == tail
            && (b.len() <= 16 || middle_eq(s.name.as_bytes(), b))
        {
            return Some(s.sym);
        }
        i = (i + 1) & mask;
    }
    None
}

/// Whether two names of equal length whose first and last eight bytes are
/// equal are equal: compares the bytes in between, eight at a time (a call to
/// `memcmp` costs more for names this short).
#[inline]
pub(crate) fn middle_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let word = |s: &[u8], i: usize| {
        s.get(i..i + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let mut i = 8;
    while i + 8 < n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    true
}

/// The first and the last eight bytes of a name (overlapping when shorter
/// than sixteen; the bytes, zero-padded, when shorter than eight).
#[inline]
pub(crate) fn words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let word = |s: Option<&[u8]>| {
        s.and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map_or(0, u64::from_le_bytes)
    };
    if n >= 8 {
        (word(b.get(..8)), word(b.get(n - 8..)))
    } else {
        let mut w = 0u64;
        for (i, &c) in b.iter().enumerate() {
            w |= u64::from(c) << (8 * i);
        }
        (w, 0)
    }
}

/// The home slot of `name` in a symbol table of `len` slots (a power of two)
/// (used by the parser, in `build.rs` and the tests).
#[allow(dead_code)]
pub(crate) fn slot(name: &str, len: usize) -> usize {
    home(words(name.as_bytes()), name.len(), len)
}

/// A multiplicative hash (as rustc's FxHash) of a name's first and last eight
/// bytes and its length, top bits: two multiplications whatever the length.
/// The names are the table's own, and a rare collision only costs a probe.
#[inline]
fn home((a, b): (u64, u64), n: usize, len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let h = (a.wrapping_mul(K).rotate_left(5) ^ b ^ n as u64).wrapping_mul(K);
    match len.trailing_zeros() {
        0 => 0,
        bits => (h >> (64 - bits)) as usize,
    }
}
