//! The structure tables (`schemas/structure/{ubl,cii}.tsv`), compiled once per
//! process into flat arrays: one [`TypeDef`] per complex or simple type, its
//! content model as a slice of [`Particle`]s and its attributes as a slice of
//! [`Attr`]s. Aliases (a type that only renames another) are resolved here so
//! the walk never follows a chain.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The UBL 2.1 Invoice and CreditNote structure.
const UBL_TSV: &str = include_str!("../../../schemas/structure/ubl.tsv");
/// The CII D16B structure.
const CII_TSV: &str = include_str!("../../../schemas/structure/cii.tsv");

/// A built-in XML Schema simple type the invoices use, judged lexically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// `xsd:string`, `xsd:normalizedString`, `xsd:token`, `xsd:anyURI`: every text is valid.
    Text,
    /// `xsd:token` (kept apart from `Text` because facets count collapsed characters).
    Token,
    /// `xsd:decimal`.
    Decimal,
    /// `xsd:date`.
    Date,
    /// `xsd:time`.
    Time,
    /// `xsd:dateTime`.
    DateTime,
    /// `xsd:boolean`.
    Boolean,
    /// `xsd:base64Binary`.
    Base64,
    /// `xsd:language`.
    Language,
}

impl Builtin {
    fn parse(s: &str) -> Option<Builtin> {
        Some(match s {
            "xsd:string" | "xsd:normalizedString" | "xsd:anyURI" => Builtin::Text,
            "xsd:token" => Builtin::Token,
            "xsd:decimal" => Builtin::Decimal,
            "xsd:date" => Builtin::Date,
            "xsd:time" => Builtin::Time,
            "xsd:dateTime" => Builtin::DateTime,
            "xsd:boolean" => Builtin::Boolean,
            "xsd:base64Binary" => Builtin::Base64,
            "xsd:language" => Builtin::Language,
            _ => return None,
        })
    }

    /// The schema name, for messages.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Builtin::Text => "string",
            Builtin::Token => "token",
            Builtin::Decimal => "decimal",
            Builtin::Date => "date (YYYY-MM-DD)",
            Builtin::Time => "time (hh:mm:ss)",
            Builtin::DateTime => "dateTime (YYYY-MM-DDThh:mm:ss)",
            Builtin::Boolean => "boolean (true, false, 1 or 0)",
            Builtin::Base64 => "base64Binary",
            Builtin::Language => "language code (e.g. de or en-GB)",
        }
    }
}

/// What may appear inside an element of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// The particles in order.
    Seq,
    /// Exactly one of the particles.
    Choice,
    /// Text of a built-in type, no child elements.
    Simple(Builtin),
    /// Exactly one element of a namespace other than `not_ns` (and not
    /// unqualified), validated laxly: against its declaration when the table
    /// knows the element, not looked into otherwise (UBL extension content).
    Any {
        /// The namespace the element must not have.
        not_ns: u8,
    },
}

/// One element a content model allows.
#[derive(Debug)]
pub(crate) struct Particle {
    /// Index into [`Structure::ns`].
    pub(crate) ns: u8,
    pub(crate) local: &'static str,
    /// The name as written in the table (`cbc:ID`), for messages.
    pub(crate) qname: &'static str,
    pub(crate) min: u32,
    /// `u32::MAX` for unbounded.
    pub(crate) max: u32,
    /// Index into [`Structure::types`].
    pub(crate) ty: u32,
}

/// One attribute a simple-content type allows.
#[derive(Debug)]
pub(crate) struct Attr {
    pub(crate) local: &'static str,
    pub(crate) ty: Builtin,
    pub(crate) required: bool,
    pub(crate) fixed: Option<&'static str>,
    pub(crate) min_len: u32,
    pub(crate) max_len: u32,
}

/// One type, compiled.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: &'static str,
    pub(crate) content: Content,
    pub(crate) particles: (u32, u32),
    pub(crate) attrs: (u32, u32),
    /// Whether any attribute is required (most types have none: the walk skips the check).
    pub(crate) requires: bool,
}

