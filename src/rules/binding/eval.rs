//! Evaluation of the compiled notation ([`super::notation`]) around one node:
//! name tests, steps, paths and conditions. Evaluation is iterative and
//! bounded by the steps of the table, never by the depth of the document,
//! except `ancestor::` which walks up parent links.

use std::borrow::Cow;

use crate::xml::Node;

use super::notation::{Atom, Axis, Expr, Func, NameTest, Path, Rhs, Step};

impl NameTest {
    /// Whether element `n` passes the test.
    pub(crate) fn matches(&self, n: Node<'_, '_>) -> bool {
        if !n.is_element() {
            return false;
        }
        let tag = n.tag_name();
        match self {
            NameTest::Any => true,
            NameTest::Name { ns, local } => {
                tag.name() == *local && tag.namespace().is_some_and(|t| *ns == t)
            }
            NameTest::Suffix { ns, suffix } => {
                tag.name().as_bytes().ends_with(suffix.as_bytes())
                    && ns.is_none_or(|ns| tag.namespace().is_some_and(|t| ns == t))
            }
        }
    }
}

impl Step {
    /// [`Step::accepts`] for an element whose local name is already known to
    /// be this step's (a trie edge indexed by name, `table::TrieNode::named`,
    /// has exactly one name test): only the namespace and the filters are left.
    pub(crate) fn accepts_named(&self, n: Node<'_, '_>) -> bool {
        match &*self.tests {
            [NameTest::Name { ns, .. }] if n.is_element() => {
                n.tag_name().namespace().is_some_and(|t| *ns == t)
                    && self.filters.iter().all(|f| f.holds(n))
            }
            _ => self.accepts(n),
        }
    }

    /// Whether `n` passes the name tests and filters (the axis is the caller's business).
    pub(crate) fn accepts(&self, n: Node<'_, '_>) -> bool {
        if !(n.is_element() || (self.axis == Axis::Parent && n.is_root())) {
            return false;
        }
        if n.is_element() && !self.tests.iter().any(|t| t.matches(n)) {
            return false;
        }
        if n.is_root() && !self.tests.contains(&NameTest::Any) {
            return false;
        }
        self.filters.iter().all(|f| f.holds(n))
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
    pub(crate) fn eval<'a, 'i>(&self, start: Node<'a, 'i>) -> Vec<Item<'a, 'i>> {
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
                    Axis::Child => next.extend(n.children().filter(|c| step.accepts(*c))),
                    Axis::Parent => next.extend(n.parent().filter(|p| step.accepts(*p))),
                    Axis::SelfNode => {
                        if step.accepts(n) {
                            next.push(n);
                        }
                    }
                    Axis::Ancestor => {
                        next.extend(n.ancestors().skip(1).filter(|a| step.accepts(*a)))
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
    pub(crate) fn exists(&self, start: Node<'_, '_>) -> bool {
        // Fast path without allocation for `self::x` tests (context filters).
        if let ([step], None, false) = (&*self.steps, self.attr, self.absolute) {
            if step.axis == Axis::SelfNode {
                return step.accepts(start);
            }
        }
        if !self.deep && self.steps.iter().all(|s| s.axis == Axis::Child) {
            return self.exists_child_path(start);
        }
        !self.eval(start).is_empty()
    }

    /// `exists()` of a path of child steps as a depth-first search that stops at
    /// the first hit. A row such as CII-DT-033 asks at every quantity whether any
    /// line's quantity has a unit; collecting every line each time would make a
    /// large invoice quadratic, the first hit is found after a few steps.
    fn exists_child_path(&self, start: Node<'_, '_>) -> bool {
        let origin = if self.absolute {
            start.document().root()
        } else {
            start
        };
        if self.steps.is_empty() {
            return self
                .attr
                .is_none_or(|a| origin.attribute(a.as_str()).is_some());
        }
        let mut stack = vec![origin.children()];
        while !stack.is_empty() {
            let depth = stack.len() - 1;
            let step = &self.steps[depth];
            let children = &mut stack[depth];
            match children.find(|c| step.accepts(*c)) {
                None => {
                    stack.pop();
                }
                Some(hit) if depth + 1 == self.steps.len() => {
                    if self
                        .attr
                        .is_none_or(|a| hit.attribute(a.as_str()).is_some())
                    {
                        return true;
                    }
                }
                Some(hit) => stack.push(hit.children()),
            }
        }
        false
    }
}

impl Expr {
    /// Whether the condition holds at `n`.
    pub(crate) fn holds(&self, n: Node<'_, '_>) -> bool {
        self.any
            .iter()
            .any(|all| all.iter().all(|(neg, atom)| atom.holds(n) != *neg))
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
    fn holds(&self, n: Node<'_, '_>) -> bool {
        match self {
            Atom::Exists(p) => p.exists(n),
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
                    Rhs::Other(p) => p.eval(n).iter().map(Item::text).collect(),
                    _ => Vec::new(),
                };
                match (prefix, func) {
                    (_, None) => path
                        .eval(n)
                        .iter()
                        .any(|l| compare(&l.text(), *ne, rhs, &rhs_items)),
                    (p, Some(_)) => {
                        let starts: Vec<Item<'_, '_>> = match p {
                            Some(p) => p.eval(n),
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
                                let first = path.eval(s).first().map(Item::text);
                                let v = apply(*func, first.as_deref().unwrap_or(""));
                                compare(&v, *ne, rhs, &rhs_items)
                            })
                    }
                }
            }
        }
    }
}
