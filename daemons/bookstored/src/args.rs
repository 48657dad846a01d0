//! Command-line flags of `bookstored`, each with its `BOOKSTORE_*` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use bookstore_kit::service::ServiceName;
use bookstore_kit::telemetry::LogFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Runs the Bookstore services: all of them in one process (the default), or any subset.
///
/// With no database or broker configured, `bookstored` is self-contained: SQLite files in the
/// data directory and an in-process event bus. Services split across processes need
/// PostgreSQL (`BOOKSTORE_DATABASE_URL`) and RabbitMQ (`BOOKSTORE_AMQP_URL`).
#[derive(Debug, Parser)]
#[command(name = "bookstored", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The services to run: `all` (the default) or any of user, catalog, order, payment,
    /// notification, gateway.
    #[arg(value_enum)]
    pub services: Vec<Selection>,

    #[command(flatten)]
    pub common: CommonArgs,

    /// Seed a demo catalog (books, authors, genres) on first start [default: on in the embedded
    /// default, off with PostgreSQL].
    #[arg(long, env = "BOOKSTORE_DEMO", overrides_with = "no_demo")]
    pub demo: bool,

    /// Never seed the demo catalog.
    #[arg(long, overrides_with = "demo")]
    pub no_demo: bool,

    #[command(flatten)]
    pub net: NetArgs,

    #[command(flatten)]
    pub user: bookstore_user::UserArgs,

    #[command(flatten)]
    pub catalog: bookstore_catalog::CatalogArgs,

    #[command(flatten)]
    pub order: bookstore_order::OrderArgs,

    #[command(flatten)]
    pub payment: bookstore_payment::PaymentArgs,

    #[command(flatten)]
    pub notification: bookstore_notification::NotificationArgs,

    #[command(flatten)]
    pub gateway: bookstore_gateway::GatewayArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Creates each service's database when missing and applies pending migrations, then exits.
    Migrate {
        /// The services whose databases to migrate (default: all).
        #[arg(value_enum)]
        services: Vec<Selection>,
    },
    /// Makes a new key sign the user service's tokens from now on, also in running processes;
    /// tokens signed with the old key stay valid until they expire. Uses the user service's
    /// database as the services would.
    RotateSigningKey,
    /// Exits 0 when the service listening on this process's address answers `GET /healthz`
    /// (a container's health check: the image has no shell or curl).
    Healthcheck {
        /// The address to ask [default: 127.0.0.1 on the port of BOOKSTORE_LISTEN, else 8080].
        #[arg(long)]
        url: Option<String>,
    },
}

/// A service name on the command line, or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Selection {
    All,
    User,
    Catalog,
    Order,
    Payment,
    Notification,
    Gateway,
}

impl Selection {
    pub fn service(self) -> Option<ServiceName> {
        match self {
            Selection::All => None,
            Selection::User => Some(ServiceName::User),
            Selection::Catalog => Some(ServiceName::Catalog),
            Selection::Order => Some(ServiceName::Order),
            Selection::Payment => Some(ServiceName::Payment),
            Selection::Notification => Some(ServiceName::Notification),
            Selection::Gateway => Some(ServiceName::Gateway),
        }
    }
}

/// Storage, broker and logging, shared by every service in the process.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Where the embedded SQLite files and local state live.
    #[arg(long, env = "BOOKSTORE_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// PostgreSQL server URL; each service uses its own database (`bookstore_<service>`) on it.
    /// Unset: embedded SQLite files in the data directory.
    #[arg(
        long,
        env = "BOOKSTORE_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// The user service's database URL [default: derived from --database-url, or SQLite].
    #[arg(
        long,
        env = "BOOKSTORE_USER_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub user_database_url: Option<String>,
    /// The catalog service's database URL [default: derived from --database-url, or SQLite].
    #[arg(
        long,
        env = "BOOKSTORE_CATALOG_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub catalog_database_url: Option<String>,
    /// The order service's database URL [default: derived from --database-url, or SQLite].
    #[arg(
        long,
        env = "BOOKSTORE_ORDER_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub order_database_url: Option<String>,
    /// The payment service's database URL [default: derived from --database-url, or SQLite].
    #[arg(
        long,
        env = "BOOKSTORE_PAYMENT_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub payment_database_url: Option<String>,
    /// The notification service's database URL [default: derived from --database-url, or SQLite].
    #[arg(
        long,
        env = "BOOKSTORE_NOTIFICATION_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub notification_database_url: Option<String>,

    /// RabbitMQ URL. Unset: the in-process bus (all services in one process only).
    #[arg(
        long,
        env = "BOOKSTORE_AMQP_URL",
        global = true,
        hide_env_values = true
    )]
    pub amqp_url: Option<String>,

    /// The secret services present to each other's internal endpoints; must be the same in
    /// every process of one store. Unset: a random one (all services in one process only).
    #[arg(
        long,
        env = "BOOKSTORE_SERVICE_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub service_token: Option<secrecy::SecretString>,

    /// Database connections each service keeps at most [default: 16 on PostgreSQL, 8 on
    /// SQLite]. PostgreSQL serves a limited number in all (`max_connections`, 100 unless
    /// raised): size the pools so that every process of the store fits.
    #[arg(long, env = "BOOKSTORE_DATABASE_POOL_SIZE", global = true, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_pool_size: Option<u32>,

    /// Log filter (`info`, `debug`, `bookstore_user=debug,info`).
    #[arg(long, env = "BOOKSTORE_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log line format; pretty on a terminal and JSON otherwise when unset.
    #[arg(long, env = "BOOKSTORE_LOG_FORMAT", value_enum, global = true)]
    pub log_format: Option<LogFormat>,

    /// OpenTelemetry collector's OTLP/HTTP URL (`http://collector:4318`): spans are exported
    /// to its `/v1/traces`, each under its service (`bookstore-<service>`). Unset: no export.
    #[arg(long, env = "BOOKSTORE_OTLP_ENDPOINT", global = true)]
    pub otlp_endpoint: Option<String>,
}

