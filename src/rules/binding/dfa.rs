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
//! The states also follow the context alternatives (`Context::alts`) as
//! *positions* (how many of an alternative's steps the element and its
//! ancestors match by name), so the entry of (state, name) ([`Entry`]) also
//! lists the contexts the element may open in rule order: certain ones (names
//! match, no filter) and ones the walk checks in full (`walk::matches_at`).
//!
//! Counters are addressed relative to the open contexts (`rel` 0 is the
//! innermost open context that is not `Context::attrs_only`): the same
//! subtree under another context of the same kind reuses the same states.
//! Attribute targets depend on the element's attributes, so the operations
//! only say which trie nodes to check them against ([`Op::Attrs`],
//! [`Op::Deferred`]); the walk checks them when the element has attributes.
//!
//! The states also carry *ancestor markers* ([`MARK`]) for the names that
//! `ancestor::X/...` atoms of context filters start with, so a filter such
//! as UBL-DT-01's `*Amount[!self::*PriceAmount & !ancestor::cac:Price/...]`
//! is decided once per entry from the name and the open ancestors
//! (`Dfa::decide`) where it can be, instead of per element.
//!
//! The cache of the static tables lives per thread across documents (see
//! `super::walk::check`); it is dropped when it grows past a bound (only a
//! document crafted to nest contexts deeply makes many states).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::xml::Node;

use super::eval::Keys;
use super::notation::{Atom, Expr, NameTest, Shape};
use super::table::{Kind, Table, TrieNode, NO_SYMBOL};

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
    /// Count the element for probe `off` of context `rel` (a counter
    /// without a row: nothing to remember but the count).
    Probe { rel: u16, off: u16 },
    /// Count the element's attributes that are targets at trie node `node`.
    Attrs { node: u32, rel: u16 },
    /// A wild edge (`wild` index `edge` of trie node `from`) that leads only
    /// to attributes: if the element has one of them and passes the step,
    /// count them (as [`Op::Attrs`] at the edge's end).
    Deferred { from: u32, edge: u32, rel: u16 },
}

/// A cached transition: the next state and its operations (a range of
/// `Dfa::ops`: the [`Op::Count`]s up to `attrs`, then the operations on
/// attributes, which the walk skips for an element without attributes).
#[derive(Clone, Copy)]
pub(crate) struct Trans {
    pub(crate) next: u32,
    pub(crate) ops: (u32, u32),
    pub(crate) attrs: u32,
    /// The union of the attribute masks (`TrieNode::attr_mask`) the
    /// attribute operations look at: an element none of whose attributes
    /// has a bit in it has nothing to count there.
    pub(crate) mask: u128,
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
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(u64::from(v));
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A context alternative as the cache follows it (see [`Dfa::positions`]).
#[derive(Clone, Copy)]
struct AltInfo {
    ctx: u32,
    alt: u32,
    len: u32,
    absolute: bool,
    /// Child steps only, filters at most on the last step: a match of the
    /// names along the ancestors is followed step by step in the states.
    simple: bool,
    /// Simple and without filters: a match of the names is a match.
    definite: bool,
    /// The first of its steps' entries in `Dfa::step_keys`.
    keys: u32,
}

/// What the cache knows about one (state, name): the contexts the element
/// may open (a range of `Dfa::plans`) and the transitions for the contexts
/// seen so far.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) plan: (u32, u32),
    /// The context positions after the element (a range of `Dfa::pos`):
    /// they depend on the name only, whatever context the element opens.
    pos: (u32, u32),
    /// (opened context + 1, or 0 for none; [`FREE`] for an unused slot).
    trans: [(u32, Trans); 2],
}

const FREE: u32 = u32::MAX;
const NO_TRANS: Trans = Trans {
    next: 0,
    ops: (0, 0),
    attrs: 0,
    mask: 0,
};

/// `Act::node` of a context position: this bit and the alternative's index
/// (`rel` is the last step matched).
const POS: u32 = 1 << 31;
/// `Act::node` of the marker of the state above the root element.
const DOC: u32 = u32::MAX;
/// `Act::node` of an *ancestor marker*: this bit and an index into
/// `Dfa::markers`: some ancestor-or-self of the element has that name.
const MARK: u32 = 1 << 30;

