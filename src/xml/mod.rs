//! The project's read-only XML DOM: one pass over the decoded text builds a
//! flat vector of nodes (elements, text, comments, processing instructions)
//! that every later stage walks.
//!
//! Why our own and not roxmltree: parsing was 44 % of the whole validation of
//! a typical invoice, and most of roxmltree's cost was decoding names one
//! `char` at a time (`consume_qname`, a third of the parse). Invoices are
//! ASCII markup with a handful of namespaces; here names are scanned with a
//! byte table, text with `memchr`, and namespace URIs are interned per
//! document, so every element of one namespace shares one `&str` (later
//! stages compare namespaces by address). The API is the subset of roxmltree's
//! that the project uses, with the same meaning (a differential test in
//! `tests.rs` compares both trees on generated and hostile input), with one
//! difference: white space that only separates elements (indentation) is not
//! kept as a text node, see `Parser::between_elements`.
//!
//! What is checked is XML 1.0 well-formedness plus Namespaces in XML: names,
//! matching end tags, one root, attribute syntax and uniqueness, entity and
//! character references (only the five predefined entities: a DTD is refused
//! outright, so nothing is ever expanded or fetched), characters allowed by
//! XML 1.0, comments, CDATA, processing instructions, the XML declaration, and
//! bound prefixes. Line ends are normalised (`\r\n` and `\r` to `\n`) and
//! attribute values normalised as the spec says for CDATA attributes.

mod hash;
mod parse;
pub mod symbols;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

pub use parse::{Error, Options};

/// The namespace of the predeclared `xml:` prefix.
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// No node (as a link) or no namespace (as a namespace index).
const NONE: u32 = u32::MAX;
const NO_NS: u16 = u16::MAX;

/// A parsed document: the text it borrows from and its nodes in document order.
pub struct Document<'input> {
    text: &'input str,
    nodes: Vec<NodeData<'input>>,
    attrs: Vec<AttrData<'input>>,
    /// Distinct namespace URIs, each stored once.
    namespaces: Vec<Cow<'input, str>>,
    /// Namespace declarations, each linked to the one in scope before it.
    decls: Vec<Decl<'input>>,
    /// The elements of each symbol, built on first use ([`Document::elements_of`]).
    by_sym: std::cell::OnceCell<BySym>,
    /// The empty elements in document order, recorded by the parser
    /// ([`Document::empty_elements`]).
    empty: Vec<u32>,
}

/// The elements of each [`symbols`] number in document order, as chains:
/// `first[sym]` is the first element of that symbol, `next[node]` the next
/// element of the same symbol after `node` (`NONE` ends a chain).
struct BySym {
    first: Box<[u32]>,
    next: Box<[u32]>,
}

/// The elements of one symbol in document order ([`Document::elements_of`]).
pub struct ElementsOf<'a, 'input> {
    doc: &'a Document<'input>,
    next: &'a [u32],
    at: u32,
}

impl<'a, 'input> Iterator for ElementsOf<'a, 'input> {
    type Item = Node<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        let n = self.doc.link(self.at)?;
        self.at = self.next.get(self.at as usize).copied().unwrap_or(NONE);
        Some(n)
    }
}

/// The index of a node in its document (document order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The index as `usize`.
    pub fn get_usize(self) -> usize {
        self.0 as usize
    }
}

/// The kind of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
    /// The document itself, parent of the root element.
    Root,
    /// An element.
    Element,
    /// Character data (text and CDATA, adjacent runs merged).
    Text,
    /// A comment.
    Comment,
    /// A processing instruction.
    PI,
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPos {
    /// Line, from 1.
    pub row: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

/// A name with its namespace URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpandedName<'a, 'b> {
    uri: Option<&'a str>,
    name: &'b str,
}

impl<'a, 'b> ExpandedName<'a, 'b> {
    /// The namespace URI, if the name has one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.uri
    }

    /// The local name.
    pub fn name(&self) -> &'b str {
        self.name
    }
}

impl fmt::Display for ExpandedName<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.uri {
            Some(ns) => write!(f, "{{{ns}}}{}", self.name),
            None => f.write_str(self.name),
        }
    }
}

