//! Opt-in retries with capped exponential backoff.

use std::time::Duration;

use crate::endpoint::{Endpoint, Method};
use crate::error::Error;

/// When and how often a failed call is retried. Off unless set with
/// [`ClientBuilder::retry`](crate::ClientBuilder::retry).
///
/// A call is retried only when both hold:
///
/// * the error is transient: a transport error (connection refused or reset, timeout) or an
///   HTTP 5xx answer (see [`Error::is_transient`]); API errors (`result: false`), 4xx and
///   decode errors never are;
/// * the API is idempotent: `GET`, `PUT` and `DELETE` are; `POST` and `PATCH` only when listed
///   with [`RetryPolicy::idempotent_api`] or called with
///   [`CallOptions::idempotent(true)`](crate::CallOptions::idempotent). Many BlueKing `POST`
///   APIs are searches; list those you want retried.
///
/// Between attempts it waits `initial_backoff * 2^n`, capped at `max_backoff`, less a random
/// part of up to half (jitter, so many clients do not retry in step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    idempotent_apis: Vec<String>,
}

impl Default for RetryPolicy {
    /// 3 retries, backoff from 200 ms up to 5 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            idempotent_apis: Vec::new(),
        }
    }
}

impl RetryPolicy {
    /// The default policy: 3 retries, backoff from 200 ms up to 5 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many times a call may be retried after its first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The first wait and the cap on any wait.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Declares an API idempotent, so it is retried even though it is a `POST` or `PATCH`.
    /// `api` is `"system.name"`, e.g. `"cc.search_host"`.
    pub fn idempotent_api(mut self, api: impl Into<String>) -> Self {
        self.idempotent_apis.push(api.into());
        self
    }

    /// Whether this endpoint may be retried; `declared` is the call's own say, if any.
    pub(crate) fn allows(&self, endpoint: &Endpoint, declared: Option<bool>) -> bool {
        declared.unwrap_or_else(|| {
            matches!(endpoint.method, Method::Get | Method::Put | Method::Delete)
                || self
                    .idempotent_apis
                    .iter()
                    .any(|a| *a == endpoint.api_name())
        })
    }

    /// The wait before retry number `retry` (0-based), or `None` when the error is not
    /// transient or the retries are used up.
    pub(crate) fn delay(&self, retry: u32, error: &Error) -> Option<Duration> {
        if retry >= self.max_retries || !error.is_transient() {
            return None;
        }
        let full = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_backoff);
        // Equal jitter: between half the backoff and all of it.
        let half = full / 2;
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if spread == 0 { 0 } else { random() % spread };
        Some(half + Duration::from_nanos(jitter))
    }
}

/// A random number from the standard library's randomly seeded hasher; enough for jitter
/// without a dependency.
fn random() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(std::time::Instant::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::AuthStyle;

    fn ep(method: Method) -> Endpoint {
        Endpoint {
            system: "cc",
            name: "search_host",
            method,
            path: "/",
            auth: AuthStyle::Esb,
        }
    }

    fn http(status: u16) -> Error {
        Error::Http {
            api: "cc.x".into(),
            status,
            body: String::new(),
            request_id: None,
        }
    }

    #[test]
    fn idempotency() {
        let p = RetryPolicy::new();
        assert!(p.allows(&ep(Method::Get), None));
        assert!(p.allows(&ep(Method::Delete), None));
        assert!(!p.allows(&ep(Method::Post), None));
        assert!(!p.allows(&ep(Method::Get), Some(false)));
        assert!(p.allows(&ep(Method::Post), Some(true)));
        let p = p.idempotent_api("cc.search_host");
        assert!(p.allows(&ep(Method::Post), None));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::new()
            .max_retries(5)
            .backoff(Duration::from_millis(100), Duration::from_millis(300));
        let e = http(503);
        for (retry, full) in [(0, 100), (1, 200), (2, 300), (3, 300), (4, 300)] {
            let d = p.delay(retry, &e).unwrap();
            let full = Duration::from_millis(full);
            assert!(d >= full / 2 && d <= full, "{retry}: {d:?}");
        }
        assert_eq!(p.delay(5, &e), None);
        assert_eq!(p.delay(0, &http(404)), None);
        let api = Error::Request {
            api: "cc.x".into(),
            message: String::new(),
        };
        assert_eq!(p.delay(0, &api), None);
    }
}