/// `Dfa::step_keys` of a step whose name tests are evaluated one by one.
const ANY_KEY: u32 = u32::MAX;

/// The states, transitions and operations found so far.
#[derive(Default)]
pub(crate) struct Dfa {
    alts: Vec<AltInfo>,
    /// Per table symbol: the alternatives whose name test the element must
    /// pass first (the first step of a simple one, the last of another) that
    /// name it; `starts_wild` those with a wildcard there. An element is only
    /// tried against these when the cache meets it first.
    starts: FxMap<u16, Vec<u32>>,
    starts_wild: Vec<u32>,
    /// The keys of the names that an `ancestor::X/...` atom of a context
    /// filter starts with: the states remember which of them are open
    /// (marker acts, [`MARK`]), so that such a filter is decided with the
    /// plan ([`Dfa::decide`]) rather than per element.
    markers: Vec<u32>,
    /// Per key of a name the table knows: the alternatives of `starts_wild`
    /// whose first name test (as `starts`) that name passes (a range of
    /// `wild_lists`), worked out on the key's first sight: the other
    /// entries of the same name skip the wildcard tests.
    wild_by_key: FxMap<u32, (u32, u32)>,
    wild_lists: Vec<u32>,
    /// Per step of every alternative: the key its only name test wants
    /// (`Step::single`), or [`ANY_KEY`] when its tests must be evaluated.
    step_keys: Vec<u32>,
    /// Per state: its range of `acts`.
    states: Vec<(u32, u32)>,
    acts: Vec<Act>,
    ids: FxMap<Vec<Act>, u32>,
    entries: Vec<Entry>,
    index: FxMap<u64, u32>,
    /// Per entry: (context, definite) in rule order; the walk opens the
    /// first that is definite or whose alternatives match ([`Entry::plan`]).
    pub(crate) plans: Vec<(u32, bool)>,
    /// Context positions of the entries ([`Entry::pos`]).
    pos: Vec<Act>,
    pub(crate) ops: Vec<Op>,
    /// Scratch for a transition being computed.
    next: Vec<Act>,
    scratch: Vec<Op>,
    /// The whole decision for an element, by [`fast_key`], where no filter
    /// and nothing but the key decided it: the context it opens and the
    /// cached transition. A direct-mapped table in front of the entries
    /// (one probe instead of a hash map lookup, the plan and the
    /// transition's slot); filled by the walk ([`Dfa::remember`]).
    fast: Vec<Fast>,
}

/// The state above the root element.
pub(crate) const EMPTY: u32 = 0;

/// Beyond this many states the cache starts afresh at the next document.
const MAX_STATES: usize = 1 << 14;

/// The cache key of an element: its parent's state, namespace index and DOM symbol.
#[inline]
pub(crate) fn key(state: u32, ns: u32, dom_sym: u16) -> u64 {
    u64::from(state) << 32 | u64::from(ns & 0xff) << 16 | u64::from(dom_sym)
}

/// The key of [`Dfa::fast`]: [`key`] and whether the element has attributes
/// (which decides whether contexts that only count attributes are tried).
/// Never 0 (the mark of a free slot) for an element of a known name.
#[inline]
pub(crate) fn fast_key(state: u32, ns: u32, dom_sym: u16, has_attrs: bool) -> u64 {
    key(state, ns, dom_sym) | u64::from(has_attrs) << 24
}

/// Slots of [`Dfa::fast`] (a power of two): a 20-line invoice has some
/// 200 distinct keys. A key may sit in its slot or the neighbouring one
/// (`slot ^ 1`); a key whose two slots others took goes the longer way.
const FAST_SLOTS: usize = 2048;

/// A slot of [`Dfa::fast`]: key (0 for free), context opened (`u32::MAX` for none), transition.
#[derive(Clone, Copy)]
struct Fast {
    key: u64,
    ctx: u32,
    trans: Trans,
}

