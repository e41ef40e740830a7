//! What can go wrong talking to a site database, in terms a person can act on.
//! Every variant maps to a diagnostic code; none carries a password or token.

use std::fmt;
use std::time::Duration;
use wqlkit_core::{Code, Diagnostic, Span};

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// TCP connect and the login handshake.
    Connect,
    /// Waiting for a query's rows.
    Query,
}

/// A failure on the live path.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveError {
    /// The settings are incomplete or wrong.
    Settings(String),
    /// No connection to the server.
    Unreachable {
        /// The server as given.
        server: String,
        /// What the network said.
        reason: String,
    },
    /// The server refused the login.
    LoginFailed {
        /// The server.
        server: String,
        /// The login name, when there is one.
        user: Option<String>,
        /// The database asked for.
        database: Option<String>,
        /// Whether the login was an access token.
        access_token: bool,
        /// The server's message.
        message: String,
    },
    /// The server's certificate failed validation, or TLS could not be set up.
    Certificate {
        /// The server.
        server: String,
        /// What TLS said.
        reason: String,
    },
    /// The database does not exist or may not be opened by this login.
    Database {
        /// The server.
        server: String,
        /// The database.
        database: Option<String>,
        /// The login.
        user: Option<String>,
        /// The server's message.
        message: String,
    },
    /// The login may not read an object.
    PermissionDenied {
        /// The view (or other object) named by the server.
        object: Option<String>,
        /// The server's message.
        message: String,
    },
    /// A view is not on this site database.
    ViewMissing {
        /// The view.
        view: String,
        /// The server's message.
        message: String,
    },
    /// A wait ran out.
    Timeout {
        /// Which.
        kind: TimeoutKind,
        /// After how long.
        after: Duration,
        /// The server.
        server: String,
    },
    /// The guard refused a statement before it was sent.
    NotReadOnly(String),
    /// The authentication method is not available.
    AuthUnsupported(String),
    /// Any other error the server reported.
    Server {
        /// SQL Server's error number.
        number: u32,
        /// Its message.
        message: String,
    },
    /// The answer could not be read.
    Protocol(String),
    /// The query has no T-SQL translation.
    Untranslatable(String),
}

