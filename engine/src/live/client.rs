//! One connection to a site database: connect, then run guarded, parameterized
//! SELECTs whose rows stream into Arrow record batches.

use crate::live::config::{Auth, ConnectOptions, DateTimeParams};
use crate::live::error::{Context, LiveError, TimeoutKind, from_tiberius};
use crate::live::guard;
use crate::live::rows::{BatchBuilder, datetime_param};
use crate::live::statements;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use futures::TryStreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tiberius::{AuthMethod, Client, ColumnData, Config, EncryptionLevel, Query, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use wqlkit_core::LogicalPlan;
use wqlkit_core::plan::{ScalarKind, ScalarType};
use wqlkit_core::{DateTime, Value};
use wqlkit_wql::Translation;
use wqlkit_wql::binder::{Bound, OutputColumn};

/// Rows per record batch.
pub const BATCH_ROWS: usize = 8192;

/// An open connection to a site database.
pub struct LiveConnection {
    client: Client<Compat<TcpStream>>,
    cx: Context,
    options: ConnectOptions,
    connect_time: Duration,
}

impl std::fmt::Debug for LiveConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveConnection")
            .field("server", &self.cx.server)
            .field("database", &self.cx.database)
            .finish_non_exhaustive()
    }
}

fn tiberius_config(o: &ConnectOptions) -> Result<Config, LiveError> {
    let mut c = Config::new();
    c.host(&o.server.host);
    if let Some(p) = o.server.port {
        c.port(p);
    }
    if let Some(i) = &o.server.instance {
        c.instance_name(i);
    }
    if let Some(d) = &o.database {
        c.database(d);
    }
    c.application_name(&o.application_name);
    c.authentication(match &o.auth {
        Auth::SqlLogin { user, password } => AuthMethod::sql_server(user, password.expose()),
        Auth::AccessToken(t) => AuthMethod::aad_token(t.expose()),
        Auth::Windows { user, password } => windows_login(user, password)?,
        Auth::Integrated => integrated_login()?,
    });
    c.encryption(if o.encrypt {
        EncryptionLevel::Required
    } else {
        EncryptionLevel::Off
    });
    // Without encryption only the login packet goes through TLS, and SQL
    // Server's own drivers do not validate that certificate either.
    if o.trust_server_certificate || !o.encrypt {
        c.trust_cert();
    } else if let Some(ca) = &o.ca_certificate {
        if !ca.is_file() {
            return Err(LiveError::Settings(format!(
                "--ca-certificate {}: no such file",
                ca.display()
            )));
        }
        c.trust_cert_ca(ca.to_string_lossy());
    }
    c.readonly(o.read_only_intent);
    c.handshake_timeout(Some(o.connect_timeout));
    c.command_timeout(Some(o.query_timeout));
    Ok(c)
}

/// NTLM with an account and its password: `winauth` on Windows, the `sspi`
/// crate elsewhere (tiberius's `winauth` and `sspi-rs` features).
#[cfg(any(windows, unix))]
fn windows_login(user: &str, password: &crate::live::config::Secret) -> Result<AuthMethod, LiveError> {
    Ok(AuthMethod::windows(user, password.expose()))
}

#[cfg(not(any(windows, unix)))]
fn windows_login(_: &str, _: &crate::live::config::Secret) -> Result<AuthMethod, LiveError> {
    Err(LiveError::AuthUnsupported(
        "Windows logins (NTLM) are available on Windows, Linux and macOS only".into(),
    ))
}

/// Single sign-on as the account wqlkit runs as: SSPI on Windows; Kerberos
/// through GSSAPI on Linux and macOS when built with the `kerberos` feature.
#[cfg(any(windows, all(unix, feature = "kerberos")))]
fn integrated_login() -> Result<AuthMethod, LiveError> {
    Ok(AuthMethod::Integrated)
}

#[cfg(not(any(windows, all(unix, feature = "kerberos"))))]
fn integrated_login() -> Result<AuthMethod, LiveError> {
    Err(LiveError::AuthUnsupported(crate::live::error::NO_KERBEROS.into()))
}

