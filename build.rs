//! Links the `wqlkit` executable with packed relative relocations (DT_RELR)
//! on Linux with glibc. The executable is position-independent, and its
//! tables hold some 250,000 pointers that the dynamic loader relocates before
//! `main` runs: as RELA records that is 6 MB to read on every start, packed
//! it is about 70 KB (BENCHMARKS.md, "Start-up"). Address-space
//! randomisation is kept. Needs GNU ld 2.38 or lld 15, and glibc 2.36 to run.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
