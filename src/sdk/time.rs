//! Timelines and time points. The active time point is per thread and per recording, as in
//! rerun-sdk (`set_time` on one thread does not move another thread's time).

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use arrow_schema::{DataType, TimeUnit};

use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeKind {
    Sequence,
    Timestamp,
    Duration,
}

impl TimeKind {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "sequence" => Ok(TimeKind::Sequence),
            "timestamp" => Ok(TimeKind::Timestamp),
            "duration" => Ok(TimeKind::Duration),
            other => Err(Error::Value(format!(
                "timeline kind must be sequence, timestamp or duration, got {other:?}"
            ))),
        }
    }

    pub fn arrow_type(self) -> DataType {
        match self {
            TimeKind::Sequence => DataType::Int64,
            TimeKind::Timestamp => DataType::Timestamp(TimeUnit::Nanosecond, None),
            TimeKind::Duration => DataType::Duration(TimeUnit::Nanosecond),
        }
    }
}

/// Timeline name → (kind, value), sorted by name (the column order of a chunk).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimePoint(pub Vec<(Arc<str>, TimeKind, i64)>);

impl TimePoint {
    pub fn set(&mut self, name: &str, kind: TimeKind, value: i64) -> Result<()> {
        match self.0.binary_search_by(|(n, _, _)| n.as_ref().cmp(name)) {
            Ok(i) => {
                if self.0[i].1 != kind {
                    return Err(Error::Value(format!(
                        "timeline {name:?} is a {:?} timeline on this thread, cannot set it as {kind:?}",
                        self.0[i].1
                    )));
                }
                self.0[i].2 = value;
            }
            Err(i) => self.0.insert(i, (Arc::from(name), kind, value)),
        }
        Ok(())
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _, _)| n.as_ref() != name);
    }
}

/// The SDK's timeline names, allocated once (every temporal row carries `log_time`).
fn sdk_timeline(name: &'static str) -> Arc<str> {
    static NAMES: std::sync::OnceLock<(Arc<str>, Arc<str>)> = std::sync::OnceLock::new();
    let (time, tick) = NAMES.get_or_init(|| (Arc::from("log_time"), Arc::from("log_tick")));
    if name == "log_time" {
        time.clone()
    } else {
        tick.clone()
    }
}

pub fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

thread_local! {
    /// recording id → this thread's time point.
    static TIMEPOINTS: RefCell<FxHashMap<u64, TimePoint>> = RefCell::new(FxHashMap::default());
}

pub fn with_thread_timepoint<R>(recording: u64, f: impl FnOnce(&mut TimePoint) -> R) -> R {
    TIMEPOINTS.with(|t| f(t.borrow_mut().entry(recording).or_default()))
}

/// The timelines the SDK adds to every temporal `log` row, as in rerun-sdk 0.41: `log_time`
/// (on by default, `RERUN_LOG_TIME`) and `log_tick` (off by default, `RERUN_LOG_TICK`), each
/// switchable per recording. The tick counts every `log` call of the recording, static ones and
/// those made while `log_tick` is off included (`send_columns` does not count), from 0.
#[derive(Debug)]
pub struct LogClock {
    time: std::sync::atomic::AtomicBool,
    tick: std::sync::atomic::AtomicBool,
    counter: std::sync::atomic::AtomicI64,
}

/// `RERUN_LOG_TIME` / `RERUN_LOG_TICK` as rerun-sdk reads them: once per process (the first
/// recording's), 1/true/yes/on or 0/false/no/off; unset or anything else keeps the default.
fn env_defaults() -> (bool, bool) {
    static DEFAULTS: std::sync::OnceLock<(bool, bool)> = std::sync::OnceLock::new();
    *DEFAULTS.get_or_init(|| {
        (
            env_flag("RERUN_LOG_TIME", true),
            env_flag("RERUN_LOG_TICK", false),
        )
    })
}

