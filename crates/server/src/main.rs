//! `canal`: Canal's server and command-line tool.
//!
//! - `canal serve` serves the built app and the JSON API on one address.
//!
//! Run `canal --help` or `canal <command> --help` for every option.

use canal_server::{app, db::Db, AppState};
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
    /// Fill an empty database with the seeded demo data set.
    #[arg(long)]
    demo: bool,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("canal: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    if let Some(path) = args.database.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(file).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
        }
    }
    let db = Db::connect(&args.database)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", args.database))?;
    if args.demo {
        tracing::info!("--demo: the demo data set arrives with the backend issue");
    }
    let dist = if args.dist.join("index.html").is_file() {
        Some(args.dist.clone())
    } else {
        tracing::warn!(dist = %args.dist.display(), "no built app there; serving the API only");
        None
    };
    let router = app(AppState { db: Some(db), dist });
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!("Canal is serving on http://{local}");
    println!("Canal is serving on http://{local}");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}
