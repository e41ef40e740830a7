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

/// Why a Kerberos login failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KerberosProblem {
    /// No ticket-granting ticket: nobody ran kinit.
    NoTicket,
    /// The ticket has expired.
    Expired,
    /// The KDC knows no service principal `MSSQLSvc/host:port` for the server.
    SpnNotFound,
    /// Anything else GSSAPI reported.
    Other,
}

impl KerberosProblem {
    /// Recognises the problem in a GSSAPI error message (MIT krb5 and Heimdal wording).
    pub fn of(message: &str) -> KerberosProblem {
        let m = message.to_lowercase();
        if m.contains("not found in kerberos database")
            || m.contains("server not found")
            || m.contains("unknown server")
        {
            KerberosProblem::SpnNotFound
        } else if m.contains("expired") {
            KerberosProblem::Expired
        } else if m.contains("no kerberos credentials")
            || m.contains("no credentials cache")
            || m.contains("credentials cache file")
            || m.contains("no credentials were supplied")
        {
            KerberosProblem::NoTicket
        } else {
            KerberosProblem::Other
        }
    }
}

/// What a build without Kerberos says to `--integrated` on Linux and macOS.
pub const NO_KERBEROS: &str = "logging in as the account wqlkit runs as needs Kerberos on Linux and macOS, \
     and this build has no Kerberos support (it is the `kerberos` cargo feature)";

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
        /// Whether the login was a Windows account.
        windows: bool,
        /// SQL Server's error number (18456, or 18452 for a Windows login it does not trust).
        number: u32,
        /// Its state (a server tells clients 1 and logs the real one).
        state: u8,
        /// The server's message.
        message: String,
    },
    /// The account is locked out, or its password has expired or must be changed.
    AccountLocked {
        /// The server.
        server: String,
        /// The login.
        user: Option<String>,
        /// The server's message.
        message: String,
    },
    /// Single sign-on through Kerberos failed before the server saw a login.
    Kerberos {
        /// What went wrong.
        problem: KerberosProblem,
        /// The server, whose SPN was asked for.
        server: String,
        /// What GSSAPI said.
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
            LiveError::LoginFailed {
                windows: true,
                number: 18452,
                ..
            } => Code::WindowsLoginRefused,
            LiveError::LoginFailed { .. } => Code::LoginFailed,
            LiveError::AccountLocked { .. } => Code::AccountLocked,
            LiveError::Kerberos { .. } => Code::KerberosFailed,
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
            LiveError::LoginFailed {
                windows: true,
                number: 18452,
                server,
                ..
            } => format!(
                "{server} did not accept the NTLM login: either the account's domain is not trusted by the server's, \
                 or the server requires Extended Protection (channel binding), which NTLM from wqlkit cannot give. \
                 Ask the DBA whether \"Extended Protection\" is Required in SQL Server Configuration Manager \
                 (Allowed or Off admits this login), or log in with Kerberos (--integrated)"
            ),
            LiveError::LoginFailed {
                windows: true,
                user,
                database,
                ..
            } => format!(
                "check the password of {} (WQLKIT_PASSWORD or the prompt) and that the account is not locked; \
                 the server needs a login for it or one of its groups (CREATE LOGIN [{}] FROM WINDOWS) and a user in {}; \
                 the server's error log gives the reason as the error's real state",
                user.as_deref().unwrap_or("the account"),
                user.as_deref().unwrap_or("DOMAIN\\user"),
                database.as_deref().unwrap_or("its default database")
            ),
            LiveError::LoginFailed { user, database, .. } => format!(
                "check the password{} and that the login{} exists, is enabled, is allowed SQL Server authentication, and may open {}; \
                 the server's error log gives the reason as the error's real state",
                if user.is_some() { " in WQLKIT_PASSWORD or at the prompt" } else { "" },
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
                database.as_deref().unwrap_or("its default database")
            ),
            LiveError::AccountLocked { user, .. } => format!(
                "the account{} must be unlocked, or its password changed, by its administrator (Active Directory \
                 for a Windows account, the DBA for a SQL login) before it can log in",
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
            ),
            LiveError::Kerberos { problem, server, .. } => match problem {
                KerberosProblem::NoTicket => {
                    "get a ticket first: kinit user@REALM (klist shows the tickets held); or log in by NTLM with \
                     --user DOMAIN\\user and WQLKIT_PASSWORD"
                        .to_string()
                }
                KerberosProblem::Expired => "the ticket has expired: renew it with kinit (klist shows its end time)".into(),
                KerberosProblem::SpnNotFound => format!(
                    "the domain has no service principal name for {server}'s SQL Server: ask its administrator to register \
                     MSSQLSvc/<fully qualified host>:<port> (setspn -S) for the service account, and connect with the \
                     fully qualified host name; or log in by NTLM with --user DOMAIN\\user"
                ),
                KerberosProblem::Other => {
                    "check the ticket (klist), the realm in /etc/krb5.conf, and that the server is named by its fully qualified host name".into()
                }
            },
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
            LiveError::AuthUnsupported(m) if m == NO_KERBEROS => {
                "build wqlkit with `cargo install --features kerberos` (it needs the system's Kerberos libraries and \
                 headers, e.g. libkrb5-dev, and clang), run kinit, and connect by the server's fully qualified name; \
                 or log in by NTLM with --user DOMAIN\\user and the password in WQLKIT_PASSWORD"
                    .into()
            }
            LiveError::AuthUnsupported(_) => {
                "use a SQL login (--user, password from WQLKIT_PASSWORD or the prompt), a Windows account \
                 (--user DOMAIN\\user), or an Azure AD token (--access-token-env VAR)"
                    .into()
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
                number,
                state,
                ..
            } => write!(
                f,
                "{server} refused the login{}{}: {message} (error {number}, state {state})",
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
                database
                    .as_ref()
                    .map(|d| format!(" to database {d}"))
                    .unwrap_or_default()
            ),
            LiveError::AccountLocked { server, user, message } => write!(
                f,
                "{server} refused the login{}: {message}",
                user.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
            ),
            LiveError::Kerberos { message, .. } => write!(f, "the Kerberos login failed: {message}"),
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
    /// The login is a Windows account.
    pub windows: bool,
}

