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

use roxmltree::{Document, Node};

use super::notation::string_value;
use super::table::{Kind, Table};
use crate::rules::{Emit, Finding};

#[derive(Clone, Copy)]
struct Active {
    node: usize,
    base: usize,
    sticky: bool,
}

struct Counter<'a, 'i> {
    row: usize,
    ctx: Node<'a, 'i>,
    count: u32,
    first: Option<Node<'a, 'i>>,
    /// For `same`: the first value and, once one differs, that value.
    values: Option<Box<(String, Option<String>)>>,
}

struct Frame {
    active_start: usize,
    counter_start: usize,
}

/// Checks `doc` against `table`, appending findings to `out`.
pub(crate) fn check(table: &Table, doc: &Document<'_>, out: &mut Vec<Finding>) {
    let mut w = Walk {
        table,
        actives: Vec::with_capacity(32),
        counters: Vec::with_capacity(1024),
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
    actives: Vec<Active>,
    counters: Vec<Counter<'a, 'i>>,
    frames: Vec<Frame>,
}

impl<'a, 'i> Walk<'_, 'a, 'i> {
    fn open(&mut self, n: Node<'a, 'i>) {
        let active_start = self.actives.len();
        let counter_start = self.counters.len();
        let parent_start = self.frames.last().map_or(0, |f| f.active_start);
        let sym = self.table.symbol(n.tag_name().name());
        for ai in parent_start..active_start {
            let a = self.actives[ai];
            if a.sticky {
                self.actives.push(a);
                self.attrs(a.node, a.base, n);
            }
            self.advance(a, n, sym);
        }
        if let Some(ci) = first_context(self.table, n, sym) {
            let ctx = &self.table.contexts[ci];
            let base = self.counters.len();
            for row in ctx.rows.clone() {
                self.counters.push(Counter {
                    row,
                    ctx: n,
                    count: 0,
                    first: None,
                    values: None,
                });
            }
            let root = ctx.trie;
            self.attrs(root, base, n);
            if self.has_edges(root) {
                self.actives.push(Active {
                    node: root,
                    base,
                    sticky: false,
                });
            }
            if let Some(deep) = self.table.trie[root].deep {
                // `//` is descendant-or-self: the context element itself counts too.
                let a = Active {
                    node: deep,
                    base,
                    sticky: true,
                };
                self.actives.push(a);
                self.attrs(deep, base, n);
                self.advance(a, n, sym);
            }
        }
        self.frames.push(Frame {
            active_start,
            counter_start,
        });
    }

    fn close(&mut self, out: &mut Vec<Finding>) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        let mut last_fired: Option<&'static str> = None;
        for c in &self.counters[f.counter_start..] {
            let row = &self.table.rows[c.row];
            if c.count == 0 && matches!(row.kind, Kind::Absent | Kind::Max(_)) {
                // The common case: nothing to judge.
                continue;
            }
            if last_fired == Some(row.id) {
                // Two rows of one rule on one context node: report the rule once.
                continue;
            }
            if let Some((at, message)) =
                super::judge(row, c.ctx, c.count, c.first, c.values.as_deref())
            {
                Emit::new(row.id, row.flag, out).at(at, message);
                last_fired = Some(row.id);
            }
        }
        self.counters.truncate(f.counter_start);
        self.actives.truncate(f.active_start);
    }

    fn has_edges(&self, node: usize) -> bool {
        let t = &self.table.trie[node];
        !t.named.is_empty() || !t.wild.is_empty()
    }

    /// Follows the edges of state `a` that element `n` passes.
    fn advance(&mut self, a: Active, n: Node<'a, 'i>, sym: Option<u16>) {
        let t = &self.table.trie[a.node];
        let mut hits: [usize; 4] = [0; 4];
        let mut nh = 0;
        if let Some(sym) = sym {
            let from = t.named.partition_point(|(l, _)| *l < sym);
            for (l, e) in &t.named[from..] {
                if *l != sym {
                    break;
                }
                if e.step.accepts(n) && nh < hits.len() {
                    hits[nh] = e.to;
                    nh += 1;
                }
            }
        }
        for e in &t.wild {
            let to = &self.table.trie[e.to];
            let attrs_only = to.rows.is_empty() && to.named.is_empty() && to.wild.is_empty();
            if attrs_only && !self.has_wanted_attr(e.to, n) {
                continue;
            }
            if e.step.accepts(n) && nh < hits.len() {
                hits[nh] = e.to;
                nh += 1;
            }
        }
        for &to in &hits[..nh] {
            self.hit(to, a.base, n);
        }
    }

    fn hit(&mut self, to: usize, base: usize, n: Node<'a, 'i>) {
        let table = self.table;
        for &off in &table.trie[to].rows {
            let idx = base + usize::from(off);
            let kind = table.rows[self.counters[idx].row].kind;
            count(&mut self.counters[idx], n, kind);
        }
        self.attrs(to, base, n);
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
        let wanted = &self.table.trie[node].attrs;
        if wanted.is_empty() {
            return;
        }
        // Elements carry few attributes: look each one up in the sorted list.
        for attr in n.attributes().filter(|a| a.namespace().is_none()) {
            let name = attr.name();
            let from = wanted.partition_point(|(w, _)| *w < name);
            for &(_, off) in wanted[from..].iter().take_while(|(w, _)| *w == name) {
                let c = &mut self.counters[base + usize::from(off)];
                c.count += 1;
                c.first.get_or_insert(n);
            }
        }
    }

    /// Whether `n` has an attribute that trie node `node` counts (cheap pre-check
    /// before the filters of an edge that leads only to attributes).
    fn has_wanted_attr(&self, node: usize, n: Node<'a, 'i>) -> bool {
        let wanted = &self.table.trie[node].attrs;
        n.attributes()
            .filter(|a| a.namespace().is_none())
            .any(|a| wanted.binary_search_by(|(w, _)| (*w).cmp(a.name())).is_ok())
    }
}

