//! The global allocator for Rust's own allocations (never Python's or numpy's): mimalloc, or the
//! system's when the environment says `NPARROW_ALLOCATOR=system` at the first allocation.
//!
//! Why mimalloc: the Python thread allocates the arrays a `log` builds and the batcher thread
//! frees them; under glibc malloc the two contend for one arena lock, a futex wake-up per few
//! `log` calls (seen in `perf`: a third of a small `log`'s time). mimalloc frees across threads
//! without a lock.
//!
//! Why the switch: memray (the memory tests' `limit_memory`) sees `malloc` and `mmap` calls, not
//! what mimalloc hands out of the arenas it has already mapped, so the memory tests run with the
//! system allocator. Whether a large buffer is copied does not depend on the allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::CStr;
use std::sync::atomic::{AtomicU8, Ordering};

pub struct Allocator;

const UNDECIDED: u8 = 0;
const MIMALLOC: u8 = 1;
const SYSTEM: u8 = 2;

static CHOICE: AtomicU8 = AtomicU8::new(UNDECIDED);

/// The allocator in use, decided once, before the first allocation, for the life of the process
/// (memory is always freed by the allocator that gave it).
#[inline]
fn choice() -> u8 {
    let c = CHOICE.load(Ordering::Relaxed);
    if c != UNDECIDED {
        return c;
    }
    // SAFETY: `getenv` with a NUL-terminated name; it allocates nothing (we are inside the
    // allocator). The pointer it returns, when not null, is a NUL-terminated string, read at once
    // (before any other call that could change the environment on this thread).
    let wanted = unsafe {
        let p = libc::getenv(c"NPARROW_ALLOCATOR".as_ptr());
        if !p.is_null() && CStr::from_ptr(p).to_bytes() == b"system" {
            SYSTEM
        } else {
            MIMALLOC
        }
    };
    // Two threads racing here both keep the first value stored.
    match CHOICE.compare_exchange(UNDECIDED, wanted, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => wanted,
        Err(first) => first,
    }
}

/// `"mimalloc"` or `"system"` (`_native.allocator()`; the memory tests check it).
pub fn name() -> &'static str {
    if choice() == SYSTEM {
        "system"
    } else {
        "mimalloc"
    }
}

/// The allocator `choice()` names; it never changes once decided.
#[inline]
fn chosen() -> &'static dyn GlobalAlloc {
    if choice() == SYSTEM {
        &System
    } else {
        &mimalloc::MiMalloc
    }
}

// SAFETY: every method forwards, with the caller's contract unchanged, to `chosen()`, one of two
// allocators that uphold `GlobalAlloc`'s contract; it never changes once decided, so each block
// is freed or resized by the allocator that allocated it.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { chosen().alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { chosen().alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: see the impl (`ptr` came from `chosen()` with `layout`).
        unsafe { chosen().dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl (`ptr` came from `chosen()` with `layout`).
        unsafe { chosen().realloc(ptr, layout, new_size) }
    }
}