/// Classifies an error SQL Server reported (number, state and message).
pub(crate) fn from_server(number: u32, state: u8, message: &str, cx: &Context) -> LiveError {
    let message = message.to_string();
    let named = || quoted_name(&message).or_else(|| cx.view.clone());
    match number {
        // Locked out, password expired, password must be changed.
        18486..=18488 => LiveError::AccountLocked {
            server: cx.server.clone(),
            user: cx.user.clone(),
            message,
        },
        18456 | 18452 | 18470 => LiveError::LoginFailed {
            server: cx.server.clone(),
            user: cx.user.clone(),
            database: cx.database.clone(),
            access_token: cx.access_token,
            windows: cx.windows,
            number,
            state,
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
        T::Server(t) => from_server(t.code(), t.state(), t.message(), cx),
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
        #[cfg(all(unix, feature = "kerberos"))]
        T::Gssapi(m) => LiveError::Kerberos {
            problem: KerberosProblem::of(&m),
            server: cx.server.clone(),
            message: m,
        },
        #[cfg(unix)]
        T::SspiRs(m) => LiveError::Protocol(format!("the NTLM exchange with {} failed: {m}", cx.server)),
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
            windows: false,
        }
    }

    #[test]
    fn server_errors_become_actionable() {
        let e = from_server(18456, 1, "Login failed for user 'reader'.", &cx());
        assert_eq!(e.code(), Code::LoginFailed);
        let text = format!("{e} {}", e.help().unwrap_or_default());
        assert!(text.contains("reader") && text.contains("CM_PS1"), "{text}");

        let e = from_server(4060, 1, "Cannot open database \"CM_XX\" requested by the login.", &cx());
        assert_eq!(e.code(), Code::DatabaseUnavailable);

        let e = from_server(
            229,
            1,
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

        let e = from_server(208, 1, "Invalid object name 'dbo.v_GS_MY_CLASS'.", &cx());
        assert!(matches!(&e, LiveError::ViewMissing { view, .. } if view == "v_GS_MY_CLASS"));
        assert_eq!(
            from_server(207, 1, "Invalid column name 'x'.", &cx()).code(),
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
            from_server(18456, 1, "", &cx()).code(),
            from_server(4060, 1, "", &cx()).code(),
            from_server(229, 1, "", &cx()).code(),
            from_server(208, 1, "", &cx()).code(),
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

    #[test]
    fn windows_login_failures_say_what_to_do() {
        let windows = Context {
            server: "cm01".into(),
            user: Some("CONTOSO\\reader".into()),
            database: Some("CM_PS1".into()),
            windows: true,
            ..Context::default()
        };
        let e = from_server(18456, 1, "Login failed for user 'CONTOSO\\reader'.", &windows);
        assert_eq!(e.code(), Code::LoginFailed);
        let text = format!("{e} {}", e.help().unwrap_or_default());
        assert!(
            text.contains("(error 18456, state 1)") && text.contains("FROM WINDOWS"),
            "{text}"
        );

        // Extended Protection (channel binding) required, or an untrusted domain.
        let e = from_server(
            18452,
            1,
            "Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.",
            &windows,
        );
        assert_eq!(e.code(), Code::WindowsLoginRefused);
        assert!(e.help().unwrap_or_default().contains("Extended Protection"), "{e:?}");

        for number in [18486, 18487, 18488] {
            let e = from_server(
                number,
                1,
                "Login failed for user 'CONTOSO\\reader' because the account is currently locked out.",
                &windows,
            );
            assert_eq!(e.code(), Code::AccountLocked, "{number}");
            assert!(e.help().unwrap_or_default().contains("unlocked"), "{number}");
        }
    }

    #[test]
    fn kerberos_problems_are_told_apart() {
        for (message, problem) in [
            (
                "No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)",
                KerberosProblem::NoTicket,
            ),
            ("Ticket expired", KerberosProblem::Expired),
            ("Server not found in Kerberos database", KerberosProblem::SpnNotFound),
            ("Clock skew too great", KerberosProblem::Other),
        ] {
            assert_eq!(KerberosProblem::of(message), problem, "{message}");
        }
        let e = LiveError::Kerberos {
            problem: KerberosProblem::SpnNotFound,
            server: "cm01".into(),
            message: "Server not found in Kerberos database".into(),
        };
        assert_eq!(e.code(), Code::KerberosFailed);
        assert!(e.help().unwrap_or_default().contains("MSSQLSvc/"), "{e:?}");
        let e = LiveError::Kerberos {
            problem: KerberosProblem::NoTicket,
            server: "cm01".into(),
            message: String::new(),
        };
        assert!(e.help().unwrap_or_default().contains("kinit"), "{e:?}");
    }

    #[test]
    fn a_build_without_kerberos_says_how_to_get_it() {
        let e = LiveError::AuthUnsupported(NO_KERBEROS.into());
        assert_eq!(e.code(), Code::AuthUnsupported);
        let help = e.help().unwrap_or_default();
        assert!(
            help.contains("--features kerberos") && help.contains("--user DOMAIN\\user"),
            "{help}"
        );
    }
}