impl Dfa {
    pub(crate) fn new(table: &Table) -> Dfa {
        let mut d = Dfa {
            fast: vec![
                Fast {
                    key: 0,
                    ctx: u32::MAX,
                    trans: NO_TRANS,
                };
                FAST_SLOTS
            ],
            ..Dfa::default()
        };
        for (ci, c) in table.contexts.iter().enumerate() {
            for (ai, alt) in c.alts.iter().enumerate() {
                let n = alt.steps.len();
                let simple = n > 0
                    && alt.steps.iter().enumerate().all(|(i, s)| {
                        s.axis == super::notation::Axis::Child && (s.plain || i + 1 == n)
                    });
                let index = d.alts.len() as u32;
                d.alts.push(AltInfo {
                    ctx: ci as u32,
                    alt: ai as u32,
                    len: n as u32,
                    absolute: alt.absolute,
                    simple,
                    definite: simple && alt.steps.iter().all(|s| s.plain),
                    keys: d.step_keys.len() as u32,
                });
                d.step_keys
                    .extend(alt.steps.iter().map(|s| s.single.unwrap_or(ANY_KEY)));
                let first = if simple {
                    alt.steps.first()
                } else {
                    alt.steps.last()
                };
                let tests = first.map_or(&[][..], |s| &s.tests[..]);
                let named: Option<Vec<u16>> = tests
                    .iter()
                    .map(|t| match t {
                        NameTest::Name { key, .. } => Some((key & 0xffff) as u16),
                        _ => None,
                    })
                    .collect();
                match named {
                    Some(syms) => {
                        for sym in syms {
                            let list = d.starts.entry(sym).or_default();
                            if !list.contains(&index) {
                                list.push(index);
                            }
                        }
                    }
                    None => d.starts_wild.push(index),
                }
            }
        }
        for c in table.contexts.iter() {
            for alt in c.alts.iter() {
                let filters = alt.steps.last().map_or(&[][..], |s| &s.filters[..]);
                for (_, atom) in filters
                    .iter()
                    .flat_map(|e| e.any.iter())
                    .flat_map(|all| all.iter())
                {
                    if let Some(key) = ancestor_key(atom) {
                        if !d.markers.contains(&key) {
                            d.markers.push(key);
                        }
                    }
                }
            }
        }
        d.next.push(Act {
            node: DOC,
            rel: 0,
            sticky: false,
        });
        d.intern_next();
        d
    }

    /// Whether the cache grew past its bound (the caller starts afresh).
    pub(crate) fn is_full(&self) -> bool {
        self.states.len() > MAX_STATES
            || self.ops.len() > MAX_STATES * 16
            || self.plans.len() > MAX_STATES * 16
            || self.pos.len() > MAX_STATES * 64
    }

    /// The entry of element `n` (DOM symbol known) whose parent is in
    /// `state`, created on first sight (`key` from [`key`]).
    pub(crate) fn entry(
        &mut self,
        table: &Table,
        keys: &Keys<'_>,
        n: Node<'_, '_>,
        state: u32,
        key: u64,
    ) -> u32 {
        if let Some(&e) = self.index.get(&key) {
            return e;
        }
        let mut scratch = Vec::new();
        let mut matched = Vec::new();
        self.wild_starts(table, keys, n);
        self.positions(table, keys, n, state, &mut scratch, &mut matched);
        let pos_start = self.pos.len() as u32;
        self.pos.extend_from_slice(&scratch);
        let pos = (pos_start, self.pos.len() as u32);
        matched.sort_unstable();
        // Filters decided by the element's name and the open ancestors.
        matched.retain_mut(|(ci, definite)| {
            if *definite {
                return true;
            }
            match self.decide(table, keys, n, state, *ci as usize) {
                Some(true) => {
                    *definite = true;
                    true
                }
                Some(false) => false,
                None => true,
            }
        });
        let start = self.plans.len() as u32;
        let mut last = None;
        for &(ci, definite) in &matched {
            if last == Some(ci) {
                // The context's definite alternative sorts after its checked ones.
                if let Some(p) = self.plans.last_mut() {
                    p.1 |= definite;
                }
            } else {
                self.plans.push((ci, definite));
                last = Some(ci);
            }
            if self.plans.last().is_some_and(|p| p.1) {
                break;
            }
        }
        let e = self.entries.len() as u32;
        self.entries.push(Entry {
            plan: (start, self.plans.len() as u32),
            pos,
            trans: [(FREE, NO_TRANS); 2],
        });
        self.index.insert(key, e);
        e
    }

