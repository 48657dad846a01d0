//! Per-client rate limiting with `governor` (GCRA, one small state per client key).
//!
//! A client is the verified user when the request carries a valid token, so a user is one
//! client from any address and many users behind one NAT do not share a budget; otherwise it is
//! the peer's IP address (an IPv6 address by its /64, which one host usually owns whole).
//! A request is charged after its token is checked (to know the user) but before a refused
//! token is answered, so a client cycling through forged tokens is slowed down like any other.
//!
//! Several replicas: this state lives in one process, so N gateway replicas behind a
//! round-robin balancer let a client through at up to N times the configured rate. The cheap
//! fixes are to configure each replica with the rate divided by N (right only while the load
//! spreads evenly and N is fixed, which an autoscaler breaks), or to have the balancer send
//! each client to one replica (Kubernetes `sessionAffinity: ClientIP`, or an ingress hashing
//! on the client address or `Authorization` header), which keeps each key's state in one
//! place. For an exact global limit, the state moves out of the process: GCRA needs a single
//! timestamp per key (its theoretical arrival time), so a shared store such as Redis can hold
//! it and one atomic script per request can check and advance it (the redis-cell approach,
//! or Envoy's global rate-limit service). That costs a network round trip per request, so it
//! pairs best with this local limiter kept in front as a first line (burst handled locally,
//! the sustained rate enforced globally), failing open if the store is unreachable.
//!
//! The Kubernetes manifests (`daemons/deploy/kubernetes`) take the second way: the ingress
//! hashes each client's address to one gateway replica, and the gateway reads that address
//! from `X-Forwarded-For` because the ingress is a trusted proxy (`client_ip`).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter as Governor};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Whose budget a request is charged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    User(Uuid),
    Ip(IpAddr),
}

impl ClientKey {
    /// The key for an anonymous request from `ip`.
    pub fn ip(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(_) => ClientKey::Ip(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::Ip(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey::Ip(IpAddr::V6(prefix.into()))
                }
            },
        }
    }

    /// The label for metrics: which kind of client was limited (never the id itself, which
    /// would make one time series per client).
    pub fn kind(&self) -> &'static str {
        match self {
            ClientKey::User(_) => "user",
            ClientKey::Ip(_) => "ip",
        }
    }
}

/// How often idle clients' state is dropped so the table does not grow with every address
/// ever seen.
const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(60);

/// The gateway's limiter; `None` inside when limiting is turned off.
pub struct RateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<ClientKey>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("enabled", &self.limiter.is_some())
            .finish()
    }
}

impl RateLimiter {
    /// `per_second` requests on average with bursts of `burst`; `per_second == 0` turns
    /// limiting off.
    pub fn new(per_second: u32, burst: u32) -> RateLimiter {
        let limiter = NonZeroU32::new(per_second).map(|rate| {
            let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
            Governor::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        RateLimiter { limiter }
    }

    /// `Err(wait)` when `key` has used up its budget and may try again after `wait`.
    pub fn check(&self, key: &ClientKey) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// Forgets clients whose budget is full again (they are indistinguishable from new ones).
    pub fn housekeeping(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Runs [`housekeeping`](Self::housekeeping) every minute until `shutdown`.
    pub fn spawn_housekeeping(self: &Arc<Self>, shutdown: CancellationToken) {
        if self.limiter.is_none() {
            return;
        }
        let limiter = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(HOUSEKEEPING_INTERVAL);
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    _ = tick.tick() => limiter.housekeeping(),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    #[test]
    fn burst_then_refusal_with_a_wait() {
        let limiter = RateLimiter::new(1, 2);
        let key = ClientKey::ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!(limiter.check(&key).is_ok());
        assert!(limiter.check(&key).is_ok());
        let wait = limiter.check(&key).err();
        assert!(wait.is_some_and(|w| w > Duration::ZERO && w <= Duration::from_secs(1)));
        // Another client has its own budget.
        assert!(limiter.check(&ClientKey::User(Uuid::nil())).is_ok());
    }

    #[test]
    fn zero_rate_turns_limiting_off() {
        let limiter = RateLimiter::new(0, 1);
        let key = ClientKey::ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!((0..1000).all(|_| limiter.check(&key).is_ok()));
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        let a: Ipv6Addr = "2001:db8:1:2::1".parse().unwrap_or(Ipv6Addr::UNSPECIFIED);
        let b: Ipv6Addr = "2001:db8:1:2:ffff::9"
            .parse()
            .unwrap_or(Ipv6Addr::UNSPECIFIED);
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().unwrap_or(Ipv6Addr::UNSPECIFIED);
        assert_eq!(ClientKey::ip(a.into()), ClientKey::ip(b.into()));
        assert_ne!(ClientKey::ip(a.into()), ClientKey::ip(c.into()));
        let mapped = Ipv4Addr::new(192, 0, 2, 1).to_ipv6_mapped();
        assert_eq!(
            ClientKey::ip(mapped.into()),
            ClientKey::Ip(Ipv4Addr::new(192, 0, 2, 1).into())
        );
    }
}
