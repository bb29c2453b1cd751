//! The EN 16931 model as one JSON object keyed by business-term id
//! (`BT-1`, `BT-29-1`, `BG-25`, ...), stable across UBL and CII; the layout is
//! documented in docs/extract.md. Written straight into a byte buffer: no
//! intermediate tree, one sort of each group's terms.

use crate::model::{Bt, Group, Invoice, Term};

use super::{value, REPEATABLE};

type Scratch<'a> = Vec<(Bt, Term<'a>)>;

/// Appends the JSON of `inv` (one object, no trailing newline) to `out`.
pub fn write(inv: &Invoice<'_>, out: &mut Vec<u8>) {
    let mut scratch = Vec::with_capacity(64);
    out.extend_from_slice(b"{\"syntax\":");
    write_string(out, inv.syntax.as_str());
    let mut first = false;
    terms(&inv.header, out, &mut scratch, &mut first);
    list(out, Bt::Bg1, &inv.notes, &mut scratch, &mut first);
    list(out, Bt::Bg3, &inv.preceding, &mut scratch, &mut first);
    list(out, Bt::Bg16, &inv.payments, &mut scratch, &mut first);
    list(out, Bt::Bg20, &inv.allowances, &mut scratch, &mut first);
    list(out, Bt::Bg21, &inv.charges, &mut scratch, &mut first);
    list(out, Bt::Bg23, &inv.vat, &mut scratch, &mut first);
    list(out, Bt::Bg24, &inv.documents, &mut scratch, &mut first);
    out.extend_from_slice(b",\"BG-25\":[");
    for (i, line) in inv.lines.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        let mut first = true;
        terms(&line.terms, out, &mut scratch, &mut first);
        list(out, Bt::Bg27, &line.allowances, &mut scratch, &mut first);
        list(out, Bt::Bg28, &line.charges, &mut scratch, &mut first);
        list(out, Bt::Bg32, &line.attributes, &mut scratch, &mut first);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

fn key(out: &mut Vec<u8>, k: &str, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    write_string(out, k);
    out.push(b':');
}

/// `"BG-x":[{...},...]` — always present, possibly empty, so consumers need no existence checks.
fn list<'a>(
    out: &mut Vec<u8>,
    bg: Bt,
    groups: &[Group<'a>],
    scratch: &mut Scratch<'a>,
    first: &mut bool,
) {
    key(out, bg.as_str(), first);
    out.push(b'[');
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        terms(g, out, scratch, &mut true);
        out.push(b'}');
    }
    out.push(b']');
}

/// Writes `"BT-x":value` for every term of the group in id order. Group
/// markers (`BG-*` entries of the model) carry no value and are left out: the
/// terms of non-repeating groups (seller, buyer, totals, ...) are flat.
fn terms<'a>(g: &Group<'a>, out: &mut Vec<u8>, scratch: &mut Scratch<'a>, first: &mut bool) {
    scratch.clear();
    scratch.extend(g.iter().filter(|(bt, _)| !bt.as_str().starts_with("BG-")));
    // a stable sort: repeated occurrences keep document order
    scratch.sort_by_key(|(bt, _)| *bt);
    let mut i = 0;
    while i < scratch.len() {
        let bt = scratch[i].0;
        let mut j = i + 1;
        while j < scratch.len() && scratch[j].0 == bt {
            j += 1;
        }
        key(out, bt.as_str(), first);
        if REPEATABLE.contains(&bt) {
            out.push(b'[');
            for (k, (_, t)) in scratch[i..j].iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                write_string(out, &value(bt, t));
            }
            out.push(b']');
        } else {
            // EN 16931 allows this term once per group; a second occurrence is a
            // finding of the validation, the extraction takes the first
            write_string(out, &value(bt, &scratch[i].1));
        }
        i = j;
    }
}

/// Appends `s` as a JSON string (serde_json's escaping).
pub fn write_string(out: &mut Vec<u8>, s: &str) {
    // writing into a Vec cannot fail
    let _ = serde_json::to_writer(&mut *out, s);
}
