//! The parser of the binding tables (`schemas/binding/*.tsv`, notation in
//! `schemas/binding/README.md`): rows, contexts and target tries
//! ([`super::table::Table`]) and the path and condition notation
//! ([`super::notation`]). It runs in `build.rs` (which includes this file: it
//! depends only on `std`) and in the tests; the library uses the compiled
//! tables. Any malformed row is an error, which fails the build.

use std::collections::HashMap;

use super::notation::{Atom, Axis, Expr, Func, NameTest, Path, Rhs, Shape, Step};
use super::table::{
    attr_bit, key, slot, words, Context, Edge, Kind, Row, Slot, Table, TrieNode, ANY_NS, NO_NS,
    NO_PROBE, NO_SYMBOL,
};
use crate::rules::list::{List, Str};
use crate::rules::Severity;

impl NameTest {
    /// The exact local name, if the test has one (used to index edges).
    pub(crate) fn local(&self) -> Option<&'static str> {
        match self {
            NameTest::Name { local, .. } => Some(local.as_str()),
            _ => None,
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

fn name_test(s: &'static str, cx: &mut Names) -> Result<NameTest, ParseError> {
    if s == "*" {
        return Ok(NameTest::Any);
    }
    if let Some(suffix) = s.strip_prefix('*') {
        return Ok(NameTest::Suffix {
            ns: None,
            ns_index: ANY_NS,
            suffix: Str::new(suffix),
        });
    }
    let Some((prefix, local)) = s.split_once(':') else {
        return err("name without prefix", s);
    };
    let Some((uri, ns)) = cx.namespace(prefix)? else {
        return err("unknown prefix", s);
    };
    if let Some(suffix) = local.strip_prefix('*') {
        return Ok(NameTest::Suffix {
            ns: Some(Str::new(uri)),
            ns_index: u32::from(ns),
            suffix: Str::new(suffix),
        });
    }
    if local.is_empty() || !local.chars().all(|c| c.is_ascii_alphanumeric()) {
        return err("bad local name", s);
    }
    let key = key(ns, cx.symbol(local)?);
    Ok(NameTest::Name {
        ns: Str::new(uri),
        local: Str::new(local),
        key,
    })
}

fn step(s: &'static str, cx: &mut Names) -> Result<Step, ParseError> {
    if s == ".." {
        return Ok(Step::new(Axis::Parent, vec![NameTest::Any], Vec::new()));
    }
    if s == "." {
        return Ok(Step::new(Axis::SelfNode, vec![NameTest::Any], Vec::new()));
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
            .map(|t| name_test(t, cx))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![name_test(head, cx)?]
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
        filters.push(expr(&body[..end], cx)?);
        filters_text = &body[end + 1..];
    }
    Ok(Step::new(axis, tests, filters))
}

impl Step {
    fn new(axis: Axis, tests: Vec<NameTest>, filters: Vec<Expr>) -> Step {
        let single = match tests.as_slice() {
            [NameTest::Name { key, .. }] => Some(*key),
            _ => None,
        };
        Step {
            axis,
            plain: filters.is_empty(),
            single,
            tests: List::leak(tests),
            filters: List::leak(filters),
        }
    }
}

/// Parses a path of the notation.
pub(crate) fn path(s: &'static str, cx: &mut Names) -> Result<Path, ParseError> {
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
            steps: List::default(),
            attr,
            shape: shape(absolute, deep, &[], attr.is_some()),
        });
    }
    let parts = split_top(body, "/");
    let n = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        if let Some(a) = p.strip_prefix('@') {
            if i + 1 != n || a.is_empty() {
                return err("attribute not at the end", s);
            }
            attr = Some(Str::new(a));
        } else if p.is_empty() {
            return err("empty step", s);
        } else {
            steps.push(step(p, cx)?);
        }
    }
    Ok(Path {
        absolute,
        deep,
        shape: shape(absolute, deep, &steps, attr.is_some()),
        steps: List::leak(steps),
        attr,
    })
}

/// How a path is evaluated (see [`Shape`]).
fn shape(absolute: bool, deep: bool, steps: &[Step], attr: bool) -> Shape {
    let children = |s: &[Step]| s.iter().all(|s| s.axis == Axis::Child);
    match steps {
        [only] if !attr && !absolute && only.axis == Axis::SelfNode => Shape::SelfTest,
        _ if !deep && children(steps) => Shape::ChildSteps,
        [first, rest @ ..]
            if first.axis == Axis::Ancestor && !deep && !absolute && children(rest) =>
        {
            Shape::AncestorSteps
        }
        _ => Shape::AnySteps,
    }
}

