//! Detects the syntax of a decoded document, parses it into a DOM ([`crate::xml`],
//! no DTD, bounded size and depth) and reads it into the EN 16931 model
//! (`ubl.rs`, `cii.rs`).

pub mod cii;
pub mod ubl;

use std::collections::HashMap;

use crate::error::DocError;

/// UBL 2.1 Invoice namespace.
pub const NS_UBL_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
/// UBL 2.1 CreditNote namespace.
pub const NS_UBL_CREDITNOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
/// UBL common basic components (`cbc:`).
pub const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
/// UBL common aggregate components (`cac:`).
pub const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
/// UBL extension components (`ext:`).
pub const NS_EXT: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
/// CII D16B root namespace (`rsm:`).
pub const NS_RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
/// CII reusable aggregates (`ram:`).
pub const NS_RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
/// CII unqualified data types (`udt:`).
pub const NS_UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
/// CII qualified data types (`qdt:`).
pub const NS_QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
/// ZUGFeRD 1.0 root namespace (legacy, not EN 16931).
pub const NS_ZUGFERD1: &str = "urn:ferd:CrossIndustryDocument:invoice:1p0";

/// The namespaces of the invoice syntaxes. The parser stores these URIs as
/// these very strings ([`crate::xml`]), so [`same_ns`] mostly decides by address.
pub static WELL_KNOWN_NS: [&str; 9] = [
    NS_UBL_INVOICE,
    NS_UBL_CREDITNOTE,
    NS_CBC,
    NS_CAC,
    NS_EXT,
    NS_RSM,
    NS_RAM,
    NS_UDT,
    NS_QDT,
];

/// Whether two namespace URIs are equal: by address first (see
/// [`WELL_KNOWN_NS`]), then by length and content.
#[inline]
pub fn same_ns(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// Whether element `n` is in namespace `ns` (see [`same_ns`]).
#[inline]
pub fn in_ns(n: crate::xml::Node<'_, '_>, ns: &str) -> bool {
    n.tag_name().namespace().is_some_and(|u| same_ns(u, ns))
}

/// Whether `n` is the element of namespace `ns` whose local name has symbol
/// `s` ([`crate::xml::symbols`]): the symbol first, one integer compare.
#[inline]
pub fn is_element(n: crate::xml::Node<'_, '_>, ns: &str, s: u16) -> bool {
    n.sym() == s && in_ns(n, ns)
}

/// The syntax of a document, from its root element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Syntax {
    /// UBL 2.1 `Invoice`.
    #[serde(rename = "ubl-invoice")]
    UblInvoice,
    /// UBL 2.1 `CreditNote`.
    #[serde(rename = "ubl-creditnote")]
    UblCreditNote,
    /// UN/CEFACT CII D16B `CrossIndustryInvoice`.
    #[serde(rename = "cii")]
    Cii,
}

impl Syntax {
    /// `ubl-invoice`, `ubl-creditnote` or `cii`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Syntax::UblInvoice => "ubl-invoice",
            Syntax::UblCreditNote => "ubl-creditnote",
            Syntax::Cii => "cii",
        }
    }

    /// UBL Invoice or CreditNote.
    pub const fn is_ubl(self) -> bool {
        matches!(self, Syntax::UblInvoice | Syntax::UblCreditNote)
    }
}

/// Limits that protect a batch from one hostile document.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Deepest element nesting accepted (EN 16931 invoices need fewer than 15 levels).
    pub max_depth: u32,
    /// Most DOM nodes accepted.
    pub max_nodes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_nodes: 20_000_000,
        }
    }
}

/// Parses decoded text into a DOM ([`crate::xml`]): no DTD (so no entity
/// expansion, no external entities, no network), bounded node count and
/// nesting depth, both checked while the tree is built.
pub fn parse<'i>(text: &'i str, limits: &Limits) -> Result<crate::xml::Document<'i>, DocError> {
    let opts = crate::xml::Options {
        max_nodes: limits.max_nodes,
        max_depth: limits.max_depth,
    };
    crate::xml::Document::parse_with_options(text, &opts).map_err(|e| match e {
        crate::xml::Error::Dtd => DocError::Dtd,
        crate::xml::Error::TooManyNodes(n) => DocError::TooManyNodes(n),
        crate::xml::Error::TooDeep(n) => DocError::TooDeep(n),
        other => DocError::Xml(other.to_string()),
    })
}

