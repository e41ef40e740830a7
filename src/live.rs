//! `wqlkit preview --server …` and `wqlkit snapshot export`: the command-line
//! side of the live site database (connection flags, password prompt,
//! diagnostics, progress).

use crate::{Format, PreviewArgs, report};
use clap::{Args, ValueEnum};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use wqlkit::core::Catalog;
use wqlkit::engine::live::config::{load_profile, profiles_path};
use wqlkit::engine::live::export::{ExportOptions, ExportProgress, export};
use wqlkit::engine::live::{
    Auth, ConnectOptions, DateTimeParams, LiveConnection, LiveError, Secret, Settings, cache_dir, read_site_catalog,
    site_catalog_cached,
};
use wqlkit::render;

/// Where the site database is and how to log in.
#[derive(Args, Debug, Default)]
pub(crate) struct LiveArgs {
    /// Run on a live site database: `HOST[:PORT][\INSTANCE]`.
    #[arg(long, value_name = "HOST[:PORT][\\INSTANCE]")]
    server: Option<String>,
    /// The site database, e.g. CM_PS1.
    #[arg(long, value_name = "NAME")]
    database: Option<String>,
    /// SQL login, or a Windows account as DOMAIN\user (NTLM); the password
    /// comes from WQLKIT_PASSWORD or a prompt.
    #[arg(long, value_name = "LOGIN")]
    user: Option<String>,
    /// An ADO.NET connection string ("Server=…;Database=…;User ID=…").
    #[arg(long, value_name = "STRING")]
    connection: Option<String>,
    /// A site profile from sites.toml (WQLKIT_SITES, or ~/.config/wqlkit/sites.toml).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Log in with an Azure AD access token read from this environment variable.
    #[arg(long, value_name = "VAR")]
    access_token_env: Option<String>,
    /// Log in with a Windows account: --user DOMAIN\user (or user@domain) by
    /// NTLM, or without --user as the account wqlkit runs as (like --integrated).
    #[arg(long)]
    windows_auth: bool,
    /// Log in as the account wqlkit runs as (single sign-on): SSPI on
    /// Windows, Kerberos on Linux and macOS (builds with the `kerberos` feature).
    #[arg(long, conflicts_with = "user")]
    integrated: bool,
    /// Encrypt the whole connection (on, the default) or only the login (off).
    #[arg(long, value_enum, value_name = "on|off")]
    encrypt: Option<OnOff>,
    /// Accept the server's certificate without validating it.
    #[arg(long)]
    trust_server_certificate: bool,
    /// A CA or server certificate (PEM or DER) to trust.
    #[arg(long, value_name = "FILE")]
    ca_certificate: Option<PathBuf>,
    /// Seconds to wait for the connection and login (default 15).
    #[arg(long, value_name = "SECS")]
    connect_timeout: Option<u64>,
    /// Seconds to wait for the server while a query runs (default 300).
    #[arg(long, value_name = "SECS")]
    query_timeout: Option<u64>,
    /// How datetime parameters are sent: typed `datetime` values (default), or
    /// text for TDS servers that cannot read datetime parameters.
    #[arg(long, value_enum, value_name = "typed|text", default_value_t = DateTimeMode::Typed)]
    datetime_params: DateTimeMode,
    /// Read the site's maps of its classes and views again, not the copy
    /// cached for this site (WQLKIT_CACHE_DIR, or ~/.cache/wqlkit).
    #[arg(long)]
    refresh: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OnOff {
    On,
    Off,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum DateTimeMode {
    #[default]
    Typed,
    Text,
}

impl LiveArgs {
    /// `--query-timeout`, when given.
    pub(crate) fn query_timeout(&self) -> Option<u64> {
        self.query_timeout
    }

    /// Whether a live source was asked for.
    pub(crate) fn is_live(&self) -> bool {
        self.server.is_some() || self.connection.is_some() || self.profile.is_some()
    }

    fn settings(&self) -> Result<Settings, LiveError> {
        let env = |k: &str| std::env::var(k).ok();
        let mut s = match &self.profile {
            Some(name) => {
                let path = profiles_path(&env)
                    .ok_or_else(|| LiveError::Settings("no profile file: set WQLKIT_SITES or HOME".into()))?;
                load_profile(&path, name)?
            }
            None => Settings::default(),
        };
        if let Some(cs) = &self.connection {
            s = s.merge(Settings::from_connection_string(cs)?);
        }
        s = s.expand()?.merge(Settings {
            server: self.server.clone(),
            database: self.database.clone(),
            user: self.user.clone(),
            access_token_env: self.access_token_env.clone(),
            windows_auth: self.windows_auth.then_some(true),
            integrated: self.integrated.then_some(true),
            encrypt: self.encrypt.map(|e| e == OnOff::On),
            trust_server_certificate: self.trust_server_certificate.then_some(true),
            ca_certificate: self.ca_certificate.clone(),
            connect_timeout: self.connect_timeout,
            query_timeout: self.query_timeout,
            ..Settings::default()
        });
        for n in &s.notes {
            eprintln!("note: {n}");
        }
        if s.needs_password() {
            s.password = Some(password(s.user.as_deref().unwrap_or_default(), s.server.as_deref())?);
        }
        Ok(s)
    }

    /// Settings → options, with the warnings weaker security deserves.
    fn options(&self) -> Result<ConnectOptions, LiveError> {
        let mut o = self.settings()?.resolve(&|k| std::env::var(k).ok())?;
        o.datetime_params = match self.datetime_params {
            DateTimeMode::Typed => DateTimeParams::Typed,
            DateTimeMode::Text => DateTimeParams::Text,
        };
        if self.connection.as_deref().is_some_and(has_password) {
            eprintln!(
                "warning: the connection string holds a password, which other users can see in the process list; use WQLKIT_PASSWORD instead"
            );
        }
        for w in o.security_warnings() {
            eprintln!("warning: {w}");
        }
        Ok(o)
    }
}

fn has_password(cs: &str) -> bool {
    Settings::from_connection_string(cs).is_ok_and(|s| s.password.is_some())
}

/// WQLKIT_PASSWORD, or a prompt on the terminal (never a command-line argument).
fn password(user: &str, server: Option<&str>) -> Result<Secret, LiveError> {
    if let Ok(p) = std::env::var("WQLKIT_PASSWORD") {
        return Ok(Secret::new(p));
    }
    if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
        return Err(LiveError::Settings(format!(
            "no password for the login {user}: set WQLKIT_PASSWORD (there is no terminal to ask on)"
        )));
    }
    let prompt = format!("Password for {user}@{}: ", server.unwrap_or("the server"));
    rpassword::prompt_password(prompt)
        .map(Secret::new)
        .map_err(|e| LiveError::Settings(format!("cannot read the password: {e}")))
}

/// A live error as a diagnostic, with any secret masked (a server could echo one back).
fn diagnostic(e: &LiveError, secrets: &[Secret]) -> wqlkit::core::Diagnostic {
    let mut d = e.to_diagnostic();
    d.message = redact(&d.message, secrets);
    d.help = d.help.map(|h| redact(&h, secrets));
    d
}

/// Prints a live error as a diagnostic, with any secret masked; exit code 2.
fn fail(e: &LiveError, format: Format, secrets: &[Secret]) -> ExitCode {
    let d = diagnostic(e, secrets);
    if format == Format::Json {
        outln!("{}", serde_json::json!({ "diagnostics": [d.to_json("")] }));
    } else {
        eprint!(
            "{}",
            render::render(&d, "<connection>", "", std::io::stderr().is_terminal())
        );
    }
    ExitCode::from(2)
}

/// Masks every occurrence of a secret (a server could echo one back).
fn redact(text: &str, secrets: &[Secret]) -> String {
    let mut t = text.to_string();
    for s in secrets.iter().map(Secret::expose).filter(|s| s.len() >= 3) {
        t = t.replace(s, "***");
    }
    t
}

fn secret_of(o: &ConnectOptions) -> Option<Secret> {
    match &o.auth {
        Auth::SqlLogin { password, .. } | Auth::Windows { password, .. } => Some(password.clone()),
        Auth::AccessToken(t) => Some(t.clone()),
        Auth::Integrated => None,
    }
}

fn secrets() -> Vec<Secret> {
    ["WQLKIT_PASSWORD"]
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(Secret::new))
        .collect()
}

