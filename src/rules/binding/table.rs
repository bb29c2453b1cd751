//! The binding tables, parsed once per process: rows, the contexts they hang
//! on (in Schematron rule order) and, per context, a trie of the target paths
//! so that one DOM walk can count every target of every row at once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::notation::{self, Expr, NameTest, ParseError, Path, Resolver, Step};
use crate::rules::Severity;

/// A word-at-a-time multiplicative hash (as rustc's FxHash): element names are
/// short and trusted to be few, so this beats SipHash by a wide margin here.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        self.0 = h;
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Table {
    /// The symbol of a local name, if the table names it anywhere.
    pub(crate) fn symbol(&self, local: &str) -> Option<u16> {
        self.symbols.get(local).copied()
    }
}

fn intern(
    symbols: &mut HashMap<&'static str, u16, BuildHasherDefault<Fnv>>,
    local: &'static str,
) -> Result<u16, ParseError> {
    let next = u16::try_from(symbols.len()).map_err(|_| ParseError("too many names".into()))?;
    Ok(*symbols.entry(local).or_insert(next))
}

/// The UBL table (Invoice and CreditNote share it, as in the official rule set).
pub(crate) const UBL_TSV: &str = include_str!("../../../schemas/binding/ubl.tsv");
/// The CII table.
pub(crate) const CII_TSV: &str = include_str!("../../../schemas/binding/cii.tsv");

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

/// One restriction.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) id: &'static str,
    pub(crate) flag: Severity,
    pub(crate) kind: Kind,
    /// The context as written in the table.
    pub(crate) context_text: &'static str,
    /// The target (or condition, for `assert`) as written in the table.
    pub(crate) target_text: &'static str,
    /// For `assert`: the condition.
    pub(crate) assert: Option<Expr>,
    /// The row is satisfied anyway when this holds at the context node.
    pub(crate) unless: Option<Expr>,
    pub(crate) unless_text: &'static str,
}

/// A context: the alternatives that select context nodes; rows `rows` apply there.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) alts: Vec<Path>,
    pub(crate) rows: std::ops::Range<usize>,
    /// The trie node of the target paths (index into `Table::trie`).
    pub(crate) trie: usize,
    /// Rows (offsets) that can break although nothing was counted (`one`,
    /// `required`, `assert`, `decimals`, `date102`); judged at every context node.
    pub(crate) zero: Vec<u16>,
}

/// A trie edge: the step an element must pass to go from one trie node to another.
#[derive(Debug)]
pub(crate) struct Edge {
    pub(crate) step: Step,
    pub(crate) to: usize,
}

/// A trie node of target paths.
#[derive(Debug, Default)]
pub(crate) struct TrieNode {
    /// Edges with an exact local name, sorted by its symbol.
    pub(crate) named: Vec<(u16, Edge)>,
    /// Edges with a wildcard name test.
    pub(crate) wild: Vec<Edge>,
    /// For a context's trie root: the node of its `//` targets (checked at every element).
    pub(crate) deep: Option<usize>,
    /// Rows (offset within the context, kind) whose element target ends here.
    pub(crate) rows: Vec<(u16, Kind)>,
    /// Rows whose target is an attribute of the element that reached this node,
    /// sorted by attribute name.
    pub(crate) attrs: Vec<(&'static str, u16)>,
}

/// A parsed table.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) rows: Vec<Row>,
    pub(crate) contexts: Vec<Context>,
    pub(crate) trie: Vec<TrieNode>,
    /// Contexts whose alternatives end in an exact local name: (symbol, context), sorted.
    pub(crate) by_local: Vec<(u16, usize)>,
    /// Every exact local name of the table, numbered: one hash lookup per element
    /// replaces string comparisons in the walk.
    pub(crate) symbols: HashMap<&'static str, u16, BuildHasherDefault<Fnv>>,
    /// Per symbol: the contexts an element of that local name may open, in rule
    /// order (exact names and the wildcards its name passes).
    pub(crate) candidates: Vec<Vec<usize>>,
    /// Contexts with a wildcard alternative (checked at every element).
    pub(crate) wild: Vec<usize>,
}

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

