//! The transition cache of the binding walk (a lazily built DFA over the
//! target tries of [`super::table`]).
//!
//! What the walk keeps per open element is the list of trie nodes its
//! descendants may still follow ([`Act`]). Which nodes an element reaches,
//! and which counters it bumps, depend only on that list of its parent, on
//! the element's name (namespace index and DOM symbol) and on the context
//! the element opens — except where a step carries a filter (`[...]`), which
//! looks at the document. So the lists are interned as numbered states and
//! each transition (state, name, opened context) is computed once by the
//! general engine ([`Dfa::step`]), recorded as a list of operations ([`Op`])
//! and replayed for every later element with the same key. A transition that
//! evaluated a filter, or of an element whose name is not a schema name, is
//! replayed only for that element (its state is still interned, so its
//! children use the cache).
//!
//! Counters are addressed relative to the open contexts (`rel` 0 is the
//! innermost context that has trie states): the same subtree under another
//! context of the same kind reuses the same states. Attribute targets depend
//! on the element's attributes, so the operations only say which trie nodes
//! to check them against ([`Op::Attrs`], [`Op::Deferred`]); the walk checks
//! them when the element has attributes.
//!
//! The cache of the static tables lives per thread across documents (see
//! `super::walk::check`); it is dropped when it grows past a bound (only a
//! document crafted to nest contexts deeply makes many states).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::xml::Node;

use super::eval::Keys;
use super::table::{Kind, Table, TrieNode};

/// A trie node some descendant may still follow, with the open context whose
/// counters its rows use (counted from the innermost, 0).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Act {
    pub(crate) node: u32,
    pub(crate) rel: u16,
    /// A `//` state: stays active in every descendant.
    pub(crate) sticky: bool,
}

/// One recorded effect of an element on the counters, in the order the
/// general engine produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Count the element for row `off` of context `rel`.
    Count { rel: u16, off: u16, kind: Kind },
    /// Count the element's attributes that are targets at trie node `node`.
    Attrs { node: u32, rel: u16 },
    /// A wild edge (`wild` index `edge` of trie node `from`) that leads only
    /// to attributes: if the element has one of them and passes the step,
    /// count them (as [`Op::Attrs`] at the edge's end).
    Deferred { from: u32, edge: u32, rel: u16 },
}

/// A cached transition: the next state and its operations (a range of `Dfa::ops`).
#[derive(Clone, Copy)]
pub(crate) struct Trans {
    pub(crate) next: u32,
    pub(crate) ops: (u32, u32),
}

/// A multiplicative hash (as rustc's FxHash) for the transition keys.
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The states, transitions and operations found so far.
#[derive(Default)]
pub(crate) struct Dfa {
    /// Per state: its range of `acts`.
    states: Vec<(u32, u32)>,
    acts: Vec<Act>,
    ids: FxMap<Vec<Act>, u32>,
    trans: FxMap<u64, Trans>,
    pub(crate) ops: Vec<Op>,
    /// Scratch for a transition being computed.
    next: Vec<Act>,
    scratch: Vec<Op>,
}

/// The state without trie nodes (above the root element).
pub(crate) const EMPTY: u32 = 0;

/// Beyond this many states the cache starts afresh at the next document.
const MAX_STATES: usize = 1 << 14;

/// The cache key of a transition: state, namespace index, DOM symbol, opened
/// context (+1, 0 for none).
#[inline]
pub(crate) fn key(state: u32, ns: u32, dom_sym: u16, ctx: Option<usize>) -> u64 {
    let ctx = ctx.map_or(0, |c| (c as u64 + 1) & 0xffff);
    u64::from(state) << 40 | u64::from(ns & 0xff) << 32 | u64::from(dom_sym) << 16 | ctx
}

impl Dfa {
    pub(crate) fn new() -> Dfa {
        let mut d = Dfa::default();
        d.intern_next();
        d
    }

    /// Whether the cache grew past its bound (the caller starts afresh).
    pub(crate) fn is_full(&self) -> bool {
        self.states.len() > MAX_STATES || self.ops.len() > MAX_STATES * 16
    }

