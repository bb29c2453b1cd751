//! The one iterative walk that matches every element's children against its
//! type's content model, checks attributes and the text of simple-content
//! elements. Explicit stack (no recursion); one frame per open element with
//! element content: where in the content model the next child must fit.

use crate::xml::{Document, Node, NodeType};

use super::lex;
use super::table::{Content, Particle, Structure, TypeDef};
use super::Kind;
use crate::rules::binding::table::{middle_eq, words};
use crate::rules::list::Str;
use crate::rules::Finding;

/// The XML Schema instance namespace: its attributes (`xsi:schemaLocation`, ...) are always allowed.
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

struct Frame<'a, 'i> {
    node: Node<'a, 'i>,
    ty: u32,
    /// Current particle and how often it has matched.
    pos: usize,
    seen: u32,
    next: Option<Node<'a, 'i>>,
    /// A content-model finding was made here: like xmllint, report one per
    /// element, but keep typing the children that can be placed.
    broken: bool,
}

fn matches(s: &Structure, p: &Particle, n: Node<'_, '_>) -> bool {
    let t = n.tag_name();
    p.local == t.name() && s.ns_uri(p.ns) == t.namespace().unwrap_or("")
}

/// An element name: its namespace as the table's index (`u8::MAX`: not a
/// namespace of the table) and its local name with its first and last eight
/// bytes read once, so matching a particle is a byte, a length and two words
/// compared (the bytes in between only for longer names that match so far).
#[derive(Clone, Copy)]
struct Key<'n> {
    ns: u8,
    local: &'n [u8],
    words: (u64, u64),
}

impl Key<'_> {
    #[inline]
    fn fits(self, p: &Particle) -> bool {
        let l = p.local.as_bytes();
        p.ns == self.ns
            && l.len() == self.local.len()
            && words(l) == self.words
            && middle_eq(l, self.local)
    }
}

/// Namespace URIs seen in this document, by address: the DOM hands out the
/// same `&str` for every element of one namespace, so after the first element
/// of each the lookup is a pointer comparison (first with the namespace of the
/// element before, most often the same).
struct NsCache {
    seen: Vec<(usize, usize, u8)>,
    last: (usize, usize, u8),
}

impl NsCache {
    fn new() -> NsCache {
        NsCache {
            seen: Vec::with_capacity(8),
            last: (0, 0, u8::MAX),
        }
    }

    fn key<'n>(&mut self, s: &Structure, n: Node<'n, '_>) -> Key<'n> {
        let t = n.tag_name();
        let uri = t.namespace().unwrap_or("");
        let addr = (uri.as_ptr() as usize, uri.len());
        let ns = if (self.last.0, self.last.1) == addr {
            self.last.2
        } else {
            let ns = match self.seen.iter().find(|c| (c.0, c.1) == addr) {
                Some(c) => c.2,
                None => {
                    let id =
                        s.ns.iter()
                            .position(|u| *u == uri)
                            .map_or(u8::MAX, |i| i as u8);
                    self.seen.push((addr.0, addr.1, id));
                    id
                }
            };
            self.last = (addr.0, addr.1, ns);
            ns
        };
        let local = t.name().as_bytes();
        Key {
            ns,
            local,
            words: words(local),
        }
    }
}

/// Whether character data is only XML white space (the indentation between
/// elements, most text nodes of a document): eight bytes at a time while they
/// are all spaces.
fn is_blank(t: &str) -> bool {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    // Indentation is a line end followed by spaces.
    let b = t.as_bytes();
    let b = b
        .strip_prefix(b"\r\n")
        .or_else(|| b.strip_prefix(b"\n"))
        .unwrap_or(b);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if u64::from_ne_bytes(w) != SPACES && !c.iter().all(ws) {
            return false;
        }
    }
    chunks.remainder().iter().all(ws)
}

fn expected(ps: &[Particle], from: usize) -> String {
    let mut s = String::new();
    for p in ps.get(from..).unwrap_or(&[]).iter() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&p.qname);
        if p.min > 0 {
            break;
        }
    }
    if s.is_empty() {
        s.push_str("no further element");
    }
    s
}

