//! Build script: compiles the project's tables into Rust source in `$OUT_DIR`
//! that the library includes as plain `static` data, so a process parses,
//! sorts and allocates nothing for them at run time:
//!
//! - the code lists `schemas/codelists/*.tsv` into sorted tables
//!   (`codelists.rs`, included by `src/codelists/mod.rs`; parsed here);
//! - the structure tables `schemas/structure/{ubl,cii}.tsv` (`structure_*.rs`,
//!   included by `src/rules/schema/mod.rs`) and the binding tables
//!   `schemas/binding/{ubl,cii}.tsv` (`binding_*.rs`, included by
//!   `src/rules/binding/mod.rs`), with the library's own parsers.
//!
//! The table types and parsers of the library depend only on `std`, so this
//! script includes their files (module `src::rules`, which mirrors the library's
//! module paths, so that `crate::rules::…` and `super::…` resolve alike). A
//! compiled table is written as its `Debug` form in *pooled* mode: the tables
//! hold only numbers, `Option`s, tuples, ranges, structs and enums with named
//! or tuple fields, [`List`](rules::list::List)s, which print as
//! `List::at(start, len)` (a range of one static array per element type,
//! written to `pools_*.rs`), and [`Str`](rules::list::Str)s, which print as
//! `Str::at(start, end)` (a range of one string of all table strings). So
//! that form is a Rust expression that rebuilds the table, given the type and
//! variant names in scope (the `compiled` modules of `schema` and `binding`
//! bring them in), and it holds no pointer: the tables live in `.rodata` and
//! cost the dynamic loader nothing at start. A test checks that the static
//! tables print exactly as the parser's output.
//! A malformed table row fails the build with file and line.
//!
//! Code list format (the project's own): `#` starts a comment line; every other
//! non-empty line is `CODE` or `CODE<TAB>short name`. The first comment line
//! is the list's title. A code has no whitespace and occurs once per file.
//! A file `untdid1001-ubl-invoice.tsv` becomes `pub static UNTDID1001_UBL_INVOICE: CodeList`.

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

/// The library's table types and parsers: inline modules named as the
/// directories, so each `mod` finds the library's own file and `crate::rules::…`
/// and `super::…` in those files resolve as they do in the library.
#[allow(dead_code, unused_imports)]
mod src {
    pub mod rules {
        pub mod list;
        mod severity;
        pub use severity::Severity;
        pub mod schema {
            pub mod parse;
            pub mod table;
        }
        pub mod binding {
            pub mod notation;
            pub mod parse;
            pub mod table;
        }
    }
}
use src::rules;

/// The name hash of the element symbol table (`src/xml/hash.rs`, std-only).
#[path = "src/xml/hash.rs"]
mod name_hash;

/// The source files [`rules`] includes (the build reruns when one changes).
const RULE_SOURCES: &[&str] = &[
    "src/rules/list.rs",
    "src/rules/severity.rs",
    "src/rules/schema/parse.rs",
    "src/rules/schema/table.rs",
    "src/rules/binding/notation.rs",
    "src/rules/binding/parse.rs",
    "src/rules/binding/table.rs",
    "src/xml/hash.rs",
];

/// The build script's side of the pools: it only prints pooled tables, it
/// never reads one back (the library's pools are generated, see [`pools`]).
impl<T: 'static> rules::list::Pooled for T {
    fn pool() -> &'static [T] {
        &[]
    }
}

impl rules::list::Strings for rules::list::Str {
    fn strings() -> &'static str {
        ""
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    // The library holds only pooled tables (see `src/rules/list.rs`).
    println!("cargo:rustc-cfg=pooled_tables");
    for f in RULE_SOURCES {
        println!("cargo:rerun-if-changed={f}");
    }
    let out_dir = std::env::var("OUT_DIR")?;
    let out_dir = Path::new(&out_dir);
    codelists(out_dir)?;
    let vocabulary = symbols(out_dir)?;
    // Every table is printed in pooled form (see `src/rules/list.rs`): the
    // lists and strings of all four tables go to shared pools, written last.
    rules::list::pool_start();
    for syntax in ["ubl", "cii"] {
        let file = format!("schemas/structure/{syntax}.tsv");
        let symbol = |local: &str| structure_symbol(&vocabulary, local);
        let table = rules::schema::parse::parse(read(&file)?, &symbol)
            .map_err(|e| format!("{file}: {}", e.0))?;
        std::fs::write(
            out_dir.join(format!("structure_{syntax}.rs")),
            format!("{table:?}"),
        )?;
        let file = format!("schemas/binding/{syntax}.tsv");
        let resolver = if syntax == "ubl" {
            rules::binding::parse::ubl_ns
        } else {
            rules::binding::parse::cii_ns
        };
        let mut table = rules::binding::parse::parse(read(&file)?, resolver)
            .map_err(|e| format!("{file}: {}", e.0))?;
        table.by_dom = rules::binding::parse::by_dom(&table, &vocabulary);
        std::fs::write(
            out_dir.join(format!("binding_{syntax}.rs")),
            format!("{table:?}"),
        )?;
    }
    let pools = rules::list::pool_take().ok_or("pooled printing was not active")?;
    pools_files(out_dir, &pools)
}