impl LiveConnection {
    /// Connects and logs in, within the connect timeout.
    pub async fn connect(options: &ConnectOptions) -> Result<LiveConnection, LiveError> {
        let config = tiberius_config(options)?;
        let cx = Context {
            server: options.server.to_string(),
            user: options.auth.user().map(str::to_string),
            windows: options.auth.is_windows(),
            database: options.database.clone(),
            view: None,
            access_token: matches!(options.auth, Auth::AccessToken(_)),
        };
        let started = Instant::now();
        let limit = options.connect_timeout;
        let classify = |e| from_tiberius(e, &cx, TimeoutKind::Connect, limit);
        let attempt = async {
            let tcp = if options.server.instance.is_some() && options.server.port.is_none() {
                TcpStream::connect_named(&config).await.map_err(classify)?
            } else {
                TcpStream::connect(config.get_addr())
                    .await
                    .map_err(|e| tcp_error(e, &cx.server, options))?
            };
            let _ = tcp.set_nodelay(true);
            Client::connect(config, tcp.compat_write()).await.map_err(classify)
        };
        let client = match tokio::time::timeout(limit, attempt).await {
            Ok(r) => r?,
            Err(_) => {
                return Err(LiveError::Timeout {
                    kind: TimeoutKind::Connect,
                    after: limit,
                    server: cx.server.clone(),
                });
            }
        };
        Ok(LiveConnection {
            client,
            cx,
            options: options.clone(),
            connect_time: started.elapsed(),
        })
    }

    /// How long connecting and logging in took.
    pub fn connect_time(&self) -> Duration {
        self.connect_time
    }

    /// The settings this connection was opened with.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    /// Runs one statement (checked by [`guard::check`] first) and hands its
    /// rows to `on_batch` in batches of at most `batch_rows`, converted to
    /// `schema`. `view` names the view read, for error messages. Returns the
    /// number of rows.
    pub async fn stream(
        &mut self,
        sql: &str,
        params: &[Value],
        schema: SchemaRef,
        view: Option<&str>,
        batch_rows: usize,
        on_batch: &mut (dyn FnMut(RecordBatch) -> Result<(), LiveError> + Send),
    ) -> Result<u64, LiveError> {
        guard::check(sql)?;
        let mut q = Query::new(sql.to_string());
        for p in params {
            bind(&mut q, p, self.options.datetime_params)?;
        }
        let cx = Context {
            view: view.map(str::to_string),
            ..self.cx.clone()
        };
        let limit = self.options.query_timeout;
        let classify = |e| from_tiberius(e, &cx, TimeoutKind::Query, limit);
        let mut builder = BatchBuilder::new(schema)?;
        let mut total = 0u64;
        let stream = q.query(&mut self.client).await.map_err(classify)?;
        let mut rows = stream.into_row_stream();
        while let Some(row) = rows.try_next().await.map_err(classify)? {
            builder.push_row(row.into_iter())?;
            total += 1;
            if builder.rows() >= batch_rows.max(1) {
                on_batch(builder.finish()?)?;
            }
        }
        if builder.rows() > 0 {
            on_batch(builder.finish()?)?;
        }
        Ok(total)
    }

    /// Runs a translated query: its rows, typed as the bound query's output
    /// columns and named by them (the WQL property names), and how many there
    /// were. With `keep`, only the first `keep` rows are held in memory (the
    /// rest are counted as they stream past).
    pub async fn preview(
        &mut self,
        t: &Translation,
        bound: &Bound,
        keep: Option<usize>,
    ) -> Result<(Vec<RecordBatch>, u64), LiveError> {
        let schema = result_schema(bound);
        let params: Vec<Value> = t.params.iter().map(|p| p.value.clone()).collect();
        let mut batches = Vec::new();
        let mut held = 0usize;
        let rows = self
            .stream(&t.sql, &params, schema, None, BATCH_ROWS, &mut |b| {
                let room = keep.map_or(b.num_rows(), |k| k.saturating_sub(held).min(b.num_rows()));
                if room > 0 {
                    held += room;
                    batches.push(if room == b.num_rows() { b } else { b.slice(0, room) });
                }
                Ok(())
            })
            .await?;
        Ok((batches, rows))
    }