struct NodeData<'input> {
    kind: Kind<'input>,
    parent: u32,
    prev_sibling: u32,
    next_sibling: u32,
    first_child: u32,
    last_child: u32,
    start: u32,
    end: u32,
}

enum Kind<'input> {
    Root,
    Element {
        local: &'input str,
        /// Length of the prefix written before `local` (and a colon), 0 for none.
        prefix_len: u16,
        ns: u16,
        /// The [`symbols`] number of `local`.
        sym: u16,
        attrs_start: u32,
        attrs_end: u32,
        /// The innermost namespace declaration in scope (`NONE` for none).
        scope: u32,
    },
    Text(Cow<'input, str>),
    Comment(&'input str),
    PI {
        target: &'input str,
        value: Option<&'input str>,
    },
}

struct AttrData<'input> {
    local: &'input str,
    ns: u16,
    value: Cow<'input, str>,
    /// `name="value"` in the input.
    start: u32,
    end: u32,
}

struct Decl<'input> {
    /// `None` for the default namespace.
    prefix: Option<&'input str>,
    /// Index into `namespaces`; `NO_NS` where `xmlns=""` undeclares the default.
    ns: u16,
    /// The declaration in scope before this one.
    outer: u32,
}

impl<'input> Document<'input> {
    /// Parses `text` with the default [`Options`].
    pub fn parse(text: &'input str) -> Result<Document<'input>, Error> {
        parse::parse(text, &Options::default())
    }

    /// Parses `text` within the limits of `opts`.
    pub fn parse_with_options(
        text: &'input str,
        opts: &Options,
    ) -> Result<Document<'input>, Error> {
        parse::parse(text, opts)
    }

    /// The document node.
    pub fn root(&self) -> Node<'_, 'input> {
        self.node(0)
    }

    /// The root element (every parsed document has one).
    pub fn root_element(&self) -> Node<'_, 'input> {
        self.root()
            .first_element_child()
            .unwrap_or_else(|| self.root())
    }

    /// The node with this id, if the document has it.
    pub fn get_node(&self, id: NodeId) -> Option<Node<'_, 'input>> {
        (id.get_usize() < self.nodes.len()).then(|| self.node(id.0))
    }

    /// Every node in document order, starting with the document node.
    pub fn descendants(&self) -> Descendants<'_, 'input> {
        self.root().descendants()
    }

    /// Every element whose local name has symbol `s`, in document order: a
    /// pass that looks for a few names (code list sites, VAT categories)
    /// visits only those elements. The chains of all symbols are built in one
    /// backward pass over the nodes on first use. [`symbols::NONE`] selects nothing.
    pub fn elements_of(&self, s: u16) -> ElementsOf<'_, 'input> {
        let ix = self.by_sym.get_or_init(|| {
            let mut first = vec![NONE; symbols::COUNT + 1].into_boxed_slice();
            let mut next = vec![NONE; self.nodes.len()].into_boxed_slice();
            for (i, d) in self.nodes.iter().enumerate().rev() {
                if let Kind::Element { sym, .. } = d.kind {
                    if sym != symbols::NONE {
                        if let (Some(f), Some(n)) =
                            (first.get_mut(usize::from(sym)), next.get_mut(i))
                        {
                            *n = *f;
                            *f = i as u32;
                        }
                    }
                }
            }
            BySym { first, next }
        });
        // `first[NONE]` stays empty: names outside the vocabulary are not chained.
        let at = ix.first.get(usize::from(s)).copied().unwrap_or(NONE);
        ElementsOf {
            doc: self,
            next: &ix.next,
            at,
        }
    }

    /// Every empty element in document order: no element child, and no text
    /// but XML whitespace (XPath `not(*) and not(normalize-space())`; comments
    /// and processing instructions do not count). The parser records them as
    /// it closes each element, so asking costs nothing. Closing order is
    /// document order here: an empty element holds no other element.
    pub fn empty_elements(&self) -> impl Iterator<Item = Node<'_, 'input>> + '_ {
        self.empty.iter().map(|&i| self.node(i))
    }

    /// The text the document was parsed from.
    pub fn input_text(&self) -> &'input str {
        self.text
    }

    /// Line and column of a byte offset into the input text.
    pub fn text_pos_at(&self, pos: usize) -> TextPos {
        let pos = pos.min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let row = 1 + memchr::memchr_iter(b'\n', before).count();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let col = 1 + self
            .text
            .get(line_start..pos)
            .map_or(pos - line_start, |s| s.chars().count());
        TextPos {
            row: row as u32,
            col: col as u32,
        }
    }

    /// Number of nodes, the document node included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Never true: a document has at least its document node and root element.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn node(&self, i: u32) -> Node<'_, 'input> {
        Node {
            id: NodeId(i),
            doc: self,
            d: &self.nodes[i as usize],
        }
    }

    fn link(&self, i: u32) -> Option<Node<'_, 'input>> {
        (i != NONE).then(|| self.node(i))
    }

    fn uri(&self, ns: u16) -> Option<&str> {
        self.namespaces.get(usize::from(ns)).map(|s| &**s)
    }
}