/// A compiled structure table.
#[derive(Debug)]
pub(crate) struct Structure {
    pub(crate) ns: Vec<&'static str>,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) particles: Vec<Particle>,
    pub(crate) attrs: Vec<Attr>,
    /// Root elements: (namespace index, local name, type).
    pub(crate) roots: Vec<(u8, &'static str, u32)>,
}

impl Structure {
    /// The type of an element the table declares anywhere (in UBL every
    /// element is global, so a name has one type), for lax content.
    pub(crate) fn declared(&self, ns: &str, local: &str) -> Option<u32> {
        self.particles
            .iter()
            .find(|p| p.local == local && self.ns_uri(p.ns) == ns)
            .map(|p| p.ty)
    }
}

impl Structure {
    pub(crate) fn particles_of(&self, t: &TypeDef) -> &[Particle] {
        self.particles
            .get(t.particles.0 as usize..t.particles.1 as usize)
            .unwrap_or(&[])
    }

    pub(crate) fn attrs_of(&self, t: &TypeDef) -> &[Attr] {
        self.attrs
            .get(t.attrs.0 as usize..t.attrs.1 as usize)
            .unwrap_or(&[])
    }

    pub(crate) fn ns_uri(&self, i: u8) -> &'static str {
        self.ns.get(usize::from(i)).copied().unwrap_or("")
    }
}

/// A malformed structure table (a bug in the project's table, found by the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableError(pub(crate) String);

/// The UBL structure, built on first use.
pub(crate) fn ubl() -> &'static Result<Structure, TableError> {
    static T: OnceLock<Result<Structure, TableError>> = OnceLock::new();
    T.get_or_init(|| parse(UBL_TSV))
}

/// The CII structure, built on first use.
pub(crate) fn cii() -> &'static Result<Structure, TableError> {
    static T: OnceLock<Result<Structure, TableError>> = OnceLock::new();
    T.get_or_init(|| parse(CII_TSV))
}

fn bad<T>(line: &str, what: &str) -> Result<T, TableError> {
    Err(TableError(format!("{what}: {line}")))
}

fn count(s: &str, line: &str) -> Result<u32, TableError> {
    if s == "n" {
        return Ok(u32::MAX);
    }
    s.parse().or_else(|_| bad(line, "bad occurrence"))
}

