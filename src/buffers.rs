//! Buffers kept from one paragraph or text to the next, and how much of them is kept.

/// Gives back the memory of `v` when it holds more than `keep` bytes (its contents go too): a buffer
/// reused between paragraphs keeps its capacity for the next one, but not the peak of one huge text.
pub(crate) fn give_back<T>(v: &mut Vec<T>, keep: usize) {
    if v.capacity() * std::mem::size_of::<T>() > keep {
        *v = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::give_back;

    #[test]
    fn keeps_small_buffers_and_drops_big_ones() {
        let mut small: Vec<u32> = Vec::with_capacity(4);
        small.push(1);
        give_back(&mut small, 16);
        assert_eq!((small.len(), small.capacity() >= 4), (1, true));
        let mut big: Vec<u32> = Vec::with_capacity(5);
        big.push(1);
        give_back(&mut big, 16);
        assert_eq!((big.len(), big.capacity()), (0, 0));
    }
}
