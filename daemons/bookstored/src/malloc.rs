//! glibc's allocator, tuned so that freed password hashes go back to the kernel.
//!
//! Argon2id hashes a password in one 19 MiB block. glibc serves a block that large with its
//! own mmap, but when such a block is freed it raises its mmap threshold to the block's size
//! (and its trim threshold to twice that): every later hash is then carved from a malloc arena
//! and stays resident once freed, up to 19 MiB per arena that ever hashed. The user service
//! hashes once at start (the dummy hash that times logins of unknown emails), so its second
//! hash, the first login, already stayed: 18 MiB idle became 38 MiB, and four parallel logins
//! 116 MiB (`bench/README.md`). Fixing the threshold at glibc's own starting value, 128 KiB,
//! turns that adjustment off: large blocks stay mappings of their own and are unmapped when
//! freed. The blocks of 128 KiB and more that the services allocate are few (Argon2, the odd
//! large body), so the extra mmap calls cost nothing measurable.

/// glibc's default mmap threshold, which it starts from before any adjustment.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Fixes the mmap threshold unless `MALLOC_MMAP_THRESHOLD_` already set one (an operator's
/// choice, which glibc applied at start and which wins). Call before the runtime's threads
/// start.
pub fn keep_large_blocks_mapped() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: `mallopt` only changes the allocator's parameters, under its own lock; it
        // reads and writes no memory of ours, and any value is valid for this parameter.
        #[expect(unsafe_code, reason = "mallopt has no safe wrapper")]
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
        if ok != 1 {
            eprintln!("bookstored: could not set the allocator's mmap threshold; going on");
        }
    }
}
