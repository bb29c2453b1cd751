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
    Inputs::new(paths, take).collect()
}

/// The inputs of [`expand_with`], one at a time, in the same order, without
/// holding the whole batch: a directory's listing is read and sorted when the
/// walk enters it and dropped when it leaves, so memory follows the largest
/// directory on the current path, not the number of files in the batch.
///
/// Sorting each directory's entries by name and descending into a
/// subdirectory where its name sorts gives exactly the order of sorting all
/// paths component by component (`Path`'s order).
pub struct Inputs<'p> {
    take: fn(&Path) -> bool,
    roots: std::iter::Cloned<std::slice::Iter<'p, PathBuf>>,
    /// The directories the walk is inside, innermost last.
    open: Vec<Listing>,
}

/// One directory's entries, sorted; `next` is the first not yet visited.
struct Listing {
    dir: PathBuf,
    /// (name, is a directory), names boxed to their exact size.
    entries: Vec<(Box<std::ffi::OsStr>, bool)>,
    next: usize,
}

impl<'p> Inputs<'p> {
    /// Walks `paths` (files as given, directories recursively, taking the files `take` accepts).
    pub fn new(paths: &'p [PathBuf], take: fn(&Path) -> bool) -> Inputs<'p> {
        Inputs {
            take,
            roots: paths.iter().cloned(),
            open: Vec::new(),
        }
    }

    /// Reads `dir`: `Err` (the directory itself, to be reported) when it cannot be listed.
    fn list(dir: PathBuf) -> Result<Listing, PathBuf> {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            return Err(dir);
        };
        let mut entries: Vec<(Box<std::ffi::OsStr>, bool)> = rd
            .flatten()
            .filter_map(|e| {
                let ft = e.file_type().ok()?;
                Some((e.file_name().into_boxed_os_str(), ft.is_dir()))
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(Listing {
            dir,
            entries,
            next: 0,
        })
    }
}

impl Iterator for Inputs<'_> {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        loop {
            let Some(top) = self.open.last_mut() else {
                let root = self.roots.next()?;
                if !root.is_dir() {
                    return Some(root);
                }
                match Inputs::list(root) {
                    Ok(l) => self.open.push(l),
                    Err(dir) => return Some(dir),
                }
                continue;
            };
            let Some((name, is_dir)) = top.entries.get(top.next) else {
                self.open.pop();
                continue;
            };
            top.next += 1;
            let path = top.dir.join(&**name);
            if *is_dir {
                match Inputs::list(path) {
                    Ok(l) => self.open.push(l),
                    Err(dir) => return Some(dir),
                }
            } else if (self.take)(&path) {
                return Some(path);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_stream_in_path_order_and_keep_only_candidates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.xml",
            "a-b.xml",
            "a/z.pdf",
            "a/y/x.xml",
            "a/notes.txt",
            "b.PDF",
            "b/c.xml",
            "b/c/d.xml",
            "ä.xml",
            "0.xml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let got: Vec<PathBuf> = Inputs::new(&[root.to_path_buf()], is_candidate).collect();
        let mut want: Vec<PathBuf> = [
            "a.xml",
            "a-b.xml",
            "a/z.pdf",
            "a/y/x.xml",
            "b.PDF",
            "b/c.xml",
            "b/c/d.xml",
            "ä.xml",
            "0.xml",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        want.sort();
        assert_eq!(got, want);
        // Files given on the command line come as given, in the given order.
        let given = vec![root.join("b.PDF"), PathBuf::from("-"), root.join("a")];
        let got: Vec<PathBuf> = Inputs::new(&given, is_candidate).collect();
        assert_eq!(
            got,
            vec![
                root.join("b.PDF"),
                PathBuf::from("-"),
                root.join("a/y/x.xml"),
                root.join("a/z.pdf")
            ]
        );
    }
}
