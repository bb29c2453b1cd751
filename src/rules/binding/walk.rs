//! The one walk over a document that checks every binding row.
//!
//! The walk is iterative (pre-order with an explicit close per element) and
//! keeps a stack of *counters* (one per row of every context node currently
//! open) and, per open element, a *state* of the transition cache
//! ([`super::dfa`]): which trie nodes of the open contexts' target paths its
//! descendants may still follow, and how far the context alternatives have
//! been matched along its ancestors. When a context node closes, its rows are
//! judged from the counts.
//!
//! Per element: the cache entry of (parent state, namespace, DOM symbol)
//! gives the *plan* of contexts the element may open (rule order; a context
//! whose names match without filters is certain, the others are checked by
//! [`matches_at`]), then the transition for the context actually opened gives
//! the next state and the operations to replay: counters to bump (addressed
//! relative to the open contexts, see `Walk::bases`) and trie nodes whose
//! attribute targets to check, skipped unless one of the element's attribute
//! bits meets the transition's mask. An entry or transition not seen yet is
//! computed by the general engine (`Dfa::step`); one that evaluated a step
//! filter, or of a name outside the schemas, is used for that element only.
//! The cache of the static tables lives per thread across documents, so a
//! typical invoice only replays. In front of the entries, a direct-mapped
//! table (`Dfa::fast`) keeps the whole decision (context opened and
//! transition) for keys that nothing but the name decides: most elements
//! cost one probe, and those with no context and nothing to count push
//! their frame and go on.
//!
//! Schematron semantics kept: within one pattern a node is handled only by the
//! first rule whose context matches it, so an element opens at most one
//! context (the one of lowest rule position). Both tables come from one
//! pattern each. A `//` target (only allowed on the root context) stays
//! active in every descendant. Closing a context judges only the rows that
//! counted something (`absent` and `same` rows have a `seen` entry; `max`
//! and `one` rows, `Context::limits`, are compared with their limit from the
//! count alone) and the rows listed in `Context::zero`, and not those whose
//! count the row allows; a rule with two rows is reported once per context
//! node. Conditions judged at close read the context's *probe* counters
//! first (`Context::counters`): an atom whose path selected nothing needs
//! no search of the document.
//!
//! Contexts that only count attributes of the context element
//! (`Context::attrs_only`: `ram:*ID`, ...) stay outside the cache's states:
//! an element without attributes is not matched against them at all, and one
//! whose attributes count nothing closes no context. Names are compared as
//! numbers ([`Keys`]), and conditions that start at the document
//! (`Expr::fixed`) are evaluated once per walk (see [`super::eval`]).

use std::cell::RefCell;

use crate::xml::{Document, Node};

use super::dfa::{self, Dfa, Op};
use super::eval::{string_value, Keys};
use super::table::{attr_bit, Context, Kind, Row, Table, TrieNode, NO_SYMBOL};
use crate::rules::{Emit, Finding};

/// What was seen of one counter beyond its count (kept sparse: most counts stay 0).
struct Seen<'a, 'i> {
    counter: usize,
    first: Node<'a, 'i>,
    /// For `same`: the first value and, once one differs, that value.
    values: Option<(String, Option<String>)>,
}

struct Frame {
    /// The element's trie states (a state of the [`Dfa`]).
    state: u32,
    counter_start: usize,
    /// `seen` entries before this index belong to contexts opened earlier.
    seen_start: usize,
    /// The context this element opened, if any.
    context: Option<u32>,
    /// The context has trie states or rows (an entry of `Walk::bases`).
    based: bool,
}

thread_local! {
    /// The transition caches of the static tables ([`super::UBL`], [`super::CII`]),
    /// kept across the documents a thread checks.
    static CACHES: RefCell<[Option<Dfa>; 2]> = const { RefCell::new([None, None]) };
}

/// Checks `doc` against `table`, appending findings to `out`.
pub(crate) fn check(table: &Table, doc: &Document<'_>, out: &mut Vec<Finding>) {
    let slot = if std::ptr::eq(table, &super::UBL) {
        Some(0)
    } else if std::ptr::eq(table, &super::CII) {
        Some(1)
    } else {
        // A table built by a test: a cache for this walk only.
        None
    };
    let take = |i: usize| {
        CACHES
            .try_with(|c| c.borrow_mut().get_mut(i).and_then(Option::take))
            .ok()
            .flatten()
    };
    let dfa = slot
        .and_then(take)
        .filter(|d| !d.is_full())
        .unwrap_or_else(|| Dfa::new(table));
    let dfa = walk(table, doc, dfa, out);
    if let Some(i) = slot {
        let _ = CACHES.try_with(|c| {
            if let Some(s) = c.borrow_mut().get_mut(i) {
                *s = Some(dfa);
            }
        });
    }
}

