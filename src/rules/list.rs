//! [`List`]: the sequence type of the compiled rule tables (binding and
//! structure). Depends only on `std`: `build.rs` includes this file.
//!
//! The tables are parsed at build time and written out as Rust source that
//! the library includes as plain `static` data (nothing parsed or allocated at
//! run time). A `List` is a `&'static [T]`, so a table can be a `static`; its
//! `Debug` output, `List(&[..])`, is the Rust expression that builds it, which
//! is what lets `build.rs` write a table with `{:?}` (see there).

use std::fmt;
use std::ops::Deref;

/// A static slice that prints as the expression constructing it.
pub(crate) struct List<T: 'static>(pub(crate) &'static [T]);

impl<T> List<T> {
    /// Leaks `v` into a list: only the table parsers use this, and they run
    /// in `build.rs` and in tests, once per table.
    #[allow(dead_code)]
    pub(crate) fn leak(v: Vec<T>) -> List<T> {
        List(v.leak())
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for List<T> {}

impl<T> Default for List<T> {
    fn default() -> Self {
        List(&[])
    }
}

impl<T> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Eq> Eq for List<T> {}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("List(&")?;
        f.debug_list().entries(self.0).finish()?;
        f.write_str(")")
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