fn atom(s: &'static str, cx: &mut Names) -> Result<Atom, ParseError> {
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
        return Ok(Atom::Exists(path(s, cx)?));
    };
    let ne = eq > 0 && s.as_bytes()[eq - 1] == b'!';
    let lhs = if ne { &s[..eq - 1] } else { &s[..eq] };
    let rhs_text = &s[eq + 1..];
    let rhs = if let Some(p) = rhs_text.strip_prefix('$') {
        Rhs::Other(path(p, cx)?)
    } else if rhs_text == "#true" || rhs_text == "#false" {
        Rhs::Bool(rhs_text == "#true")
    } else {
        Rhs::Values(List::leak(rhs_text.split(',').map(Str::new).collect()))
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
            path: path(lhs, cx)?,
            ne,
            rhs,
        }),
        Some((f, open)) => {
            let Some(inner) = last.strip_prefix(open).and_then(|l| l.strip_suffix(')')) else {
                return err("bad function call", s);
            };
            let prefix = if parts.len() > 1 {
                Some(path(&lhs[..lhs.len() - last.len() - 1], cx)?)
            } else {
                None
            };
            Ok(Atom::Cmp {
                prefix,
                func: Some(f),
                path: path(inner, cx)?,
                ne,
                rhs,
            })
        }
    }
}

/// Parses a condition: alternatives separated by ` | `, atoms by ` & `, `!` negates.
pub(crate) fn expr(s: &'static str, cx: &mut Names) -> Result<Expr, ParseError> {
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
            all.push((neg, atom(body, cx)?));
        }
        any.push(List::leak(all));
    }
    let fixed = any.iter().flatten().all(|(_, a)| a.fixed());
    Ok(Expr {
        any: List::leak(any),
        fixed,
    })
}

impl Path {
    /// Whether the path starts at the document, whatever node it is evaluated at.
    fn fixed(&self) -> bool {
        self.absolute || self.deep
    }
}

impl Atom {
    /// Whether the atom's value does not depend on the node it is evaluated at.
    fn fixed(&self) -> bool {
        match self {
            Atom::Exists(p) => p.fixed(),
            Atom::Cmp {
                prefix, path, rhs, ..
            } => {
                // With a prefix, `path` is evaluated at the prefix's nodes.
                prefix.as_ref().map_or(path.fixed(), Path::fixed)
                    && match rhs {
                        Rhs::Other(p) => p.fixed(),
                        Rhs::Values(_) | Rhs::Bool(_) => true,
                    }
            }
        }
    }
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "absent" => Kind::Absent,
            "one" => Kind::One,
            "required" => Kind::Required,
            "same" => Kind::Same,
            "same-norm" => Kind::SameNorm,
            "assert" => Kind::Assert,
            "date102" => Kind::Date102,
            _ => {
                if let Some(n) = s.strip_prefix("max=") {
                    Kind::Max(n.parse().ok()?)
                } else if let Some(n) = s.strip_prefix("decimals<=") {
                    Kind::Decimals(n.parse().ok()?)
                } else {
                    return None;
                }
            }
        })
    }

    /// Whether the row counts target occurrences during the walk.
    pub(crate) fn counts(self) -> bool {
        matches!(
            self,
            Kind::Absent | Kind::Max(_) | Kind::One | Kind::Required | Kind::Same | Kind::SameNorm
        )
    }
}

/// The names a table is written with, numbered while it is parsed: the
/// namespaces (by index) and the exact local names (as symbols), so that name
/// tests compare an element's key (`super::table::key`) with one integer.
pub(crate) struct Names {
    resolve: Resolver,
    uris: Vec<&'static str>,
    symbols: HashMap<&'static str, u16>,
}

impl Names {
    pub(crate) fn new(resolve: Resolver) -> Names {
        Names {
            resolve,
            uris: Vec::new(),
            symbols: HashMap::new(),
        }
    }

    /// The symbol of `local`, numbered on first use.
    fn symbol(&mut self, local: &'static str) -> Result<u16, ParseError> {
        let next = u16::try_from(self.symbols.len())
            .ok()
            .filter(|&s| s < NO_SYMBOL)
            .ok_or_else(|| ParseError("too many names".into()))?;
        Ok(*self.symbols.entry(local).or_insert(next))
    }

