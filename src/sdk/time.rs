//! Timelines and time points. The active time point is per thread and per recording, as in
//! rerun-sdk (`set_time` on one thread does not move another thread's time).

use std::cell::RefCell;
use std::collections::HashMap;
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

    /// This time point plus `log_time` = now (rerun-sdk adds it to every temporal row).
    pub fn with_log_time(&self) -> TimePoint {
        let mut tp = self.clone();
        // Users may not own `log_time`: the SDK's value wins, as in rerun-sdk.
        tp.remove("log_time");
        let _ = tp.set("log_time", TimeKind::Timestamp, now_ns());
        tp
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
    static TIMEPOINTS: RefCell<HashMap<u64, TimePoint>> = RefCell::new(HashMap::new());
}

pub fn with_thread_timepoint<R>(recording: u64, f: impl FnOnce(&mut TimePoint) -> R) -> R {
    TIMEPOINTS.with(|t| f(t.borrow_mut().entry(recording).or_default()))
}