    /// One value from a one-row, one-column query.
    pub(crate) async fn scalar(
        &mut self,
        sql: &str,
        data_type: DataType,
        view: Option<&str>,
    ) -> Result<Option<RecordBatch>, LiveError> {
        let schema = Arc::new(Schema::new(vec![Field::new("value", data_type, true)]));
        let mut out = None;
        self.stream(sql, &[], schema, view, 1, &mut |b| {
            out.get_or_insert(b);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// The server's `GETDATE()`.
    pub async fn server_time(&mut self) -> Result<DateTime, LiveError> {
        self.time(&statements::select_getdate(), None)
            .await?
            .ok_or_else(|| LiveError::Protocol("GETDATE() returned no value".into()))
    }

    /// The one datetime `sql` returns (reading `view`, for diagnostics), if not NULL.
    pub(crate) async fn time(&mut self, sql: &str, view: Option<&str>) -> Result<Option<DateTime>, LiveError> {
        use datafusion::arrow::array::{Array, AsArray};
        let b = self
            .scalar(sql, DataType::Timestamp(TimeUnit::Microsecond, None), view)
            .await?;
        let micros = b.and_then(|b| {
            let a = b
                .column(0)
                .as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>();
            (!a.is_empty() && !a.is_null(0)).then(|| a.value(0))
        });
        Ok(micros.and_then(DateTime::from_unix_micros))
    }

    /// Closes the connection politely.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn tcp_error(e: std::io::Error, server: &str, o: &ConnectOptions) -> LiveError {
    use std::io::ErrorKind as K;
    let port = o.server.port.unwrap_or(1433);
    let reason = match e.kind() {
        K::ConnectionRefused => format!(
            "connection refused: nothing listens on TCP port {port} of {}",
            o.server.host
        ),
        K::TimedOut => {
            return LiveError::Timeout {
                kind: TimeoutKind::Connect,
                after: o.connect_timeout,
                server: server.to_string(),
            };
        }
        _ if e.to_string().contains("lookup") || e.to_string().contains("resolve") => {
            format!("the name {} does not resolve ({e})", o.server.host)
        }
        _ => e.to_string(),
    };
    LiveError::Unreachable {
        server: server.to_string(),
        reason,
    }
}

fn bind(q: &mut Query<'_>, v: &Value, datetimes: DateTimeParams) -> Result<(), LiveError> {
    match v {
        Value::Null => q.bind(ColumnData::String(None)),
        Value::String(s) => q.bind(s.clone()),
        Value::Integer(i) => match (i32::try_from(*i), i64::try_from(*i)) {
            (Ok(v), _) => q.bind(v),
            (_, Ok(v)) => q.bind(v),
            _ => q.bind(tiberius::numeric::Numeric::new_with_scale(*i, 0)),
        },
        Value::Decimal(d) => q.bind(
            d.parse::<f64>()
                .map_err(|e| LiveError::Settings(format!("the number {d} cannot be sent: {e}")))?,
        ),
        Value::Boolean(b) => q.bind(*b),
        Value::DateTime(d) => match datetimes {
            DateTimeParams::Typed => q
                .bind(ColumnData::DateTime(Some(datetime_param(d).ok_or_else(|| {
                    LiveError::Settings(format!("{d} is outside SQL Server's datetime range"))
                })?))),
            DateTimeParams::Text => q.bind(d.to_string()),
        },
    }
    Ok(())
}

/// The Arrow type a bound output column is read into.
pub fn output_type(t: ScalarType) -> DataType {
    match t {
        ScalarType::String | ScalarType::Null => DataType::Utf8,
        ScalarType::Integer => DataType::Int64,
        ScalarType::Real => DataType::Float64,
        ScalarType::Boolean => DataType::Boolean,
        ScalarType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, None),
    }
}

/// The schema of a bound query's result: a selected column keeps its view
/// column's type (as in a snapshot), anything computed gets its value type's.
pub fn result_schema(bound: &Bound) -> SchemaRef {
    let mut node = &bound.plan;
    if let LogicalPlan::Distinct { input, .. } = node {
        node = input;
    }
    let items = match node {
        LogicalPlan::Project { items, .. } => Some(items),
        _ => None,
    };
    Arc::new(Schema::new(
        bound
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let t = match items.and_then(|it| it.get(i)).map(|it| &it.expr.kind) {
                    Some(ScalarKind::Column(col)) => crate::storage::schema::arrow_type(col.sql_type),
                    _ => output_type(c.ty),
                };
                Field::new(&c.name, t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

/// The schema of output columns, by value type alone.
pub fn output_schema(columns: &[OutputColumn]) -> SchemaRef {
    Arc::new(Schema::new(
        columns
            .iter()
            .map(|c| Field::new(&c.name, output_type(c.ty), true))
            .collect::<Vec<_>>(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::config::{Secret, Settings};

    fn options(auth: Auth) -> ConnectOptions {
        let mut o = Settings {
            server: Some("cm01".into()),
            integrated: Some(true),
            ..Settings::default()
        }
        .resolve(&|_| None)
        .expect("settings");
        o.auth = auth;
        o
    }

    #[test]
    fn windows_accounts_log_in_by_ntlm() {
        let o = options(Auth::Windows {
            user: "CONTOSO\\reader".into(),
            password: Secret::new("pw"),
        });
        assert!(tiberius_config(&o).is_ok());
    }

    /// Single sign-on needs SSPI (Windows) or Kerberos (the `kerberos`
    /// feature); without them it is a diagnostic that says what to do.
    #[cfg(all(unix, not(feature = "kerberos")))]
    #[test]
    fn integrated_without_kerberos_is_a_diagnostic() {
        let e = tiberius_config(&options(Auth::Integrated)).expect_err("integrated login without Kerberos");
        assert_eq!(e, LiveError::AuthUnsupported(crate::live::error::NO_KERBEROS.into()));
        assert!(e.help().unwrap_or_default().contains("--features kerberos"));
    }
}
