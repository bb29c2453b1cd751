//! The path and condition notation of the binding tables (`schemas/binding/*.tsv`,
//! described in `schemas/binding/README.md`): parsing it once into [`Path`] and
//! [`Expr`], and evaluating conditions locally around one node.
//!
//! The notation is a deliberately small subset of what XPath can say: child,
//! parent (`..`), `self::` and `ancestor::` steps, name tests with a suffix
//! wildcard (`ram:*ID`, `*Amount`), step filters `[...]`, a final `@attribute`,
//! comparisons with literals, booleans or another path, and conditions in
//! disjunctive normal form (` | ` between alternatives, ` & ` inside one).
//! Evaluation is iterative and bounded by the steps of the table, never by the
//! depth of the document, except `ancestor::` which walks up parent links.

use roxmltree::Node;

/// A name test of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameTest {
    /// Any element.
    Any,
    /// Exactly this namespace URI and local name.
    Name {
        ns: &'static str,
        local: &'static str,
    },
    /// Local name ending in `suffix`, in namespace `ns` (any namespace if `None`).
    Suffix {
        ns: Option<&'static str>,
        suffix: &'static str,
    },
}

impl NameTest {
    /// Whether element `n` passes the test.
    pub(crate) fn matches(&self, n: Node<'_, '_>) -> bool {
        if !n.is_element() {
            return false;
        }
        let tag = n.tag_name();
        match self {
            NameTest::Any => true,
            NameTest::Name { ns, local } => tag.name() == *local && tag.namespace() == Some(*ns),
            NameTest::Suffix { ns, suffix } => {
                tag.name().ends_with(suffix) && ns.is_none_or(|ns| tag.namespace() == Some(ns))
            }
        }
    }

    /// The exact local name, if the test has one (used to index edges).
    pub(crate) fn local(&self) -> Option<&'static str> {
        match self {
            NameTest::Name { local, .. } => Some(local),
            _ => None,
        }
    }
}

/// The direction of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Axis {
    Child,
    Parent,
    SelfNode,
    Ancestor,
}

/// One step: axis, alternative name tests, filters that must all hold.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) axis: Axis,
    pub(crate) tests: Vec<NameTest>,
    pub(crate) filters: Vec<Expr>,
    /// The step as written, to merge equal steps of different rows.
    pub(crate) text: &'static str,
}

impl Step {
    /// [`Step::accepts`] for an element whose local name is already known to
    /// be this step's (a trie edge indexed by name, `table::TrieNode::named`,
    /// has exactly one name test): only the namespace and the filters are left.
    pub(crate) fn accepts_named(&self, n: Node<'_, '_>) -> bool {
        match self.tests.as_slice() {
            [NameTest::Name { ns, .. }] if n.is_element() => {
                n.tag_name().namespace() == Some(*ns) && self.filters.iter().all(|f| f.holds(n))
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

/// A path: steps from a start node, optionally ending in an attribute.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    /// Starts at the document (`/...`).
    pub(crate) absolute: bool,
    /// Starts with `//`: every element of the document (descendant-or-self of the root).
    pub(crate) deep: bool,
    pub(crate) steps: Vec<Step>,
    /// Final `@name` (attributes without namespace).
    pub(crate) attr: Option<&'static str>,
}

/// A value a path yields: an element or an attribute value.
#[derive(Clone, Copy)]
pub(crate) enum Item<'a, 'i> {
    Node(Node<'a, 'i>),
    Attr(&'a str),
}

impl Item<'_, '_> {
    /// The XPath string value (text of all descendant text nodes for an element).
    pub(crate) fn string(&self) -> String {
        match self {
            Item::Attr(v) => (*v).to_string(),
            Item::Node(n) => string_value(*n),
        }
    }
}

/// XPath string value of an element: all descendant text, in document order.
pub(crate) fn string_value(n: Node<'_, '_>) -> String {
    if let Some(t) = n
        .first_child()
        .filter(|c| c.is_text() && c.next_sibling().is_none())
    {
        return t.text().unwrap_or_default().to_string();
    }
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

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
                .filter_map(|n| n.attribute(a))
                .map(Item::Attr)
                .collect(),
            None => cur.into_iter().map(Item::Node).collect(),
        }
    }

    /// Whether the path selects anything from `start`.
    pub(crate) fn exists(&self, start: Node<'_, '_>) -> bool {
        // Fast path without allocation for `self::x` tests (context filters).
        if let ([step], None, false) = (self.steps.as_slice(), self.attr, self.absolute) {
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
            return self.attr.is_none_or(|a| origin.attribute(a).is_some());
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
                    if self.attr.is_none_or(|a| hit.attribute(a).is_some()) {
                        return true;
                    }
                }
                Some(hit) => stack.push(hit.children()),
            }
        }
        false
    }
}