impl fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Document({} nodes)", self.nodes.len())
    }
}

/// A node of a [`Document`]: cheap to copy, borrows the document.
#[derive(Clone, Copy)]
pub struct Node<'a, 'input: 'a> {
    id: NodeId,
    doc: &'a Document<'input>,
    d: &'a NodeData<'input>,
}

impl PartialEq for Node<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && std::ptr::eq(self.doc, other.doc)
    }
}

impl Eq for Node<'_, '_> {}

impl fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.node_type() {
            NodeType::Element => write!(f, "Element {{ {} }}", self.tag_name()),
            t => write!(f, "{t:?} {{ {:?} }}", self.text()),
        }
    }
}

impl<'a, 'input: 'a> Node<'a, 'input> {
    /// The node's id (its index in document order).
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The document the node belongs to.
    pub fn document(&self) -> &'a Document<'input> {
        self.doc
    }

    /// The kind of node.
    pub fn node_type(&self) -> NodeType {
        match self.d.kind {
            Kind::Root => NodeType::Root,
            Kind::Element { .. } => NodeType::Element,
            Kind::Text(_) => NodeType::Text,
            Kind::Comment(_) => NodeType::Comment,
            Kind::PI { .. } => NodeType::PI,
        }
    }

    /// Is this the document node?
    pub fn is_root(&self) -> bool {
        matches!(self.d.kind, Kind::Root)
    }

    /// Is this an element?
    pub fn is_element(&self) -> bool {
        matches!(self.d.kind, Kind::Element { .. })
    }

    /// Is this an empty element ([`Document::empty_elements`])?
    pub fn is_empty_element(&self) -> bool {
        self.doc.empty.binary_search(&self.id.0).is_ok()
    }

    /// Is this character data?
    pub fn is_text(&self) -> bool {
        matches!(self.d.kind, Kind::Text(_))
    }

    /// The element's name with its namespace; empty for other nodes (a
    /// processing instruction gives its target).
    pub fn tag_name(&self) -> ExpandedName<'a, 'input> {
        match self.d.kind {
            Kind::Element { local, ns, .. } => ExpandedName {
                uri: self.doc.uri(ns),
                name: local,
            },
            Kind::PI { target, .. } => ExpandedName {
                uri: None,
                name: target,
            },
            _ => ExpandedName {
                uri: None,
                name: "",
            },
        }
    }

    /// The [`symbols`] number of the element's local name: [`symbols::NONE`]
    /// for a name the UBL and CII schemas do not declare, and for other nodes.
    #[inline]
    pub fn sym(&self) -> u16 {
        match self.d.kind {
            Kind::Element { sym, .. } => sym,
            _ => symbols::NONE,
        }
    }

    /// The element's name as two numbers: the document's index of its
    /// namespace (`u16::MAX` for none; every URI is stored once, so equal
    /// indices mean equal URIs within one document) and its [`symbols`]
    /// number. `None` for other nodes. A walk that maps names to its own
    /// numbers looks each namespace up once per document instead of per element.
    #[inline]
    pub fn name_ids(&self) -> Option<(u16, u16)> {
        match self.d.kind {
            Kind::Element { ns, sym, .. } => Some((ns, sym)),
            _ => None,
        }
    }

    /// Does the element have attributes (namespace declarations excluded)?
    /// Without building an iterator.
    #[inline]
    pub fn has_attributes(&self) -> bool {
        matches!(
            self.d.kind,
            Kind::Element {
                attrs_start,
                attrs_end,
                ..
            } if attrs_start < attrs_end
        )
    }

    /// Is this an element with this local name (any namespace)?
    pub fn has_tag_name(&self, local: &str) -> bool {
        matches!(self.d.kind, Kind::Element { local: l, .. } if l == local)
    }

    /// The prefix the element's name is written with, if any.
    pub fn prefix(&self) -> Option<&'input str> {
        match self.d.kind {
            // The element's text starts with `<prefix:local`.
            Kind::Element { prefix_len, .. } if prefix_len > 0 => {
                let start = self.d.start as usize + 1;
                self.doc.text.get(start..start + usize::from(prefix_len))
            }
            _ => None,
        }
    }

    /// The value of the attribute with this local name and no namespace.
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attrs()
            .iter()
            .find(|a| a.ns == NO_NS && a.local == name)
            .map(|a| &*a.value)
    }

    /// The element's attributes in document order (namespace declarations excluded).
    pub fn attributes(&self) -> Attributes<'a, 'input> {
        Attributes {
            doc: self.doc,
            it: self.attrs().iter(),
        }
    }

    fn attrs(&self) -> &'a [AttrData<'input>] {
        match self.d.kind {
            Kind::Element {
                attrs_start,
                attrs_end,
                ..
            } => self
                .doc
                .attrs
                .get(attrs_start as usize..attrs_end as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    /// For an element, the text of its first child if that is character data;
    /// for text and comments, their text.
    pub fn text(&self) -> Option<&'a str> {
        match &self.d.kind {
            Kind::Element { .. } => match self.first_child().map(|c| &c.d.kind) {
                Some(Kind::Text(t)) => Some(t),
                _ => None,
            },
            Kind::Text(t) => Some(t),
            Kind::Comment(t) => Some(t),
            _ => None,
        }
    }

    /// A processing instruction's value.
    pub fn pi_value(&self) -> Option<&'input str> {
        match self.d.kind {
            Kind::PI { value, .. } => value,
            _ => None,
        }
    }

    /// The prefix bound to `uri` in this element's scope (`None` for the
    /// default namespace or where none is bound).
    pub fn lookup_prefix(&self, uri: &str) -> Option<&'input str> {
        if uri == NS_XML {
            return Some("xml");
        }
        let mut at = self.scope();
        let mut shadowed: Vec<Option<&str>> = Vec::new();
        while let Some(d) = self.doc.decls.get(at as usize) {
            if !shadowed.contains(&d.prefix) {
                if self.doc.uri(d.ns) == Some(uri) {
                    return d.prefix;
                }
                shadowed.push(d.prefix);
            }
            at = d.outer;
        }
        None
    }

    fn scope(&self) -> u32 {
        let mut n = Some(*self);
        while let Some(x) = n {
            if let Kind::Element { scope, .. } = x.d.kind {
                return scope;
            }
            n = x.parent();
        }
        NONE
    }

    /// Byte range of the node in the input (an element from `<` to the end of its end tag).
    pub fn range(&self) -> Range<usize> {
        self.d.start as usize..self.d.end as usize
    }

    /// The parent node (the document node is the root element's parent).
    pub fn parent(&self) -> Option<Self> {
        self.doc.link(self.d.parent)
    }

    /// The parent, if it is an element.
    pub fn parent_element(&self) -> Option<Self> {
        self.parent().filter(|p| p.is_element())
    }

    /// The first child node.
    pub fn first_child(&self) -> Option<Self> {
        self.doc.link(self.d.first_child)
    }

    /// The next sibling node.
    pub fn next_sibling(&self) -> Option<Self> {
        self.doc.link(self.d.next_sibling)
    }

    /// The first child that is an element.
    pub fn first_element_child(&self) -> Option<Self> {
        self.children().find(|c| c.is_element())
    }

    /// The next sibling that is an element.
    pub fn next_sibling_element(&self) -> Option<Self> {
        self.next_siblings().skip(1).find(|c| c.is_element())
    }

    /// Does the node have children?
    pub fn has_children(&self) -> bool {
        self.d.first_child != NONE
    }

    /// The children in document order.
    pub fn children(&self) -> Children<'a, 'input> {
        Axis {
            doc: self.doc,
            next: self.d.first_child,
        }
    }

    /// This node and the siblings after it.
    pub fn next_siblings(&self) -> Children<'a, 'input> {
        self.axis()
    }

    /// This node and the siblings before it, nearest first.
    pub fn prev_siblings(&self) -> PrevSiblings<'a, 'input> {
        self.axis()
    }

    /// This node and its ancestors up to the document node.
    pub fn ancestors(&self) -> Ancestors<'a, 'input> {
        self.axis()
    }

    fn axis<const L: u8>(&self) -> Axis<'a, 'input, L> {
        Axis {
            doc: self.doc,
            next: self.id.0,
        }
    }

    /// This node and every node inside it, in document order.
    pub fn descendants(&self) -> Descendants<'a, 'input> {
        // Nodes are stored in document order, so a subtree is a contiguous run
        // that ends where the next node outside it begins.
        let mut end = self.doc.nodes.len() as u32;
        let mut n = Some(*self);
        while let Some(x) = n {
            if x.d.next_sibling != NONE {
                end = x.d.next_sibling;
                break;
            }
            n = x.parent();
        }
        Descendants {
            doc: self.doc,
            next: self.id.0,
            end,
        }
    }
}