/// Writes the pools: `pools_schema.rs` and `pools_binding.rs` (element types
/// of one table family, included beside its tables so that the variant names
/// the elements print are in scope) and `pools_shared.rs` (the strings and the
/// element types both families use, which print no variant names).
fn pools_files(out_dir: &Path, pools: &rules::list::Pools) -> Result<(), Box<dyn Error>> {
    let mut files = [String::new(), String::new(), String::new()];
    writeln!(
        files[2],
        "/// Every string of the compiled tables.\npub(crate) static STRINGS: &str = {:?};\n\
         impl Strings for Str {{\n    #[inline]\n    fn strings() -> &'static str {{\n        STRINGS\n    }}\n}}",
        pools.strings
    )?;
    for (i, (ty, items)) in pools.lists.iter().enumerate() {
        let family = if ty.contains("::schema::") {
            0
        } else if ty.contains("::binding::") {
            1
        } else {
            2
        };
        let ty = rust_type(ty);
        let out = &mut files[family];
        writeln!(out, "static POOL_{i}: [{ty}; {}] = [", items.len())?;
        for item in items {
            writeln!(out, "    {item},")?;
        }
        writeln!(out, "];")?;
        writeln!(
            out,
            "impl Pooled for {ty} {{\n    #[inline]\n    fn pool() -> &'static [Self] {{\n        &POOL_{i}\n    }}\n}}"
        )?;
    }
    for (name, text) in ["pools_schema.rs", "pools_binding.rs", "pools_shared.rs"]
        .iter()
        .zip(files)
    {
        std::fs::write(out_dir.join(name), text)?;
    }
    Ok(())
}

/// A `type_name` as the type is written where the tables are included: every
/// path shortened to its last segment (`a::b::Step` → `Step`), references
/// `'static` (`&str` → `&'static str`; such elements still hold pointers: table
/// strings should be [`Str`](rules::list::Str)s).
fn rust_type(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear();
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
            if c == '&' {
                out.push_str("'static ");
            }
        }
    }
    out.push_str(&word);
    out
}

/// The element symbol table (`symbols.rs`, included by `src/xml/symbols.rs`):
/// every local name of an `el` or `root` row of the structure tables, sorted,
/// numbered from 1; one string of the names with offsets, an open-addressing
/// hash table of symbols (power-of-two size, at most half full), and a
/// constant per name.
fn symbols(out_dir: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    let mut names: Vec<String> = Vec::new();
    for syntax in ["ubl", "cii"] {
        let file = format!("schemas/structure/{syntax}.tsv");
        for line in read(&file)?.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let qname = match cols.as_slice() {
                ["el", _, _, el, ..] => el,
                ["root", el, ..] => el,
                _ => continue,
            };
            let local = qname.rsplit(':').next().unwrap_or(qname);
            names.push(local.to_string());
        }
    }
    names.sort();
    names.dedup();
    let len = (names.len() * 2).next_power_of_two();
    let mut slots = vec![0u16; len];
    let mut blob = String::new();
    let mut offsets = vec![0u32];
    // Per symbol (index 0: none) the words of its name, compared in the probe.
    let mut heads = vec![0u64];
    let mut tails = vec![0u64];
    let mut consts = String::new();
    for (i, n) in names.iter().enumerate() {
        let s = u16::try_from(i + 1)?;
        blob.push_str(n);
        offsets.push(u32::try_from(blob.len())?);
        let w = name_hash::words(n.as_bytes());
        heads.push(w.0);
        tails.push(w.1);
        let mut at = name_hash::home(w, n.len(), len);
        while slots[at] != 0 {
            at = (at + 1) & (len - 1);
        }
        slots[at] = s;
        writeln!(consts, "    pub const {n}: u16 = {s};")?;
    }
    let out = format!(
        "pub(super) const COUNT: usize = {count};\n\
         pub(super) static NAMES: &str = {blob:?};\n\
         pub(super) static OFFSETS: [u32; {n}] = {offsets:?};\n\
         pub(super) static SLOTS: [u16; {len}] = {slots:?};\n\
         pub(super) static HEADS: [u64; {n}] = {heads:?};\n\
         pub(super) static TAILS: [u64; {n}] = {tails:?};\n\
         /// One constant per local name.\n\
         #[allow(non_upper_case_globals, missing_docs)]\n\
         pub mod sym {{\n{consts}}}\n",
        n = offsets.len(),
        count = names.len()
    );
    std::fs::write(out_dir.join("symbols.rs"), out)?;
    Ok(names)
}

