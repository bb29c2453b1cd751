//! Evaluation of the compiled notation ([`super::notation`]) around one node:
//! name tests, steps, paths and conditions. Evaluation is iterative and
//! bounded by the steps of the table, never by the depth of the document,
//! except `ancestor::` which walks up parent links.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use crate::xml::{Document, Node};

use super::notation::{Atom, Axis, Expr, Func, NameTest, Path, Rhs, Shape, Step};
use super::table::{key, Table, ANY_NS, NOT_ELEMENT, NO_NS, NO_PROBE, NO_SYMBOL};

/// Every element's name as the table's number (`super::table::key`): the
/// namespace of each of the document's namespace indices is looked up in the
/// table once per walk (`Node::name_numbers`), the local name maps through
/// `Table::by_dom`, so a key costs two array reads and name tests compare
/// integers instead of local names and URIs.
pub(crate) struct Keys<'t> {
    table: &'t Table,
    /// Per namespace index of the document (the first [`NS_SLOTS`]): the
    /// table's index of that namespace, [`NS_UNSET`] until first asked.
    ns: [Cell<u16>; NS_SLOTS],
    /// Values of the document-wide conditions ([`Expr::fixed`]) evaluated so
    /// far, by the condition's address in the table.
    fixed: RefCell<Vec<(*const Expr, bool)>>,
}

/// Namespace indices of a document mapped without a search (invoices use a
/// handful; the others are looked up per element).
const NS_SLOTS: usize = 16;
/// A namespace index not looked up yet.
const NS_UNSET: u16 = u16::MAX;

impl<'t> Keys<'t> {
    /// Keys of the nodes of `doc` under `table`'s numbering.
    pub(crate) fn new(table: &'t Table, _doc: &Document<'_>) -> Keys<'t> {
        Keys {
            table,
            ns: [const { Cell::new(NS_UNSET) }; NS_SLOTS],
            fixed: RefCell::new(Vec::new()),
        }
    }

    /// The key of `n` ([`NOT_ELEMENT`] for other nodes).
    #[inline]
    pub(crate) fn of(&self, n: Node<'_, '_>) -> u32 {
        let Some((dns, s)) = n.name_numbers() else {
            return NOT_ELEMENT;
        };
        let ns = match self.ns.get(usize::from(dns)).map(Cell::get) {
            Some(i) if i != NS_UNSET => i as u8,
            _ => self.namespace(n, dns),
        };
        // The DOM's symbol maps to the table's (see `Table::by_dom`); a name
        // outside the DOM vocabulary, or a table without the map, is looked up.
        let sym = match self.table.by_dom.get(usize::from(s)) {
            Some(&t) if s != crate::xml::symbols::NONE => t,
            _ => self.by_name(n),
        };
        key(ns, sym)
    }

    /// The table's symbol of `n`'s local name, by name (kept out of line:
    /// only names outside the DOM vocabulary, or tables built by tests).
    #[inline(never)]
    fn by_name(&self, n: Node<'_, '_>) -> u16 {
        self.table.symbol(n.tag_name().name()).unwrap_or(NO_SYMBOL)
    }

    /// The table's index of the namespace of element `n` (whose document
    /// index is `dns`), remembered for the first [`NS_SLOTS`] indices.
    #[inline(never)]
    fn namespace(&self, n: Node<'_, '_>, dns: u16) -> u8 {
        let i = match n.tag_name().namespace() {
            None => NO_NS,
            Some(uri) => self
                .table
                .ns
                .iter()
                .position(|u| *u == uri)
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(NO_NS),
        };
        if let Some(slot) = self.ns.get(usize::from(dns)) {
            slot.set(u16::from(i));
        }
        i
    }
}

impl NameTest {
    /// Whether element `n` passes the test.
    #[inline]
    pub(crate) fn matches(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        let key = k.of(n);
        match self {
            NameTest::Any => key != NOT_ELEMENT,
            NameTest::Name { key: want, .. } => key == *want,
            NameTest::Suffix {
                ns_index, suffix, ..
            } => {
                key != NOT_ELEMENT
                    && (*ns_index == ANY_NS || key >> 16 == *ns_index)
                    && n.tag_name().name().as_bytes().ends_with(suffix.as_bytes())
            }
        }
    }
}