/// Detects the syntax from the root element; legacy and foreign roots are errors that name it.
pub fn detect(doc: &crate::xml::Document<'_>) -> Result<Syntax, DocError> {
    let root = doc.root_element();
    let name = root.tag_name();
    match (name.namespace(), name.name()) {
        (Some(NS_UBL_INVOICE), "Invoice") => Ok(Syntax::UblInvoice),
        (Some(NS_UBL_CREDITNOTE), "CreditNote") => Ok(Syntax::UblCreditNote),
        (Some(NS_RSM), "CrossIndustryInvoice") => Ok(Syntax::Cii),
        (Some(NS_ZUGFERD1), "CrossIndustryDocument") => Err(DocError::Zugferd1),
        (ns, local) => Err(DocError::NotInvoice {
            root: match ns {
                Some(ns) => format!("{{{ns}}}{local}"),
                None => local.to_string(),
            },
        }),
    }
}

/// 1-based line and column of a node.
pub fn line_col(node: crate::xml::Node<'_, '_>) -> (u32, u32) {
    let pos = node.document().text_pos_at(node.range().start);
    (pos.row, pos.col)
}

/// A readable XPath-like path of a node: `/Invoice/cac:TaxTotal[1]/cbc:TaxAmount[1]`
/// (prefixes as the document spells them; attributes are reported on their element).
pub fn node_path(node: crate::xml::Node<'_, '_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if n.is_element() {
            let name = qualified(n);
            if n.parent().is_some_and(|p| p.is_root()) {
                parts.push(name);
            } else {
                let pos = 1 + n
                    .prev_siblings()
                    .skip(1) // the axis starts at the node itself
                    .filter(|s| s.is_element() && s.tag_name() == n.tag_name())
                    .count();
                parts.push(format!("{name}[{pos}]"));
            }
        }
        cur = n.parent();
    }
    parts.reverse();
    let mut out = String::new();
    for p in parts {
        out.push('/');
        out.push_str(&p);
    }
    out
}

/// Fills in `location`, `line` and `column` of every finding that still holds
/// only its node: line and column by one scan over the text in offset order
/// (newlines found with `memchr`), paths with each parent's children numbered
/// as far as a finding asks ([`Positions`]). Linear in the document plus the
/// findings, however many findings there are.
pub fn resolve_locations(doc: &crate::xml::Document<'_>, findings: &mut [crate::rules::Finding]) {
    let mut order: Vec<(usize, usize)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let node = doc.get_node(f.node?)?;
            Some((node.range().start, i))
        })
        .collect();
    if order.is_empty() {
        return;
    }
    order.sort_unstable();
    let text = doc.input_text().as_bytes();
    // Columns count characters: every byte that does not continue a UTF-8 sequence.
    let chars = |b: &[u8]| b.iter().filter(|&&c| (c as i8) >= -0x40).count();
    let (mut line, mut column, mut pos) = (1usize, 1usize, 0usize);
    let mut positions = Positions::default();
    for (offset, i) in order {
        let offset = offset.min(text.len());
        if offset > pos {
            let seg = &text[pos..offset];
            match memchr::memrchr(b'\n', seg) {
                Some(last) => {
                    line += memchr::memchr_iter(b'\n', seg).count();
                    column = 1 + chars(&seg[last + 1..]);
                }
                None => column += chars(seg),
            }
            pos = offset;
        }
        let f = &mut findings[i];
        f.line = u32::try_from(line).unwrap_or(u32::MAX);
        f.column = u32::try_from(column).unwrap_or(u32::MAX);
        if let Some(node) = f.node.take().and_then(|id| doc.get_node(id)) {
            f.location = positions.path(node);
        }
    }
}

