//! [`List`] and [`Str`]: the sequence and string types of the compiled rule
//! tables (binding and structure). Depends only on `std`: `build.rs` includes
//! this file.
//!
//! The table parsers (run by `build.rs` and by the tests) build leaked slices
//! and borrowed strings. `build.rs` writes every table out in *pooled* form:
//! each list becomes a range of one static array per element type (the
//! type's [`Pooled::pool`]) and each string a range of one static string of
//! all table strings ([`Strings`]). A compiled table therefore holds no
//! pointer. Why: a pointer in a `static` of a position-independent executable
//! is a relocation the dynamic loader writes at every process start, into a
//! page it must first copy; the tables held about 21,000 of them on 190
//! pages, about 0.5 ms of the 2.9 ms a one-file `erechnung validate` took.
//! Pointer-free, they stay in `.rodata`, mapped from the file and touched only
//! where read.
//!
//! The pooled form is printed by `Debug` while [`pool_start`] is active (only
//! `build.rs` does that); otherwise `Debug` prints the contents, so a parsed
//! and a compiled table print alike (the tests compare them).
//!
//! The leaked forms exist only where a parser runs (the build script and the
//! library's tests): `build.rs` sets `cfg(pooled_tables)` for the library, so
//! in the library proper a list or string is a plain range and reading one
//! takes no branch on its form (the walks read them per element).

use std::any::type_name;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

/// A sequence of a compiled table: a leaked slice (parser output) or a range
/// of the element type's pool (static tables).
pub(crate) struct List<T: 'static>(Repr<T>);

enum Repr<T: 'static> {
    #[cfg(any(test, not(pooled_tables)))]
    Leaked(&'static [T]),
    /// Start and length in `T::pool()`.
    Pooled(u32, u32, PhantomData<&'static [T]>),
}

/// An element type of pooled lists: the one static array its lists are ranges of.
pub(crate) trait Pooled: Sized + 'static {
    fn pool() -> &'static [Self];
}

impl<T> List<T> {
    /// Leaks `v` into a list: only the table parsers use this, and they run
    /// in `build.rs` and in tests, once per table.
    #[cfg(any(test, not(pooled_tables)))]
    #[allow(dead_code)]
    pub(crate) fn leak(v: Vec<T>) -> List<T> {
        List(Repr::Leaked(v.leak()))
    }

    /// The list of `len` elements from `start` of the element type's pool (the
    /// form `build.rs` writes).
    #[allow(dead_code)]
    pub(crate) const fn at(start: u32, len: u32) -> List<T> {
        List(Repr::Pooled(start, len, PhantomData))
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for List<T> {}

impl<T> Clone for Repr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Repr<T> {}

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Repr::Pooled(0, 0, PhantomData))
    }
}

impl<T: Pooled> Deref for List<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self.0 {
            #[cfg(any(test, not(pooled_tables)))]
            Repr::Leaked(s) => s,
            Repr::Pooled(start, len, _) => {
                let start = start as usize;
                T::pool().get(start..start + len as usize).unwrap_or(&[])
            }
        }
    }
}

impl<T: Pooled + PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Pooled + Eq> Eq for List<T> {}

impl<T: Pooled + fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !pooling() {
            return f.debug_list().entries(self.iter()).finish();
        }
        // Elements first: their own lists and strings join their pools.
        let items: Vec<String> = self.iter().map(|e| format!("{e:?}")).collect();
        let (start, len) = POOLS.with(|p| {
            let mut p = p.borrow_mut();
            p.as_mut()
                .map_or((0, 0), |p| p.list(type_name::<T>(), items))
        });
        write!(f, "List::at({start}, {len})")
    }
}

impl<'a, T: Pooled> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A string of a compiled table: borrowed (parser output) or a range of the
/// one string of all table strings (static tables).
#[derive(Clone, Copy)]
pub(crate) struct Str(StrRepr);

#[derive(Clone, Copy)]
enum StrRepr {
    #[cfg(any(test, not(pooled_tables)))]
    Leaked(&'static str),
    /// Start and end in `Str::strings()`.
    Pooled(u32, u32),
}

/// The one string the pooled [`Str`]s are ranges of (implemented for [`Str`]
/// by the crate that holds the compiled tables).
pub(crate) trait Strings {
    fn strings() -> &'static str;
}

impl Str {
    /// A string of a parsed table.
    #[cfg(any(test, not(pooled_tables)))]
    #[allow(dead_code)]
    pub(crate) const fn new(s: &'static str) -> Str {
        Str(StrRepr::Leaked(s))
    }