impl Step {
    /// [`Step::accepts`] for an element `n` of key `key` whose local name is
    /// already known to be this step's (a trie edge indexed by name,
    /// `table::TrieNode::named`, has exactly one name test): only the
    /// namespace and the filters are left.
    #[inline]
    pub(crate) fn accepts_key(&self, key: u32, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        match self.single {
            Some(want) => key == want && (self.plain || self.filters.iter().all(|f| f.holds(k, n))),
            None => self.accepts(k, n),
        }
    }

    /// Whether `n` passes the name tests and filters (the axis is the caller's business).
    #[inline]
    pub(crate) fn accepts(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        // Most steps are one exact name without filters: one comparison.
        if let (Some(key), true) = (self.single, self.plain) {
            return k.of(n) == key;
        }
        self.accepts_any(k, n)
    }

    /// [`Step::accepts`] for any step.
    fn accepts_any(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        if n.is_element() {
            if !self.tests.iter().any(|t| t.matches(k, n)) {
                return false;
            }
        } else if !(self.axis == Axis::Parent && n.is_root() && self.tests.contains(&NameTest::Any))
        {
            return false;
        }
        self.filters.iter().all(|f| f.holds(k, n))
    }
}

/// A value a path yields: an element or an attribute value.
#[derive(Clone, Copy)]
pub(crate) enum Item<'a, 'i> {
    Node(Node<'a, 'i>),
    Attr(&'a str),
}

impl<'a> Item<'a, '_> {
    /// The XPath string value (text of all descendant text nodes for an
    /// element), borrowed from the document where it is one text node.
    pub(crate) fn text(&self) -> Cow<'a, str> {
        match self {
            Item::Attr(v) => Cow::Borrowed(v),
            Item::Node(n) => string_value(*n),
        }
    }
}

/// XPath string value of an element (the model's: borrowed when the element
/// has a single text child).
pub(crate) use crate::model::string_value;

impl Path {
    /// The items this path selects from `start`, in document order per step.
    pub(crate) fn eval<'a, 'i>(&self, k: &Keys<'_>, start: Node<'a, 'i>) -> Vec<Item<'a, 'i>> {
        let mut cur: Vec<Node<'a, 'i>> = if self.deep {
            start
                .document()
                .root()
                .descendants()
                .filter(|n| n.is_element())
                .collect()
        } else if self.absolute {
            vec![start.document().root()]
        } else {
            vec![start]
        };
        for step in &self.steps {
            let mut next = Vec::new();
            for n in cur {
                match step.axis {
                    Axis::Child => next.extend(n.children().filter(|c| step.accepts(k, *c))),
                    Axis::Parent => next.extend(n.parent().filter(|p| step.accepts(k, *p))),
                    Axis::SelfNode => {
                        if step.accepts(k, n) {
                            next.push(n);
                        }
                    }
                    Axis::Ancestor => {
                        next.extend(n.ancestors().skip(1).filter(|a| step.accepts(k, *a)))
                    }
                }
            }
            cur = next;
            if cur.is_empty() {
                return Vec::new();
            }
        }
        match self.attr {
            Some(a) => cur
                .iter()
                .filter_map(|n| n.attribute(a.as_str()))
                .map(Item::Attr)
                .collect(),
            None => cur.into_iter().map(Item::Node).collect(),
        }
    }

    /// Whether the path selects anything from `start`.
    pub(crate) fn exists(&self, k: &Keys<'_>, start: Node<'_, '_>) -> bool {
        match self.shape {
            // Without allocation: `self::x` tests (context filters).
            Shape::SelfTest => self.steps.first().is_some_and(|s| s.accepts(k, start)),
            Shape::ChildSteps => self.exists_child_path(k, start),
            // `ancestor::X/...` (as in UBL-DT-01's filter on every amount): the
            // child steps searched from each ancestor that passes `X`.
            Shape::AncestorSteps => {
                let Some((first, rest)) = self.steps.split_first() else {
                    return false;
                };
                start.ancestors().skip(1).any(|a| {
                    first.accepts(k, a)
                        && any_child(rest, self.attr.map(|s| s.as_str()), k, a, |_| true)
                })
            }
            Shape::AnySteps => !self.eval(k, start).is_empty(),
        }
    }

    /// Whether `any_child` can evaluate the path: child steps only, not `//`.
    fn child_only(&self) -> bool {
        self.shape == Shape::ChildSteps
    }

    /// `exists()` of a path of child steps as a depth-first search that stops at
    /// the first hit. A row such as CII-DT-033 asks at every quantity whether any
    /// line's quantity has a unit; collecting every line each time would make a
    /// large invoice quadratic, the first hit is found after a few steps.
    fn exists_child_path(&self, k: &Keys<'_>, start: Node<'_, '_>) -> bool {
        self.any_child(k, start, |_| true)
    }