/// An attribute of an element.
#[derive(Clone, Copy)]
pub struct Attribute<'a, 'input: 'a> {
    doc: &'a Document<'input>,
    d: &'a AttrData<'input>,
}

impl<'a, 'input: 'a> Attribute<'a, 'input> {
    /// The local name.
    pub fn name(&self) -> &'input str {
        self.d.local
    }

    /// The namespace URI, for a prefixed attribute.
    pub fn namespace(&self) -> Option<&'a str> {
        self.doc.uri(self.d.ns)
    }

    /// The normalised value.
    pub fn value(&self) -> &'a str {
        &self.d.value
    }

    /// Byte range of `name="value"` in the input.
    pub fn range(&self) -> Range<usize> {
        self.d.start as usize..self.d.end as usize
    }
}

impl fmt::Debug for Attribute<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?}", self.name(), self.value())
    }
}

/// Iterator over an element's attributes.
#[derive(Clone)]
pub struct Attributes<'a, 'input: 'a> {
    doc: &'a Document<'input>,
    it: std::slice::Iter<'a, AttrData<'input>>,
}

impl<'a, 'input: 'a> Iterator for Attributes<'a, 'input> {
    type Item = Attribute<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        self.it.next().map(|d| Attribute { doc: self.doc, d })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.it.size_hint()
    }
}

