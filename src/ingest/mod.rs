//! Where documents come from and how their bytes become text: reading files
//! and stdin within the size limit, walking directories in a stable order,
//! decoding (`decode.rs`), and the invoice XML embedded in ZUGFeRD / Factur-X
//! PDFs (`pdf.rs`).

pub mod decode;
pub mod mail;
pub mod pdf;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::DocError;

/// Reads at most `limit` bytes of `path`; a larger file is refused before it is read.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, DocError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(DocError::TooLarge { size, limit });
    }
    read_bounded(file, limit, size as usize)
}

/// Reads all of stdin, refusing more than `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, DocError> {
    read_bounded(std::io::stdin().lock(), limit, 64 * 1024)
}

fn read_bounded(r: impl Read, limit: u64, hint: usize) -> Result<Vec<u8>, DocError> {
    let mut buf = Vec::with_capacity(hint.min(limit as usize) + 1);
    r.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(DocError::TooLarge {
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

/// Expands the command-line paths: files as given, directories walked
/// recursively (files with an `.xml` or `.pdf` ending, sorted by path so that
/// output order is stable), `-` for stdin. Unreadable directories yield an
/// entry so that the error is reported for them.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    expand_with(paths, is_candidate)
}

/// [`expand`] with another test for which files a directory walk takes
/// (`process` also takes `.eml` messages).
pub fn expand_with(paths: &[PathBuf], take: fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, take);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, take: fn(&Path) -> bool) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            out.push(d);
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(path);
            } else if take(&path) {
                out.push(path);
            }
        }
    }
}

/// Whether a file found in a directory walk is taken as an input.
pub fn is_candidate(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("xml" | "pdf")
    )
}
