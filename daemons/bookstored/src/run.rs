//! Starting the selected services: bind every listener first, then start each service in
//! dependency order, print where the store listens, and serve until a signal arrives.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use bookstore_kit::auth::ServiceToken;
use bookstore_kit::service::{Context, ServiceName, ServiceUrls};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::args::{Cli, Selection};
use crate::banner::{self, NewAdmin};
use crate::migrate;

/// The services this build contains; `all` means these.
pub const AVAILABLE: [ServiceName; 6] = [
    ServiceName::User,
    ServiceName::Catalog,
    ServiceName::Order,
    ServiceName::Payment,
    ServiceName::Notification,
    ServiceName::Gateway,
];

/// Services that serve or call `/internal/` endpoints.
const SERVICE_TOKEN_USERS: [ServiceName; 4] = [
    ServiceName::User,
    ServiceName::Catalog,
    ServiceName::Order,
    ServiceName::Notification,
];

/// How `bookstored` failed: a usage error (exit 2) or anything else (exit 1).
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    Other(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Other(e.into())
    }
}

/// The services named on the command line, in start order.
pub fn selected_services(selection: &[Selection]) -> Result<BTreeSet<ServiceName>, Failure> {
    if selection.is_empty() || selection.contains(&Selection::All) {
        return Ok(AVAILABLE.into_iter().collect());
    }
    let mut services = BTreeSet::new();
    for s in selection.iter().filter_map(|s| s.service()) {
        if !AVAILABLE.contains(&s) {
            return Err(Failure::Usage(format!(
                "the {s} service is not part of this build (available: {})",
                AVAILABLE.map(|s| s.as_str()).join(", ")
            )));
        }
        services.insert(s);
    }
    Ok(services)
}

pub async fn run(cli: &Cli) -> Result<(), Failure> {
    let started_at = std::time::Instant::now();
    let services = selected_services(&cli.services)?;
    let whole_store = services.len() == AVAILABLE.len();
    // The gateway neither publishes nor consumes events and keeps no data.
    let gateway_only = services.iter().all(|s| *s == ServiceName::Gateway);
    if !whole_store && !gateway_only {
        if cli.common.amqp_url.is_none() {
            return Err(Failure::Usage(
                "services in separate processes exchange events through RabbitMQ: set \
                 BOOKSTORE_AMQP_URL (or --amqp-url), or run `bookstored` with no service named \
                 to run the whole store in one process"
                    .into(),
            ));
        }
        if cli.common.database_url.is_none() && services.iter().any(|s| *s != ServiceName::Gateway)
        {
            return Err(Failure::Usage(
                "services in separate processes keep their data in PostgreSQL: set \
                 BOOKSTORE_DATABASE_URL (or --database-url)"
                    .into(),
            ));
        }
    }

    if !whole_store
        && cli.common.service_token.is_none()
        && services.iter().any(|s| SERVICE_TOKEN_USERS.contains(s))
    {
        return Err(Failure::Usage(
            "services in separate processes authenticate to each other with a shared secret: \
             set BOOKSTORE_SERVICE_TOKEN (or --service-token) to the same value in every process"
                .into(),
        ));
    }

    let alone = services.len() == 1;
    let mut listeners = Vec::new();
    for &service in &services {
        let addr = cli
            .net
            .listen_of(service, alone)
            .unwrap_or_else(|| SocketAddr::from((Ipv4Addr::LOCALHOST, service.default_port())));
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            Failure::Other(anyhow::anyhow!(
                "{service}: cannot listen on {addr}: {e} (set {} to another address)",
                service.env_var("LISTEN")
            ))
        })?;
        listeners.push((service, listener));
    }
    let bound: Vec<(ServiceName, SocketAddr)> = listeners
        .iter()
        .map(|(s, l)| Ok((*s, l.local_addr()?)))
        .collect::<std::io::Result<_>>()?;

    let urls = ServiceUrls::new(ServiceName::ALL.into_iter().map(|s| {
        let url = cli
            .net
            .url_of(s)
            .unwrap_or_else(|| match bound.iter().find(|(b, _)| *b == s) {
                Some((_, addr)) => format!("http://{}", reachable(*addr)),
                None => format!("http://127.0.0.1:{}", s.default_port()),
            });
        (s, url)
    }));

    let shutdown = bookstore_kit::shutdown::on_signal();
    // On RabbitMQ every consumer queue is declared, so events wait for services that run
    // elsewhere; in process, only the queues of services in this process exist.
    let amqp_url = cli.common.amqp_url.as_deref().filter(|_| !gateway_only);
    let topology = match amqp_url {
        Some(_) => bookstore_kit::events::Topology::bookstore(),
        None => bookstore_kit::events::Topology::bookstore().only(&consumer_queues(&services)),
    };
    let bus = bookstore_kit::events::connect(amqp_url, topology)
        .await
        .context("connecting to the event bus")?;
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")?;
    let ctx = Context {
        http,
        bus,
        urls,
        service_token: match &cli.common.service_token {
            Some(secret) => ServiceToken::new(secret.clone()),
            None => ServiceToken::generate(),
        },
        shutdown: shutdown.clone(),
        server: bookstore_kit::http::ServerOptions::default(),
    };

    let mut routers: std::collections::BTreeMap<ServiceName, Router> = Default::default();
    let mut admin: Option<NewAdmin> = None;
    let mut demo = None;
    for service in start_order(&services) {
        let router = match service {
            ServiceName::User => {
                let db = migrate::prepare(&cli.common, service).await?;
                let started = bookstore_user::start(db, &cli.user, &ctx)
                    .await
                    .context("starting the user service")?;
                admin = started.admin.map(|a| NewAdmin {
                    email: a.email,
                    generated_password: a.generated_password,
                });
                started.router
            }
            ServiceName::Catalog => {
                let db = migrate::prepare(&cli.common, service).await?;
                if cli.seed_demo() {
                    let report = bookstore_catalog::demo::seed(&db)
                        .await
                        .context("seeding the demo catalog")?;
                    if !report.skipped {
                        demo = Some(report);
                    }
                }
                bookstore_catalog::start(db, &cli.catalog, &ctx)
                    .await
                    .context("starting the catalog service")?
            }
            ServiceName::Order => {
                let db = migrate::prepare(&cli.common, service).await?;
                bookstore_order::start(db, &cli.order, &ctx)
                    .await
                    .context("starting the order service")?
            }
            ServiceName::Payment => {
                let db = migrate::prepare(&cli.common, service).await?;
                bookstore_payment::start(db, &cli.payment, &ctx)
                    .await
                    .context("starting the payment service")?
            }
            ServiceName::Notification => {
                let db = migrate::prepare(&cli.common, service).await?;
                bookstore_notification::start(db, &cli.notification, &ctx, &cli.common.data_dir())
                    .await
                    .context("starting the notification service")?
            }
            ServiceName::Gateway => {
                let routed: Vec<ServiceName> = AVAILABLE
                    .into_iter()
                    .filter(|s| *s != ServiceName::Gateway)
                    .collect();
                bookstore_gateway::start(&cli.gateway, &ctx, &routed)
                    .await
                    .context("starting the gateway")?
            }
        };
        routers.insert(service, router);
    }

    let mut servers = JoinSet::new();
    for (service, listener) in listeners {
        let router = routers
            .remove(&service)
            .ok_or_else(|| anyhow::anyhow!("{service} was bound but not started"))?;
        let shutdown = shutdown.clone();
        let drain = ctx.server.drain_timeout;
        servers.spawn(async move {
            let result = bookstore_kit::http::serve(listener, router, shutdown, drain).await;
            (service, result)
        });
    }
    tracing::info!(
        services = ?services.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        startup_ms = u64::try_from(started_at.elapsed().as_millis()).unwrap_or(u64::MAX),
        "bookstore started"
    );
    banner::print(
        &bound,
        admin.as_ref(),
        demo.as_ref().map(|r| r.books),
        cli.common.database_url.is_none() && amqp_url.is_none() && !gateway_only,
    );

    let mut failure = None;
    while let Some(joined) = servers.join_next().await {
        match joined {
            Ok((_, Ok(()))) => {}
            Ok((service, Err(e))) => {
                failure.get_or_insert_with(|| anyhow::anyhow!("{service}: server failed: {e}"));
                shutdown.cancel();
            }
            Err(e) => {
                failure.get_or_insert_with(|| anyhow::anyhow!("a server task failed: {e}"));
                shutdown.cancel();
            }
        }
    }
    // Let background tasks (relays, consumers) see the cancellation and finish their step.
    tokio::time::sleep(Duration::from_millis(100)).await;
    tracing::info!("bookstore stopped");
    match failure {
        Some(e) => Err(Failure::Other(e)),
        None => Ok(()),
    }
}