/// Where each service listens and is reached.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Listen address of the service when one runs alone, or of the gateway when several run.
    #[arg(long, env = "BOOKSTORE_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Gateway listen address [default: 127.0.0.1:8080].
    #[arg(long, env = "BOOKSTORE_GATEWAY_LISTEN")]
    pub gateway_listen: Option<SocketAddr>,
    /// User service listen address [default: 127.0.0.1:8081].
    #[arg(long, env = "BOOKSTORE_USER_LISTEN")]
    pub user_listen: Option<SocketAddr>,
    /// Catalog service listen address [default: 127.0.0.1:8082].
    #[arg(long, env = "BOOKSTORE_CATALOG_LISTEN")]
    pub catalog_listen: Option<SocketAddr>,
    /// Order service listen address [default: 127.0.0.1:8083].
    #[arg(long, env = "BOOKSTORE_ORDER_LISTEN")]
    pub order_listen: Option<SocketAddr>,
    /// Payment service listen address [default: 127.0.0.1:8084].
    #[arg(long, env = "BOOKSTORE_PAYMENT_LISTEN")]
    pub payment_listen: Option<SocketAddr>,
    /// Notification service listen address [default: 127.0.0.1:8085].
    #[arg(long, env = "BOOKSTORE_NOTIFICATION_LISTEN")]
    pub notification_listen: Option<SocketAddr>,

    /// Where other processes reach the gateway [default: from its listen address].
    #[arg(long, env = "BOOKSTORE_GATEWAY_URL")]
    pub gateway_url: Option<String>,
    /// Where other services reach the user service [default: http://127.0.0.1:8081].
    #[arg(long, env = "BOOKSTORE_USER_URL")]
    pub user_url: Option<String>,
    /// Where other services reach the catalog service [default: http://127.0.0.1:8082].
    #[arg(long, env = "BOOKSTORE_CATALOG_URL")]
    pub catalog_url: Option<String>,
    /// Where other services reach the order service [default: http://127.0.0.1:8083].
    #[arg(long, env = "BOOKSTORE_ORDER_URL")]
    pub order_url: Option<String>,
    /// Where other services reach the payment service [default: http://127.0.0.1:8084].
    #[arg(long, env = "BOOKSTORE_PAYMENT_URL")]
    pub payment_url: Option<String>,
    /// Where other services reach the notification service [default: http://127.0.0.1:8085].
    #[arg(long, env = "BOOKSTORE_NOTIFICATION_URL")]
    pub notification_url: Option<String>,
}

impl NetArgs {
    /// The configured listen address of `service`, if any.
    pub fn listen_of(&self, service: ServiceName, alone: bool) -> Option<SocketAddr> {
        let specific = match service {
            ServiceName::Gateway => self.gateway_listen,
            ServiceName::User => self.user_listen,
            ServiceName::Catalog => self.catalog_listen,
            ServiceName::Order => self.order_listen,
            ServiceName::Payment => self.payment_listen,
            ServiceName::Notification => self.notification_listen,
        };
        specific.or(if alone || service == ServiceName::Gateway {
            self.listen
        } else {
            None
        })
    }

    /// The configured URL of `service`, if any.
    pub fn url_of(&self, service: ServiceName) -> Option<String> {
        match service {
            ServiceName::Gateway => self.gateway_url.clone(),
            ServiceName::User => self.user_url.clone(),
            ServiceName::Catalog => self.catalog_url.clone(),
            ServiceName::Order => self.order_url.clone(),
            ServiceName::Payment => self.payment_url.clone(),
            ServiceName::Notification => self.notification_url.clone(),
        }
    }
}

impl Cli {
    /// Whether to seed the demo catalog: asked for, or the embedded default and not refused.
    pub fn seed_demo(&self) -> bool {
        if self.no_demo {
            return false;
        }
        self.demo || self.common.database_url.is_none()
    }
}

impl CommonArgs {
    /// The data directory: the flag, else the platform's data directory for `bookstore`.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "bookstore")
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(|| PathBuf::from("bookstore-data"))
        })
    }

    /// Where `service`'s database is.
    pub fn database(
        &self,
        service: ServiceName,
    ) -> Result<bookstore_kit::db::DatabaseTarget, bookstore_kit::db::DbError> {
        let specific = match service {
            ServiceName::User => self.user_database_url.as_deref(),
            ServiceName::Catalog => self.catalog_database_url.as_deref(),
            ServiceName::Order => self.order_database_url.as_deref(),
            ServiceName::Payment => self.payment_database_url.as_deref(),
            ServiceName::Notification => self.notification_database_url.as_deref(),
            ServiceName::Gateway => None,
        };
        bookstore_kit::db::DatabaseTarget::resolve(
            service.as_str(),
            specific,
            self.database_url.as_deref(),
            &self.data_dir(),
        )
    }
}
