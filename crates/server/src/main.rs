//! `canal`: Canal's server and command-line tool.
//!
//! - `canal serve` serves the built app and the JSON API on one address.
//! - `canal user add` creates a marketer login and, on request, an API token.
//! - `canal demo-data` writes the seeded demo data set as CSV files.
//!
//! Run `canal --help` or `canal <command> --help` for every option.

use canal_server::{app, auth, db::Db, demo, AppState};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "canal",
    version,
    about = "Canal: CRM channel analytics, server and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the built app and the API.
    Serve(ServeArgs),
    /// Manage marketer logins.
    #[command(subcommand)]
    User(UserCommand),
    /// Write the seeded demo data set as CSV files.
    DemoData(DemoArgs),
    /// Analyse CSV files: rfm, funnel, kpis, … (CSV or JSON on stdout).
    Analyze(canal_server::cli::AnalyzeArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "CANAL_ADDR")]
    addr: SocketAddr,
    /// Database URL: sqlite://FILE (default data/canal.db) or postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/canal.db")]
    database: String,
    /// Folder with the built app (Trunk's output).
    #[arg(long, env = "CANAL_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Fill an empty database with the seeded demo data set and create the
    /// login demo@example.com / canal-demo.
    #[arg(long)]
    demo: bool,
    /// Mark the session cookie `Secure` (when served over HTTPS).
    #[arg(long, env = "CANAL_SECURE_COOKIES")]
    secure_cookies: bool,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a login; with --token, also print a new API token for it.
    Add {
        /// Database URL.
        #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/canal.db")]
        database: String,
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Password (at least 8 characters); prefer the environment variable.
        #[arg(long, env = "CANAL_PASSWORD", hide_env_values = true)]
        password: String,
        /// Also create an API token with this name and print it.
        #[arg(long)]
        token: Option<String>,
    },
    /// Print a new API token for an existing login.
    Token {
        /// Database URL.
        #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/canal.db")]
        database: String,
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

#[derive(Debug, clap::Args)]
struct DemoArgs {
    /// Folder to write contacts.csv, events.csv, orders.csv, campaigns.csv
    /// and consent.csv into.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator; the same seed gives the same files.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    seed: u64,
    /// Number of contact records (duplicates included).
    #[arg(long, default_value_t = demo::DEFAULT_CONTACTS)]
    contacts: usize,
    /// Number of events.
    #[arg(long, default_value_t = demo::DEFAULT_EVENTS)]
    events: usize,
    /// The last day of the 12 months of data (YYYY-MM-DD).
    #[arg(long, default_value = demo::DEFAULT_END)]
    end: String,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("canal: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Serve(args) => runtime.block_on(serve(args)),
        Command::User(cmd) => runtime.block_on(user(cmd)),
        Command::DemoData(args) => demo_data(args),
        Command::Analyze(args) => canal_server::cli::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("canal: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(url: &str) -> Result<Db, String> {
    Db::connect(url)
        .await
        .map_err(|e| format!("cannot open the database {url}: {e}"))
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let db = open(&args.database).await?;
    let dist = if args.dist.join("index.html").is_file() {
        Some(args.dist.clone())
    } else {
        tracing::warn!(dist = %args.dist.display(), "no built app there; serving the API only");
        None
    };
    let mut state = AppState::new(Some(db), dist);
    state.secure_cookies = args.secure_cookies;
    if let Some(db) = &state.db {
        canal_server::watch::start(&state.data, db, &args.database)
            .await
            .map_err(|e| format!("cannot watch the database for other writers: {e}"))?;
    }
    if args.demo {
        let loaded = demo::load_if_empty(&state, &demo::Config::default())
            .await
            .map_err(|e| format!("cannot load the demo data: {e}"))?;
        if loaded {
            tracing::info!("--demo: loaded the demo data set");
        }
        demo::ensure_demo_user(&state)
            .await
            .map_err(|e| format!("cannot create the demo user: {e}"))?;
    }
    canal_server::push::start(&state)
        .await
        .map_err(|e| format!("cannot start web push: {e}"))?;
    let router = app(state);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!("Canal is serving on http://{local}");
    println!("Canal is serving on http://{local}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("server error: {e}"))
}

async fn user(cmd: UserCommand) -> Result<(), String> {
    match cmd {
        UserCommand::Add {
            database,
            email,
            password,
            token,
        } => {
            let state = AppState::new(Some(open(&database).await?), None);
            let id = auth::create_user(&state, &email, &password)
                .await
                .map_err(|e| e.to_string())?;
            println!("created user {email}");
            if let Some(name) = token {
                let t = auth::create_token(&state, &id, &name)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{t}");
            }
            Ok(())
        }
        UserCommand::Token {
            database,
            email,
            name,
        } => {
            let state = AppState::new(Some(open(&database).await?), None);
            let id = auth::user_id(&state, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no user {email}"))?;
            let t = auth::create_token(&state, &id, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{t}");
            Ok(())
        }
    }
}

fn demo_data(args: DemoArgs) -> Result<(), String> {
    let end = canal_server::time::parse(&args.end)
        .ok_or_else(|| format!("--end {:?} is not a date", args.end))?;
    let config = demo::Config {
        seed: args.seed,
        contacts: args.contacts,
        events: args.events,
        end,
    };
    let counts = demo::write_csv(&config, &args.out)
        .map_err(|e| format!("cannot write to {}: {e}", args.out.display()))?;
    println!(
        "wrote {} contacts, {} events, {} orders, {} campaigns, {} consent rows to {}",
        counts.contacts,
        counts.events,
        counts.orders,
        counts.campaigns,
        counts.consent,
        args.out.display()
    );
    Ok(())
}
