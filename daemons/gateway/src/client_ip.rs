//! Who the client is when the gateway stands behind a proxy (an ingress controller, a load
//! balancer): the peer is then the proxy, and the client's address is in `X-Forwarded-For`.
//! The header is believed only from peers in `BOOKSTORE_GATEWAY_TRUSTED_PROXIES`, and only as
//! far as the chain of trusted proxies goes: reading from the right, the first address that is
//! not a trusted proxy is the client's, whatever a client wrote further left.

use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;

/// An address block such as `10.0.0.0/8` or `fd00::/8` (a bare address is a block of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (addr, prefix) = text.split_once('/').unwrap_or((text, ""));
        let network: IpAddr = addr
            .parse()
            .map_err(|_| format!("`{text}` is not an address block such as 10.0.0.0/8"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = if prefix.is_empty() {
            max
        } else {
            prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{text}`: the prefix length must be 0 to {max}"))?
        };
        Ok(Cidr { network, prefix })
    }
}

impl Cidr {
    /// Whether `ip` is in the block (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The client's address: the peer's, unless the peer is a trusted proxy, in which case the
/// right-most `X-Forwarded-For` address that is not itself a trusted proxy.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[Cidr]) -> Option<IpAddr> {
    let peer = peer?;
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(peer) {
        return Some(peer);
    }
    let mut client = peer;
    // Several headers count as one list, in order.
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect::<Vec<_>>();
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            // A hop that is not an address ends what can be believed.
            break;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    Some(client)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn trusted() -> Vec<Cidr> {
        vec!["10.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()]
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn blocks_parse_and_contain() {
        let block: Cidr = "192.168.1.0/24".parse().unwrap();
        assert!(block.contains(ip("192.168.1.200").unwrap()));
        assert!(!block.contains(ip("192.168.2.1").unwrap()));
        assert!(block.contains(ip("::ffff:192.168.1.7").unwrap()));
        let one: Cidr = "203.0.113.9".parse().unwrap();
        assert!(one.contains(ip("203.0.113.9").unwrap()));
        assert!(!one.contains(ip("203.0.113.10").unwrap()));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("8.8.8.8").unwrap()));
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("proxy".parse::<Cidr>().is_err());
    }

    #[test]
    fn a_peer_that_is_no_trusted_proxy_is_the_client_whatever_it_claims() {
        let headers = forwarded("198.51.100.1");
        assert_eq!(
            resolve(ip("203.0.113.5"), &headers, &trusted()),
            ip("203.0.113.5")
        );
        assert_eq!(
            resolve(ip("10.1.2.3"), &headers, &[]),
            ip("10.1.2.3"),
            "nothing is trusted unless configured"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        // A client's own claim (6.6.6.6) sits left of the address the proxy saw.
        let headers = forwarded("6.6.6.6, 198.51.100.1, 10.9.9.9");
        assert_eq!(
            resolve(ip("10.1.2.3"), &headers, &trusted()),
            ip("198.51.100.1")
        );
        assert_eq!(
            resolve(ip("10.1.2.3"), &HeaderMap::new(), &trusted()),
            ip("10.1.2.3"),
            "no header: the proxy is all there is"
        );
        assert_eq!(
            resolve(
                ip("10.1.2.3"),
                &forwarded("garbage, 198.51.100.1"),
                &trusted()
            ),
            ip("198.51.100.1")
        );
    }
}