impl LiveError {
    /// The diagnostic code.
    pub fn code(&self) -> Code {
        match self {
            LiveError::Settings(_) => Code::ConnectionSettings,
            LiveError::Unreachable { .. } => Code::HostUnreachable,
            LiveError::LoginFailed { .. } => Code::LoginFailed,
            LiveError::Certificate { .. } => Code::CertificateUntrusted,
            LiveError::Database { .. } => Code::DatabaseUnavailable,
            LiveError::PermissionDenied { .. } => Code::PermissionDenied,
            LiveError::ViewMissing { .. } => Code::ViewMissing,
            LiveError::Timeout { .. } => Code::Timeout,
            LiveError::NotReadOnly(_) => Code::NotReadOnly,
            LiveError::AuthUnsupported(_) => Code::AuthUnsupported,
            LiveError::Server { .. } => Code::ServerError,
            LiveError::Protocol(_) => Code::ProtocolError,
            LiveError::Untranslatable(_) => Code::Unsupported,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            LiveError::Settings(_) => return None,
            LiveError::Unreachable { server, .. } => format!(
                "check the name and port of {server} (SQL Server listens on 1433 unless configured otherwise; \
                 a named instance needs the SQL Browser on UDP 1434 or an explicit port), and that a firewall lets TCP through"
            ),
            LiveError::LoginFailed { access_token: true, .. } => {
                "check that the access token is current (they expire after about an hour), was issued for \
                 https://database.windows.net/, and that its identity has a user in the database"
                    .into()
            }
            LiveError::LoginFailed { user, database, .. } => format!(
                "check the password{} and that the login{} exists, is enabled, is allowed SQL Server authentication, and may open {}",
                if user.is_some() { " in WQLKIT_PASSWORD or at the prompt" } else { "" },
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
                database.as_deref().unwrap_or("its default database")
            ),
            LiveError::Certificate { server, .. } => format!(
                "install the certificate of {server}'s issuing CA in the system's trust store, or name it with \
                 --ca-certificate FILE; connect with the name the certificate was issued for; \
                 only on a network you trust, --trust-server-certificate skips the check"
            ),
            LiveError::Database { database, user, .. } => format!(
                "check the site database's name (CM_<site code>){}; the login{} needs a user in it (db_datareader or the smsschm_users role)",
                database.as_ref().map(|d| format!(", here {d}")).unwrap_or_default(),
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
            ),
            LiveError::PermissionDenied { object, .. } => format!(
                "ask the SQL administrator to grant SELECT on {} to this login (the smsschm_users role or db_datareader covers the v_ views)",
                object.as_deref().unwrap_or("the view")
            ),
            LiveError::ViewMissing { view, .. } => format!(
                "{view} is not on this site: custom or optional hardware inventory classes exist only where they are enabled; \
                 check the class name, or leave the view out with --views"
            ),
            LiveError::Timeout { kind: TimeoutKind::Connect, .. } => {
                "the server did not answer in time: check the address and port, or raise --connect-timeout".into()
            }
            LiveError::Timeout { kind: TimeoutKind::Query, .. } => {
                "narrow the query, or raise --query-timeout".into()
            }
            LiveError::NotReadOnly(_) => "wqlkit only sends the single SELECT statements it builds itself".into(),
            LiveError::AuthUnsupported(_) => {
                "use a SQL login (--user, password from WQLKIT_PASSWORD or the prompt) or an Azure AD token (--access-token-env VAR)".into()
            }
            LiveError::Server { .. } | LiveError::Protocol(_) | LiveError::Untranslatable(_) => return None,
        })
    }

    /// As a diagnostic (no location: it is not about the query text).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.code(), Span::default(), self.to_string());
        match self.help() {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

impl fmt::Display for LiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiveError::Settings(m) => f.write_str(m),
            LiveError::Unreachable { server, reason } => write!(f, "cannot reach {server}: {reason}"),
            LiveError::LoginFailed {
                server,
                user,
                database,
                message,
                ..
            } => write!(
                f,
                "{server} refused the login{}{}: {message}",
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
                database
                    .as_ref()
                    .map(|d| format!(" to database {d}"))
                    .unwrap_or_default()
            ),
            LiveError::Certificate { server, reason } => {
                write!(f, "the TLS certificate of {server} is not trusted: {reason}")
            }
            LiveError::Database {
                server,
                database,
                message,
                ..
            } => write!(
                f,
                "cannot open database {} on {server}: {message}",
                database.as_deref().unwrap_or("(default)")
            ),
            LiveError::PermissionDenied { object, message } => match object {
                Some(o) => write!(f, "no permission to read {o}: {message}"),
                None => write!(f, "permission denied: {message}"),
            },
            LiveError::ViewMissing { view, message } => write!(f, "the site database has no view {view}: {message}"),
            LiveError::Timeout { kind, after, server } => write!(
                f,
                "{} {server} timed out after {}",
                match kind {
                    TimeoutKind::Connect => "connecting to",
                    TimeoutKind::Query => "a query on",
                },
                human(*after)
            ),
            LiveError::NotReadOnly(m) => write!(f, "refused to send a statement: {m}"),
            LiveError::AuthUnsupported(m) => f.write_str(m),
            LiveError::Server { number, message } => write!(f, "the server reported error {number}: {message}"),
            LiveError::Protocol(m) => write!(f, "cannot read the server's answer: {m}"),
            LiveError::Untranslatable(m) => write!(f, "cannot run the query live: {m}"),
        }
    }
}

impl std::error::Error for LiveError {}

fn human(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// What a connection knows when it classifies an error.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub server: String,
    pub user: Option<String>,
    pub database: Option<String>,
    /// The view a query reads, for permission and missing-object errors.
    pub view: Option<String>,
    /// The login is an access token.
    pub access_token: bool,
}

/// Classifies an error SQL Server reported (number and message).
pub(crate) fn from_server(number: u32, message: &str, cx: &Context) -> LiveError {
    let message = message.to_string();
    let named = || quoted_name(&message).or_else(|| cx.view.clone());
    match number {
        18456 | 18452 | 18470 | 18486 | 18487 | 18488 => LiveError::LoginFailed {
            server: cx.server.clone(),
            user: cx.user.clone(),
            database: cx.database.clone(),
            access_token: cx.access_token,
            message,
        },
        4060 | 911 | 916 | 4063 | 4064 => LiveError::Database {
            server: cx.server.clone(),
            database: cx.database.clone(),
            user: cx.user.clone(),
            message,
        },
        229 | 230 | 262 | 297 | 300 => LiveError::PermissionDenied {
            object: named(),
            message,
        },
        208 => LiveError::ViewMissing {
            view: named().unwrap_or_else(|| "(unnamed)".into()),
            message,
        },
        _ => LiveError::Server { number, message },
    }
}

/// The first `'name'` in a server message, without its schema and database.
fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('\'')? + 1;
    let len = message[start..].find('\'')?;
    let name = &message[start..start + len];
    let last = name.rsplit('.').next().unwrap_or(name);
    let last = last.trim_start_matches('[').trim_end_matches(']');
    (!last.is_empty()).then(|| last.to_string())
}

