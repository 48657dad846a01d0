//! `bookstored healthcheck`: asks the service this process runs whether it is alive, for a
//! container's health check (the image has neither a shell nor curl).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::run::Failure;

/// How long the service may take to answer.
const TIMEOUT: Duration = Duration::from_secs(3);

/// `GET /healthz` on `url`, or on the port of `listen` (the process's `BOOKSTORE_LISTEN`),
/// or on the gateway's default port; `Ok` when it answers 2xx.
pub async fn run(url: Option<&str>, listen: Option<SocketAddr>) -> Result<(), Failure> {
    let url = url.map_or_else(|| default_url(listen), str::to_owned);
    let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("{url} answered {}", response.status()).into())
    }
}

/// Loopback (or the address listened on, when it is a particular one) on the listen port.
fn default_url(listen: Option<SocketAddr>) -> String {
    let addr = match listen {
        Some(addr) if addr.ip().is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        Some(addr) => addr,
        None => SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
    };
    format!("http://{addr}/healthz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_loopback_on_the_listen_port() {
        assert_eq!(default_url(None), "http://127.0.0.1:8080/healthz");
        assert_eq!(
            default_url("0.0.0.0:8083".parse().ok()),
            "http://127.0.0.1:8083/healthz"
        );
        assert_eq!(
            default_url("10.1.2.3:8082".parse().ok()),
            "http://10.1.2.3:8082/healthz"
        );
    }
}