/// Parses and compiles one table.
pub(crate) fn parse(text: &'static str) -> Result<Structure, TableError> {
    let mut prefixes: Vec<(&str, &'static str)> = Vec::new();
    let mut index: HashMap<&'static str, u32> = HashMap::new();
    let mut names: Vec<&'static str> = Vec::new();
    let mut content: Vec<Option<Content>> = Vec::new();
    let mut alias: Vec<Option<u32>> = Vec::new();
    let mut els: Vec<(u32, &'static str, u32, u32, u32)> = Vec::new();
    let mut attrs: Vec<(u32, Attr)> = Vec::new();
    let mut roots_raw: Vec<(&'static str, u32)> = Vec::new();
    let mut id = |name: &'static str,
                  names: &mut Vec<&'static str>,
                  content: &mut Vec<Option<Content>>,
                  alias: &mut Vec<Option<u32>>|
     -> u32 {
        *index.entry(name).or_insert_with(|| {
            names.push(name);
            // A bare built-in used as an element type is simple content without attributes.
            content.push(Builtin::parse(name).map(Content::Simple));
            alias.push(None);
            (names.len() - 1) as u32
        })
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&'static str> = line.split('\t').collect();
        match f.as_slice() {
            ["ns", p, uri] => prefixes.push((p, uri)),
            ["root", el, ty] => {
                let t = id(ty, &mut names, &mut content, &mut alias);
                roots_raw.push((el, t));
            }
            ["model", ty, kind, base] => {
                let t = id(ty, &mut names, &mut content, &mut alias) as usize;
                let c = match *kind {
                    "seq" => Content::Seq,
                    "choice" => Content::Choice,
                    // `lax-other`: lax, any namespace but the type's own.
                    "any" if *base == "lax-other" => {
                        let p = ty.split_once(':').map_or("", |(p, _)| p);
                        match prefixes.iter().position(|(pp, _)| *pp == p) {
                            Some(i) => Content::Any { not_ns: i as u8 },
                            None => return bad(line, "unknown prefix"),
                        }
                    }
                    "simple" => match Builtin::parse(base) {
                        Some(b) => Content::Simple(b),
                        None => return bad(line, "unknown built-in type"),
                    },
                    _ => return bad(line, "unknown content kind"),
                };
                if let Some(slot) = content.get_mut(t) {
                    *slot = Some(c);
                }
            }
            ["alias", ty, to] => {
                let t = id(ty, &mut names, &mut content, &mut alias) as usize;
                let to = id(to, &mut names, &mut content, &mut alias);
                if let Some(slot) = alias.get_mut(t) {
                    *slot = Some(to);
                }
            }
            ["el", ty, _pos, el, min, max, child] => {
                let t = id(ty, &mut names, &mut content, &mut alias);
                let c = id(child, &mut names, &mut content, &mut alias);
                els.push((t, el, count(min, line)?, count(max, line)?, c));
            }
            ["attr", ty, name, base, use_, fixed] => {
                let t = id(ty, &mut names, &mut content, &mut alias);
                let Some(b) = Builtin::parse(base) else {
                    return bad(line, "unknown attribute type");
                };
                attrs.push((
                    t,
                    Attr {
                        local: name,
                        ty: b,
                        required: *use_ == "required",
                        fixed: (!fixed.is_empty()).then_some(*fixed),
                        min_len: 0,
                        max_len: u32::MAX,
                    },
                ));
            }
            ["afacet", ty, name, facet, value] => {
                let t = id(ty, &mut names, &mut content, &mut alias);
                let v = count(value, line)?;
                let Some((_, a)) = attrs
                    .iter_mut()
                    .find(|(at, a)| *at == t && a.local == *name)
                else {
                    return bad(line, "facet before its attribute");
                };
                match *facet {
                    "minLength" => a.min_len = v,
                    "maxLength" => a.max_len = v,
                    "length" => (a.min_len, a.max_len) = (v, v),
                    _ => return bad(line, "unknown facet"),
                }
            }
            _ => return bad(line, "unknown row"),
        }
    }
    let ns_of = |q: &'static str| -> Result<(u8, &'static str), TableError> {
        let (p, local) = q.split_once(':').ok_or_else(|| TableError(q.to_string()))?;
        let i = prefixes
            .iter()
            .position(|(pp, _)| *pp == p)
            .ok_or_else(|| TableError(format!("unknown prefix in {q}")))?;
        Ok((i as u8, local))
    };
    // Resolve aliases to the type they name (chains are short; bounded by the type count).
    let n = names.len();
    let mut target: Vec<u32> = (0..n as u32).collect();
    for (t, slot) in target.iter_mut().enumerate() {
        let mut cur = t;
        for _ in 0..n {
            match alias.get(cur).copied().flatten() {
                Some(next) => cur = next as usize,
                None => break,
            }
        }
        *slot = cur as u32;
    }
    let mut types = Vec::with_capacity(n);
    let mut particles = Vec::with_capacity(els.len());
    let mut flat_attrs = Vec::with_capacity(attrs.len());
    let mut attrs = attrs.into_iter().map(Some).collect::<Vec<_>>();
    for (t, name) in names.iter().enumerate() {
        let p0 = particles.len() as u32;
        for &(owner, el, min, max, child) in &els {
            if owner as usize == t {
                let (ns, local) = ns_of(el)?;
                let ty = target.get(child as usize).copied().unwrap_or(child);
                particles.push(Particle {
                    ns,
                    local,
                    qname: el,
                    min,
                    max,
                    ty,
                });
            }
        }
        let a0 = flat_attrs.len() as u32;
        for slot in attrs.iter_mut() {
            if slot.as_ref().is_some_and(|(owner, _)| *owner as usize == t) {
                if let Some((_, a)) = slot.take() {
                    flat_attrs.push(a);
                }
            }
        }
        let c = match content.get(t).copied().flatten() {
            Some(c) => c,
            None if alias.get(t).copied().flatten().is_some() => Content::Simple(Builtin::Text),
            None => return Err(TableError(format!("type {name} has no model"))),
        };
        types.push(TypeDef {
            name,
            content: c,
            particles: (p0, particles.len() as u32),
            attrs: (a0, flat_attrs.len() as u32),
            requires: flat_attrs
                .get(a0 as usize..)
                .is_some_and(|a| a.iter().any(|a| a.required)),
        });
    }
    let mut roots = Vec::new();
    for (el, t) in roots_raw {
        let (ns, local) = ns_of(el)?;
        roots.push((ns, local, target.get(t as usize).copied().unwrap_or(t)));
    }
    Ok(Structure {
        ns: prefixes.into_iter().map(|(_, u)| u).collect(),
        types,
        particles,
        attrs: flat_attrs,
        roots,
    })
}