/// The first context (lowest rule position) that element `n` matches.
pub(crate) fn first_context(table: &Table, n: Node<'_, '_>, sym: Option<u16>) -> Option<usize> {
    let by = &table.by_local;
    let exact = match sym {
        Some(sym) => {
            let from = by.partition_point(|(l, _)| *l < sym);
            let to = from + by[from..].iter().take_while(|(l, _)| *l == sym).count();
            &by[from..to]
        }
        None => &by[..0],
    };
    let exact = exact.iter().map(|(_, c)| *c);
    let mut best: Option<usize> = None;
    for ci in exact.chain(table.wild.iter().copied()) {
        if best.is_some_and(|b| b <= ci) {
            continue;
        }
        if table.contexts[ci].alts.iter().any(|alt| matches_at(alt, n)) {
            best = Some(ci);
        }
    }
    best
}

fn count<'a, 'i>(c: &mut Counter<'a, 'i>, n: Node<'a, 'i>, kind: Kind) {
    c.count += 1;
    c.first.get_or_insert(n);
    if matches!(kind, Kind::Same | Kind::SameNorm) {
        let mut v = string_value(n);
        if kind == Kind::SameNorm {
            v = crate::rules::xpath::normalize_space(&v).into_owned();
        }
        match &mut c.values {
            None => c.values = Some(Box::new((v, None))),
            Some(b) => {
                if b.1.is_none() && b.0 != v {
                    b.1 = Some(v);
                }
            }
        }
    }
}

/// Whether element `n` is selected by the context alternative `alt` (matched
/// from the element up its ancestors, as an XSLT match pattern).
fn matches_at(alt: &super::notation::Path, n: Node<'_, '_>) -> bool {
    let mut cur = Some(n);
    for step in alt.steps.iter().rev() {
        let Some(c) = cur else {
            return false;
        };
        if !step.accepts(c) {
            return false;
        }
        cur = c.parent();
    }
    !alt.absolute || cur.is_some_and(|c| c.is_root())
}