    /// The slot of `key` in [`Dfa::fast`].
    #[inline]
    fn fast_slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FAST_SLOTS.trailing_zeros())) as usize
    }

    /// The context and transition remembered for `key` ([`fast_key`]), if any.
    #[inline]
    pub(crate) fn fast(&self, key: u64) -> Option<(Option<usize>, Trans)> {
        let i = Self::fast_slot(key);
        let f = match self.fast.get(i) {
            Some(f) if f.key == key => f,
            _ => self.fast.get(i ^ 1).filter(|f| f.key == key)?,
        };
        Some(((f.ctx != u32::MAX).then_some(f.ctx as usize), f.trans))
    }

    /// Remembers that every element of `key` opens `ctx` and takes the
    /// cached transition `t` (the caller knows no filter decided either).
    pub(crate) fn remember(&mut self, key: u64, ctx: Option<usize>, t: Trans) {
        let i = Self::fast_slot(key);
        // The first slot if free, else the neighbour (which a later key may take).
        let i = match self.fast.get(i) {
            Some(f) if f.key != 0 && f.key != key => i ^ 1,
            _ => i,
        };
        if let Some(f) = self.fast.get_mut(i) {
            *f = Fast {
                key,
                ctx: ctx.map_or(u32::MAX, |c| c as u32),
                trans: t,
            };
        }
    }

    /// Whether element `n` (parent in `state`) matches context `ci`, if its
    /// name and the ancestor markers of `state` decide it: every alternative
    /// is one relative child step whose name tests are decided by the name
    /// and whose filters are decided by [`Dfa::atom`]. `None` if the
    /// document must be looked at.
    fn decide(
        &self,
        table: &Table,
        keys: &Keys<'_>,
        n: Node<'_, '_>,
        state: u32,
        ci: usize,
    ) -> Option<bool> {
        let c = table.contexts.get(ci)?;
        let mut value = Some(false);
        for alt in c.alts.iter() {
            let v = match &alt.steps[..] {
                [step] if !alt.absolute && step.axis == super::notation::Axis::Child => {
                    if !step.tests.iter().any(|t| t.matches(keys, n)) {
                        Some(false)
                    } else {
                        let mut all = Some(true);
                        for f in step.filters.iter() {
                            all = and(all, self.expr(keys, n, state, f));
                        }
                        all
                    }
                }
                _ => None,
            };
            value = or(value, v);
        }
        value
    }

    /// The value of condition `e` at element `n` if [`Dfa::atom`] decides enough of it.
    fn expr(&self, keys: &Keys<'_>, n: Node<'_, '_>, state: u32, e: &Expr) -> Option<bool> {
        let mut any = Some(false);
        for all in e.any.iter() {
            let mut v = Some(true);
            for (neg, atom) in all.iter() {
                v = and(v, self.atom(keys, n, state, atom).map(|b| b != *neg));
            }
            any = or(any, v);
        }
        any
    }

    /// The value of `atom` at element `n` whose parent is in `state`, where
    /// known without the document: a `self::` test without filters (the
    /// name decides), or `ancestor::X/...` when no `X` is open (false).
    fn atom(&self, keys: &Keys<'_>, n: Node<'_, '_>, state: u32, atom: &Atom) -> Option<bool> {
        let Atom::Exists(p) = atom else {
            return None;
        };
        match p.shape {
            Shape::SelfTest => {
                let step = p.steps.first()?;
                step.plain
                    .then(|| step.tests.iter().any(|t| t.matches(keys, n)))
            }
            Shape::AncestorSteps => {
                let key = ancestor_key(atom)?;
                let i = self.markers.iter().position(|&m| m == key)?;
                let open = self.acts(state).iter().any(|a| a.node == MARK | i as u32);
                (!open).then_some(false)
            }
            _ => None,
        }
    }

    /// The plan of entry `e`.
    #[inline]
    pub(crate) fn plan(&self, e: u32) -> &[(u32, bool)] {
        let (a, b) = self.entries.get(e as usize).map_or((0, 0), |e| e.plan);
        self.plans.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The cached transition of entry `e` when it opens `ctx`.
    #[inline]
    pub(crate) fn trans(&self, e: u32, ctx: Option<usize>) -> Option<Trans> {
        let code = ctx.map_or(0, |c| c as u32 + 1);
        let entry = self.entries.get(e as usize)?;
        entry.trans.iter().find(|t| t.0 == code).map(|t| t.1)
    }

    /// Caches transition `t` of entry `e` when it opens `ctx`; false if both slots are taken.
    pub(crate) fn store(&mut self, e: u32, ctx: Option<usize>, t: Trans) -> bool {
        let code = ctx.map_or(0, |c| c as u32 + 1);
        let Some(slot) = self
            .entries
            .get_mut(e as usize)
            .and_then(|en| en.trans.iter_mut().find(|t| t.0 == FREE))
        else {
            return false;
        };
        *slot = (code, t);
        true
    }

    /// Follows the context alternatives for element `n` whose parent is in
    /// `state`: pushes the positions to keep onto `next` and the
    /// alternatives whose names match at `n` onto `matched` as (context,
    /// definite). Non-simple alternatives are matched at `n` by their last
    /// name test only (the walk then checks them in full).
    fn positions(
        &self,
        table: &Table,
        keys: &Keys<'_>,
        n: Node<'_, '_>,
        state: u32,
        next: &mut Vec<Act>,
        matched: &mut Vec<(u32, bool)>,
    ) {
        let step_of = |a: &AltInfo, i: u32| {
            table
                .contexts
                .get(a.ctx as usize)
                .and_then(|c| c.alts.get(a.alt as usize))
                .and_then(|p| p.steps.get(i as usize))
        };
        let key = keys.of(n);
        let names = |a: &AltInfo, i: u32| match self.step_keys.get((a.keys + i) as usize) {
            Some(&ANY_KEY) | None => {
                step_of(a, i).is_some_and(|s| s.tests.iter().any(|t| t.matches(keys, n)))
            }
            Some(&want) => want == key,
        };
        let reach = |ai: usize,
                     a: &AltInfo,
                     i: u32,
                     next: &mut Vec<Act>,
                     matched: &mut Vec<(u32, bool)>| {
            if i + 1 == a.len {
                matched.push((a.ctx, a.definite));
            } else {
                next.push(Act {
                    node: POS | ai as u32,
                    rel: i as u16,
                    sticky: false,
                });
            }
        };
        let mut top = false;
        for &act in self.acts(state) {
            if act.node == DOC {
                top = true;
            } else if act.node & POS == 0 && act.node & MARK != 0 {
                next.push(act);
            } else if act.node & POS != 0 {
                let ai = (act.node & !POS) as usize;
                let i = u32::from(act.rel) + 1;
                if let Some(a) = self.alts.get(ai) {
                    if names(a, i) {
                        reach(ai, a, i, next, matched);
                    }
                }
            }
        }
        for (i, &m) in self.markers.iter().enumerate() {
            let act = Act {
                node: MARK | i as u32,
                rel: 0,
                sticky: false,
            };
            if m == key && !next.contains(&act) {
                next.push(act);
            }
        }
        let sym = (key & 0xffff) as u16;
        let named = self.starts.get(&sym).map_or(&[][..], |l| &l[..]);
        // The wildcard alternatives this name may pass (all of them for a
        // name the table does not know: such names share one key).
        let wild = match self.wild_by_key.get(&key) {
            Some(&(a, b)) if sym != NO_SYMBOL => {
                self.wild_lists.get(a as usize..b as usize).unwrap_or(&[])
            }
            _ => &self.starts_wild[..],
        };
        for &ai in named.iter().chain(wild) {
            let ai = ai as usize;
            let Some(a) = self.alts.get(ai) else {
                continue;
            };
            if !a.simple {
                if a.len > 0 && names(a, a.len - 1) {
                    matched.push((a.ctx, false));
                }
            } else if (top || !a.absolute) && names(a, 0) {
                reach(ai, a, 0, next, matched);
            }
        }
    }

    /// Fills `wild_by_key` for the key of element `n` (a name the table knows).
    fn wild_starts(&mut self, table: &Table, keys: &Keys<'_>, n: Node<'_, '_>) {
        let key = keys.of(n);
        if (key & 0xffff) as u16 == NO_SYMBOL || self.wild_by_key.contains_key(&key) {
            return;
        }
        let start = self.wild_lists.len() as u32;
        for &ai in &self.starts_wild {
            let Some(a) = self.alts.get(ai as usize) else {
                continue;
            };
            // The test `positions` tries first: the first step of a simple
            // alternative, the last of another.
            let i = if a.simple { 0 } else { a.len.saturating_sub(1) };
            let step = table
                .contexts
                .get(a.ctx as usize)
                .and_then(|c| c.alts.get(a.alt as usize))
                .and_then(|p| p.steps.get(i as usize));
            if step.is_some_and(|s| s.tests.iter().any(|t| t.matches(keys, n))) {
                self.wild_lists.push(ai);
            }
        }
        self.wild_by_key
            .insert(key, (start, self.wild_lists.len() as u32));
    }

    /// The trie states of `state`.
    #[inline]
    pub(crate) fn acts(&self, state: u32) -> &[Act] {
        let (a, b) = self.states.get(state as usize).copied().unwrap_or((0, 0));
        self.acts.get(a as usize..b as usize).unwrap_or(&[])
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
    /// Also says whether it may be cached: not if it evaluated a filter or
    /// the element's name is not a schema name (its operations are the last
    /// ones of `self.ops`, see [`Dfa::forget`]).
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
        entry: Option<u32>,
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
            if a.node & (POS | MARK) != 0 {
                continue;
            }
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
        match entry.and_then(|e| self.entries.get(e as usize)) {
            // Found when the entry was made.
            Some(e) => next.extend_from_slice(
                self.pos
                    .get(e.pos.0 as usize..e.pos.1 as usize)
                    .unwrap_or(&[]),
            ),
            None => {
                let mut matched = Vec::new();
                self.wild_starts(table, keys, n);
                self.positions(table, keys, n, state, &mut next, &mut matched);
            }
        }
        self.next = next;
        let id = self.intern_next();
        // Counts first, then the operations on attributes (the order of
        // counting within one element does not matter: every counter is
        // bumped at most once per element and judged by its row).
        let start = self.ops.len() as u32;
        let counts = |o: &&Op| matches!(o, Op::Count { .. } | Op::Probe { .. });
        self.ops.extend(ops.iter().filter(counts));
        let attrs = self.ops.len() as u32;
        self.ops.extend(ops.iter().filter(|o| !counts(o)));
        let node_mask = |node: usize| trie.get(node).map_or(0, |t| t.attr_mask);
        let mask = ops.iter().fold(0u128, |m, o| match *o {
            Op::Count { .. } | Op::Probe { .. } => m,
            Op::Attrs { node, .. } => m | node_mask(node as usize),
            Op::Deferred { from, edge, .. } => {
                m | trie
                    .get(from as usize)
                    .and_then(|t| t.wild.get(edge as usize))
                    .map_or(0, |e| node_mask(e.to))
            }
        });
        self.scratch = ops;
        let t = Trans {
            next: id,
            ops: (start, self.ops.len() as u32),
            attrs,
            mask,
        };
        (t, pure)
    }

    /// Drops the operations of a transition that was not cached (the last ones).
    pub(crate) fn forget(&mut self, t: Trans) {
        self.ops.truncate(t.ops.0 as usize);
    }
}

/// Three-valued `and` (`None`: unknown).
fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// Three-valued `or` (`None`: not known without the document).
fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// The key of `X` for an atom `ancestor::X/...` whose first step is one
/// exact name without filters (what an ancestor marker follows).
fn ancestor_key(atom: &Atom) -> Option<u32> {
    match atom {
        Atom::Exists(p) if p.shape == Shape::AncestorSteps => {
            let first = p.steps.first()?;
            first.plain.then_some(first.single).flatten()
        }
        _ => None,
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
        for &off in t.probes.iter() {
            ops.push(Op::Probe { rel, off });
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
