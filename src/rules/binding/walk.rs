//! The one walk over a document that checks every binding row.
//!
//! The walk is iterative (pre-order with an explicit close per element) and keeps two
//! stacks: *counters* (one per row of every context node currently open) and
//! *active trie states* (how far each open context's target paths have been
//! followed). An element advances the states of its parent; a state that
//! reaches the end of a target path counts the element (or its attribute) for
//! that row. When a context node closes, its rows are judged from the counts.
//!
//! Schematron semantics kept: within one pattern a node is handled only by the
//! first rule whose context matches it, so an element opens at most one
//! context (the one of lowest rule position). Both tables come from one
//! pattern each. A `//` target (only allowed on the root context) stays
//! active in every descendant.
//!
//! Names are compared as numbers: [`Keys`] gives each element its key
//! (namespace index and symbol of the local name in the table) once per walk,
//! a trie state skips an element whose symbol none of its edges has (a bit
//! mask per trie node), and closing a context judges only the rows that
//! counted something (they have a `seen` entry) and the rows listed in
//! `Context::zero`, and not those whose count the row allows.
//!
//! What keeps the common element cheap: most contexts that match nearly
//! everywhere (`ram:*ID`, `*Amount`, ...) only count attributes of the
//! context element (`Context::attrs_only`), so an element without attributes
//! is not matched against them at all, and one whose attributes count nothing
//! closes no context. Attribute targets are pre-checked by a mask of name
//! hashes (`TrieNode::attr_mask`), the table's lists are read as slices once
//! per walk, and conditions that start at the document (`Expr::fixed`) are
//! evaluated once per walk (see [`super::eval`]).

use crate::xml::{Document, Node};

use super::eval::{string_value, Keys};
use super::table::{Context, Edge, Kind, Row, Table, TrieNode, NO_SYMBOL};
use crate::rules::{Emit, Finding};

#[derive(Clone, Copy)]
struct Active {
    node: usize,
    base: usize,
    sticky: bool,
}

/// What was seen of one counter beyond its count (kept sparse: most counts stay 0).
struct Seen<'a, 'i> {
    counter: usize,
    first: Node<'a, 'i>,
    /// For `same`: the first value and, once one differs, that value.
    values: Option<(String, Option<String>)>,
}

struct Frame<'a, 'i> {
    active_start: usize,
    counter_start: usize,
    /// `seen` entries before this index belong to contexts opened earlier.
    seen_start: usize,
    /// The context this element opened, if any.
    context: Option<(usize, Node<'a, 'i>)>,
}

