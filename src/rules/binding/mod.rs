//! The EN 16931 syntax-binding rules (UBL-CR, UBL-SR, UBL-DT for UBL; CII-SR,
//! CII-DT for CII): which elements and attributes of the syntax an EN 16931
//! invoice must not use, how often an element may occur, and a few data-type
//! restrictions. They belong to the `en16931` rule set.
//!
//! Each rule is a row of the project's table `schemas/binding/{ubl,cii}.tsv`
//! (id, flag, context, kind of restriction, target path, exception; the
//! notation is in `schemas/binding/README.md`). `build.rs` compiles the
//! tables with `parse.rs` into the static [`table::Table`]s [`UBL`] and [`CII`]
//! (nothing is parsed at run time); one iterative walk over the DOM checks
//! every row ([`walk`]). Messages are generated here from the row, in our own words.

mod dfa;
mod eval;
mod notation;
#[cfg(test)]
pub(super) mod parse;
pub(super) mod table;
mod walk;

use crate::xml::Node;

use crate::rules::Finding;
use crate::syntax::Syntax;
use table::{Kind, Row};

/// Checks the syntax-binding rules of `syntax` on `doc`, appending to `out`.
pub fn check(doc: &crate::xml::Document<'_>, syntax: Syntax, out: &mut Vec<Finding>) {
    let table = if syntax.is_ubl() { &UBL } else { &CII };
    walk::check(table, doc, out);
}

/// The compiled tables: `build.rs` writes each as the pooled `Debug` form of
/// the parsed [`Table`] (see `rules::list`), which is Rust source with these
/// names in scope, and the pools of the element types only these tables use.
mod compiled {
    use super::notation::Atom::*;
    use super::notation::Axis::*;
    use super::notation::Func::*;
    use super::notation::NameTest::*;
    use super::notation::Rhs::*;
    use super::notation::Shape::*;
    use super::notation::{Atom, NameTest};
    use super::notation::{Expr, Path, Step};
    use super::table::Kind::*;
    use super::table::{Context, Edge, Kind, Row, Slot, Table, TrieNode};
    use crate::rules::list::{List, Pooled, Str};
    use crate::rules::Severity::*;

    include!(concat!(env!("OUT_DIR"), "/pools_binding.rs"));

    /// The UBL table (Invoice and CreditNote share it, as in the official rule set).
    pub(super) static UBL: Table = include!(concat!(env!("OUT_DIR"), "/binding_ubl.rs"));
    /// The CII table.
    pub(super) static CII: Table = include!(concat!(env!("OUT_DIR"), "/binding_cii.rs"));
}
use compiled::{CII, UBL};

/// Whether `id` is a syntax-binding rule of either table.
pub fn is_binding_rule(id: &str) -> bool {
    rows_of(id).next().is_some()
}

fn rows_of(id: &str) -> impl Iterator<Item = (&'static str, &'static Row)> + '_ {
    [("UBL", &UBL), ("CII", &CII)]
        .into_iter()
        .flat_map(move |(s, t)| {
            t.rows
                .iter()
                .filter(move |r| r.id.eq_ignore_ascii_case(id))
                .map(move |r| (s, r))
        })
}

/// The text `erechnung explain` prints for a syntax-binding rule, or `None`.
pub fn explain(id: &str) -> Option<String> {
    use std::fmt::Write as _;
    let id = id.trim();
    let mut rows = rows_of(id).peekable();
    let (syntax, first) = *rows.peek()?;
    let mut s = String::new();
    let _ = writeln!(s, "{} (en16931, {syntax} syntax binding)", first.id);
    let _ = writeln!(s, "severity: {}", first.flag);
    for (_, row) in rows {
        let _ = writeln!(s, "\ncontext: {}", row.context_text);
        let _ = writeln!(s, "checks:  {}", describe(row));
        if !row.unless_text.is_empty() {
            let _ = writeln!(s, "except when: {}", row.unless_text);
        }
    }
    let _ = writeln!(s, "\n{}", kind_doc(first.kind));
    Some(s)
}

fn describe(row: &Row) -> String {
    let t = row.target_text;
    match row.kind {
        Kind::Absent => format!("`{t}` must not occur"),
        Kind::Max(n) => format!("`{t}` occurs at most {n} time(s)"),
        Kind::One => format!("`{t}` occurs exactly once"),
        Kind::Required => format!("`{t}` must be present"),
        Kind::Same => format!("every `{t}` has the same value"),
        Kind::SameNorm => format!("every `{t}` has the same value (ignoring extra white space)"),
        Kind::Assert => format!("the condition `{t}` holds"),
        Kind::Decimals(n) => format!("the value has at most {n} digits after the decimal point"),
        Kind::Date102 => "the value is a date written YYYYMMDD (format 102)".to_string(),
    }
}

fn kind_doc(kind: Kind) -> &'static str {
    match kind {
        Kind::Absent => {
            "EN 16931 uses only part of the syntax. This element or attribute carries no \
             business term of the standard, so a receiver would silently ignore it. \
             How to fix: remove it, or move its information into a field the standard has \
             (often a note or an additional document reference)."
        }
        Kind::Max(_) | Kind::One => {
            "The syntax allows the element more often than the EN 16931 business term it \
             carries. How to fix: keep exactly the allowed number of occurrences; merge \
             the others or drop them."
        }
        Kind::Required => {
            "The EN 16931 binding needs this element or attribute here. How to fix: add it."
        }
        Kind::Same | Kind::SameNorm => {
            "The business term exists once per invoice, but the syntax repeats it. All \
             occurrences must carry the same value. How to fix: make them equal."
        }
        Kind::Assert => {
            "A combination of elements that the EN 16931 binding does not allow. \
             How to fix: see the condition above and the message of the finding."
        }
        Kind::Decimals(_) => {
            "Amounts in EN 16931 have at most two decimals. How to fix: round the amount \
             to two decimals (prices may have more)."
        }
        Kind::Date102 => {
            "CII dates with format=\"102\" are written YYYYMMDD, e.g. 20240131. How to fix: \
             write the date in that form."
        }
    }
}

