//! tifa — work in progress.