    /// The URI of `prefix` and its index, numbered on first use.
    fn namespace(&mut self, prefix: &str) -> Result<Option<(&'static str, u8)>, ParseError> {
        let Some(uri) = (self.resolve)(prefix) else {
            return Ok(None);
        };
        let i = match self.uris.iter().position(|u| *u == uri) {
            Some(i) => i,
            None => {
                self.uris.push(uri);
                self.uris.len() - 1
            }
        };
        match u8::try_from(i) {
            Ok(i) if i < NO_NS => Ok(Some((uri, i))),
            _ => Err(ParseError("too many namespaces".into())),
        }
    }
}

/// The namespaces of the UBL table's prefixes.
pub(crate) fn ubl_ns(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "ubl" => "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "cn" => "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        "cac" => "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "cbc" => "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "ext" => "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
        _ => return None,
    })
}

/// The namespaces of the CII table's prefixes (the tests check that they are
/// `crate::syntax::NS_*`, which `build.rs` cannot name).
pub(crate) fn cii_ns(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "rsm" => "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram" => {
            "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
        }
        "udt" => "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt" => "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
        _ => return None,
    })
}

/// A trie node while the table is built (frozen into a [`TrieNode`] at the end).
#[derive(Default)]
struct Node {
    named: Vec<(u16, Edge)>,
    wild: Vec<Edge>,
    deep: Option<usize>,
    rows: Vec<(u16, Kind)>,
    probes: Vec<u16>,
    attrs: Vec<(Str, u16)>,
}

