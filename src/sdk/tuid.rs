//! Time-based unique ids (TUIDs) used as Rerun row ids and chunk ids (spec §6).

use std::cell::Cell;
use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

/// A 128-bit time-based unique id: wall-clock nanoseconds since the Unix epoch plus a
/// per-thread counter. Ordering is `(time_ns, inc)`, which equals the byte order of
/// [`Tuid::to_arrow_bytes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tuid {
    pub time_ns: u64,
    pub inc: u64,
}

impl Tuid {
    /// The Arrow `FixedSizeBinary(16)` layout: `time_ns` big-endian, then `inc` big-endian.
    #[inline]
    pub fn to_arrow_bytes(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.time_ns.to_be_bytes());
        out[8..].copy_from_slice(&self.inc.to_be_bytes());
        out
    }

    /// Inverse of [`Tuid::to_arrow_bytes`].
    #[inline]
    pub fn from_arrow_bytes(bytes: [u8; 16]) -> Self {
        let mut t = [0u8; 8];
        let mut i = [0u8; 8];
        t.copy_from_slice(&bytes[..8]);
        i.copy_from_slice(&bytes[8..]);
        Self {
            time_ns: u64::from_be_bytes(t),
            inc: u64::from_be_bytes(i),
        }
    }

    /// Text form with a prefix: `prefix` + 16 upper-case hex digits of `time_ns` + 16
    /// lower-case hex digits of `inc`.
    pub fn text_with_prefix(&self, prefix: &str) -> String {
        let mut s = String::with_capacity(prefix.len() + 32);
        s.push_str(prefix);
        // Writing into a String cannot fail.
        let _ = write!(s, "{:016X}{:016x}", self.time_ns, self.inc);
        s
    }

    /// `chunk_…` text form (the `rerun:id` schema metadata value).
    pub fn chunk_text(&self) -> String {
        self.text_with_prefix("chunk_")
    }

    /// `row_…` text form.
    pub fn row_text(&self) -> String {
        self.text_with_prefix("row_")
    }
}

/// Per-thread generator state: last issued time and next increment.
struct Generator {
    last_time_ns: Cell<u64>,
    next_inc: Cell<u64>,
}

fn random_u64() -> u64 {
    match getrandom::u64() {
        Ok(v) => v,
        // Extremely unlikely; fall back to something that still differs between threads.
        Err(_) => {
            let t = now_ns();
            let addr = &t as *const u64 as usize as u64;
            t.rotate_left(17) ^ addr.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        }
    }
}

fn now_ns() -> u64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
        Err(_) => 0,
    }
}

thread_local! {
    static GENERATOR: Generator = Generator {
        last_time_ns: Cell::new(0),
        next_inc: Cell::new(random_u64()),
    };
}

impl Generator {
    /// Reserves `n` consecutive increments at one (non-decreasing) timestamp.
    #[inline]
    fn reserve(&self, n: u64) -> (u64, u64) {
        let time_ns = now_ns().max(self.last_time_ns.get());
        self.last_time_ns.set(time_ns);
        let inc = self.next_inc.get();
        self.next_inc.set(inc.wrapping_add(n));
        (time_ns, inc)
    }
}

/// A new TUID from this thread's generator.
pub fn new_tuid() -> Tuid {
    GENERATOR.with(|g| {
        let (time_ns, inc) = g.reserve(1);
        Tuid { time_ns, inc }
    })
}

/// Appends `n` new TUIDs to `out`: same timestamp, consecutive increments.
pub fn new_tuids(n: usize, out: &mut Vec<Tuid>) {
    if n == 0 {
        return;
    }
    let (time_ns, inc) = GENERATOR.with(|g| g.reserve(n as u64));
    out.reserve(n);
    out.extend((0..n as u64).map(|i| Tuid {
        time_ns,
        inc: inc.wrapping_add(i),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_byte_layout_is_big_endian() {
        let t = Tuid {
            time_ns: 0x0102_0304_0506_0708,
            inc: 0x1112_1314_1516_1718,
        };
        assert_eq!(
            t.to_arrow_bytes(),
            [1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]
        );
        assert_eq!(Tuid::from_arrow_bytes(t.to_arrow_bytes()), t);
    }

    #[test]
    fn text_form() {
        let t = Tuid {
            time_ns: 0x18EB_0F2C_2F11_3F0F,
            inc: 0x1fb3_4b19_7fe6_a0b4,
        };
        assert_eq!(t.chunk_text(), "chunk_18EB0F2C2F113F0F1fb34b197fe6a0b4");
        assert_eq!(t.row_text(), "row_18EB0F2C2F113F0F1fb34b197fe6a0b4");
        let small = Tuid { time_ns: 1, inc: 2 };
        assert_eq!(small.chunk_text(), "chunk_00000000000000010000000000000002");
    }

    #[test]
    fn monotonic_and_unique() {
        let mut prev = new_tuid();
        for _ in 0..10_000 {
            let t = new_tuid();
            assert!(t.time_ns >= prev.time_ns);
            assert_eq!(t.inc, prev.inc.wrapping_add(1));
            assert_ne!(t, prev);
            prev = t;
        }
        let mut v = Vec::new();
        new_tuids(5, &mut v);
        assert_eq!(v.len(), 5);
        assert!(v[0].time_ns >= prev.time_ns);
        assert_eq!(v[0].inc, prev.inc.wrapping_add(1));
        for w in v.windows(2) {
            assert_eq!(w[0].time_ns, w[1].time_ns);
            assert_eq!(w[1].inc, w[0].inc.wrapping_add(1));
        }
        let next = new_tuid();
        assert_eq!(next.inc, v[4].inc.wrapping_add(1));
    }

    #[test]
    fn threads_have_distinct_generators() {
        let a = std::thread::spawn(new_tuid).join().ok();
        let b = std::thread::spawn(new_tuid).join().ok();
        assert!(a.is_some() && b.is_some());
        assert_ne!(a, b);
    }
}