/// Checks `doc` against `table`, appending findings to `out`.
pub(crate) fn check(table: &Table, doc: &Document<'_>, out: &mut Vec<Finding>) {
    let mut w = Walk {
        table,
        trie: &table.trie,
        quiet: &table.quiet,
        contexts: &table.contexts,
        rows: &table.rows,
        keys: Keys::new(table, doc),
        actives: Vec::with_capacity(32),
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
            w.close(out);
            if n == top {
                return;
            }
            if let Some(next) = n.next_sibling_element() {
                n = next;
                break;
            }
            match n.parent_element() {
                Some(p) => n = p,
                None => return,
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
    actives: Vec<Active>,
    /// One count per row of every open context node, dense (cheap to push and scan).
    counts: Vec<u32>,
    seen: Vec<Seen<'a, 'i>>,
    /// Scratch for closing a context: (row offset, index into `seen`).
    touched: Vec<(usize, Option<usize>)>,
    frames: Vec<Frame<'a, 'i>>,
}

impl<'t, 'a, 'i> Walk<'t, 'a, 'i> {
    fn open(&mut self, n: Node<'a, 'i>) {
        let active_start = self.actives.len();
        let counter_start = self.counts.len();
        let seen_start = self.seen.len();
        let parent_start = self.frames.last().map_or(0, |f| f.active_start);
        let sym = Some(self.keys.of(n) as u16).filter(|&s| s != NO_SYMBOL);
        let has_attrs = n.attributes().next().is_some();
        for ai in parent_start..active_start {
            let Some(&a) = self.actives.get(ai) else {
                break;
            };
            if a.sticky {
                self.actives.push(a);
                if has_attrs {
                    self.attrs(a.node, a.base, n);
                }
            }
            if let Some(t) = self.trie.get(a.node).filter(|t| t.may_pass(sym, has_attrs)) {
                self.advance(t, a.base, n, sym, has_attrs);
            }
        }
        let mut context = if has_attrs || !self.attrs_only(sym) {
            first_context(self.table, &self.keys, n, sym)
        } else {
            None
        };
        if let Some(ctx) = context.and_then(|ci| self.contexts.get(ci)) {
            let base = self.counts.len();
            self.counts.resize(base + ctx.rows.len(), 0);
            let root = ctx.trie;
            self.attrs(root, base, n);
            if ctx.attrs_only {
                // Nothing counted: nothing to judge when the element closes.
                let counted = self
                    .seen
                    .get(seen_start..)
                    .is_some_and(|s| s.iter().any(|s| s.counter >= base));
                if !counted {
                    self.counts.truncate(base);
                    context = None;
                }
            } else if self.has_edges(root) {
                self.actives.push(Active {
                    node: root,
                    base,
                    sticky: false,
                });
            }
            if let Some(deep) = self.trie.get(root).and_then(|t| t.deep) {
                // `//` is descendant-or-self: the context element itself counts too.
                let a = Active {
                    node: deep,
                    base,
                    sticky: true,
                };
                self.actives.push(a);
                self.attrs(deep, base, n);
                if let Some(t) = self.trie.get(deep).filter(|t| t.may_pass(sym, has_attrs)) {
                    self.advance(t, base, n, sym, has_attrs);
                }
            }
        }
        self.frames.push(Frame {
            active_start,
            counter_start,
            seen_start,
            context: context.map(|ci| (ci, n)),
        });
    }

    fn close(&mut self, out: &mut Vec<Finding>) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        if let Some((ctx, node)) = f
            .context
            .and_then(|(ci, node)| Some((self.contexts.get(ci)?, node)))
        {
            let start = f.counter_start;
            let mut fired: Vec<&'static str> = Vec::new();
            // Rows with something counted (each has a `seen` entry, added
            // since the context opened), in row order, then rows that can
            // break with nothing counted.
            let mut counted = std::mem::take(&mut self.touched);
            counted.clear();
            counted.extend(
                self.seen
                    .iter()
                    .enumerate()
                    .skip(f.seen_start)
                    .filter(|(_, s)| s.counter >= start)
                    .map(|(i, s)| (s.counter - start, Some(i))),
            );
            counted.sort_unstable();
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
                if let Some((at, message)) =
                    super::judge(&self.keys, row, node, count, first, values)
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
        self.actives.truncate(f.active_start);
    }

    fn has_edges(&self, node: usize) -> bool {
        self.trie.get(node).is_some_and(|t| t.has_edges)
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

    /// Follows the edges of trie node `t` (of a state whose counters start at
    /// `base`) that element `n` passes.
    fn advance(
        &mut self,
        t: &'t TrieNode,
        base: usize,
        n: Node<'a, 'i>,
        sym: Option<u16>,
        has_attrs: bool,
    ) {
        // The table outlives the walk, so its edges can be read while `self` changes.
        let trie: &'t [TrieNode] = self.trie;
        if let Some(sym) = sym {
            let named: &'t [(u16, Edge)] = &t.named;
            // Most nodes have a few edges: a scan beats a binary search.
            let from = if named.len() <= 8 {
                named
                    .iter()
                    .position(|(l, _)| *l >= sym)
                    .unwrap_or(named.len())
            } else {
                named.partition_point(|(l, _)| *l < sym)
            };
            let key = self.keys.of(n);
            let same = named.get(from..).unwrap_or(&[]);
            for (_, e) in same.iter().take_while(|(l, _)| *l == sym) {
                if e.step.accepts_key(key, &self.keys, n) {
                    self.hit(e.to, base, n, has_attrs);
                }
            }
        }
        if !has_attrs && t.wild_attrs_only {
            // Every wild edge leads only to attributes.
            return;
        }
        for e in &t.wild {
            let Some(to) = trie.get(e.to) else {
                continue;
            };
            if to.attrs_only && (!has_attrs || !self.has_wanted_attr(e.to, n)) {
                continue;
            }
            if e.step.accepts(&self.keys, n) {
                self.hit(e.to, base, n, has_attrs);
            }
        }
    }

    fn hit(&mut self, to: usize, base: usize, n: Node<'a, 'i>, has_attrs: bool) {
        let trie: &'t [TrieNode] = self.trie;
        let Some(t) = trie.get(to) else {
            return;
        };
        for &(off, kind) in &t.rows {
            self.count(base + usize::from(off), n, kind);
        }
        if has_attrs {
            self.attrs(to, base, n);
        }
        if self.has_edges(to) {
            self.actives.push(Active {
                node: to,
                base,
                sticky: false,
            });
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
        if *c > 1 && !same {
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