/// Parses a table; any malformed row is an error naming its line.
pub(crate) fn parse(text: &'static str, ns: Resolver) -> Result<Table, ParseError> {
    let cx = &mut Names::new(ns);
    // (prio, context text, row, line number) in file order; grouped by prio below.
    let mut raw: Vec<(u32, &'static str, Row, usize)> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("id\t") {
            continue;
        }
        let (prio, context, row) = row(line, cx).map_err(|e| at(no + 1, e))?;
        raw.push((prio, context, row, no + 1));
    }
    raw.sort_by_key(|r| r.0);
    let mut rows: Vec<Row> = Vec::with_capacity(raw.len());
    let mut contexts: Vec<Context> = Vec::new();
    let mut trie: Vec<Node> = Vec::new();
    let mut by_local: Vec<(u16, usize)> = Vec::new();
    let mut wild: Vec<usize> = Vec::new();
    while let Some(&(prio, ctx_text, _, first_line)) = raw.first() {
        let start = rows.len();
        let mut j = 0;
        while j < raw.len() && raw[j].0 == prio {
            if raw[j].1 != ctx_text {
                return Err(at(
                    raw[j].3,
                    ParseError(format!(
                        "prio {prio} has two contexts: `{ctx_text}` and `{}`",
                        raw[j].1
                    )),
                ));
            }
            j += 1;
        }
        let alts = split_top(ctx_text, "|")
            .into_iter()
            .map(|a| path(a, cx))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| at(first_line, e))?;
        let ci = contexts.len();
        for alt in &alts {
            match alt.steps.last().and_then(|s| s.tests.first()) {
                Some(NameTest::Name { local, .. })
                    if alt.steps.last().is_some_and(|s| s.tests.len() == 1) =>
                {
                    let sym = cx.symbol(local.as_str())?;
                    by_local.push((sym, ci))
                }
                Some(_) => wild.push(ci),
                None => {
                    return Err(at(
                        first_line,
                        ParseError(format!("empty context `{ctx_text}`")),
                    ))
                }
            }
            if alt.attr.is_some() || alt.deep {
                return Err(at(
                    first_line,
                    ParseError(format!("unsupported context `{ctx_text}`")),
                ));
            }
        }
        let root = trie.len();
        trie.push(Node::default());
        for (k, entry) in raw.drain(..j).enumerate() {
            let (row, line) = (entry.2, entry.3);
            if row.kind.counts() {
                let offset = u16::try_from(k)
                    .map_err(|_| ParseError("context with too many rows".into()))?;
                let target = path(row.target_text.as_str(), cx).map_err(|e| at(line, e))?;
                if target.deep && !alts.iter().all(|a| a.absolute && a.steps.len() == 1) {
                    // `//` is absolute: only on the root element does "the whole
                    // document" equal "descendant-or-self of the context".
                    return Err(at(
                        line,
                        ParseError(format!(
                            "`//` target under a non-root context: `{}`",
                            row.target_text
                        )),
                    ));
                }
                let node = insert(&mut trie, cx, root, &target, &row.target_text)
                    .map_err(|e| at(line, e))?;
                match target.attr {
                    Some(a) => {
                        let attrs = &mut trie[node].attrs;
                        let pos = attrs.partition_point(|(n, _)| *n <= a);
                        attrs.insert(pos, (a, offset));
                    }
                    None => trie[node].rows.push((offset, row.kind)),
                }
            }
            rows.push(row);
        }
        let zero: Vec<u16> = rows[start..]
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                !matches!(
                    r.kind,
                    Kind::Absent | Kind::Max(_) | Kind::Same | Kind::SameNorm
                )
            })
            .filter_map(|(k, _)| u16::try_from(k).ok())
            .collect();
        let limits: Vec<u16> = rows[start..]
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.kind, Kind::Max(_) | Kind::One))
            .filter_map(|(k, _)| u16::try_from(k).ok())
            .collect();
        let counters = probes(&mut trie, cx, root, &mut rows[start..], &zero)
            .map_err(|e| at(first_line, e))?;
        let r = &trie[root];
        let attrs_only = zero.is_empty()
            && r.named.is_empty()
            && r.wild.is_empty()
            && r.deep.is_none()
            && r.rows.is_empty();
        contexts.push(Context {
            alts: List::leak(alts),
            rows: start..rows.len(),
            trie: root,
            zero: List::leak(zero),
            limits: List::leak(limits),
            attrs_only,
            counters,
        });
    }
    by_local.sort();
    wild.dedup();
    let symbols = &cx.symbols;
    let mut candidates = vec![Vec::new(); symbols.len()];
    for (&local, &sym) in symbols {
        let list = &mut candidates[usize::from(sym)];
        list.extend(by_local.iter().filter(|(s, _)| *s == sym).map(|(_, c)| *c));
        for &ci in &wild {
            let passes = contexts[ci].alts.iter().any(|alt| {
                alt.steps.last().is_some_and(|st| {
                    st.tests.iter().any(|t| match t {
                        NameTest::Any => true,
                        NameTest::Suffix { suffix, .. } => local.ends_with(suffix.as_str()),
                        NameTest::Name { local: l, .. } => *l == local,
                    })
                })
            });
            if passes {
                list.push(ci);
            }
        }
        list.sort_unstable();
        list.dedup();
    }
    let quiet_list = |list: &[usize]| list.iter().all(|&ci| contexts[ci].attrs_only);
    let quiet = candidates.iter().map(|l| quiet_list(l)).collect();
    let wild_quiet = quiet_list(&wild);
    // Whether each node only counts attributes (no rows, no edges onwards).
    let attrs_only: Vec<bool> = trie
        .iter()
        .map(|n| {
            n.rows.is_empty() && n.probes.is_empty() && n.named.is_empty() && n.wild.is_empty()
        })
        .collect();
    Ok(Table {
        rows: List::leak(rows),
        contexts: List::leak(contexts),
        trie: List::leak(
            trie.into_iter()
                .map(|n| TrieNode {
                    has_wild: !n.wild.is_empty(),
                    has_edges: !n.named.is_empty() || !n.wild.is_empty(),
                    attrs_only: n.rows.is_empty()
                        && n.probes.is_empty()
                        && n.named.is_empty()
                        && n.wild.is_empty(),
                    wild_attrs_only: n
                        .wild
                        .iter()
                        .all(|e| attrs_only.get(e.to).copied().unwrap_or(false)),
                    mask: n.named.iter().fold([0; 4], |mut m, (s, _)| {
                        let bit = usize::from(s % 256);
                        m[bit / 64] |= 1 << (bit % 64);
                        m
                    }),
                    named: List::leak(n.named),
                    wild: List::leak(n.wild),
                    deep: n.deep,
                    rows: List::leak(n.rows),
                    probes: List::leak(n.probes),
                    attr_mask: n
                        .attrs
                        .iter()
                        .fold(0, |m, (a, _)| m | 1 << attr_bit(a.as_bytes())),
                    attrs: List::leak(n.attrs),
                })
                .collect(),
        ),
        symbols: symbol_slots(symbols),
        by_dom: List::leak(Vec::new()),
        ns: List::leak(cx.uris.iter().map(|u| Str::new(u)).collect()),
        candidates: List::leak(candidates.into_iter().map(List::leak).collect()),
        wild: List::leak(wild),
        quiet: List::leak(quiet),
        wild_quiet,
    })
}

