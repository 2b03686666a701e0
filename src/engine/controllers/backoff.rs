//! The work queue's rate limiter: a controller whose sync failed tries the same object again
//! after a delay that doubles with each failure in a row, and no faster than the queue's
//! overall token bucket allows; a sync that succeeds forgets the object's failures.
//!
//! This is client-go's `DefaultControllerRateLimiter` (kubernetes/kubernetes:
//! staging/src/k8s.io/client-go/util/workqueue/default_rate_limiters.go), which the
//! StatefulSet, ReplicaSet and Deployment controllers build their queues with: the maximum of
//! an `ItemExponentialFailureRateLimiter` (5ms · 2^failures, at most 1000s) and a
//! `BucketRateLimiter` of 10 retries per second with a burst of 100 (a `rate.Limiter`
//! reservation). Each controller calls `AddRateLimited(key)` when its sync returns an error
//! and `Forget(key)` when it returns nil (e.g. pkg/controller/statefulset/stateful_set.go,
//! `processNextWorkItem`). Here it runs in virtual milliseconds, so it is deterministic.
//!
//! A sync fails (`Effect::Failed`, or a create the simulation refuses) when a retry can get
//! past it without the controller being woken otherwise: a StatefulSet pod's name still held
//! by a terminating pod, a claim still being deleted, a Deployment's ReplicaSet name taken.
//! An invalid pod template is recorded but not retried: only a new template changes that
//! outcome, and changing it syncs the controller anyway.

use std::collections::BTreeMap;

use crate::engine::time::Time;

/// The first retry's delay.
pub const BASE_MS: u64 = 5;
/// The longest delay between retries of one object.
pub const MAX_MS: u64 = 1_000_000;
/// The bucket: one retry every `BUCKET_INTERVAL_MS` (10 per second)…
pub const BUCKET_INTERVAL_MS: u64 = 100;
/// …after a burst of this many.
pub const BUCKET_BURST: u64 = 100;

/// One work queue's rate limiter, for items of type `K` (a controller's object keys).
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimiter<K: Ord> {
    /// Failures in a row, per item (`ItemExponentialFailureRateLimiter.failures`).
    failures: BTreeMap<K, u32>,
    /// The token bucket as the moment it would next be full with its reservations paid back
    /// (a token bucket written as a virtual scheduling time, which keeps it to integers).
    bucket_full_at: Time,
}

impl<K: Ord> Default for RateLimiter<K> {
    fn default() -> Self {
        RateLimiter {
            failures: BTreeMap::new(),
            bucket_full_at: Time::ZERO,
        }
    }
}

impl<K: Ord + Clone> RateLimiter<K> {
    /// `When(item)`: how long the item waits before it is synced again, counting one more
    /// failure of it and taking one token from the bucket.
    pub fn when(&mut self, item: &K, now: Time) -> u64 {
        let count = self.failures.entry(item.clone()).or_insert(0);
        let exp = *count;
        *count = count.saturating_add(1);
        exponential_ms(exp).max(self.reserve(now))
    }

    /// `Forget(item)`: the item synced; its next failure starts from the base delay again.
    pub fn forget(&mut self, item: &K) {
        self.failures.remove(item);
    }

    /// `NumRequeues(item)`: failures in a row so far.
    #[must_use]
    pub fn requeues(&self, item: &K) -> u32 {
        self.failures.get(item).copied().unwrap_or(0)
    }

    /// Takes a token: the delay until it is there (0 while the burst lasts).
    fn reserve(&mut self, now: Time) -> u64 {
        let taken = self.bucket_full_at.max(now).plus_ms(BUCKET_INTERVAL_MS);
        self.bucket_full_at = taken;
        taken
            .ms()
            .saturating_sub(now.ms().saturating_add(BUCKET_BURST * BUCKET_INTERVAL_MS))
    }
}

/// `baseDelay · 2^exp`, at most `MAX_MS`.
#[must_use]
pub fn exponential_ms(exp: u32) -> u64 {
    if exp >= 40 {
        return MAX_MS;
    }
    BASE_MS.saturating_mul(1u64 << exp).min(MAX_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_doubles_the_delay_up_to_the_cap_and_forget_starts_over() {
        let mut rl: RateLimiter<&str> = RateLimiter::default();
        let now = Time::from_secs(100);
        let delays: Vec<u64> = (0..6).map(|_| rl.when(&"web", now)).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160]);
        assert_eq!(rl.requeues(&"web"), 6);
        // Another object has its own count.
        assert_eq!(rl.when(&"db", now), 5);
        rl.forget(&"web");
        assert_eq!(rl.requeues(&"web"), 0);
        assert_eq!(rl.when(&"web", now), 5);
        assert_eq!(exponential_ms(17), 655_360);
        assert_eq!(exponential_ms(18), MAX_MS);
        assert_eq!(exponential_ms(u32::MAX), MAX_MS);
    }

    #[test]
    fn the_bucket_allows_a_burst_of_100_then_10_per_second() {
        let mut rl: RateLimiter<u32> = RateLimiter::default();
        let now = Time::from_secs(100);
        // Different items, each at its first failure: only the bucket holds them back.
        let delays: Vec<u64> = (0..103).map(|i| rl.when(&i, now)).collect();
        assert!(delays[..100].iter().all(|&d| d == 5), "{delays:?}");
        assert_eq!(&delays[100..], [100, 200, 300]);
        // The bucket fills again as time passes.
        let later = now.plus_ms(60_000);
        assert_eq!(rl.when(&1000, later), 5);
    }
}