impl ExactSizeIterator for Attributes<'_, '_> {}

const NEXT: u8 = 0;
const PREV: u8 = 1;
const PARENT: u8 = 2;

/// Iterator that follows one link from node to node: the next sibling
/// ([`Children`], also [`Node::next_siblings`]), the previous sibling
/// ([`PrevSiblings`]) or the parent ([`Ancestors`]). The link is a const
/// parameter, so each kind compiles to its own loop.
#[derive(Clone)]
pub struct Axis<'a, 'input: 'a, const L: u8> {
    doc: &'a Document<'input>,
    next: u32,
}

/// A node's children (or a node and its following siblings).
pub type Children<'a, 'input> = Axis<'a, 'input, NEXT>;
/// A node and its preceding siblings, nearest first.
pub type PrevSiblings<'a, 'input> = Axis<'a, 'input, PREV>;
/// A node and its ancestors.
pub type Ancestors<'a, 'input> = Axis<'a, 'input, PARENT>;

impl<'a, 'input: 'a, const L: u8> Iterator for Axis<'a, 'input, L> {
    type Item = Node<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        let n = self.doc.link(self.next)?;
        self.next = match L {
            NEXT => n.d.next_sibling,
            PREV => n.d.prev_sibling,
            _ => n.d.parent,
        };
        Some(n)
    }
}

/// Iterator over a node and its descendants, in document order.
#[derive(Clone)]
pub struct Descendants<'a, 'input: 'a> {
    doc: &'a Document<'input>,
    next: u32,
    end: u32,
}

impl<'a, 'input: 'a> Iterator for Descendants<'a, 'input> {
    type Item = Node<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let n = self.doc.node(self.next);
        self.next += 1;
        Some(n)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.end - self.next.min(self.end)) as usize;
        (n, Some(n))
    }
}