/// `e` prefixed with the line it was found on.
fn at(line: usize, e: ParseError) -> ParseError {
    ParseError(format!("line {line}: {}", e.0))
}

/// [`Table::by_dom`] for the DOM vocabulary `names` (the local name of DOM
/// symbol `i + 1` is `names[i]`): each name's symbol in `table`.
#[allow(dead_code)] // used by build.rs
pub(crate) fn by_dom(table: &Table, names: &[String]) -> List<u16> {
    let mut v = vec![NO_SYMBOL];
    v.extend(names.iter().map(|n| table.symbol(n).unwrap_or(NO_SYMBOL)));
    List::leak(v)
}

/// Lays the symbols out as the open-addressing hash table [`Table::symbol`] probes:
/// a power of two of slots, at least twice the number of names; sorted first so
/// the layout does not depend on the order of the map.
fn symbol_slots(symbols: &HashMap<&'static str, u16>) -> List<Slot> {
    let mut names: Vec<(&'static str, u16)> = symbols.iter().map(|(&n, &s)| (n, s)).collect();
    names.sort_unstable();
    let len = (names.len() * 2).next_power_of_two().max(2);
    let mut slots = vec![("", 0u16); len];
    for (name, sym) in names {
        let mut i = slot(name, len);
        while !slots[i].0.is_empty() {
            i = (i + 1) & (len - 1);
        }
        slots[i] = (name, sym);
    }
    List::leak(
        slots
            .into_iter()
            .map(|(name, sym)| {
                let (head, tail) = words(name.as_bytes());
                Slot {
                    head,
                    tail,
                    len: u32::try_from(name.len()).unwrap_or(0),
                    sym,
                    name: Str::new(name),
                }
            })
            .collect(),
    )
}

/// One row of the file: (prio, context, row).
fn row(line: &'static str, cx: &mut Names) -> Result<(u32, &'static str, Row), ParseError> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    if cols.len() != 7 {
        return Err(ParseError(format!("expected 7 columns: `{line}`")));
    }
    let bad = |what: &str| ParseError(format!("{what} in `{line}`"));
    let flag = Severity::parse(cols[1]).ok_or_else(|| bad("unknown flag"))?;
    let prio: u32 = cols[2].parse().map_err(|_| bad("bad prio"))?;
    let kind = Kind::parse(cols[4]).ok_or_else(|| bad("unknown kind"))?;
    let assert = if kind == Kind::Assert {
        Some(expr(cols[5], cx)?)
    } else {
        None
    };
    let unless = if cols[6].is_empty() {
        None
    } else {
        Some(expr(cols[6], cx)?)
    };
    Ok((
        prio,
        cols[3],
        Row {
            id: Str::new(cols[0]),
            flag,
            kind,
            context_text: Str::new(cols[3]),
            target_text: Str::new(cols[5]),
            assert,
            unless,
            unless_text: Str::new(cols[6]),
            assert_probes: List::leak(Vec::new()),
            unless_probes: List::leak(Vec::new()),
        },
    ))
}

/// Inserts the element steps of `target` into the trie under `root`; returns
/// the node where they end.
fn insert(
    trie: &mut Vec<Node>,
    cx: &mut Names,
    root: usize,
    target: &Path,
    target_text: &str,
) -> Result<usize, ParseError> {
    let mut at = root;
    if target.deep {
        at = match trie[root].deep {
            Some(d) => d,
            None => {
                trie.push(Node::default());
                let d = trie.len() - 1;
                trie[root].deep = Some(d);
                d
            }
        };
    }
    for step in target.steps.iter().cloned() {
        if step.axis != Axis::Child {
            return Err(ParseError(format!(
                "only child steps in targets: `{}`",
                target_text
            )));
        }
        let named = match (
            step.tests.len(),
            step.tests.first().and_then(NameTest::local),
        ) {
            (1, Some(local)) => Some(cx.symbol(local)?),
            _ => None,
        };
        let existing = match named {
            Some(sym) => trie[at]
                .named
                .iter()
                .find(|(l, e)| *l == sym && e.step == step)
                .map(|(_, e)| e.to),
            None => trie[at].wild.iter().find(|e| e.step == step).map(|e| e.to),
        };
        at = match existing {
            Some(to) => to,
            None => {
                trie.push(Node::default());
                let to = trie.len() - 1;
                match named {
                    Some(sym) => {
                        let node = &mut trie[at].named;
                        let pos = node.partition_point(|(l, _)| *l <= sym);
                        node.insert(pos, (sym, Edge { step, to }));
                    }
                    None => trie[at].wild.push(Edge { step, to }),
                }
                to
            }
        };
    }
    Ok(at)
}