/// Decides whether `row` (offset `off` in its context) fires at context
/// node `ctx` given what the walk counted (`count` for the row, `counters`
/// every counter of the context, probes included: see
/// `table::Context::counters`); returns where to report and the message.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge<'a, 'i>(
    k: &eval::Keys<'_>,
    row: &Row,
    off: usize,
    ctx: Node<'a, 'i>,
    count: u32,
    first: Option<Node<'a, 'i>>,
    values: Option<&(String, Option<String>)>,
    counters: &[u32],
) -> Option<(Node<'a, 'i>, String)> {
    let own = first.and_then(|f| Some((u16::try_from(off).ok()?, f)));
    let t = row.target_text;
    let here = ctx.tag_name().name();
    let unless = || {
        row.unless
            .as_ref()
            .is_some_and(|u| u.holds_probed(k, ctx, &row.unless_probes, counters, own))
    };
    let (at, message) = match row.kind {
        Kind::Absent => {
            if count == 0 || unless() {
                return None;
            }
            let at = first.unwrap_or(ctx);
            let what = if let Some((_, attr)) = t
                .rsplit_once("/@")
                .or_else(|| t.strip_prefix('@').map(|a| ("", a)))
            {
                format!("attribute `@{attr}` on `{}`", at.tag_name().name())
            } else {
                format!("`{t}`")
            };
            let times = if count > 1 {
                format!(" ({count} times)")
            } else {
                String::new()
            };
            (
                at,
                format!("{what}{times} is not used in EN 16931 invoices; remove it"),
            )
        }
        Kind::Max(n) => {
            if count <= n || unless() {
                return None;
            }
            let allowed = if n == 1 {
                "at most once".to_string()
            } else {
                format!("at most {n} times")
            };
            (ctx, format!("`{t}` occurs {count} times in `{here}` where it is allowed {allowed}; remove the extra ones"))
        }
        Kind::One => {
            if count == 1 || unless() {
                return None;
            }
            let message = if count == 0 {
                format!("`{here}` lacks `{t}`, which must occur exactly once here; add it")
            } else {
                format!(
                    "`{t}` occurs {count} times in `{here}` where exactly one is allowed; keep one"
                )
            };
            (ctx, message)
        }
        Kind::Required => {
            if count > 0 || unless() {
                return None;
            }
            (
                ctx,
                format!("`{here}` lacks `{t}`, which EN 16931 requires here; add it"),
            )
        }
        Kind::Same | Kind::SameNorm => {
            let (a, b) = values?;
            let b = b.as_ref()?;
            if unless() {
                return None;
            }
            (
                first.unwrap_or(ctx),
                format!("`{t}` has different values (`{a}` and `{b}`); every occurrence must carry the same value"),
            )
        }
        Kind::Assert => {
            if row
                .assert
                .as_ref()
                .is_none_or(|a| a.holds_probed(k, ctx, &row.assert_probes, counters, None))
                || unless()
            {
                return None;
            }
            (ctx, assert_message(row.id.as_str(), here))
        }
        Kind::Decimals(n) => {
            let v = eval::string_value(ctx);
            let after = v.split_once('.').map_or(0, |(_, a)| a.chars().count());
            if after <= n as usize || unless() {
                return None;
            }
            (ctx, format!("amount `{}` in `{here}` has {after} digits after the decimal point; at most {n} are allowed", v.trim()))
        }
        Kind::Date102 => {
            let v = eval::string_value(ctx);
            if is_date102(&v) || unless() {
                return None;
            }
            (
                ctx,
                format!(
                    "date `{}` is not written YYYYMMDD as format 102 requires",
                    v.trim()
                ),
            )
        }
    };
    Some((at, message))
}

/// `YYYYMMDD` with month 01–12 and day 01–31, surrounding white space allowed.
/// (The official pattern's `\d` also admits non-ASCII digits; an invoice date
/// written in such digits is rejected here and by the model reader anyway.)
fn is_date102(v: &str) -> bool {
    let v = v.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let b = v.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let month = (b[4] - b'0') * 10 + (b[5] - b'0');
    let day = (b[6] - b'0') * 10 + (b[7] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn assert_message(id: &str, here: &str) -> String {
    match id {
        "UBL-SR-43" => format!(
            "`{here}` has a document type code other than 130 (or 50 in a credit note) or a scheme for its id; \
             only invoiced-object references (130) may carry them"
        ),
        "UBL-SR-53" => format!("`{here}` needs both a tax scheme id and a company id (VAT identifier)"),
        "UBL-SR-19" | "UBL-SR-20" | "UBL-SR-21" => {
            "the payee (`cac:PayeeParty`) needs a name that differs from the seller's legal name; \
             leave the payee out if the seller is paid"
                .to_string()
        }
        "CII-SR-119" => format!(
            "`{here}`: a gross price discount needs both a charge indicator `false` and an amount"
        ),
        "CII-SR-449" | "CII-SR-450" | "CII-SR-451" => {
            format!("a party in `{here}` has both an identifier and a global identifier; give only one")
        }
        "CII-SR-465" | "CII-SR-466" => {
            format!("a contact in `{here}` has both a person name and a department name; give only one")
        }
        _ => format!("`{here}` has a combination of elements EN 16931 does not allow"),
    }
}

#[cfg(test)]
mod tests;