    /// Whether some item the path (of child steps: [`Path::child_only`])
    /// selects from `start` passes `f` (see [`any_child`]).
    fn any_child<'a, 'i>(
        &self,
        k: &Keys<'_>,
        start: Node<'a, 'i>,
        f: impl FnMut(Item<'a, 'i>) -> bool,
    ) -> bool {
        let origin = if self.absolute {
            start.document().root()
        } else {
            start
        };
        any_child(&self.steps, self.attr.map(|s| s.as_str()), k, origin, f)
    }
}

/// Whether some item that the child steps `steps` (and a final attribute
/// `attr`) select from `origin` passes `f`: a depth-first search in document
/// order that stops at the first item passing, and allocates nothing.
fn any_child<'a, 'i>(
    steps: &[Step],
    attr: Option<&str>,
    k: &Keys<'_>,
    origin: Node<'a, 'i>,
    mut f: impl FnMut(Item<'a, 'i>) -> bool,
) -> bool {
    let mut at_end = |n: Node<'a, 'i>| match attr {
        Some(a) => n.attribute(a).is_some_and(|v| f(Item::Attr(v))),
        None => f(Item::Node(n)),
    };
    let first = match steps {
        [] => return at_end(origin),
        [step] => {
            // One step (most conditions, such as `ram:TypeCode=VAT`): a scan
            // of the children, no stack.
            let mut next = origin.first_element_child();
            while let Some(c) = next {
                next = c.next_sibling_element();
                if step.accepts(k, c) && at_end(c) {
                    return true;
                }
            }
            return false;
        }
        _ => origin.first_element_child(),
    };
    // The table's paths are short: the stack lives on the machine stack.
    const DEPTH: usize = 8;
    if steps.len() > DEPTH {
        // Deeper than any path of the tables: collected step by step instead.
        let mut cur = vec![origin];
        for step in steps {
            cur = cur
                .iter()
                .flat_map(|n| n.children())
                .filter(|c| step.accepts(k, *c))
                .collect();
        }
        return cur.into_iter().any(at_end);
    }
    // Per depth, the next child element to try: only elements pass a child
    // step, so text between them is skipped without a look.
    let mut stack: [Option<Node<'a, 'i>>; DEPTH] = [None; DEPTH];
    stack[0] = first;
    let mut len = 1;
    while len > 0 {
        let depth = len - 1;
        let (Some(step), Some(next)) = (steps.get(depth), stack.get_mut(depth)) else {
            return false;
        };
        let mut hit = None;
        while let Some(c) = *next {
            *next = c.next_sibling_element();
            if step.accepts(k, c) {
                hit = Some(c);
                break;
            }
        }
        match hit {
            None => len -= 1,
            Some(hit) if depth + 1 == steps.len() => {
                if at_end(hit) {
                    return true;
                }
            }
            Some(hit) => {
                if let Some(slot) = stack.get_mut(len) {
                    *slot = hit.first_element_child();
                    len += 1;
                }
            }
        }
    }
    false
}

impl Expr {
    /// Whether the condition holds at `n`.
    pub(crate) fn holds(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        if !self.fixed {
            return self.eval(k, n);
        }
        // A document-wide condition (such as CII-DT-033's exception, asked at
        // every quantity) is evaluated once per walk.
        let me = std::ptr::from_ref(self);
        let known = k.fixed.borrow().iter().find(|(e, _)| *e == me).map(|e| e.1);
        known.unwrap_or_else(|| {
            let v = self.eval(k, n);
            k.fixed.borrow_mut().push((me, v));
            v
        })
    }

