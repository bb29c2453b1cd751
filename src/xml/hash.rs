//! The hash of element local names for the symbol table ([`super::symbols`]).
//! Std-only: `build.rs` includes this file to lay the table out, and the
//! library probes it with the same function.

/// The home slot of `name` in a table of `len` slots (a power of two).
///
/// Constant time whatever the length: the name's length, its first eight and
/// its last eight bytes (two overlapping loads; shorter names are read byte
/// by byte), mixed by one multiplication (as rustc's FxHash). Schema names
/// that share both ends differ in length, so collisions stay rare, and the
/// probe resolves the rest.
#[inline]
pub fn slot(name: &[u8], len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let n = name.len();
    let (head, tail) = match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => {
            let mut w = 0u64;
            for (k, &b) in name.iter().enumerate() {
                w |= u64::from(b) << (8 * k);
            }
            (w, 0)
        }
    };
    let h = (head ^ tail.rotate_left(29) ^ (n as u64)).wrapping_mul(K);
    match len.trailing_zeros() {
        0 => 0,
        bits => (h >> (64 - bits)) as usize,
    }
}