/// [`check`] with a cache of this walk only (tests compare it with the shared one).
#[cfg(test)]
pub(crate) fn check_cold(table: &Table, doc: &Document<'_>, out: &mut Vec<Finding>) {
    walk(table, doc, Dfa::new(table), out);
}

fn walk(table: &Table, doc: &Document<'_>, dfa: Dfa, out: &mut Vec<Finding>) -> Dfa {
    let mut w = Walk {
        table,
        trie: &table.trie,
        quiet: &table.quiet,
        contexts: &table.contexts,
        rows: &table.rows,
        keys: Keys::new(table, doc),
        dfa,
        bases: Vec::with_capacity(16),
        counts: Vec::with_capacity(1024),
        seen: Vec::with_capacity(32),
        touched: Vec::with_capacity(32),
        frames: Vec::with_capacity(16),
    };
    // Iterative pre-order over elements with an explicit close for each one.
    let top = doc.root_element();
    let mut n = top;
    loop {
        w.open(n);
        if let Some(child) = n.first_element_child() {
            n = child;
            continue;
        }
        loop {
            w.close(n, out);
            if n == top {
                return w.dfa;
            }
            if let Some(next) = n.next_sibling_element() {
                n = next;
                break;
            }
            match n.parent_element() {
                Some(p) => n = p,
                None => return w.dfa,
            }
        }
    }
}

struct Walk<'t, 'a, 'i> {
    table: &'t Table,
    /// The table's lists, read once (each read of a pooled list checks its range).
    trie: &'t [TrieNode],
    quiet: &'t [bool],
    contexts: &'t [Context],
    rows: &'t [Row],
    keys: Keys<'t>,
    dfa: Dfa,
    /// The first counter of every open context that has trie states or rows
    /// (what an [`Op`]'s `rel` counts from the end).
    bases: Vec<usize>,
    /// One count per row of every open context node, dense (cheap to push and scan).
    counts: Vec<u32>,
    seen: Vec<Seen<'a, 'i>>,
    /// Scratch for closing a context: (row offset, index into `seen`).
    touched: Vec<(usize, Option<usize>)>,
    frames: Vec<Frame>,
}

impl<'t, 'a, 'i> Walk<'t, 'a, 'i> {
    fn open(&mut self, n: Node<'a, 'i>) {
        let parent = self.frames.last().map_or(dfa::EMPTY, |f| f.state);
        let key = self.keys.of(n);
        let has_attrs = n.has_attributes();
        let dom_sym = n.sym();
        let known = dom_sym != crate::xml::symbols::NONE;
        let fast_key = dfa::fast_key(parent, key >> 16, dom_sym, has_attrs);
        // The element's whole decision seen before (see `Dfa::fast`).
        if let Some((context, t)) = known.then(|| self.dfa.fast(fast_key)).flatten() {
            #[cfg(test)]
            {
                let sym = Some(key as u16).filter(|&s| s != NO_SYMBOL);
                if has_attrs || !self.attrs_only(sym) {
                    assert_eq!(context, first_context(self.table, &self.keys, n, sym));
                }
            }
            // Nothing to count: no operations, or only operations on
            // attributes (such as UBL's `//@schemeName`) and none here.
            let idle = t.ops.0 == t.ops.1 || (!has_attrs && t.attrs <= t.ops.0);
            if context.is_none() && idle {
                // Most elements: no context, nothing to count.
                self.frames.push(Frame {
                    state: t.next,
                    counter_start: self.counts.len(),
                    seen_start: self.seen.len(),
                    context: None,
                    based: false,
                });
            } else {
                self.enter(n, context, has_attrs, |_, _| (t, true));
            }
            return;
        }
        let sym = Some(key as u16).filter(|&s| s != NO_SYMBOL);
        // The cache's entry for this name under this parent (none for a name
        // outside the schemas: such an element is matched as the table says).
        let entry = known.then(|| {
            let k = dfa::key(parent, key >> 16, dom_sym);
            self.dfa.entry(self.table, &self.keys, n, parent, k)
        });
        let consulted = has_attrs || !self.attrs_only(sym);
        let context = if consulted {
            match entry {
                Some(e) => self.planned_context(e, n),
                None => first_context(self.table, &self.keys, n, sym),
            }
        } else {
            None
        };
        // Every test document also checks the plan against the direct search.
        #[cfg(test)]
        if consulted {
            assert_eq!(context, first_context(self.table, &self.keys, n, sym));
        }
        // The choice holds for every element of this key when no filter
        // was evaluated: the plan's first context is certain, or there is none.
        let certain =
            !consulted || entry.is_some_and(|e| self.dfa.plan(e).first().is_none_or(|p| p.1));
        let table = self.table;
        let (t, cached) = self.enter(n, context, has_attrs, |w, opened| {
            let (t, cached) = match entry.and_then(|e| w.dfa.trans(e, opened)) {
                Some(t) => (t, true),
                None => {
                    let (t, pure) = w
                        .dfa
                        .step(table, &w.keys, n, sym, dom_sym, parent, opened, entry);
                    let stored = pure && entry.is_some_and(|e| w.dfa.store(e, opened, t));
                    (t, stored)
                }
            };
            (t, cached)
        });
        if cached && certain && known {
            self.dfa.remember(fast_key, context, t);
        }
    }

