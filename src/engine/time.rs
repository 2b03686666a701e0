//! Virtual time: milliseconds since the simulated cluster's epoch. There is no other clock.

use std::fmt;

/// A moment in virtual time (milliseconds since the simulation began).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub u64);

impl Time {
    pub const ZERO: Time = Time(0);

    #[must_use]
    pub fn ms(self) -> u64 {
        self.0
    }

    #[must_use]
    pub fn from_secs(s: u64) -> Time {
        Time(s.saturating_mul(1000))
    }

    #[must_use]
    pub fn plus_ms(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms))
    }

    /// Whole seconds elapsed from `earlier` to `self` (0 if `earlier` is later).
    #[must_use]
    pub fn secs_since(self, earlier: Time) -> u64 {
        self.0.saturating_sub(earlier.0) / 1000
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

/// The wall-clock instant the simulation's time zero stands for, as Unix seconds. Timestamps
/// shown to the learner (creationTimestamp, restartedAt, access logs) are this plus virtual time.
pub const DEFAULT_EPOCH_UNIX_S: i64 = 1_764_064_800; // 2025-11-25T10:00:00Z

/// `2006-01-02T15:04:05Z` for a Unix time (UTC), as Kubernetes prints timestamps.
#[must_use]
pub fn rfc3339(unix_s: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix_s);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Civil date and time (UTC) of a Unix time: (year, month, day, hour, minute, second).
#[must_use]
pub fn civil(unix_s: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = unix_s.div_euclid(86_400);
    let secs = unix_s.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        ((secs % 3600) / 60) as u32,
        (secs % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_render_as_rfc3339_utc() {
        // Pins the calendar arithmetic behind every timestamp shown.
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(DEFAULT_EPOCH_UNIX_S), "2025-11-25T10:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
