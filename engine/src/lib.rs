//! Execution engines for wqlkit.
