//! Links the `wqlkit` executable with packed relative relocations (DT_RELR)
//! on Linux with glibc. The executable is position-independent, and its
//! tables hold some 250,000 pointers that the dynamic loader relocates before
//! `main` runs: as RELA records that is 6 MB to read on every start, packed
//! it is about 70 KB (BENCHMARKS.md, "Whole process"). Address-space
//! randomisation is kept.
//!
//! The linker makes such an executable require the C library's symbol
//! version `GLIBC_ABI_DT_RELR` (glibc 2.36 and later), so the option is used
//! only when the C library the build links against defines it, and only for
//! a build for the machine it runs on: an executable built here runs where
//! this glibc or a later one is.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CC");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    if native && var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && libc_knows_relr() {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the `libc.so.6` the C compiler links against defines the symbol
/// version `GLIBC_ABI_DT_RELR`. No compiler, no such file, or an older
/// library: false, and the executable is linked as before.
fn libc_knows_relr() -> bool {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let Ok(out) = std::process::Command::new(cc)
        .arg("-print-file-name=libc.so.6")
        .output()
    else {
        return false;
    };
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    const VERSION: &[u8] = b"GLIBC_ABI_DT_RELR";
    std::fs::read(path).is_ok_and(|bytes| bytes.windows(VERSION.len()).any(|w| w == VERSION))
}
