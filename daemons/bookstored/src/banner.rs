//! What `bookstored` tells the person who started it: where the store listens and how to log in.

use std::net::SocketAddr;

use bookstore_kit::service::ServiceName;

/// The first admin, when this start created it.
#[derive(Debug, Clone)]
pub struct NewAdmin {
    pub email: String,
    /// Set when the password was generated: shown this once and never again.
    pub generated_password: Option<String>,
}

/// Prints the listening services and the login hint on stdout (logs go to stderr).
pub fn print(
    bound: &[(ServiceName, SocketAddr)],
    admin: Option<&NewAdmin>,
    demo_books: Option<usize>,
    embedded: bool,
) {
    let mut out = String::new();
    out.push_str(if embedded {
        "Bookstore is running (embedded: SQLite and the in-process event bus).\n"
    } else {
        "Bookstore is running.\n"
    });
    for (service, addr) in bound {
        out.push_str(&format!("  {:<13} http://{addr}\n", service.as_str()));
    }
    if let Some(books) = demo_books {
        out.push_str(&format!(
            "Seeded a demo catalog of {books} books (start with --no-demo to skip).\n"
        ));
    }
    if let Some((_, gateway)) = bound.iter().find(|(s, _)| *s == ServiceName::Gateway) {
        out.push_str(&format!("Gateway: http://{gateway}\n"));
        let gateway_flag = if gateway.port() == ServiceName::Gateway.default_port()
            && gateway.ip().is_loopback()
        {
            String::new()
        } else {
            format!(" --gateway http://{gateway}")
        };
        if let Some(admin) = admin {
            match &admin.generated_password {
                Some(password) => out.push_str(&format!(
                    "Created the admin account {} with the password {password}\n  \
                     (shown only this once: keep it, or set BOOKSTORE_ADMIN_EMAIL and \
                     BOOKSTORE_ADMIN_PASSWORD before the first start)\n",
                    admin.email
                )),
                None => out.push_str(&format!("Created the admin account {}\n", admin.email)),
            }
            out.push_str(&format!(
                "Log in: bookstore{gateway_flag} auth login --email {}\n",
                admin.email
            ));
        } else {
            out.push_str(&format!(
                "Log in: bookstore{gateway_flag} auth login --email <your email>   \
                 (new here? bookstore{gateway_flag} auth register)\n"
            ));
        }
    }
    out.push_str("Stop with Ctrl-C.\n");
    print!("{out}");
}
