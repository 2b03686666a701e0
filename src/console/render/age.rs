//! Durations as kubectl prints them: `HumanDuration` of
//! `apimachinery@1.34:pkg/util/duration/duration.go` (reference §9.2, Appendix C), used for AGE,
//! LAST SEEN and the Age of describe's Events.

use crate::engine::Time;

/// `HumanDuration(now - then)`; a `then` in the future prints `0s` (kubectl prints `<invalid>`
/// only for more than a second ahead, which a simulated clock never is).
#[must_use]
pub fn since(now: Time, then: Time) -> String {
    human(now.ms().saturating_sub(then.ms()) / 1000)
}

/// `HumanDuration` of a whole number of seconds.
#[must_use]
pub fn human(seconds: u64) -> String {
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = hours / 24;
        let dy = days % 365;
        return if dy == 0 {
            format!("{}y", days / 365)
        } else {
            format!("{}y{dy}d", days / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn human_duration_matches_the_reference_vectors() {
        let cases = [
            (0, "0s"),
            (59, "59s"),
            (60, "60s"),
            (90, "90s"),
            (119, "119s"),
            (120, "2m"),
            (182, "3m2s"),
            (600, "10m"),
            (3599, "59m"),
            (3600, "60m"),
            (10799, "179m"),
            (10800, "3h"),
            (19800, "5h30m"),
            (28800, "8h"),
            (86399, "23h"),
            (172_800, "2d"),
            (183_600, "2d3h"),
            (691_200, "8d"),
            (3_888_000, "45d"),
            (63_072_000, "2y"),
            (100_000_000, "3y62d"),
        ];
        for (s, want) in cases {
            assert_eq!(human(s), want, "{s}s");
        }
    }
}