/// A live site database the workbench previews on: how to log in, and the
/// secrets its messages must never show.
pub(crate) struct LiveSite {
    options: ConnectOptions,
    secrets: Vec<Secret>,
    /// Read the site's maps again rather than the cached copy (`--refresh`).
    refresh: bool,
}

impl LiveSite {
    /// The site `live` names, with the password from WQLKIT_PASSWORD or a
    /// prompt; a failure is printed as the command line prints it.
    pub(crate) fn resolve(live: &LiveArgs) -> Result<LiveSite, ExitCode> {
        let mut secrets = secrets();
        let options = live.options().map_err(|e| fail(&e, Format::Table, &secrets))?;
        secrets.extend(secret_of(&options));
        Ok(LiveSite {
            options,
            secrets,
            refresh: live.refresh,
        })
    }

    /// `base` with the site's own catalog merged over it (read once, cached per site).
    pub(crate) async fn catalog(&self, base: Cow<'static, Catalog>) -> Result<Cow<'static, Catalog>, ExitCode> {
        let read = async {
            let mut conn = LiveConnection::connect(&self.options).await?;
            let c = site_catalog(&mut conn, base, self.refresh).await;
            conn.close().await;
            c
        };
        read.await.map_err(|e| fail(&e, Format::Table, &self.secrets))
    }

    /// Where the rows come from, as the workbench names it.
    pub(crate) fn label(&self) -> String {
        self.options.label()
    }

    /// The rows of `compiled`'s rule, run on the site as its T-SQL: the
    /// first `keep` of them in the server's order, and how many there were.
    pub(crate) async fn preview(
        &self,
        compiled: &wqlkit::wql::Compiled,
        keep: usize,
    ) -> Result<(Vec<wqlkit::engine::RecordBatch>, u64), wqlkit::core::Diagnostic> {
        let translation = wqlkit::wql::to_tsql(&compiled.bound.plan)?;
        let run = async {
            let mut conn = LiveConnection::connect(&self.options).await?;
            let answer = conn.preview(&translation, &compiled.bound, Some(keep)).await;
            conn.close().await;
            answer
        };
        run.await.map_err(|e| diagnostic(&e, &self.secrets))
    }
}

/// `wqlkit preview … --server …`.
pub(crate) fn preview(args: &PreviewArgs) -> Result<ExitCode, String> {
    if args.source.snapshot.is_some() || args.source.now.is_some() {
        return Err(
            "--snapshot and --now read offline data; leave them out with --server, --connection or --profile".into(),
        );
    }
    let format = args.query.format;
    let mut secrets = secrets();
    let options = match args.live.options() {
        Ok(o) => o,
        Err(e) => return Ok(fail(&e, format, &secrets)),
    };
    secrets.extend(secret_of(&options));
    let input = crate::read_input(&args.query)?;
    let base = match args.query.catalog(None) {
        Ok(c) => c,
        Err(d) => return Ok(crate::fail(&d, &input, format)),
    };
    let rt = crate::preview::runtime()?;
    // The site's own catalog first: a rule may name its custom classes.
    let connected = rt.block_on(async {
        let mut conn = LiveConnection::connect(&options).await?;
        let catalog = site_catalog(&mut conn, base, args.live.refresh).await?;
        Ok::<_, LiveError>((conn, catalog))
    });
    let (mut conn, catalog) = match connected {
        Ok(x) => x,
        Err(e) => return Ok(fail(&e, format, &secrets)),
    };
    let (input, _catalog, compiled) = match crate::compile_input(&args.query, input, catalog)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if format != Format::Json {
        report(&compiled.warnings, &input, format);
    }
    let translation = match wqlkit::wql::to_tsql(&compiled.bound.plan) {
        Ok(t) => t,
        Err(d) => {
            report(&[d], &input, format);
            return Ok(ExitCode::FAILURE);
        }
    };
    let result = rt.block_on(async {
        let connected = conn.connect_time();
        let t = Instant::now();
        // --count keeps no rows; --limit N prints the first N of the stable
        // order, so every row is kept until they are ordered.
        let keep = if args.count { Some(0) } else { None };
        let (batches, rows) = conn.preview(&translation, &compiled.bound, keep).await?;
        let ran = t.elapsed();
        conn.close().await;
        Ok::<_, LiveError>((batches, rows, connected, ran))
    });
    let (batches, rows, connected, ran) = match result {
        Ok(x) => x,
        Err(e) => return Ok(fail(&e, format, &secrets)),
    };
    let rows = usize::try_from(rows).unwrap_or(usize::MAX);
    let batches = crate::preview::in_print_order(args, &compiled, batches)?;
    crate::preview::print_rows(args, &compiled, &batches, rows);
    eprintln!(
        "{rows} row{} from {}; connected in {} ms, ran in {} ms",
        if rows == 1 { "" } else { "s" },
        options.label(),
        connected.as_millis(),
        ran.as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// `base` with the site's own catalog merged over it, from its maps (cached
/// per site); the default where the site does not describe itself.
async fn site_catalog(
    conn: &mut LiveConnection,
    base: Cow<'static, Catalog>,
    refresh: bool,
) -> Result<Cow<'static, Catalog>, LiveError> {
    let cache = cache_dir(&|k| std::env::var(k).ok());
    let t = Instant::now();
    let site = site_catalog_cached(conn, base.as_ref(), cache.as_deref(), refresh).await?;
    let phase = if site.cached {
        "site maps (cached)"
    } else {
        "site maps (read)"
    };
    crate::timings::record(phase, t.elapsed());
    for m in site.messages() {
        eprintln!("{m}");
    }
    Ok(match site.catalog.map(|s| base.with_site(&s.file)) {
        Some(Ok(c)) => Cow::Owned(c),
        Some(Err(d)) => {
            eprintln!("warning: the site's catalog does not fit the default ({d}); the default is used");
            base
        }
        None => base,
    })
}

/// The catalog `check --server` and `translate --server` bind against:
/// `base` with the site's merged over it.
pub(crate) fn live_catalog(
    live: &LiveArgs,
    base: Cow<'static, Catalog>,
    format: Format,
) -> Result<Result<Cow<'static, Catalog>, ExitCode>, String> {
    let mut secrets = secrets();
    let options = match live.options() {
        Ok(o) => o,
        Err(e) => return Ok(Err(fail(&e, format, &secrets))),
    };
    secrets.extend(secret_of(&options));
    let rt = crate::preview::runtime()?;
    let result = rt.block_on(async {
        let mut conn = LiveConnection::connect(&options).await?;
        let c = site_catalog(&mut conn, base, live.refresh).await;
        conn.close().await;
        c
    });
    Ok(result.map_err(|e| fail(&e, format, &secrets)))
}

/// `wqlkit snapshot export`.
#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    live: LiveArgs,
    /// The snapshot directory to write (replaced atomically if it exists).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only these views (comma-separated catalog view names).
    #[arg(long, value_name = "VIEW,…", value_delimiter = ',')]
    views: Vec<String>,
    /// A catalog file of extra views (custom inventory), merged over the built-in one.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Rows per batch written (bounds memory).
    #[arg(long, value_name = "N", default_value_t = wqlkit::engine::live::BATCH_ROWS)]
    batch_rows: usize,
}

