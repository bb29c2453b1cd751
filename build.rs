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
//! compiled table is written as its `Debug` form: the tables hold only
//! numbers, `&'static str`, `Option`s, tuples, ranges, structs and enums
//! with named or tuple fields, and [`List`](rules::list::List) (a
//! `&'static [T]`) prints as `List(&[..])`, so that form is a Rust
//! expression that rebuilds the table, given the type and variant names in
//! scope (the `compiled` modules of `schema` and `binding` bring them in). A
//! test checks that the static tables print exactly as the parser's output.
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

/// The source files [`rules`] includes (the build reruns when one changes).
const RULE_SOURCES: &[&str] = &[
    "src/rules/list.rs",
    "src/rules/severity.rs",
    "src/rules/schema/parse.rs",
    "src/rules/schema/table.rs",
    "src/rules/binding/notation.rs",
    "src/rules/binding/parse.rs",
    "src/rules/binding/table.rs",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    for f in RULE_SOURCES {
        println!("cargo:rerun-if-changed={f}");
    }
    let out_dir = std::env::var("OUT_DIR")?;
    let out_dir = Path::new(&out_dir);
    codelists(out_dir)?;
    for syntax in ["ubl", "cii"] {
        let file = format!("schemas/structure/{syntax}.tsv");
        let table =
            rules::schema::parse::parse(read(&file)?).map_err(|e| format!("{file}: {}", e.0))?;
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
        let table = rules::binding::parse::parse(read(&file)?, resolver)
            .map_err(|e| format!("{file}: {}", e.0))?;
        std::fs::write(
            out_dir.join(format!("binding_{syntax}.rs")),
            format!("{table:?}"),
        )?;
    }
    Ok(())
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
    writeln!(out, "    codes: &[")?;
    for (code, _) in &sorted {
        writeln!(out, "        {code:?},")?;
    }
    writeln!(out, "    ],")?;
    writeln!(out, "    names: &[")?;
    for (_, name) in &sorted {
        writeln!(out, "        {name:?},")?;
    }
    writeln!(out, "    ],")?;
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