pub(crate) fn cii_ns(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "rsm" => crate::syntax::NS_RSM,
        "ram" => crate::syntax::NS_RAM,
        "udt" => crate::syntax::NS_UDT,
        "qdt" => crate::syntax::NS_QDT,
        _ => return None,
    })
}

/// The UBL table, parsed on first use.
pub(crate) fn ubl() -> &'static Result<Table, ParseError> {
    static T: OnceLock<Result<Table, ParseError>> = OnceLock::new();
    T.get_or_init(|| parse(UBL_TSV, ubl_ns))
}

/// The CII table, parsed on first use.
pub(crate) fn cii() -> &'static Result<Table, ParseError> {
    static T: OnceLock<Result<Table, ParseError>> = OnceLock::new();
    T.get_or_init(|| parse(CII_TSV, cii_ns))
}

fn severity(s: &str) -> Option<Severity> {
    match s {
        "fatal" => Some(Severity::Fatal),
        "warning" => Some(Severity::Warning),
        "information" => Some(Severity::Information),
        _ => None,
    }
}

/// Parses a table; any malformed row is an error (the tests parse both tables).
pub(crate) fn parse(text: &'static str, ns: Resolver) -> Result<Table, ParseError> {
    // (prio, context text, row) in file order; grouped by prio below.
    let mut raw: Vec<(u32, &'static str, Row)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("id\t") {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        if cols.len() != 7 {
            return Err(ParseError(format!("expected 7 columns: `{line}`")));
        }
        let bad = |what: &str| ParseError(format!("{what} in `{line}`"));
        let flag = severity(cols[1]).ok_or_else(|| bad("unknown flag"))?;
        let prio: u32 = cols[2].parse().map_err(|_| bad("bad prio"))?;
        let kind = Kind::parse(cols[4]).ok_or_else(|| bad("unknown kind"))?;
        let assert = if kind == Kind::Assert {
            Some(notation::expr(cols[5], ns)?)
        } else {
            None
        };
        let unless = if cols[6].is_empty() {
            None
        } else {
            Some(notation::expr(cols[6], ns)?)
        };
        raw.push((
            prio,
            cols[3],
            Row {
                id: cols[0],
                flag,
                kind,
                context_text: cols[3],
                target_text: cols[5],
                assert,
                unless,
                unless_text: cols[6],
            },
        ));
    }
    raw.sort_by_key(|r| r.0);
    let mut table = Table {
        rows: Vec::with_capacity(raw.len()),
        contexts: Vec::new(),
        trie: Vec::new(),
        by_local: Vec::new(),
        wild: Vec::new(),
        symbols: HashMap::default(),
        candidates: Vec::new(),
    };
    while let Some(&(prio, ctx_text, _)) = raw.first() {
        let start = table.rows.len();
        let mut j = 0;
        while j < raw.len() && raw[j].0 == prio {
            if raw[j].1 != ctx_text {
                return Err(ParseError(format!(
                    "prio {prio} has two contexts: `{ctx_text}` and `{}`",
                    raw[j].1
                )));
            }
            j += 1;
        }
        let alts = notation::split_top(ctx_text, "|")
            .into_iter()
            .map(|a| notation::path(a, ns))
            .collect::<Result<Vec<_>, _>>()?;
        let ci = table.contexts.len();
        for alt in &alts {
            match alt.steps.last().and_then(|s| s.tests.first()) {
                Some(NameTest::Name { local, .. })
                    if alt.steps.last().is_some_and(|s| s.tests.len() == 1) =>
                {
                    let sym = intern(&mut table.symbols, local)?;
                    table.by_local.push((sym, ci))
                }
                Some(_) => table.wild.push(ci),
                None => return Err(ParseError(format!("empty context `{ctx_text}`"))),
            }
            if alt.attr.is_some() || alt.deep {
                return Err(ParseError(format!("unsupported context `{ctx_text}`")));
            }
        }
        let root = table.trie.len();
        table.trie.push(TrieNode::default());
        for (k, entry) in raw.drain(..j).enumerate() {
            let row = entry.2;
            if row.kind.counts() {
                let offset = u16::try_from(k)
                    .map_err(|_| ParseError("context with too many rows".into()))?;
                let target = notation::path(row.target_text, ns)?;
                if target.deep && !alts.iter().all(|a| a.absolute && a.steps.len() == 1) {
                    // `//` is absolute: only on the root element does "the whole
                    // document" equal "descendant-or-self of the context".
                    return Err(ParseError(format!(
                        "`//` target under a non-root context: `{}`",
                        row.target_text
                    )));
                }
                insert(
                    &mut table.trie,
                    &mut table.symbols,
                    root,
                    target,
                    (offset, row.kind),
                )?;
            }
            table.rows.push(row);
        }
        let rows = start..table.rows.len();
        let zero = table.rows[rows.clone()]
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
        table.contexts.push(Context {
            alts,
            rows,
            trie: root,
            zero,
        });
    }
    table.by_local.sort();
    table.wild.dedup();
    let mut candidates = vec![Vec::new(); table.symbols.len()];
    for (&local, &sym) in &table.symbols {
        let list = &mut candidates[usize::from(sym)];
        list.extend(
            table
                .by_local
                .iter()
                .filter(|(s, _)| *s == sym)
                .map(|(_, c)| *c),
        );
        for &ci in &table.wild {
            let passes = table.contexts[ci].alts.iter().any(|alt| {
                alt.steps.last().is_some_and(|st| {
                    st.tests.iter().any(|t| match t {
                        NameTest::Any => true,
                        NameTest::Suffix { suffix, .. } => local.ends_with(suffix),
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
    table.candidates = candidates;
    Ok(table)
}

fn insert(
    trie: &mut Vec<TrieNode>,
    symbols: &mut HashMap<&'static str, u16, BuildHasherDefault<Fnv>>,
    root: usize,
    target: Path,
    row: (u16, Kind),
) -> Result<(), ParseError> {
    let mut at = root;
    if target.deep {
        at = match trie[root].deep {
            Some(d) => d,
            None => {
                trie.push(TrieNode::default());
                let d = trie.len() - 1;
                trie[root].deep = Some(d);
                d
            }
        };
    }
    for step in target.steps {
        if step.axis != notation::Axis::Child {
            return Err(ParseError(format!(
                "only child steps in targets: `{}`",
                step.text
            )));
        }
        let existing = match (
            step.tests.len(),
            step.tests.first().and_then(NameTest::local),
        ) {
            (1, Some(local)) => {
                let sym = intern(symbols, local)?;
                trie[at]
                    .named
                    .iter()
                    .find(|(l, e)| *l == sym && e.step.text == step.text)
                    .map(|(_, e)| e.to)
            }
            _ => trie[at]
                .wild
                .iter()
                .find(|e| e.step.text == step.text)
                .map(|e| e.to),
        };
        at = match existing {
            Some(to) => to,
            None => {
                trie.push(TrieNode::default());
                let to = trie.len() - 1;
                match (
                    step.tests.len(),
                    step.tests.first().and_then(NameTest::local),
                ) {
                    (1, Some(local)) => {
                        let sym = intern(symbols, local)?;
                        let node = &mut trie[at].named;
                        let pos = node.partition_point(|(l, _)| *l <= sym);
                        node.insert(pos, (sym, Edge { step, to }));
                    }
                    _ => trie[at].wild.push(Edge { step, to }),
                }
                to
            }
        };
    }
    match target.attr {
        Some(a) => {
            let attrs = &mut trie[at].attrs;
            let pos = attrs.partition_point(|(n, _)| *n <= a);
            attrs.insert(pos, (a, row.0));
        }
        None => trie[at].rows.push(row),
    }
    Ok(())
}