pub(crate) fn snapshot_export(args: &ExportArgs) -> Result<ExitCode, String> {
    let catalog = if args.catalogs.is_empty() {
        std::borrow::Cow::Borrowed(Catalog::builtin())
    } else {
        std::borrow::Cow::Owned(Catalog::with_files(&args.catalogs).map_err(|d| d.to_string())?)
    };
    let mut secrets = secrets();
    if !args.live.is_live() {
        return Ok(fail(
            &LiveError::Settings("snapshot export needs --server, --connection or --profile".into()),
            Format::Table,
            &secrets,
        ));
    }
    let options = match args.live.options() {
        Ok(o) => o,
        Err(e) => return Ok(fail(&e, Format::Table, &secrets)),
    };
    secrets.extend(secret_of(&options));
    let mut export_options = ExportOptions {
        views: (!args.views.is_empty()).then(|| args.views.clone()),
        batch_rows: args.batch_rows,
        site_catalog: None,
    };
    let rt = crate::preview::runtime()?;
    let mut progress = Progress::new();
    let result = rt.block_on(async {
        let mut conn = LiveConnection::connect(&options).await?;
        // The site's own catalog: its views and classes, custom ones included.
        let site = read_site_catalog(&mut conn, catalog.as_ref()).await?;
        for m in site.messages() {
            eprintln!("{m}");
        }
        let mut effective = catalog.clone();
        if let Some(s) = site.catalog {
            match catalog.with_site(&s.file) {
                Ok(c) => {
                    eprintln!(
                        "the site describes {} views and {} classes ({} notes: `wqlkit catalog diff default {}` lists what differs)",
                        s.file.views.len(),
                        s.file.classes.len(),
                        s.notes.len(),
                        args.out.display()
                    );
                    effective = std::borrow::Cow::Owned(c);
                    export_options.site_catalog = Some(s.file);
                }
                Err(d) => eprintln!("warning: the site's catalog does not fit the default ({d}); the default is used"),
            }
        }
        let r = export(&mut conn, effective.as_ref(), &args.out, &export_options, &mut progress).await;
        conn.close().await;
        Ok::<_, LiveError>(r)
    });
    let report = match result {
        Ok(Ok(r)) => r,
        Ok(Err(wqlkit::engine::live::export::ExportError::Live(e))) | Err(e) => {
            progress.clear();
            return Ok(fail(&e, Format::Table, &secrets));
        }
        Ok(Err(wqlkit::engine::live::export::ExportError::Write(e))) => {
            progress.clear();
            return Err(redact(&e.to_string(), &secrets));
        }
    };
    let rows = report.rows();
    let secs = report.elapsed.as_secs_f64().max(1e-6);
    outln!(
        "exported {} views, {rows} rows from {} to {} in {:.1} s ({:.0} rows/s)",
        report.manifest.views.len(),
        options.label(),
        args.out.display(),
        secs,
        rows as f64 / secs
    );
    if !report.skipped.is_empty() {
        outln!(
            "skipped {} view(s) this site does not have: {}",
            report.skipped.len(),
            report
                .skipped
                .iter()
                .map(|(v, _)| v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Per-view progress on stderr: a live line on a terminal, one line per view otherwise.
struct Progress {
    tty: bool,
    started: Instant,
    expected: u64,
    last_draw: Option<Instant>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            tty: std::io::stderr().is_terminal(),
            started: Instant::now(),
            expected: 0,
            last_draw: None,
        }
    }

    fn clear(&self) {
        if self.tty {
            eprint!("\r\x1b[K");
        }
    }
}

fn rate(rows: u64, elapsed: Duration) -> f64 {
    rows as f64 / elapsed.as_secs_f64().max(1e-6)
}

impl ExportProgress for Progress {
    fn view_started(&mut self, view: &str, expected: u64) {
        self.started = Instant::now();
        self.expected = expected;
        self.last_draw = None;
        if self.tty {
            eprint!("\r\x1b[K{view}: 0/{expected} rows");
        }
    }

    fn rows(&mut self, view: &str, done: u64) {
        if !self.tty || self.last_draw.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let r = rate(done, self.started.elapsed());
        let eta = if r > 0.0 {
            format!("{:.0} s", self.expected.saturating_sub(done) as f64 / r)
        } else {
            "?".into()
        };
        eprint!(
            "\r\x1b[K{view}: {done}/{} rows, {r:.0} rows/s, ETA {eta}",
            self.expected
        );
        let _ = std::io::stderr().flush();
    }

    fn view_finished(&mut self, view: &str, rows: u64, elapsed: Duration) {
        self.clear();
        eprintln!(
            "{view}: {rows} rows in {:.2} s ({:.0} rows/s)",
            elapsed.as_secs_f64(),
            rate(rows, elapsed)
        );
    }

    fn view_skipped(&mut self, view: &str, why: &LiveError) {
        self.clear();
        eprintln!("{view}: skipped, not on this site ({why})");
    }
}