    /// [`Expr::holds`] at a context node with the probe counters of its
    /// atoms (`probes`, per atom in order, see `table::Row::assert_probes`)
    /// and the context's counters: an atom whose probe counted nothing is
    /// false, an existence test of elements whose probe counted something is
    /// true; only the others search the document.
    ///
    /// `own` is the row's own counter and the first node it counted: an
    /// atom whose probe is that counter (its path is the row's target,
    /// `parse::probes`) and which counted one node is decided on that node.
    pub(crate) fn holds_probed(
        &self,
        k: &Keys<'_>,
        n: Node<'_, '_>,
        probes: &[u16],
        counters: &[u32],
        own: Option<(u16, Node<'_, '_>)>,
    ) -> bool {
        if probes.is_empty() {
            return self.holds(k, n);
        }
        let mut base = 0;
        for all in self.any.iter() {
            let mut ok = true;
            for (i, (neg, atom)) in all.iter().enumerate() {
                let counted = probes
                    .get(base + i)
                    .filter(|&&p| p != NO_PROBE)
                    .and_then(|&p| counters.get(usize::from(p)));
                let only = own.filter(|(o, _)| probes.get(base + i) == Some(o));
                let v = match counted {
                    Some(0) => false,
                    Some(1) if only.is_some() => match only {
                        Some((_, node)) => atom.holds_on(node),
                        None => atom.holds(k, n),
                    },
                    Some(_) if matches!(atom, Atom::Exists(p) if p.attr.is_none()) => true,
                    _ => atom.holds(k, n),
                };
                if v == *neg {
                    ok = false;
                    break;
                }
            }
            if ok {
                return true;
            }
            base += all.len();
        }
        false
    }

    fn eval(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        self.any
            .iter()
            .any(|all| all.iter().all(|(neg, atom)| atom.holds(k, n) != *neg))
    }
}

fn apply(func: Option<Func>, s: &str) -> Cow<'_, str> {
    match func {
        None => Cow::Borrowed(s),
        Some(Func::Upper) => Cow::Owned(s.to_uppercase()),
        Some(Func::Norm) => crate::rules::xpath::normalize_space(s),
    }
}

fn compare(lhs: &str, ne: bool, rhs: &Rhs, rhs_items: &[Cow<'_, str>]) -> bool {
    match rhs {
        Rhs::Values(vs) => vs.iter().any(|v| (lhs == *v) != ne),
        Rhs::Bool(b) => {
            // Casting untyped data to xs:boolean trims whitespace; anything but
            // true/false/1/0 is a cast error, which makes a pattern not match.
            let parsed = match lhs.trim() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            };
            parsed.is_some_and(|p| (p == *b) != ne)
        }
        Rhs::Other(_) => rhs_items.iter().any(|r| (lhs == r.as_ref()) != ne),
    }
}

impl Atom {
    /// The value of an atom whose path selects exactly `node` (or its
    /// attribute): an existence test or a comparison with literals
    /// (`parse::own_ok`).
    fn holds_on(&self, node: Node<'_, '_>) -> bool {
        let (path, item) = match self {
            Atom::Exists(p) => (p, None),
            Atom::Cmp { path, ne, rhs, .. } => (path, Some((*ne, rhs))),
        };
        let value = match path.attr {
            Some(a) => match node.attribute(a.as_str()) {
                Some(v) => Cow::Borrowed(v),
                None => return false,
            },
            None => string_value(node),
        };
        item.is_none_or(|(ne, rhs)| compare(&value, ne, rhs, &[]))
    }

    fn holds(&self, k: &Keys<'_>, n: Node<'_, '_>) -> bool {
        match self {
            Atom::Exists(p) => p.exists(k, n),
            Atom::Cmp {
                prefix,
                func,
                path,
                ne,
                rhs,
            } => {
                // Values are borrowed from the document where possible; only
                // a right-hand path is collected (it is compared with every
                // left value), an empty `Vec` does not allocate.
                let rhs_items: Vec<Cow<'_, str>> = match rhs {
                    Rhs::Other(p) => p.eval(k, n).iter().map(Item::text).collect(),
                    _ => Vec::new(),
                };
                match (prefix, func) {
                    (_, None) if path.child_only() => {
                        path.any_child(k, n, |l| compare(&l.text(), *ne, rhs, &rhs_items))
                    }
                    (_, None) => path
                        .eval(k, n)
                        .iter()
                        .any(|l| compare(&l.text(), *ne, rhs, &rhs_items)),
                    (p, Some(_)) => {
                        let starts: Vec<Item<'_, '_>> = match p {
                            Some(p) => p.eval(k, n),
                            None => vec![Item::Node(n)],
                        };
                        // A string function of an empty sequence is the empty string.
                        starts
                            .iter()
                            .filter_map(|s| match s {
                                Item::Node(s) => Some(*s),
                                Item::Attr(_) => None,
                            })
                            .any(|s| {
                                let first = path.eval(k, s).first().map(Item::text);
                                let v = apply(*func, first.as_deref().unwrap_or(""));
                                compare(&v, *ne, rhs, &rhs_items)
                            })
                    }
                }
            }
        }
    }
}