    /// Enters element `n`, which opens `context`: the context's counters,
    /// the transition (`trans` gets the context with trie states or rows,
    /// if any, and says whether the transition is cached) replayed, the frame pushed.
    fn enter(
        &mut self,
        n: Node<'a, 'i>,
        mut context: Option<usize>,
        has_attrs: bool,
        trans: impl FnOnce(&mut Self, Option<usize>) -> (dfa::Trans, bool),
    ) -> (dfa::Trans, bool) {
        let counter_start = self.counts.len();
        let seen_start = self.seen.len();
        let contexts: &'t [Context] = self.contexts;
        let ctx = context.and_then(|ci| Some((ci, contexts.get(ci)?)));
        // A context with trie states or rows gets its counters before the
        // transition (whose operations address it as `rel` 0).
        let based = ctx.filter(|(_, c)| !c.attrs_only);
        if let Some((_, c)) = based {
            self.bases.push(self.counts.len());
            self.counts.resize(self.counts.len() + c.counters, 0);
        }
        let (t, cached) = trans(self, based.map(|(ci, _)| ci));
        self.replay(t, n, has_attrs);
        if !cached {
            self.dfa.forget(t);
        }
        if let Some((_, c)) = ctx.filter(|(_, c)| c.attrs_only) {
            let base = self.counts.len();
            self.counts.resize(base + c.counters, 0);
            self.attrs(c.trie, base, n);
            // Nothing counted: nothing to judge when the element closes.
            let counted = self
                .seen
                .get(seen_start..)
                .is_some_and(|s| s.iter().any(|s| s.counter >= base));
            if !counted {
                self.counts.truncate(base);
                context = None;
            }
        }
        self.frames.push(Frame {
            state: t.next,
            counter_start,
            seen_start,
            context: context.and_then(|ci| u32::try_from(ci).ok()),
            based: based.is_some(),
        });
        (t, cached)
    }

    /// Applies the operations of transition `t` to element `n`.
    #[inline]
    fn replay(&mut self, t: dfa::Trans, n: Node<'a, 'i>, has_attrs: bool) {
        let (start, end) = (t.ops.0 as usize, t.ops.1 as usize);
        // Most elements count nothing.
        if start >= end {
            return;
        }
        let split = (t.attrs as usize).max(start).min(end);
        for i in start..split {
            match self.dfa.ops.get(i) {
                Some(&Op::Count { rel, off, kind }) => {
                    if let Some(base) = self.base(rel) {
                        self.count(base + usize::from(off), n, kind);
                    }
                }
                Some(&Op::Probe { rel, off }) => {
                    if let Some(c) = self
                        .base(rel)
                        .and_then(|base| self.counts.get_mut(base + usize::from(off)))
                    {
                        *c += 1;
                    }
                }
                _ => {}
            }
        }
        if !has_attrs || split == end {
            return;
        }
        // The bits of the element's attributes (those without namespace,
        // the only ones the table names) against what the nodes want.
        let bits = n
            .attributes()
            .filter(|a| a.namespace().is_none())
            .fold(0u128, |m, a| m | 1 << attr_bit(a.name().as_bytes()));
        if bits & t.mask == 0 {
            return;
        }
        for i in split..end {
            let Some(&op) = self.dfa.ops.get(i) else {
                break;
            };
            match op {
                Op::Count { .. } | Op::Probe { .. } => {}
                Op::Attrs { node, rel } => {
                    if let Some(base) = self.base(rel) {
                        self.attrs(node as usize, base, n);
                    }
                }
                Op::Deferred { from, edge, rel } => {
                    let trie: &'t [TrieNode] = self.trie;
                    let Some(e) = trie
                        .get(from as usize)
                        .and_then(|t| t.wild.get(edge as usize))
                    else {
                        continue;
                    };
                    if self.has_wanted_attr(e.to, n) && e.step.accepts(&self.keys, n) {
                        if let Some(base) = self.base(rel) {
                            self.attrs(e.to, base, n);
                        }
                    }
                }
            }
        }
    }

