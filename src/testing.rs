//! Helpers of the unit tests.

/// A small xorshift generator: the table-free tests draw their inputs from it, the same sequence on
/// every run.
pub(crate) fn rng(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}