    /// Bytes `start..end` of the pooled strings (the form `build.rs` writes).
    #[allow(dead_code)]
    pub(crate) const fn at(start: u32, end: u32) -> Str {
        Str(StrRepr::Pooled(start, end))
    }

    /// The bytes of the text (without the UTF-8 boundary checks of
    /// [`Str::as_str`]: comparisons, which the walks do per element, need none).
    #[inline]
    pub(crate) fn as_bytes(self) -> &'static [u8] {
        match self.0 {
            #[cfg(any(test, not(pooled_tables)))]
            StrRepr::Leaked(s) => s.as_bytes(),
            StrRepr::Pooled(start, end) => <Str as Strings>::strings()
                .as_bytes()
                .get(start as usize..end as usize)
                .unwrap_or(&[]),
        }
    }

    /// Whether the text is empty (no UTF-8 check: the symbol probe asks per slot).
    #[inline]
    pub(crate) fn is_empty(self) -> bool {
        self.as_bytes().is_empty()
    }

    /// The text.
    #[inline]
    pub(crate) fn as_str(self) -> &'static str {
        match self.0 {
            #[cfg(any(test, not(pooled_tables)))]
            StrRepr::Leaked(s) => s,
            StrRepr::Pooled(start, end) => <Str as Strings>::strings()
                .get(start as usize..end as usize)
                .unwrap_or(""),
        }
    }
}

impl Default for Str {
    fn default() -> Self {
        Str::at(0, 0)
    }
}

impl Deref for Str {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Str {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for &str {
    #[inline]
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        if !pooling() {
            return fmt::Debug::fmt(s, f);
        }
        let (start, end) = POOLS.with(|p| {
            let mut p = p.borrow_mut();
            p.as_mut().map_or((0, 0), |p| p.string(s))
        });
        write!(f, "Str::at({start}, {end})")
    }
}

/// The pools gathered while tables are printed in pooled form.
#[derive(Default)]
pub(crate) struct Pools {
    /// Every distinct string once, concatenated.
    pub(crate) strings: String,
    strings_at: HashMap<String, (u32, u32)>,
    /// Per element type (its `type_name`, in order of first use): the elements
    /// printed as Rust expressions.
    pub(crate) lists: Vec<(&'static str, Vec<String>)>,
    /// Lists already pooled (type index and elements) → start, so equal lists share.
    lists_at: HashMap<(usize, Vec<String>), u32>,
}

impl Pools {
    fn string(&mut self, s: &str) -> (u32, u32) {
        if let Some(&r) = self.strings_at.get(s) {
            return r;
        }
        let start = self.strings.len();
        self.strings.push_str(s);
        let r = (to_u32(start), to_u32(self.strings.len()));
        self.strings_at.insert(s.to_string(), r);
        r
    }

    fn list(&mut self, ty: &'static str, items: Vec<String>) -> (u32, u32) {
        let len = to_u32(items.len());
        if items.is_empty() {
            return (0, 0);
        }
        let t = match self.lists.iter().position(|(n, _)| *n == ty) {
            Some(t) => t,
            None => {
                self.lists.push((ty, Vec::new()));
                self.lists.len() - 1
            }
        };
        let key = (t, items);
        if let Some(&start) = self.lists_at.get(&key) {
            return (start, len);
        }
        let pool = &mut self.lists[t].1;
        let start = to_u32(pool.len());
        pool.extend(key.1.iter().cloned());
        self.lists_at.insert(key, start);
        (start, len)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

thread_local! {
    static POOLS: RefCell<Option<Pools>> = const { RefCell::new(None) };
}

fn pooling() -> bool {
    POOLS.with(|p| p.borrow().is_some())
}

/// From now on (on this thread), `Debug` prints tables in pooled form.
#[allow(dead_code)]
pub(crate) fn pool_start() {
    POOLS.with(|p| *p.borrow_mut() = Some(Pools::default()));
}

/// Ends pooled printing and returns the pools gathered since [`pool_start`].
#[allow(dead_code)]
pub(crate) fn pool_take() -> Option<Pools> {
    POOLS.with(|p| p.borrow_mut().take())
}
