//! `bookstore-tui`: reads the settings, takes the terminal, runs the storefront until it is
//! quit, and gives the terminal back whatever happens.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use bookstore_sdk::session::{ConfigDir, Login};
use bookstore_tui::action::Action;
use bookstore_tui::app::App;
use bookstore_tui::net::Net;
use bookstore_tui::terminal::TerminalGuard;
use bookstore_tui::theme::Theme;
use bookstore_tui::{logging, screens, settings};
use clap::Parser;
use ratatui::crossterm::event;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

const USER_AGENT: &str = concat!("bookstore-tui/", env!("CARGO_PKG_VERSION"));

/// The Bookstore in your terminal: browse, search, fill a cart, check out, follow your orders.
///
/// It shares the `bookstore` command line's profiles and stored login: log in with either.
/// Keys can be remapped in tui.toml in the same config directory.
#[derive(Debug, Parser)]
#[command(name = "bookstore-tui", version)]
struct Args {
    /// The gateway's URL [default: the profile's, else http://127.0.0.1:8080].
    #[arg(long, env = "BOOKSTORE_GATEWAY")]
    gateway: Option<String>,
    /// The profile whose login to use.
    #[arg(long, env = "BOOKSTORE_PROFILE", default_value = "default")]
    profile: String,
}

fn main() -> ExitCode {
    let started = Instant::now();
    let args = Args::parse();
    match run(args, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bookstore-tui: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args, started: Instant) -> Result<(), String> {
    let dir = ConfigDir::locate().map_err(|e| e.to_string())?;
    // A keymap that cannot work is refused before the terminal is taken.
    let keymap = settings::load_keymap(&dir.path).map_err(|e| e.to_string())?;
    if let Some(path) = logging::log_path()
        && let Err(e) = logging::init(&path)
    {
        return Err(format!("cannot write the log {}: {e}", path.display()));
    }
    let (login, client) =
        Login::open(dir, args.profile, args.gateway, USER_AGENT).map_err(|e| e.to_string())?;
    let email = login.profile().and_then(|p| p.email.clone());
    let gateway = login.gateway().to_owned();
    tracing::info!(%gateway, profile = login.profile_name(), "starting");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = runtime.block_on(async move {
        let app = App::new(keymap, Theme::from_env(), gateway, email);
        storefront(app, client, login, started).await
    });
    // Tasks still waiting on the network are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result.map_err(|e| {
        tracing::error!(error = %e, "the storefront failed");
        e.to_string()
    })
}

async fn storefront(
    mut app: App,
    client: bookstore_sdk::Client,
    login: Login,
    started: Instant,
) -> std::io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    app.size = (size.width, size.height);
    let (tx, mut rx) = unbounded_channel();
    read_input(tx.clone());
    let mut net = Net::new(client, login, tx);
    guard.terminal.draw(|frame| screens::draw(&app, frame))?;
    tracing::info!(
        startup_ms = started.elapsed().as_secs_f64() * 1000.0,
        "first frame drawn"
    );
    for task in app.start() {
        net.run(task);
    }
    while let Some(action) = rx.recv().await {
        let mut tasks = app.update(action);
        // Whatever else is waiting goes into the same frame.
        while !app.quit
            && let Ok(action) = rx.try_recv()
        {
            tasks.extend(app.update(action));
        }
        if app.quit {
            break;
        }
        for task in tasks {
            net.run(task);
        }
        guard.terminal.draw(|frame| screens::draw(&app, frame))?;
    }
    tracing::info!("quit");
    Ok(())
}

/// Reads the terminal on a thread of its own, so a busy screen never misses a key.
fn read_input(tx: UnboundedSender<Action>) {
    std::thread::spawn(move || {
        loop {
            match event::poll(Duration::from_millis(250)) {
                Ok(true) => match event::read() {
                    Ok(event) => {
                        if tx.send(Action::Input(event)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Action::Failed(format!("cannot read the terminal: {e}")));
                        return;
                    }
                },
                Ok(false) if tx.is_closed() => return,
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}