    /// The trie states of `state`.
    #[inline]
    pub(crate) fn acts(&self, state: u32) -> &[Act] {
        let (a, b) = self.states.get(state as usize).copied().unwrap_or((0, 0));
        self.acts.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// A cached transition.
    #[inline]
    pub(crate) fn cached(&self, key: u64) -> Option<Trans> {
        self.trans.get(&key).copied()
    }

    /// Interns `self.next` as a state.
    fn intern_next(&mut self) -> u32 {
        if let Some(&id) = self.ids.get(&self.next) {
            return id;
        }
        let id = u32::try_from(self.states.len()).unwrap_or(u32::MAX);
        let start = self.acts.len() as u32;
        self.acts.extend_from_slice(&self.next);
        self.states.push((start, self.acts.len() as u32));
        self.ids.insert(self.next.clone(), id);
        id
    }

    /// Computes the transition of element `n` (DOM symbol `dom_sym`, table
    /// symbol `sym`) from `state`, opening context `ctx` (one with trie
    /// states or rows, see `Context::attrs_only`), with the general engine.
    /// Caches it under `key` unless it evaluated a filter or the element's
    /// name is not a schema name; returns it either way (its operations are
    /// the last ones of `self.ops` when not cached, see [`Dfa::forget`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn step(
        &mut self,
        table: &Table,
        keys: &Keys<'_>,
        n: Node<'_, '_>,
        sym: Option<u16>,
        dom_sym: u16,
        state: u32,
        ctx: Option<usize>,
        key: u64,
    ) -> (Trans, bool) {
        let trie: &[TrieNode] = &table.trie;
        let mut next = std::mem::take(&mut self.next);
        let mut ops = std::mem::take(&mut self.scratch);
        next.clear();
        ops.clear();
        let mut pure = dom_sym != crate::xml::symbols::NONE;
        let shift = u16::from(ctx.is_some());
        let e = Engine {
            trie,
            keys,
            n,
            sym,
            key: keys.of(n),
        };
        for &a in self.acts(state) {
            let rel = a.rel.saturating_add(shift);
            let Some(t) = trie.get(a.node as usize) else {
                continue;
            };
            if a.sticky {
                next.push(Act { rel, ..a });
                e.attrs(a.node, rel, &mut ops);
            }
            if t.may_pass(sym, true) {
                pure &= e.advance(a.node, rel, &mut next, &mut ops);
            }
        }
        if let Some(root) = ctx.and_then(|ci| table.contexts.get(ci)).map(|c| c.trie) {
            e.attrs(root as u32, 0, &mut ops);
            if trie.get(root).is_some_and(|t| t.has_edges) {
                next.push(Act {
                    node: root as u32,
                    rel: 0,
                    sticky: false,
                });
            }
            if let Some(deep) = trie.get(root).and_then(|t| t.deep) {
                // `//` is descendant-or-self: the context element itself counts too.
                next.push(Act {
                    node: deep as u32,
                    rel: 0,
                    sticky: true,
                });
                e.attrs(deep as u32, 0, &mut ops);
                if trie.get(deep).is_some_and(|t| t.may_pass(sym, true)) {
                    pure &= e.advance(deep as u32, 0, &mut next, &mut ops);
                }
            }
        }
        self.next = next;
        let id = self.intern_next();
        let start = self.ops.len() as u32;
        self.ops.extend_from_slice(&ops);
        self.scratch = ops;
        let t = Trans {
            next: id,
            ops: (start, self.ops.len() as u32),
        };
        if pure {
            self.trans.insert(key, t);
        }
        (t, pure)
    }

    /// Drops the operations of a transition that was not cached (the last ones).
    pub(crate) fn forget(&mut self, t: Trans) {
        self.ops.truncate(t.ops.0 as usize);
    }
}

/// The general engine: follows trie edges for one element.
struct Engine<'t, 'k, 'a, 'i> {
    trie: &'t [TrieNode],
    keys: &'k Keys<'t>,
    n: Node<'a, 'i>,
    sym: Option<u16>,
    key: u32,
}

impl Engine<'_, '_, '_, '_> {
    /// Records an attribute check at `node` if it has attribute targets.
    fn attrs(&self, node: u32, rel: u16, ops: &mut Vec<Op>) {
        if self
            .trie
            .get(node as usize)
            .is_some_and(|t| t.attr_mask != 0)
        {
            ops.push(Op::Attrs { node, rel });
        }
    }

    /// Follows the edges of trie node `from` that the element passes; false
    /// if a filter was evaluated (the result may differ for another element
    /// of the same name).
    fn advance(&self, from: u32, rel: u16, next: &mut Vec<Act>, ops: &mut Vec<Op>) -> bool {
        let Some(t) = self.trie.get(from as usize) else {
            return true;
        };
        let mut pure = true;
        if let Some(sym) = self.sym {
            for (_, e) in t.named.iter().filter(|(l, _)| *l == sym) {
                pure &= e.step.plain;
                if e.step.accepts_key(self.key, self.keys, self.n) {
                    self.hit(e.to, rel, next, ops);
                }
            }
        }
        for (i, e) in t.wild.iter().enumerate() {
            let Some(to) = self.trie.get(e.to) else {
                continue;
            };
            if to.attrs_only {
                // Decided per element, by its attributes (see `Op::Deferred`).
                ops.push(Op::Deferred {
                    from,
                    edge: i as u32,
                    rel,
                });
                continue;
            }
            pure &= e.step.plain;
            if e.step.accepts(self.keys, self.n) {
                self.hit(e.to, rel, next, ops);
            }
        }
        pure
    }

    fn hit(&self, to: usize, rel: u16, next: &mut Vec<Act>, ops: &mut Vec<Op>) {
        let Some(t) = self.trie.get(to) else {
            return;
        };
        for &(off, kind) in t.rows.iter() {
            ops.push(Op::Count { rel, off, kind });
        }
        self.attrs(to as u32, rel, ops);
        if t.has_edges {
            next.push(Act {
                node: to as u32,
                rel,
                sticky: false,
            });
        }
    }
}