/// The element symbol of `local` in the sorted `vocabulary` of [`symbols`]
/// (symbol `i + 1` is `vocabulary[i]`; 0 when absent), for the structure
/// tables' name indexes.
fn structure_symbol(vocabulary: &[String], local: &str) -> u16 {
    vocabulary
        .binary_search_by(|n| n.as_str().cmp(local))
        .map_or(0, |i| u16::try_from(i + 1).unwrap_or(0))
}

/// Reads a table file for a parser that borrows from its text for good
/// (the build script ends right after).
fn read(file: &str) -> Result<&'static str, Box<dyn Error>> {
    println!("cargo:rerun-if-changed={file}");
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    Ok(String::leak(text))
}

fn codelists(out_dir: &Path) -> Result<(), Box<dyn Error>> {
    let dir = Path::new("schemas/codelists");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();

    let mut out = String::new();
    let mut all = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{}: file name is not UTF-8", path.display()))?;
        let ident: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        let text = std::fs::read_to_string(path)?;
        let list = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        emit(&mut out, &ident, stem, &list)?;
        all.push(ident);
    }
    writeln!(
        out,
        "/// Every code list, in file-name order.\npub static ALL: &[&CodeList] = &[{}];",
        all.iter()
            .map(|i| format!("&{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;

    std::fs::write(out_dir.join("codelists.rs"), out)?;
    Ok(())
}

struct Parsed {
    title: String,
    /// (code, name) in file order.
    entries: Vec<(String, String)>,
}

fn parse(text: &str) -> Result<Parsed, String> {
    let mut title = None;
    let mut entries: Vec<(String, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if title.is_none() && !comment.is_empty() {
                title = Some(comment.to_string());
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (code, name) = line.split_once('\t').unwrap_or((line, ""));
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            return Err(format!("line {}: bad code `{code}`", n + 1));
        }
        if entries.iter().any(|(c, _)| c == code) {
            return Err(format!("line {}: duplicate code `{code}`", n + 1));
        }
        entries.push((code.to_string(), name.trim().to_string()));
    }
    let title = title.ok_or("no title comment")?;
    if entries.is_empty() {
        return Err("no codes".into());
    }
    Ok(Parsed { title, entries })
}

fn emit(out: &mut String, ident: &str, stem: &str, list: &Parsed) -> Result<(), Box<dyn Error>> {
    let mut sorted: Vec<&(String, String)> = list.entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let literal = format!(
        " {} ",
        list.entries
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    writeln!(out, "/// {} (`schemas/codelists/{stem}.tsv`)", list.title)?;
    writeln!(out, "pub static {ident}: CodeList = CodeList {{")?;
    writeln!(out, "    file: {stem:?},")?;
    writeln!(out, "    title: {:?},", list.title)?;
    // Codes and names as one string each with end offsets: no pointer per
    // code for the dynamic loader to relocate at start.
    for (field, texts) in [
        (
            "code",
            sorted.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
        ),
        ("name", sorted.iter().map(|e| e.1.as_str()).collect()),
    ] {
        let mut ends = Vec::with_capacity(texts.len());
        let mut end = 0usize;
        for t in &texts {
            end += t.len();
            ends.push(u32::try_from(end)?.to_string());
        }
        writeln!(out, "    {field}s: {:?},", texts.concat())?;
        writeln!(out, "    {field}_ends: &[{}],", ends.join(", "))?;
    }
    writeln!(out, "    literal: {literal:?},")?;
    // Codes of at most four bytes also as big-endian packed integers (same
    // order as the strings: codes have no NUL), so a lookup compares
    // integers instead of calling memcmp; lists with longer codes get none.
    if sorted.iter().all(|(c, _)| c.len() <= 4) {
        writeln!(out, "    keys: &[")?;
        for (code, _) in &sorted {
            writeln!(out, "        {:#010x},", pack(code))?;
        }
        writeln!(out, "    ],")?;
    } else {
        writeln!(out, "    keys: &[],")?;
    }
    writeln!(out, "}};")?;
    Ok(())
}

/// A code of at most four bytes as a big-endian integer, zero-padded (the
/// same packing as `CodeList::key` at run time).
fn pack(code: &str) -> u32 {
    let mut b = [0u8; 4];
    b[..code.len()].copy_from_slice(code.as_bytes());
    u32::from_be_bytes(b)
}
