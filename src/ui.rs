//! `wqlkit ui`: the rule workbench. An HTTP server on 127.0.0.1 serving one
//! page (`ui/assets`, embedded in the binary) and the JSON API it uses
//! (`ui/api.rs`, described by `ui/openapi.json`), both behind a random
//! access token that the printed address carries.

mod api;

use crate::SourceArgs;
use crate::live::{LiveArgs, LiveSite};
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
    /// Preview on a live site database (--server, --connection or --profile):
    /// each preview is sent to it as T-SQL; explain, diff, collections and
    /// reports need offline rows (a snapshot or the demo fleet).
    #[command(flatten)]
    live: LiveArgs,
    /// Serve a demo fleet of N devices (the default source is the 500-device demo fleet).
    #[arg(long, value_name = "N", conflicts_with_all = ["snapshot", "server", "connection", "profile"])]
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
    /// Stop when standard input closes: for a program that starts the
    /// workbench and should take it down with it.
    #[arg(long)]
    exit_with_stdin: bool,
}

/// `wqlkit ui`.
pub(crate) fn run(args: &UiArgs) -> Result<ExitCode, String> {
    let site = match args.live.is_live() {
        true => match LiveSite::resolve(&args.live) {
            Ok(site) => Some(site),
            Err(code) => return Ok(code),
        },
        false => None,
    };
    let snapshot = args.source.snapshot()?;
    let base = crate::catalog::effective_or_message(&args.catalogs, snapshot)?;
    // --query-timeout: how long one query may run (answered with HTTP 504 past it).
    let query_time = std::time::Duration::from_secs(args.live.query_timeout().unwrap_or(120).max(1));
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
        let (rows, catalog, label) = match (site, args.demo) {
            (Some(site), _) => {
                let catalog = match site.catalog(base).await {
                    Ok(c) => c.into_owned(),
                    Err(code) => return Ok(code),
                };
                let label = site.label();
                (api::Rows::Live(site), catalog, label)
            }
            (None, Some(devices)) => {
                let catalog = base.into_owned();
                let opts = wqlkit::demo::DemoOptions {
                    devices,
                    ..Default::default()
                };
                let engine = wqlkit::demo::engine(&catalog, &opts).map_err(|e| e.to_string())?;
                let label = format!("the demo fleet ({devices} devices)");
                (api::Rows::Offline(engine), catalog, label)
            }
            (None, None) => {
                let catalog = base.into_owned();
                let (engine, label) = crate::preview::open(&args.source, &catalog, None).await?;
                (api::Rows::Offline(engine), catalog, label)
            }
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
            rows,
            catalog,
            label.clone(),
            token,
            query_threads,
            query_time,
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