/// The path of an atom that a probe can count (see `Context::counters`):
/// child steps from the context node; an atom whose path selects nothing is
/// false (an existence test, or a comparison without a string function,
/// which compares nothing).
pub(crate) fn probe_path(atom: &Atom) -> Option<&Path> {
    let p = match atom {
        Atom::Exists(p) => p,
        Atom::Cmp {
            prefix: None,
            func: None,
            path,
            ..
        } => path,
        Atom::Cmp { .. } => return None,
    };
    (p.shape == Shape::ChildSteps && !p.absolute && !p.deep && !p.steps.is_empty()).then_some(p)
}

/// Whether an atom on a row's own target can be decided from the one node
/// the row counted: an existence test, or a comparison with literals.
fn own_ok(atom: &Atom) -> bool {
    match atom {
        Atom::Exists(_) => true,
        Atom::Cmp { rhs, .. } => !matches!(rhs, Rhs::Other(_)),
    }
}

/// Adds the probes of the rows `rows` of one context (trie root `root`)
/// that are judged at every context node (offsets `zero`): every path of
/// their conditions that [`probe_path`] accepts becomes a counter after the
/// rows (one per distinct element path). Returns the context's number of counters.
fn probes(
    trie: &mut Vec<Node>,
    cx: &mut Names,
    root: usize,
    rows: &mut [Row],
    zero: &[u16],
) -> Result<usize, ParseError> {
    let mut paths: Vec<Path> = Vec::new();
    let n_rows = rows.len();
    // Rows that report where their element target occurs or compare its
    // values (`absent`, `same`): an atom of `unless` on the target itself
    // uses the row's own counter, and at a count of 1 its only node (see
    // `Expr::holds_probed`).
    for (k, row) in rows.iter_mut().enumerate() {
        if !matches!(row.kind, Kind::Absent | Kind::Same | Kind::SameNorm) {
            continue;
        }
        let Some(e) = row.unless.as_ref().filter(|e| !e.fixed) else {
            continue;
        };
        let target = path(row.target_text.as_str(), cx)?;
        if target.attr.is_some() || target.deep || target.absolute {
            continue;
        }
        let own = u16::try_from(k).unwrap_or(NO_PROBE);
        let list: Vec<u16> = e
            .any
            .iter()
            .flat_map(|all| all.iter())
            .map(|(_, atom)| match probe_path(atom) {
                Some(p) if p.steps == target.steps && own_ok(atom) => own,
                _ => NO_PROBE,
            })
            .collect();
        if list.iter().any(|&p| p != NO_PROBE) {
            row.unless_probes = List::leak(list);
        }
    }
    for &k in zero {
        let Some(row) = rows.get_mut(usize::from(k)) else {
            continue;
        };
        for (cond, out) in [
            (&row.assert, &mut row.assert_probes),
            (&row.unless, &mut row.unless_probes),
        ] {
            let Some(e) = cond else {
                continue;
            };
            if e.fixed {
                continue;
            }
            let mut list = Vec::new();
            for (_, atom) in e.any.iter().flat_map(|all| all.iter()) {
                let Some(p) = probe_path(atom) else {
                    list.push(NO_PROBE);
                    continue;
                };
                let element = Path {
                    attr: None,
                    ..p.clone()
                };
                let i = match paths.iter().position(|q| *q == element) {
                    Some(i) => i,
                    None => {
                        let at = insert(trie, cx, root, &element, "probe")?;
                        let off = u16::try_from(n_rows + paths.len())
                            .ok()
                            .filter(|&o| o != NO_PROBE)
                            .ok_or_else(|| ParseError("context with too many counters".into()))?;
                        trie[at].probes.push(off);
                        paths.push(element);
                        paths.len() - 1
                    }
                };
                list.push(u16::try_from(n_rows + i).unwrap_or(NO_PROBE));
            }
            if list.iter().any(|&p| p != NO_PROBE) {
                *out = List::leak(list);
            }
        }
    }
    Ok(n_rows + paths.len())
}