/// Classifies a tiberius error.
pub(crate) fn from_tiberius(e: tiberius::error::Error, cx: &Context, kind: TimeoutKind, after: Duration) -> LiveError {
    use std::io::ErrorKind as K;
    use tiberius::error::Error as T;
    match e {
        T::Server(t) => from_server(t.code(), t.message(), cx),
        T::Io { kind: K::TimedOut, .. } => LiveError::Timeout {
            kind,
            after,
            server: cx.server.clone(),
        },
        T::Io { kind: k, message } => match k {
            K::ConnectionRefused | K::NotFound | K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable => {
                LiveError::Unreachable {
                    server: cx.server.clone(),
                    reason: message,
                }
            }
            _ => LiveError::Protocol(format!("connection to {} lost: {message}", cx.server)),
        },
        T::Tls(m) => LiveError::Certificate {
            server: cx.server.clone(),
            reason: tls_reason(&m),
        },
        T::Routing { host, port } => LiveError::Settings(format!(
            "{} redirects this connection to {host}:{port} (a read-only routing list or Azure gateway); connect there with --server {host}:{port}",
            cx.server
        )),
        other => LiveError::Protocol(other.to_string()),
    }
}

/// What a TLS failure means, without the library's advice to programmers.
fn tls_reason(m: &str) -> String {
    let known = [
        (
            "UnknownIssuer",
            "it was issued by an authority this machine does not trust (a self-signed certificate, or an internal CA that is not installed)",
        ),
        ("NotValidForName", "it was not issued for the name connected to"),
        ("Expired", "it has expired"),
        ("NotValidYet", "it is not valid yet (check the clock)"),
        ("Revoked", "it has been revoked"),
        ("BadSignature", "its signature does not verify"),
    ];
    for (k, why) in known {
        if m.contains(k) {
            return format!("{why} [{k}]");
        }
    }
    m.split(". ").next().unwrap_or(m).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context {
        Context {
            server: "cm01:1433".into(),
            user: Some("reader".into()),
            database: Some("CM_PS1".into()),
            view: Some("v_R_System".into()),
            access_token: false,
        }
    }

    #[test]
    fn server_errors_become_actionable() {
        let e = from_server(18456, "Login failed for user 'reader'.", &cx());
        assert_eq!(e.code(), Code::LoginFailed);
        let text = format!("{e} {}", e.help().unwrap_or_default());
        assert!(text.contains("reader") && text.contains("CM_PS1"), "{text}");

        let e = from_server(4060, "Cannot open database \"CM_XX\" requested by the login.", &cx());
        assert_eq!(e.code(), Code::DatabaseUnavailable);

        let e = from_server(
            229,
            "The SELECT permission was denied on the object 'v_GS_TPM', database 'CM_PS1', schema 'dbo'.",
            &cx(),
        );
        assert_eq!(
            e,
            LiveError::PermissionDenied {
                object: Some("v_GS_TPM".into()),
                message: "The SELECT permission was denied on the object 'v_GS_TPM', database 'CM_PS1', schema 'dbo'."
                    .into()
            }
        );
        assert!(e.help().unwrap_or_default().contains("GRANT") || e.help().unwrap_or_default().contains("grant"));

        let e = from_server(208, "Invalid object name 'dbo.v_GS_MY_CLASS'.", &cx());
        assert!(matches!(&e, LiveError::ViewMissing { view, .. } if view == "v_GS_MY_CLASS"));
        assert_eq!(
            from_server(207, "Invalid column name 'x'.", &cx()).code(),
            Code::ServerError
        );
    }

    #[test]
    fn tls_failures_are_explained() {
        let r = tls_reason(
            "the server's certificate was rejected during the TLS handshake: UnknownIssuer. To connect anyway you can: (1) trust…",
        );
        assert!(
            r.starts_with("it was issued by an authority this machine does not trust"),
            "{r}"
        );
        assert!(!r.contains("Config::"));
    }

    #[test]
    fn codes_are_distinct() {
        let all = [
            LiveError::Settings(String::new()).code(),
            LiveError::NotReadOnly(String::new()).code(),
            LiveError::Timeout {
                kind: TimeoutKind::Query,
                after: Duration::from_millis(5),
                server: "x".into(),
            }
            .code(),
            from_server(18456, "", &cx()).code(),
            from_server(4060, "", &cx()).code(),
            from_server(229, "", &cx()).code(),
            from_server(208, "", &cx()).code(),
        ];
        let set: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(set.len(), all.len());
        let d = LiveError::Timeout {
            kind: TimeoutKind::Connect,
            after: Duration::from_millis(1500),
            server: "cm01".into(),
        }
        .to_diagnostic();
        assert_eq!(d.message, "connecting to cm01 timed out after 1.5 s");
        assert!(d.help.is_some_and(|h| h.contains("--connect-timeout")));
    }
}
