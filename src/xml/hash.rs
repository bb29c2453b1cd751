//! The hash of element local names for the symbol table ([`super::symbols`]).
//! Std-only: `build.rs` includes this file to lay the table out, and the
//! library probes it with the same functions.

/// The first and the last eight bytes of a name (overlapping when shorter
/// than sixteen; a name shorter than eight is read byte by byte into the
/// first word, the second is 0). With the length they decide names of up to
/// sixteen bytes; longer ones also compare their middle.
#[inline]
pub fn words(name: &[u8]) -> (u64, u64) {
    match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => {
            let mut w = 0u64;
            for (k, &b) in name.iter().enumerate() {
                w |= u64::from(b) << (8 * k);
            }
            (w, 0)
        }
    }
}

/// The home slot of a name with `words` and length `n` in a table of `len`
/// slots (a power of two): the words and the length mixed by one
/// multiplication (as rustc's FxHash), top bits. Schema names that share
/// both ends differ in length, so collisions stay rare, and the probe
/// resolves the rest.
#[inline]
pub fn home(words: (u64, u64), n: usize, len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let h = (words.0 ^ words.1.rotate_left(29) ^ (n as u64)).wrapping_mul(K);
    match len.trailing_zeros() {
        0 => 0,
        bits => (h >> (64 - bits)) as usize,
    }
}
