//! The parser of the structure tables (`schemas/structure/*.tsv`, notation in
//! `schemas/structure/README.md`) into [`Structure`]. It runs in `build.rs`
//! (which includes this file: it depends only on `std`) and in the tests; the
//! library itself uses the compiled tables.
//!
//! Each particle carries the element symbol of its local name (the caller
//! gives the numbering: `build.rs` its vocabulary, the tests
//! `crate::xml::symbols::lookup`, which is the same), and each type a perfect
//! hash of its particles' symbols, found here by trying multipliers.

use std::collections::HashMap;

use super::table::{slot, Attr, Builtin, Content, Particle, Step, Structure, TypeDef};
use crate::rules::list::{List, Str};

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
}

/// A malformed structure table (a bug in the project's table, found by the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableError(pub(crate) String);

fn bad<T>(line: &str, what: &str) -> Result<T, TableError> {
    Err(TableError(format!("{line}: {what}")))
}

fn count(s: &str, line: &str) -> Result<u32, TableError> {
    if s == "n" {
        return Ok(u32::MAX);
    }
    s.parse().or_else(|_| bad(line, "bad occurrence"))
}

/// Parses and compiles one table; `symbol` numbers an element's local name
/// as [`crate::xml::symbols`] does.
pub(crate) fn parse(
    text: &'static str,
    symbol: &dyn Fn(&str) -> u16,
) -> Result<Structure, TableError> {
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
    for (no, raw_line) in text.lines().enumerate() {
        if raw_line.starts_with('#') || raw_line.trim().is_empty() {
            continue;
        }
        // Errors name the line (the build reports them with the file name).
        let at = format!("line {}: `{raw_line}`", no + 1);
        let line = at.as_str();
        let f: Vec<&'static str> = raw_line.split('\t').collect();
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
                        local: Str::new(name),
                        ty: b,
                        required: *use_ == "required",
                        fixed: (!fixed.is_empty()).then_some(Str::new(fixed)),
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
    let mut index: Vec<u16> = Vec::new();
    let mut attrs = attrs.into_iter().map(Some).collect::<Vec<_>>();
    for (t, name) in names.iter().enumerate() {
        let p0 = particles.len() as u32;
        for &(owner, el, min, max, child) in &els {
            if owner as usize == t {
                let (ns, local) = ns_of(el)?;
                let ty = target.get(child as usize).copied().unwrap_or(child);
                let sym = match symbol(local) {
                    0 => return Err(TableError(format!("{el} has no element symbol"))),
                    s => s,
                };
                particles.push(Particle {
                    ns,
                    sym,
                    local: Str::new(local),
                    qname: Str::new(el),
                    min,
                    max,
                    ty,
                    reach: 0,
                });
            }
        }
        let own = particles.get_mut(p0 as usize..).unwrap_or_default();
        // How far a sequence may jump once particle i is satisfied: up to
        // the first mandatory particle after it (the count when none is).
        let mut next_required = own.len() as u32;
        for (i, p) in own.iter_mut().enumerate().rev() {
            p.reach = next_required;
            if p.min > 0 {
                next_required = i as u32;
            }
        }
        let syms: Vec<u16> = own.iter().map(|p| p.sym).collect();
        let distinct = syms
            .iter()
            .enumerate()
            .all(|(i, a)| syms.iter().take(i).all(|b| b != a));
        let perfect = if distinct { perfect_hash(&syms) } else { None };
        let i0 = index.len() as u32;
        let (mut mul, unique) = (0, perfect.is_some());
        if let Some((m, table)) = perfect {
            mul = m;
            index.extend(table);
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
            name: Str::new(name),
            content: c,
            particles: (p0, particles.len() as u32),
            attrs: (a0, flat_attrs.len() as u32),
            required: flat_attrs
                .get(a0 as usize..)
                .map_or(0, |a| a.iter().filter(|a| a.required).count() as u32),
            index: (i0, index.len() as u32),
            mul,
            step: match c {
                _ if !unique || index.len() as u32 == i0 => Step::Scan,
                Content::Seq => Step::IndexedSeq,
                Content::Choice => Step::IndexedChoice,
                _ => Step::Scan,
            },
            mask: (index.len() as u32).saturating_sub(i0).saturating_sub(1),
        });
    }
    let mut roots = Vec::new();
    for (el, t) in roots_raw {
        let (ns, local) = ns_of(el)?;
        roots.push((
            ns,
            Str::new(local),
            target.get(t as usize).copied().unwrap_or(t),
        ));
    }
    Ok(Structure {
        ns: List::leak(prefixes.into_iter().map(|(_, u)| Str::new(u)).collect()),
        types: List::leak(types),
        particles: List::leak(particles),
        attrs: List::leak(flat_attrs),
        roots: List::leak(roots),
        index: List::leak(index),
    })
}

/// A perfect hash of distinct symbols `syms` (particle `i` has `syms[i]`):
/// the multiplier and the name index (slot: 0 or particle position + 1) of
/// the smallest power-of-two size, at least twice the count, for which one of
/// a fixed sequence of odd multipliers sends every symbol to a slot of its
/// own. `None` for no particles or when no multiplier is found (the walk then
/// scans).
fn perfect_hash(syms: &[u16]) -> Option<(u32, Vec<u16>)> {
    if syms.is_empty() {
        return None;
    }
    let start = (2 * syms.len()).next_power_of_two();
    // A fixed sequence (SplitMix-like), so that the tables are reproducible.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) as u32) | 1
    };
    let mut size = start;
    while size <= 16 * start && size <= 1 << 16 {
        for _ in 0..4000 {
            let mul = next();
            let mut table = vec![0u16; size];
            let fits = syms.iter().enumerate().all(|(i, &s)| {
                match table.get_mut(slot(s, mul, size - 1)) {
                    Some(e) if *e == 0 => {
                        *e = u16::try_from(i + 1).unwrap_or(0);
                        *e != 0
                    }
                    _ => false,
                }
            });
            if fits {
                return Some((mul, table));
            }
        }
        size *= 2;
    }
    None
}