/// The positions of elements among their same-named siblings, for
/// [`node_path`] over many findings: each parent's children are numbered
/// lazily, as far as the findings reach. Findings come in document order, so
/// the numbering of a parent goes on where it stopped; a node before that
/// point starts it again.
#[derive(Default)]
struct Positions<'a, 'i> {
    parents: HashMap<crate::xml::NodeId, Numbering<'a, 'i>>,
}

/// How far the children of one parent are numbered.
struct Numbering<'a, 'i> {
    /// The next child to number.
    next: Option<crate::xml::Node<'a, 'i>>,
    /// Each name seen so far and how often.
    seen: Vec<(crate::xml::ExpandedName<'a, 'i>, u32)>,
    /// The child numbered last and its position.
    last: Option<(crate::xml::NodeId, u32)>,
}

impl<'a, 'i> Positions<'a, 'i> {
    /// `node_path(node)`.
    fn path(&mut self, node: crate::xml::Node<'a, 'i>) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if n.is_element() {
                let name = qualified(n);
                match n.parent() {
                    Some(p) if !p.is_root() => {
                        parts.push(format!("{name}[{}]", self.position(p, n)));
                    }
                    _ => parts.push(name),
                }
            }
            cur = n.parent();
        }
        let mut out = String::new();
        for p in parts.iter().rev() {
            out.push('/');
            out.push_str(p);
        }
        out
    }

    /// The position of element `node` among the same-named children of `parent`.
    fn position(
        &mut self,
        parent: crate::xml::Node<'a, 'i>,
        node: crate::xml::Node<'a, 'i>,
    ) -> u32 {
        let fresh = || Numbering {
            next: parent.first_child(),
            seen: Vec::new(),
            last: None,
        };
        let at = self.parents.entry(parent.id()).or_insert_with(fresh);
        match at.last {
            Some((id, pos)) if id == node.id() => return pos,
            Some((id, _)) if id > node.id() => *at = fresh(),
            _ => {}
        }
        while let Some(c) = at.next {
            at.next = c.next_sibling();
            if !c.is_element() {
                continue;
            }
            let name = c.tag_name();
            let pos = match at.seen.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    at.seen.push((name, 1));
                    1
                }
            };
            at.last = Some((c.id(), pos));
            if c.id() == node.id() {
                return pos;
            }
        }
        1
    }
}

fn qualified(n: crate::xml::Node<'_, '_>) -> String {
    let tag = n.tag_name();
    match tag.namespace().and_then(|ns| n.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", tag.name()),
        _ => tag.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn node_path_counts_earlier_siblings_only() {
        let doc = crate::xml::Document::parse("<r><a/><b/><a><c/></a></r>").unwrap();
        let c = doc.descendants().find(|n| n.has_tag_name("c")).unwrap();
        assert_eq!(super::node_path(c), "/r/a[2]/c[1]");
    }

    /// `resolve_locations` gives every element the path of `node_path` and
    /// the line and column of `line_col`: for findings in any order, several
    /// at one node, with multi-byte characters, on one long line or many.
    #[test]
    fn resolve_locations_agrees_with_node_path_and_line_col() {
        use crate::rules::{Finding, Severity};
        let lines = "<r>\n <a>ä</a><b/>\n<a x='ü'><c/><c>€</c><b><c/></b></a>\r\n<a/><b/>\n</r>";
        let one_line = lines.replace(['\n', '\r'], "");
        for text in [lines, one_line.as_str()] {
            let doc = crate::xml::Document::parse(text).unwrap();
            let elements: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
            // every element, backwards and twice, so the numbering restarts
            let mut findings: Vec<Finding> = elements
                .iter()
                .rev()
                .chain(elements.iter().step_by(2))
                .map(|&n| Finding::new("T", Severity::Fatal, n, String::new()))
                .collect();
            let want: Vec<_> = elements
                .iter()
                .rev()
                .chain(elements.iter().step_by(2))
                .map(|&n| (super::node_path(n), super::line_col(n)))
                .collect();
            super::resolve_locations(&doc, &mut findings);
            let got: Vec<_> = findings
                .iter()
                .map(|f| (f.location.clone(), (f.line, f.column)))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