fn env_flag(name: &str, default: bool) -> bool {
    match std::env::var(name).map(|v| v.trim().to_ascii_lowercase()) {
        Ok(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => true,
        Ok(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => false,
        _ => default,
    }
}

impl LogClock {
    pub fn from_env() -> Self {
        let (time, tick) = env_defaults();
        Self {
            time: time.into(),
            tick: tick.into(),
            counter: 0.into(),
        }
    }

    pub fn set_time_enabled(&self, enabled: bool) {
        self.time
            .store(enabled, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn set_tick_enabled(&self, enabled: bool) {
        self.tick
            .store(enabled, std::sync::atomic::Ordering::Relaxed);
    }

    /// Counts one `log` call; returns its tick.
    pub fn next_tick(&self) -> i64 {
        self.counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// `tp` plus the enabled SDK timelines (their values win over the user's, as in rerun-sdk).
    pub fn stamp(&self, tp: &TimePoint, tick: i64) -> TimePoint {
        use std::sync::atomic::Ordering::Relaxed;
        // In name order ("log_tick" < "log_time"): the merge below relies on it.
        let mut sdk: [Option<(&'static str, TimeKind, i64)>; 2] = [None, None];
        if self.tick.load(Relaxed) {
            sdk[0] = Some(("log_tick", TimeKind::Sequence, tick));
        }
        if self.time.load(Relaxed) {
            sdk[1] = Some(("log_time", TimeKind::Timestamp, now_ns()));
        }
        // One pass over the thread's sorted time point: the user's entries of the SDK's names
        // are replaced (the SDK's value wins, as in rerun-sdk), the SDK's are merged in order.
        let mut out = Vec::with_capacity(tp.0.len() + 2);
        let mut pending = sdk.into_iter().flatten().peekable();
        for entry in &tp.0 {
            let name = entry.0.as_ref();
            while let Some(&(sdk_name, kind, value)) = pending.peek() {
                if sdk_name > name {
                    break;
                }
                out.push((sdk_timeline(sdk_name), kind, value));
                pending.next();
            }
            let owned_by_sdk = (name == "log_tick" && sdk[0].is_some())
                || (name == "log_time" && sdk[1].is_some());
            if !owned_by_sdk {
                out.push(entry.clone());
            }
        }
        out.extend(pending.map(|(n, kind, value)| (sdk_timeline(n), kind, value)));
        TimePoint(out)
    }
}

#[cfg(test)]
mod log_clock_tests {
    use super::*;

    #[test]
    fn ticks_count_every_call_and_stamp_only_when_enabled() {
        let clock = LogClock {
            time: false.into(),
            tick: false.into(),
            counter: 0.into(),
        };
        let mut user = TimePoint::default();
        user.set("log_tick", TimeKind::Sequence, 99).unwrap();
        user.set("frame", TimeKind::Sequence, 3).unwrap();
        let t0 = clock.next_tick();
        assert_eq!(clock.stamp(&user, t0), user);
        clock.set_tick_enabled(true);
        let t1 = clock.next_tick();
        let tp = clock.stamp(&user, t1);
        assert_eq!(
            tp.0.iter()
                .map(|(n, _, v)| (n.as_ref(), *v))
                .collect::<Vec<_>>(),
            vec![("frame", 3), ("log_tick", 1)]
        );
        clock.set_time_enabled(true);
        assert!(clock
            .stamp(&user, 2)
            .0
            .iter()
            .any(|(n, k, _)| n.as_ref() == "log_time" && *k == TimeKind::Timestamp));
    }

    #[test]
    fn stamped_time_points_stay_sorted_by_name() {
        let clock = LogClock {
            time: true.into(),
            tick: true.into(),
            counter: 0.into(),
        };
        let mut user = TimePoint::default();
        // Names around, between and equal to the SDK's ("log_tick" < "log_tide" < "log_time").
        for name in ["a", "log_tide", "log_time", "log_tick", "z"] {
            user.set(name, TimeKind::Sequence, 1).unwrap();
        }
        let names: Vec<String> = clock
            .stamp(&user, 5)
            .0
            .iter()
            .map(|(n, _, _)| n.to_string())
            .collect();
        assert_eq!(names, ["a", "log_tick", "log_tide", "log_time", "z"]);
        let tp = clock.stamp(&TimePoint::default(), 6);
        let sdk: Vec<(&str, TimeKind)> = tp.0.iter().map(|(n, k, _)| (n.as_ref(), *k)).collect();
        assert_eq!(
            sdk,
            [
                ("log_tick", TimeKind::Sequence),
                ("log_time", TimeKind::Timestamp)
            ]
        );
        assert_eq!(tp.0[0].2, 6);
    }
}
