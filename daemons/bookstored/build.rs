//! Link settings of the `bookstored` binary.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Packed relative relocations (DT_RELR). The binary is position independent, so every
    // pointer in its read-only data (vtables, string tables: some 50,000) is a relocation the
    // loader applies at start. As RELA entries they took 1.2 MB, all read at every start and
    // then left resident in each process; packed they take 13 KB (`bench/README.md`). GNU ld
    // 2.38 and lld 15 write them and glibc 2.36 reads them (Debian 12, the image's base); an
    // older GNU ld ignores the option with a warning.
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os == "linux" && target_env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