/// Checks `doc` against `s`, appending findings to `out`.
pub(crate) fn check(s: &Structure, doc: &Document<'_>, out: &mut Vec<Finding>) {
    let root = doc.root_element();
    let Some(&(_, _, ty)) = s.roots.iter().find(|(ns, local, _)| {
        *local == root.tag_name().name()
            && s.ns_uri(*ns) == root.tag_name().namespace().unwrap_or("")
    }) else {
        super::report(
            out,
            Kind::Unknown,
            root,
            "the root element is not an invoice or credit note of this syntax".into(),
        );
        return;
    };
    let mut stack: Vec<Frame<'_, '_>> = Vec::with_capacity(16);
    let mut cache = NsCache::new();
    if let Some(f) = open(s, root, ty, out) {
        stack.push(f);
    }
    while let Some(top) = stack.last_mut() {
        let Some(child) = top.next else {
            close(s, top, out);
            stack.pop();
            continue;
        };
        top.next = child.next_sibling();
        match child.node_type() {
            NodeType::Element => {}
            NodeType::Text => {
                if let Some(t) = child.text() {
                    if !is_blank(t) {
                        let parent = top.node;
                        let name = type_of(s, top.ty).name;
                        super::report(
                            out,
                            Kind::Type,
                            parent,
                            format!("text `{}` is not allowed directly in an element of type {name}, which contains only elements", clip(t.trim())),
                        );
                    }
                }
                continue;
            }
            _ => continue,
        }
        let key = cache.key(s, child);
        let Some(ty) = step(s, top, child, key, out) else {
            continue;
        };
        if let Some(f) = open(s, child, ty, out) {
            stack.push(f);
        }
    }
}

fn type_of(s: &Structure, ty: u32) -> &TypeDef {
    // Type indices come from the compiled table and are always in range.
    static EMPTY: TypeDef = TypeDef {
        name: Str::at(0, 0),
        content: Content::Simple(super::table::Builtin::Text),
        particles: (0, 0),
        attrs: (0, 0),
        requires: false,
        mandatory_end: 0,
    };
    s.types.get(ty as usize).unwrap_or(&EMPTY)
}

fn clip(t: &str) -> String {
    t.chars().take(40).collect()
}

/// Fits `child` into the content model of `top`; returns the child's type
/// (`None` when the child cannot be placed: its subtree is then not looked into).
fn step<'a, 'i>(
    s: &Structure,
    top: &mut Frame<'a, 'i>,
    child: Node<'a, 'i>,
    key: Key<'_>,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let t = type_of(s, top.ty);
    let ps = s.particles_of(t);
    match t.content {
        Content::Any { not_ns } => step_any(s, top, child, not_ns, out),
        Content::Choice => step_choice(top, ps, child, key, out),
        _ => step_seq(s, top, ps, child, key, out),
    }
}