/// A string function applied per node before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    /// `upper(...)`: upper-case.
    Upper,
    /// `norm(...)`: normalize-space.
    Norm,
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone)]
pub(crate) enum Rhs {
    /// Any of these literals.
    Values(Vec<&'static str>),
    /// An `xs:boolean` (`#true` / `#false`): the value is cast, `true`/`1` or `false`/`0`.
    Bool(bool),
    /// Another path from the same start node (`$path`).
    Path(Path),
}

/// One condition.
#[derive(Debug, Clone)]
pub(crate) enum Atom {
    /// The path selects something.
    Exists(Path),
    /// XPath general comparison: some item compares true with some value.
    Cmp {
        /// For `prefix/func(last)`: the nodes `func` is applied at (start if `None`).
        prefix: Option<Path>,
        func: Option<Func>,
        path: Path,
        ne: bool,
        rhs: Rhs,
    },
}

/// A condition in disjunctive normal form: any alternative whose atoms all hold
/// (an atom may be negated).
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub(crate) any: Vec<Vec<(bool, Atom)>>,
}

impl Expr {
    /// Whether the condition holds at `n`.
    pub(crate) fn holds(&self, n: Node<'_, '_>) -> bool {
        self.any
            .iter()
            .any(|all| all.iter().all(|(neg, atom)| atom.holds(n) != *neg))
    }
}

fn apply(func: Option<Func>, s: &str) -> String {
    match func {
        None => s.to_string(),
        Some(Func::Upper) => s.to_uppercase(),
        Some(Func::Norm) => crate::rules::xpath::normalize_space(s).into_owned(),
    }
}

fn compare(lhs: &str, ne: bool, rhs: &Rhs, rhs_items: &[String]) -> bool {
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
        Rhs::Path(_) => rhs_items.iter().any(|r| (lhs == r) != ne),
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
                let rhs_items: Vec<String> = match rhs {
                    Rhs::Path(p) => p.eval(n).iter().map(Item::string).collect(),
                    _ => Vec::new(),
                };
                let lhs: Vec<String> = match (prefix, func) {
                    (_, None) => path.eval(n).iter().map(Item::string).collect(),
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
                            .map(|s| {
                                let v = path.eval(s).first().map(Item::string).unwrap_or_default();
                                apply(*func, &v)
                            })
                            .collect()
                    }
                };
                lhs.iter().any(|l| compare(l, *ne, rhs, &rhs_items))
            }
        }
    }
}

/// Resolves a prefix used in a table to its namespace URI.
pub(crate) type Resolver = fn(&str) -> Option<&'static str>;

/// A parse error in a table: the offending text and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError(pub(crate) String);

fn err<T>(what: &str, text: &str) -> Result<T, ParseError> {
    Err(ParseError(format!("{what}: `{text}`")))
}

/// Splits `s` on `sep` where not inside brackets or parentheses.
pub(crate) fn split_top<'s>(s: &'s str, sep: &str) -> Vec<&'s str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut last = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth -= 1,
            _ => {}
        }
        if depth == 0 && s[i..].starts_with(sep) {
            out.push(&s[last..i]);
            i += sep.len();
            last = i;
            continue;
        }
        i += 1;
    }
    out.push(&s[last..]);
    out
}

fn name_test(s: &'static str, ns: Resolver) -> Result<NameTest, ParseError> {
    if s == "*" {
        return Ok(NameTest::Any);
    }
    if let Some(suffix) = s.strip_prefix('*') {
        return Ok(NameTest::Suffix { ns: None, suffix });
    }
    let Some((prefix, local)) = s.split_once(':') else {
        return err("name without prefix", s);
    };
    let Some(uri) = ns(prefix) else {
        return err("unknown prefix", s);
    };
    if let Some(suffix) = local.strip_prefix('*') {
        return Ok(NameTest::Suffix {
            ns: Some(uri),
            suffix,
        });
    }
    if local.is_empty() || !local.chars().all(|c| c.is_ascii_alphanumeric()) {
        return err("bad local name", s);
    }
    Ok(NameTest::Name { ns: uri, local })
}