/// The order in which to start `services`: the notification service first, so that its
/// consumer is listening before the user service announces the first admin (on the in-process
/// bus an event for a queue nobody consumes yet waits for the outbox's next attempt); then the
/// rest in dependency order (the user service before the gateway).
fn start_order(services: &BTreeSet<ServiceName>) -> Vec<ServiceName> {
    let mut order: Vec<ServiceName> = services.iter().copied().collect();
    order.sort_by_key(|s| (*s != ServiceName::Notification, *s));
    order
}

/// The event queues consumed by the services in this process.
fn consumer_queues(services: &BTreeSet<ServiceName>) -> Vec<&'static str> {
    services
        .iter()
        .filter_map(|s| match s {
            ServiceName::Order => Some(bookstore_kit::events::ORDER_EVENTS),
            ServiceName::Payment => Some(bookstore_kit::events::PAYMENT_EVENTS),
            ServiceName::Notification => Some(bookstore_kit::events::NOTIFICATION_EVENTS),
            _ => None,
        })
        .collect()
}

/// The address others use to reach a listener: `0.0.0.0` means "this host", reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
    } else {
        addr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notification_service_starts_first_and_the_gateway_last() {
        let all: BTreeSet<ServiceName> = AVAILABLE.into_iter().collect();
        let order = start_order(&all);
        assert_eq!(order.first(), Some(&ServiceName::Notification));
        assert_eq!(order.last(), Some(&ServiceName::Gateway));
        assert_eq!(order.len(), AVAILABLE.len());
        let some: BTreeSet<ServiceName> = [ServiceName::Gateway, ServiceName::User].into();
        assert_eq!(
            start_order(&some),
            [ServiceName::User, ServiceName::Gateway]
        );
    }
}
