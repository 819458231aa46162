//! Per-call overrides: timeout, user identity, headers, idempotency.

use std::fmt;
use std::time::Duration;

use crate::auth::Identity;
use crate::secret::Secret;

/// Settings that override the client's for some calls, without building a new client.
///
/// Apply them with [`Client::with`](crate::Client::with), which returns a cheap view of the
/// same client (same connection pool) that uses them for every call made through it:
///
/// ```no_run
/// # async fn demo(client: bkapi_runtime::Client, endpoint: bkapi_runtime::Endpoint)
/// # -> Result<(), bkapi_runtime::Error> {
/// use std::time::Duration;
/// use bkapi_runtime::CallOptions;
///
/// let as_bob = client.with(
///     CallOptions::new()
///         .username("bob")
///         .timeout(Duration::from_secs(5))
///         .header("X-Request-Source", "nightly-sync"),
/// );
/// let _: serde_json::Value = as_bob.call(&endpoint, &serde_json::json!({})).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) identity: Option<Identity>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) max_body_bytes: Option<u64>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whole-request timeout for these calls, replacing the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Act as this `bk_username`. Setting any of `username`, `token` and `access_token` here
    /// replaces the client's whole user identity for these calls; the app code and secret stay.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.identity.get_or_insert_with(Identity::default).username = Some(username.into());
        self
    }

    /// Act with this login token (`bk_token`); see [`CallOptions::username`]. Never printed.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.identity.get_or_insert_with(Identity::default).token = Some(Secret::new(token));
        self
    }

    /// Act with this OAuth `access_token`; see [`CallOptions::username`]. Never printed.
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.identity
            .get_or_insert_with(Identity::default)
            .access_token = Some(Secret::new(access_token));
        self
    }

    /// Adds a header, replacing a client default header of the same name. An invalid name
    /// or value makes the calls fail with [`Error::Request`](crate::Error::Request).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Declares whether the API is idempotent, which decides whether a
    /// [`RetryPolicy`](crate::RetryPolicy) may retry it. Default: `GET`, `PUT` and `DELETE`
    /// are, other methods are not unless the policy lists the API.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The largest response body these calls accept, replacing the client's
    /// ([`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes)).
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// `self` with `later`'s settings on top (later headers win over earlier ones).
    pub(crate) fn merged(&self, later: CallOptions) -> CallOptions {
        let mut headers = self.headers.clone();
        headers.extend(later.headers);
        CallOptions {
            timeout: later.timeout.or(self.timeout),
            identity: later.identity.or_else(|| self.identity.clone()),
            headers,
            idempotent: later.idempotent.or(self.idempotent),
            max_body_bytes: later.max_body_bytes.or(self.max_body_bytes),
        }
    }
}

impl fmt::Debug for CallOptions {
    /// Header values may be credentials, so only their names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("identity", &self.identity)
            .field("headers", &headers)
            .field("idempotent", &self.idempotent)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_and_debug() {
        let a = CallOptions::new()
            .timeout(Duration::from_secs(1))
            .token("TOKEN")
            .header("X-A", "SECRET-1");
        let b = a.merged(CallOptions::new().header("X-B", "2").idempotent(true));
        assert_eq!(b.timeout, Some(Duration::from_secs(1)));
        assert_eq!(b.headers.len(), 2);
        assert_eq!(b.idempotent, Some(true));
        assert!(b.identity.as_ref().unwrap().token.is_some());
        let c = b.merged(CallOptions::new().username("bob"));
        let id = c.identity.clone().unwrap();
        assert_eq!((id.username.as_deref(), id.token), (Some("bob"), None));
        let text = format!("{c:?}");
        assert!(text.contains("X-A") && text.contains("bob"), "{text}");
        assert!(!text.contains("SECRET-1"), "{text}");
        assert!(!format!("{b:?}").contains("TOKEN"));
    }
}