fn step(s: &'static str, ns: Resolver) -> Result<Step, ParseError> {
    let text = s;
    if s == ".." {
        return Ok(Step {
            axis: Axis::Parent,
            tests: vec![NameTest::Any],
            filters: Vec::new(),
            text,
        });
    }
    if s == "." {
        return Ok(Step {
            axis: Axis::SelfNode,
            tests: vec![NameTest::Any],
            filters: Vec::new(),
            text,
        });
    }
    let (axis, rest) = if let Some(r) = s.strip_prefix("self::") {
        (Axis::SelfNode, r)
    } else if let Some(r) = s.strip_prefix("ancestor::") {
        (Axis::Ancestor, r)
    } else {
        (Axis::Child, s)
    };
    let (head, mut filters_text) = match rest.find('[') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let tests = if let Some(inner) = head.strip_prefix('(').and_then(|h| h.strip_suffix(')')) {
        inner
            .split('|')
            .map(|t| name_test(t, ns))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![name_test(head, ns)?]
    };
    let mut filters = Vec::new();
    while !filters_text.is_empty() {
        let Some(body) = filters_text.strip_prefix('[') else {
            return err("text after a filter", s);
        };
        let mut depth = 1;
        let mut end = None;
        for (i, c) in body.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return err("unclosed filter", s);
        };
        filters.push(expr(&body[..end], ns)?);
        filters_text = &body[end + 1..];
    }
    Ok(Step {
        axis,
        tests,
        filters,
        text,
    })
}

/// Parses a path of the notation.
pub(crate) fn path(s: &'static str, ns: Resolver) -> Result<Path, ParseError> {
    let s = s.trim();
    let (absolute, deep, body) = if let Some(b) = s.strip_prefix("//") {
        (true, true, b)
    } else if let Some(b) = s.strip_prefix('/') {
        (true, false, b)
    } else {
        (false, false, s)
    };
    let mut steps = Vec::new();
    let mut attr = None;
    if body == "." {
        return Ok(Path {
            absolute,
            deep,
            steps,
            attr,
        });
    }
    let parts = split_top(body, "/");
    let n = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        if let Some(a) = p.strip_prefix('@') {
            if i + 1 != n || a.is_empty() {
                return err("attribute not at the end", s);
            }
            attr = Some(a);
        } else if p.is_empty() {
            return err("empty step", s);
        } else {
            steps.push(step(p, ns)?);
        }
    }
    Ok(Path {
        absolute,
        deep,
        steps,
        attr,
    })
}

fn atom(s: &'static str, ns: Resolver) -> Result<Atom, ParseError> {
    // The operator is the first `=` outside brackets (`!=` if preceded by `!`).
    let mut depth = 0;
    let mut op = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            '=' if depth == 0 => {
                op = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(eq) = op else {
        return Ok(Atom::Exists(path(s, ns)?));
    };
    let ne = eq > 0 && s.as_bytes()[eq - 1] == b'!';
    let lhs = if ne { &s[..eq - 1] } else { &s[..eq] };
    let rhs_text = &s[eq + 1..];
    let rhs = if let Some(p) = rhs_text.strip_prefix('$') {
        Rhs::Path(path(p, ns)?)
    } else if rhs_text == "#true" || rhs_text == "#false" {
        Rhs::Bool(rhs_text == "#true")
    } else {
        Rhs::Values(rhs_text.split(',').collect())
    };
    // `prefix/func(last)` or `func(last)`.
    let parts = split_top(lhs, "/");
    let last = parts.last().copied().unwrap_or_default();
    let func = if last.starts_with("upper(") {
        Some((Func::Upper, "upper("))
    } else if last.starts_with("norm(") {
        Some((Func::Norm, "norm("))
    } else {
        None
    };
    match func {
        None => Ok(Atom::Cmp {
            prefix: None,
            func: None,
            path: path(lhs, ns)?,
            ne,
            rhs,
        }),
        Some((f, open)) => {
            let Some(inner) = last.strip_prefix(open).and_then(|l| l.strip_suffix(')')) else {
                return err("bad function call", s);
            };
            let prefix = if parts.len() > 1 {
                Some(path(&lhs[..lhs.len() - last.len() - 1], ns)?)
            } else {
                None
            };
            Ok(Atom::Cmp {
                prefix,
                func: Some(f),
                path: path(inner, ns)?,
                ne,
                rhs,
            })
        }
    }
}

/// Parses a condition: alternatives separated by ` | `, atoms by ` & `, `!` negates.
pub(crate) fn expr(s: &'static str, ns: Resolver) -> Result<Expr, ParseError> {
    let mut any = Vec::new();
    for alt in split_top(s, " | ") {
        let mut all = Vec::new();
        for a in split_top(alt, " & ") {
            let a = a.trim();
            let (neg, body) = match a.strip_prefix('!') {
                Some(b) => (true, b),
                None => (false, a),
            };
            if body.is_empty() {
                return err("empty condition", s);
            }
            all.push((neg, atom(body, ns)?));
        }
        any.push(all);
    }
    Ok(Expr { any })
}
