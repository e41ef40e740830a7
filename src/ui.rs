//! `wqlkit ui`: the rule workbench. An HTTP server on 127.0.0.1 serving one
//! page (`ui/assets`, embedded in the binary) and the JSON API it uses
//! (`ui/api.rs`, described by `ui/openapi.json`), both behind a random
//! access token that the printed address carries.

mod api;

use crate::SourceArgs;
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Where the workbench's rows come from, and where it listens.
#[derive(Args)]
pub(crate) struct UiArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Serve a demo fleet of N devices (the default source is the 500-device demo fleet).
    #[arg(long, value_name = "N", conflicts_with = "snapshot")]
    demo: Option<usize>,
    /// The TCP port (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Listen on this address instead of 127.0.0.1 (anyone who can reach it
    /// and has the printed address can use the workbench).
    #[arg(long, value_name = "ADDR")]
    listen: Option<IpAddr>,
    /// Print the address without opening a browser.
    #[arg(long)]
    no_open: bool,
    /// A catalog file of extra classes, merged over the built-in one.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Seconds one query may run before it is stopped (answered with HTTP 504).
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    query_timeout: u64,
    /// Stop when standard input closes: for a program that starts the
    /// workbench and should take it down with it.
    #[arg(long)]
    exit_with_stdin: bool,
}

/// `wqlkit ui`.
pub(crate) fn run(args: &UiArgs) -> Result<ExitCode, String> {
    let snapshot = args.source.snapshot()?;
    let catalog = crate::catalog::effective_or_message(&args.catalogs, snapshot)?.into_owned();
    let rt = crate::preview::runtime()?;
    // Queries run on threads of their own, so that the server answers while one runs.
    let queries = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("wqlkit-query")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the query threads: {e}"))?;
    let query_threads = queries.handle().clone();
    let served = rt.block_on(async {
        let (engine, label) = match args.demo {
            Some(devices) => {
                let opts = wqlkit::demo::DemoOptions {
                    devices,
                    ..Default::default()
                };
                let engine = wqlkit::demo::engine(&catalog, &opts).map_err(|e| e.to_string())?;
                (engine, format!("the demo fleet ({devices} devices)"))
            }
            None => crate::preview::open(&args.source, &catalog, None).await?,
        };
        let address = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        if !address.is_loopback() {
            eprintln!(
                "warning: listening on {address}: anyone who can reach this address and has the printed link can read the data"
            );
        }
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(address, args.port))
            .await
            .map_err(|e| format!("cannot listen on {address}:{}: {e}", args.port))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        let token = uuid::Uuid::new_v4().simple().to_string();
        let url = format!("http://{bound}/?token={token}");
        let state = Arc::new(api::Workbench::new(
            engine,
            catalog,
            label.clone(),
            token,
            query_threads,
            std::time::Duration::from_secs(args.query_timeout),
        ));
        println!("wqlkit ui: {label} at {url}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if !args.no_open {
            open_browser(&url);
        }
        let exit_with_stdin = args.exit_with_stdin;
        let stdin_closed = async move {
            if exit_with_stdin {
                let _ = tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink())).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        axum::serve(listener, api::router(state))
            .with_graceful_shutdown(stdin_closed)
            .await
            .map_err(|e| format!("the server stopped: {e}"))?;
        Ok(ExitCode::SUCCESS)
    });
    // Queries still running are abandoned, not awaited.
    queries.shutdown_background();
    served
}

/// Opens `url` in the desktop's browser, if there is one; the printed link works either way.
fn open_browser(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "windows") {
        &["cmd", "/c", "start", ""]
    } else if cfg!(target_os = "macos") {
        &["open"]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("note: no browser could be opened; open the address above");
    }
}