    /// The context element `n` opens by the plan of its cache entry `e`:
    /// the first that is certain or whose alternatives match at `n` (as
    /// [`first_context`], whose candidates the plan narrows down by name).
    fn planned_context(&self, e: u32, n: Node<'a, 'i>) -> Option<usize> {
        let contexts = self.contexts;
        self.dfa
            .plan(e)
            .iter()
            .find(|&&(ci, definite)| {
                definite
                    || contexts
                        .get(ci as usize)
                        .is_some_and(|c| c.alts.iter().any(|alt| matches_at(&self.keys, alt, n)))
            })
            .map(|&(ci, _)| ci as usize)
    }

    /// The first counter of the open context `rel` places from the innermost.
    #[inline]
    fn base(&self, rel: u16) -> Option<usize> {
        let i = self.bases.len().checked_sub(usize::from(rel) + 1)?;
        self.bases.get(i).copied()
    }

    /// Closes element `node` (the last opened and not closed).
    fn close(&mut self, node: Node<'a, 'i>, out: &mut Vec<Finding>) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        let contexts: &'t [Context] = self.contexts;
        if let Some(ctx) = f.context.and_then(|ci| contexts.get(ci as usize)) {
            let start = f.counter_start;
            let mut fired: Vec<&'static str> = Vec::new();
            // Rows with something counted (each has a `seen` entry, added
            // since the context opened), in row order, then rows that can
            // break with nothing counted.
            let mut counted = std::mem::take(&mut self.touched);
            counted.clear();
            for (i, s) in self.seen.iter().enumerate().skip(f.seen_start) {
                if s.counter >= start {
                    counted.push((s.counter - start, Some(i)));
                }
            }
            // `max` and `one` rows keep no `seen` entry: those whose count
            // breaks the limit join here (a count of 0 for `one` is in `zero`).
            for &k in ctx.limits.iter() {
                let k = usize::from(k);
                let count = self.counts.get(start + k).copied().unwrap_or(0);
                let broken = match self.rows.get(ctx.rows.start + k).map(|r| r.kind) {
                    Some(Kind::Max(n)) => count > n,
                    Some(Kind::One) => count > 1,
                    _ => false,
                };
                if broken {
                    counted.push((k, None));
                }
            }
            if counted.len() > 1 {
                counted.sort_unstable();
                // An attribute target of a `max` row counts with a `seen` entry too.
                counted.dedup_by_key(|c| c.0);
            }
            let zero = ctx
                .zero
                .iter()
                .map(|&k| usize::from(k))
                .filter(|&k| self.counts.get(start + k) == Some(&0))
                .map(|k| (k, None));
            for (k, seen) in counted.iter().copied().chain(zero) {
                let Some(row) = self.rows.get(ctx.rows.start + k) else {
                    continue;
                };
                if !fired.is_empty() && fired.contains(&row.id.as_str()) {
                    // Two rows of one rule on one context node: report the rule once.
                    continue;
                }
                let count = self.counts.get(start + k).copied().unwrap_or(0);
                let kept = match row.kind {
                    Kind::Max(n) => count <= n,
                    Kind::One => count == 1,
                    Kind::Required => count > 0,
                    _ => false,
                };
                if kept {
                    // A count the row allows: `judge` would say so.
                    continue;
                }
                let seen = seen.and_then(|i| self.seen.get(i));
                let first = seen.map(|s| s.first);
                let values = seen.and_then(|s| s.values.as_ref());
                let counters = self.counts.get(start..).unwrap_or(&[]);
                if let Some((at, message)) =
                    super::judge(&self.keys, row, k, node, count, first, values, counters)
                {
                    Emit::new(row.id.as_str(), row.flag, out).at(at, message);
                    fired.push(row.id.as_str());
                }
            }
            // Drop this context's entries (the others belong to enclosing
            // contexts, whose counters lie before `start`).
            if !counted.is_empty() {
                let mut i = f.seen_start;
                while let Some(s) = self.seen.get(i) {
                    if s.counter >= start {
                        self.seen.swap_remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
            self.touched = counted;
        }
        self.counts.truncate(f.counter_start);
        if f.based {
            self.bases.pop();
        }
    }

    /// Whether every context an element of symbol `sym` may open counts only
    /// attributes of that element (`Table::quiet`): then an element without
    /// attributes need not be matched against them.
    fn attrs_only(&self, sym: Option<u16>) -> bool {
        match sym {
            Some(sym) => self.quiet.get(usize::from(sym)).copied().unwrap_or(false),
            None => self.table.wild_quiet,
        }
    }

    /// Counts the attributes of `n` that are targets at trie node `node`.
    fn attrs(&mut self, node: usize, base: usize, n: Node<'a, 'i>) {
        let trie: &'t [TrieNode] = self.trie;
        let Some(t) = trie.get(node) else {
            return;
        };
        if t.attr_mask == 0 {
            return;
        }
        // Elements carry few attributes and nodes want few: compare each pair
        // the mask lets through.
        for attr in n.attributes() {
            let name = attr.name();
            if !t.may_want(name) || attr.namespace().is_some() {
                continue;
            }
            for &(w, off) in t.attrs.iter() {
                if w.as_bytes() == name.as_bytes() {
                    self.count(base + usize::from(off), n, Kind::Absent);
                }
            }
        }
    }

    /// Counts `n` for counter `idx`; keeps the first node and, for `same`, the values.
    fn count(&mut self, idx: usize, n: Node<'a, 'i>, kind: Kind) {
        let Some(c) = self.counts.get_mut(idx) else {
            return;
        };
        *c += 1;
        let same = matches!(kind, Kind::Same | Kind::SameNorm);
        // Only `absent` (where) and `same` (values) rows need more than the
        // count; `max` and `one` are judged from it (`Context::limits`).
        if (*c > 1 && !same) || matches!(kind, Kind::Max(_) | Kind::One | Kind::Required) {
            return;
        }
        let value = same.then(|| {
            let v = string_value(n);
            if kind == Kind::SameNorm {
                crate::rules::xpath::normalize_space(&v).into_owned()
            } else {
                v.into_owned()
            }
        });
        // A counter at 1 was 0 until now, and a counter at 0 has no entry (a
        // context's entries go when it closes): only a repeated `same`
        // target looks for its entry.
        let entry = if *c == 1 {
            None
        } else {
            self.seen.iter_mut().find(|s| s.counter == idx)
        };
        match entry {
            None => self.seen.push(Seen {
                counter: idx,
                first: n,
                values: value.map(|v| (v, None)),
            }),
            Some(s) => {
                if let (Some((a, b)), Some(v)) = (&mut s.values, value) {
                    if b.is_none() && *a != v {
                        *b = Some(v);
                    }
                }
            }
        }
    }

    /// Whether `n` has an attribute that trie node `node` counts (cheap pre-check
    /// before the filters of an edge that leads only to attributes).
    fn has_wanted_attr(&self, node: usize, n: Node<'a, 'i>) -> bool {
        let Some(t) = self.trie.get(node) else {
            return false;
        };
        n.attributes().any(|a| {
            let name = a.name();
            t.may_want(name)
                && a.namespace().is_none()
                && t.attrs.iter().any(|(w, _)| w.as_bytes() == name.as_bytes())
        })
    }
}

/// The first context (lowest rule position) that element `n` matches.
pub(crate) fn first_context(
    table: &Table,
    k: &Keys<'_>,
    n: Node<'_, '_>,
    sym: Option<u16>,
) -> Option<usize> {
    // Contexts are numbered in rule order, so the first that matches wins.
    let list = match sym {
        Some(sym) => table
            .candidates
            .get(usize::from(sym))
            .map_or(&[][..], |l| &l[..]),
        // A name the table never mentions can still pass a wildcard context.
        None => &table.wild,
    };
    list.iter().copied().find(|&ci| {
        table.contexts[ci]
            .alts
            .iter()
            .any(|alt| matches_at(k, alt, n))
    })
}

/// Whether element `n` is selected by the context alternative `alt` (matched
/// from the element up its ancestors, as an XSLT match pattern).
fn matches_at(k: &Keys<'_>, alt: &super::notation::Path, n: Node<'_, '_>) -> bool {
    let mut cur = Some(n);
    for step in alt.steps.iter().rev() {
        let Some(c) = cur else {
            return false;
        };
        if !step.accepts(k, c) {
            return false;
        }
        cur = c.parent();
    }
    !alt.absolute || cur.is_some_and(|c| c.is_root())
}