/// Sequence: advance from the current particle over optional ones.
fn step_seq<'a, 'i>(
    s: &Structure,
    top: &mut Frame<'a, 'i>,
    ps: &[Particle],
    child: Node<'a, 'i>,
    key: Key<'_>,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let (mut pos, mut seen) = (top.pos, top.seen);
    while let Some(p) = ps.get(pos) {
        if key.fits(p) {
            if seen < p.max {
                top.pos = pos;
                top.seen = seen + 1;
                return Some(p.ty);
            }
            let m = format!(
                "element {} occurs more often than allowed in {} (at most {})",
                qname(child),
                qname(top.node),
                p.max
            );
            fault(top, out, Kind::TooMany, child, m);
            return Some(p.ty);
        }
        if seen < p.min {
            // A mandatory particle cannot be skipped.
            break;
        }
        pos += 1;
        seen = 0;
    }
    // The child does not fit here: not allowed at all, too early, or after a gap.
    let Some(j) = ps.iter().position(|q| key.fits(q)) else {
        let m = format!(
            "element {} is not allowed in {}; expected: {}",
            qname(child),
            qname(top.node),
            expected(ps, top.pos)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    };
    let blocked = ps.get(pos).filter(|_| j > pos);
    let (kind, m) = match blocked {
        // The mandatory particle follows later among the siblings: the order is wrong.
        Some(p)
            if child
                .next_siblings()
                .any(|n| n.is_element() && matches(s, p, n)) =>
        {
            let m = format!(
                "element {} must come after {} in {}",
                qname(child),
                p.qname,
                qname(top.node)
            );
            (Kind::Order, m)
        }
        Some(p) => {
            let m = format!(
                "element {} is missing in {} before {}",
                p.qname,
                qname(top.node),
                qname(child)
            );
            (Kind::Missing, m)
        }
        None => {
            let last = ps.get(top.pos).map_or("", |p| p.qname.as_str());
            let m = format!(
                "element {} is out of order in {}: it belongs before {last}",
                qname(child),
                qname(top.node),
            );
            (Kind::Order, m)
        }
    };
    fault(top, out, kind, child, m);
    // Resynchronise on the particle found, so its subtree is still checked.
    top.pos = j;
    top.seen = 1;
    ps.get(j).map(|q| q.ty)
}

/// Choice: exactly one of the particles.
fn step_choice<'a, 'i>(
    top: &mut Frame<'a, 'i>,
    ps: &[Particle],
    child: Node<'a, 'i>,
    key: Key<'_>,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let Some(i) = ps.iter().position(|p| key.fits(p)) else {
        let m = format!(
            "element {} is not allowed in {}; expected one of: {}",
            qname(child),
            qname(top.node),
            alternatives(ps)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    };
    if top.seen > 0 {
        let kind = if i == top.pos {
            Kind::TooMany
        } else {
            Kind::Order
        };
        let m = format!(
            "element {} is not allowed here: {} takes exactly one of {}",
            qname(child),
            qname(top.node),
            alternatives(ps)
        );
        fault(top, out, kind, child, m);
    } else {
        top.pos = i;
        top.seen = 1;
    }
    ps.get(i).map(|p| p.ty)
}

/// Extension content: one element of another namespace, checked if the table declares it.
fn step_any<'a, 'i>(
    s: &Structure,
    top: &mut Frame<'a, 'i>,
    child: Node<'a, 'i>,
    not_ns: u8,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    if top.seen > 0 {
        let m = format!(
            "{} holds exactly one element; {} is one too many",
            qname(top.node),
            qname(child)
        );
        fault(top, out, Kind::TooMany, child, m);
        return None;
    }
    top.seen = 1;
    let ns = child.tag_name().namespace().unwrap_or("");
    if ns.is_empty() || ns == s.ns_uri(not_ns) {
        let m = format!(
            "element {} is not allowed in {}: the extension element must be in a namespace of its own",
            qname(child),
            qname(top.node)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    }
    s.declared(ns, child.tag_name().name())
}

/// Reports a content-model fault of `top`'s element, the first one only
/// (as xmllint does: the rest of that content model is not judged).
fn fault(
    top: &mut Frame<'_, '_>,
    out: &mut Vec<Finding>,
    kind: Kind,
    n: Node<'_, '_>,
    message: String,
) {
    if !top.broken {
        super::report(out, kind, n, message);
        top.broken = true;
    }
}

fn alternatives(ps: &[Particle]) -> String {
    ps.iter()
        .map(|p| p.qname.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn qname(n: Node<'_, '_>) -> String {
    let t = n.tag_name();
    match t.namespace().and_then(|u| n.lookup_prefix(u)) {
        Some(p) if !p.is_empty() => format!("{p}:{}", t.name()),
        _ => t.name().to_string(),
    }
}

/// At the end of an element: every remaining mandatory particle is missing.
fn close(s: &Structure, f: &Frame<'_, '_>, out: &mut Vec<Finding>) {
    if f.broken {
        return;
    }
    let t = type_of(s, f.ty);
    let ps = s.particles_of(t);
    if matches!(t.content, Content::Any { .. }) {
        if f.seen == 0 {
            super::report(
                out,
                Kind::Missing,
                f.node,
                format!("{} must contain one extension element", qname(f.node)),
            );
        }
        return;
    }
    if t.content == Content::Choice {
        if f.seen == 0 {
            super::report(
                out,
                Kind::Missing,
                f.node,
                format!(
                    "{} must contain one of: {}",
                    qname(f.node),
                    alternatives(ps)
                ),
            );
        }
        return;
    }
    // Only particles up to the last mandatory one can be missing.
    let end = (t.mandatory_end as usize).min(ps.len());
    for (i, p) in ps.iter().enumerate().take(end).skip(f.pos) {
        let have = if i == f.pos { f.seen } else { 0 };
        if have < p.min {
            super::report(
                out,
                Kind::Missing,
                f.node,
                format!("element {} is missing in {}", p.qname, qname(f.node)),
            );
            return;
        }
    }
}

/// Checks attributes and, for simple content, the text; returns a frame when
/// the element's children must be matched.
fn open<'a, 'i>(
    s: &Structure,
    n: Node<'a, 'i>,
    ty: u32,
    out: &mut Vec<Finding>,
) -> Option<Frame<'a, 'i>> {
    let t = type_of(s, ty);
    let attrs = s.attrs_of(t);
    for a in n.attributes() {
        if a.namespace() == Some(XSI) {
            continue;
        }
        let decl = if a.namespace().is_none() {
            attrs.iter().find(|d| d.local == a.name())
        } else {
            None
        };
        let Some(d) = decl else {
            super::report(
                out,
                Kind::Attr,
                n,
                format!("attribute {} is not allowed on {}", a.name(), qname(n)),
            );
            continue;
        };
        if !lex::valid(d.ty, a.value(), d.min_len, d.max_len) {
            super::report(
                out,
                Kind::Attr,
                n,
                format!(
                    "attribute {}=\"{}\" on {} is not a valid {}",
                    a.name(),
                    clip(a.value()),
                    qname(n),
                    d.ty.name()
                ),
            );
        } else if let Some(fixed) = d.fixed {
            if a.value()
                .split_ascii_whitespace()
                .ne(fixed.split_ascii_whitespace())
            {
                super::report(
                    out,
                    Kind::Attr,
                    n,
                    format!(
                        "attribute {}=\"{}\" on {} must be \"{fixed}\" if given",
                        a.name(),
                        clip(a.value()),
                        qname(n)
                    ),
                );
            }
        }
    }
    let required = if t.requires { attrs } else { &[] };
    for d in required.iter().filter(|d| d.required) {
        if n.attribute(d.local.as_str()).is_none() {
            super::report(
                out,
                Kind::Attr,
                n,
                format!("{} lacks the required attribute {}", qname(n), d.local),
            );
        }
    }
    match t.content {
        Content::Simple(b) => {
            let mut text = String::new();
            let mut single: Option<&str> = None;
            let mut parts = 0;
            for c in n.children() {
                match c.node_type() {
                    NodeType::Element => {
                        super::report(
                            out,
                            Kind::Unknown,
                            c,
                            format!(
                                "element {} is not allowed in {}, which holds only text",
                                qname(c),
                                qname(n)
                            ),
                        );
                        return None;
                    }
                    NodeType::Text => {
                        let v = c.text().unwrap_or("");
                        parts += 1;
                        if parts == 1 {
                            single = Some(v);
                        } else {
                            if let Some(first) = single.take() {
                                text.push_str(first);
                            }
                            text.push_str(v);
                        }
                    }
                    _ => {}
                }
            }
            let v = if parts > 1 {
                text.as_str()
            } else {
                single.unwrap_or("")
            };
            if !lex::valid(b, v, 0, u32::MAX) {
                super::report(
                    out,
                    Kind::Type,
                    n,
                    format!(
                        "{} = \"{}\" is not a valid {}",
                        qname(n),
                        clip(v.trim()),
                        b.name()
                    ),
                );
            }
            None
        }
        _ => Some(Frame {
            node: n,
            ty,
            pos: 0,
            seen: 0,
            next: n.first_child(),
            broken: false,
        }),
    }
}
