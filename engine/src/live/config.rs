//! Connection settings: where the site database is, how to log in, and how
//! careful to be. Settings come from a profile file, an ADO.NET connection
//! string and command-line flags, layered in that order.

use crate::live::error::LiveError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A password or token: never printed, not even by `Debug`, and its memory
/// overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for the login packet only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `HOST[:PORT][\INSTANCE]` (also SQL Server's `HOST,PORT` and a `tcp:` prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddr {
    /// Host name or address.
    pub host: String,
    /// TCP port; without it, 1433 or (with an instance) the SQL Browser's answer.
    pub port: Option<u16>,
    /// Named instance.
    pub instance: Option<String>,
}

impl ServerAddr {
    /// Reads `HOST[:PORT][\INSTANCE]`, `HOST,PORT`, `HOST\INSTANCE`, `[::1]:1433`.
    pub fn parse(text: &str) -> Result<ServerAddr, LiveError> {
        let bad = |why: &str| LiveError::Settings(format!("--server {text}: {why}"));
        let mut s = text.trim();
        if let Some(rest) = s.strip_prefix("tcp:") {
            s = rest;
        }
        if s.is_empty() {
            return Err(bad("no host name"));
        }
        let (mut host_port, instance) = match s.split_once('\\') {
            Some((h, i)) if !i.is_empty() => (h, Some(i.to_string())),
            Some(_) => return Err(bad("no instance name after the backslash")),
            None => (s, None),
        };
        let mut port = None;
        let port_of = |p: &str| {
            p.trim()
                .parse::<u16>()
                .map_err(|_| bad("the port is not a number from 1 to 65535"))
        };
        if let Some(rest) = host_port.strip_prefix('[') {
            let (h, after) = rest.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
            if let Some(p) = after.strip_prefix(':').or_else(|| after.strip_prefix(',')) {
                port = Some(port_of(p)?);
            }
            host_port = h;
        } else if let Some((h, p)) = host_port.split_once(',') {
            port = Some(port_of(p)?);
            host_port = h;
        } else if host_port.matches(':').count() == 1
            && let Some((h, p)) = host_port.split_once(':')
        {
            port = Some(port_of(p)?);
            host_port = h;
        }
        let host = match host_port.trim() {
            "." | "(local)" | "localhost" => "localhost".to_string(),
            "" => return Err(bad("no host name")),
            h => h.to_string(),
        };
        if port == Some(0) {
            return Err(bad("the port is not a number from 1 to 65535"));
        }
        Ok(ServerAddr { host, port, instance })
    }
}

impl fmt::Display for ServerAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]", self.host)?;
        } else {
            f.write_str(&self.host)?;
        }
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        if let Some(i) = &self.instance {
            write!(f, "\\{i}")?;
        }
        Ok(())
    }
}

/// How to log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// A SQL Server login.
    SqlLogin {
        /// Login name.
        user: String,
        /// Its password.
        password: Secret,
    },
    /// An Azure AD / Entra ID access token.
    AccessToken(Secret),
    /// A Windows account with its password (NTLM), on every platform.
    Windows {
        /// `DOMAIN\user`.
        user: String,
        /// Its password.
        password: Secret,
    },
    /// The account wqlkit runs as (single sign-on): SSPI on Windows,
    /// Kerberos on Linux and macOS (the `kerberos` feature).
    Integrated,
}

impl Auth {
    /// The login name to mention in messages, if there is one.
    pub fn user(&self) -> Option<&str> {
        match self {
            Auth::SqlLogin { user, .. } | Auth::Windows { user, .. } => Some(user),
            Auth::AccessToken(_) | Auth::Integrated => None,
        }
    }

    /// Whether the login is a Windows one (NTLM or single sign-on).
    pub fn is_windows(&self) -> bool {
        matches!(self, Auth::Windows { .. } | Auth::Integrated)
    }
}

/// A Windows account as `DOMAIN\user`: `user@domain` is written that way
/// round. `None` when it is not a Windows account name (no `\` or `@`).
pub fn windows_account(name: &str) -> Option<Result<String, LiveError>> {
    let (domain, user) = if let Some((d, u)) = name.split_once('\\') {
        (d, u)
    } else if let Some((u, d)) = name.rsplit_once('@') {
        (d, u)
    } else {
        return None;
    };
    let (domain, user) = (domain.trim(), user.trim());
    Some(if domain.is_empty() || user.is_empty() || user.contains('\\') {
        Err(LiveError::Settings(format!(
            "'{name}' is not a Windows account: write DOMAIN\\user or user@domain"
        )))
    } else {
        Ok(format!("{domain}\\{user}"))
    })
}

/// What `GetDate()`-free datetime parameters travel as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeParams {
    /// As `datetime` values, as the translation declares them.
    #[default]
    Typed,
    /// As `nvarchar` text `yyyy-mm-dd hh:mm:ss[.ffffff]`, for TDS servers
    /// that cannot read datetime parameters (pysqlbridge 2.1).
    Text,
}

/// Everything needed to open a connection.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectOptions {
    /// Where.
    pub server: ServerAddr,
    /// The site database (`CM_PS1`); `None` is the login's default database.
    pub database: Option<String>,
    /// How to log in.
    pub auth: Auth,
    /// Encrypt the whole connection (TLS); off encrypts only the login.
    pub encrypt: bool,
    /// Accept any server certificate (no validation).
    pub trust_server_certificate: bool,
    /// A PEM/DER certificate to trust in addition to the system's roots.
    pub ca_certificate: Option<PathBuf>,
    /// Upper bound on TCP connect plus the TDS/TLS/login handshake.
    pub connect_timeout: Duration,
    /// Upper bound on each wait for the server while a query runs.
    pub query_timeout: Duration,
    /// Declare `ApplicationIntent=ReadOnly` (routes to a readable secondary where there is one).
    pub read_only_intent: bool,
    /// How datetime parameters are sent.
    pub datetime_params: DateTimeParams,
    /// The application name the server shows for the connection.
    pub application_name: String,
}

impl ConnectOptions {
    /// Settings that weaken transport security, one sentence each, for warnings.
    pub fn security_warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if !self.encrypt {
            w.push(format!(
                "encryption is off: only the login to {} is encrypted (without certificate validation); queries and rows travel in clear text",
                self.server
            ));
        }
        if self.trust_server_certificate {
            w.push(format!(
                "the certificate of {} is not validated: anyone between here and the server can read and change the traffic",
                self.server
            ));
        }
        w
    }

    /// `server/database` for messages and manifests.
    pub fn label(&self) -> String {
        match &self.database {
            Some(d) => format!("{}/{d}", self.server),
            None => self.server.to_string(),
        }
    }
}

/// The default connect timeout (ADO.NET's).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// The default query timeout.
pub const DEFAULT_QUERY_TIMEOUT: Duration = Duration::from_secs(300);

/// Connection settings from any source, all optional; merged, then resolved
/// into [`ConnectOptions`]. This is also a profile's format in `sites.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Settings {
    /// `HOST[:PORT][\INSTANCE]`.
    pub server: Option<String>,
    /// Database name.
    pub database: Option<String>,
    /// SQL login name.
    pub user: Option<String>,
    /// The password (never read from a profile file).
    #[serde(skip)]
    pub password: Option<Secret>,
    /// An environment variable holding the password.
    pub password_env: Option<String>,
    /// An environment variable holding an Azure AD access token.
    pub access_token_env: Option<String>,
    /// Log in with a Windows account: `user` as `DOMAIN\user` with its
    /// password (NTLM), or without `user` the account wqlkit runs as.
    pub windows_auth: Option<bool>,
    /// Log in as the account wqlkit runs as (`Integrated Security=SSPI`);
    /// wins over `user`, as in ADO.NET.
    pub integrated: Option<bool>,
    /// The application name the server shows for the connection (default `wqlkit`).
    pub application_name: Option<String>,
    /// Encrypt the whole connection (default true).
    pub encrypt: Option<bool>,
    /// Accept the server's certificate without validation (default false).
    pub trust_server_certificate: Option<bool>,
    /// Extra certificate to trust.
    pub ca_certificate: Option<PathBuf>,
    /// Seconds.
    pub connect_timeout: Option<u64>,
    /// Seconds.
    pub query_timeout: Option<u64>,
    /// `ApplicationIntent=ReadOnly` (default true).
    pub read_only_intent: Option<bool>,
    /// An ADO.NET connection string, read under the other keys.
    pub connection: Option<String>,
    /// Keys of a connection string that were read and have no effect, one
    /// sentence each, for notes.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Settings {
    /// `self` with every value that `over` sets replaced by it.
    pub fn merge(self, over: Settings) -> Settings {
        Settings {
            server: over.server.or(self.server),
            database: over.database.or(self.database),
            user: over.user.or(self.user),
            password: over.password.or(self.password),
            password_env: over.password_env.or(self.password_env),
            access_token_env: over.access_token_env.or(self.access_token_env),
            windows_auth: over.windows_auth.or(self.windows_auth),
            integrated: over.integrated.or(self.integrated),
            application_name: over.application_name.or(self.application_name),
            encrypt: over.encrypt.or(self.encrypt),
            trust_server_certificate: over.trust_server_certificate.or(self.trust_server_certificate),
            ca_certificate: over.ca_certificate.or(self.ca_certificate),
            connect_timeout: over.connect_timeout.or(self.connect_timeout),
            query_timeout: over.query_timeout.or(self.query_timeout),
            read_only_intent: over.read_only_intent.or(self.read_only_intent),
            connection: over.connection.or(self.connection),
            notes: [self.notes, over.notes].concat(),
        }
    }

    /// Reads an ADO.NET connection string (`Server=…;Database=…;User ID=…`).
    /// Keys are case-insensitive; values may be quoted with `"` or `'`.
    pub fn from_connection_string(text: &str) -> Result<Settings, LiveError> {
        let mut s = Settings::default();
        let pairs = ado_pairs(text)?;
        // A password with an unquoted `;` splits into a "keyword": never echo
        // keywords of a string that holds a password.
        let secret = pairs.iter().any(|(k, _)| {
            let k = k.to_ascii_lowercase().replace([' ', '_'], "");
            k == "password" || k == "pwd"
        });
        for (key, value) in pairs {
            let flag = |v: &str| -> Result<bool, LiveError> {
                match v.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "sspi" | "mandatory" | "strict" => Ok(true),
                    "false" | "no" | "optional" => Ok(false),
                    _ => Err(LiveError::Settings(format!(
                        "connection string: {key}={v} is neither true nor false"
                    ))),
                }
            };
            let secs = |v: &str| -> Result<u64, LiveError> {
                v.trim()
                    .parse()
                    .map_err(|_| LiveError::Settings(format!("connection string: {key}: expected seconds")))
            };
            match key.to_ascii_lowercase().replace([' ', '_'], "").as_str() {
                "server" | "datasource" | "address" | "addr" | "networkaddress" => s.server = Some(value),
                "database" | "initialcatalog" => s.database = Some(value),
                "userid" | "uid" | "user" | "username" => s.user = Some(value),
                "password" | "pwd" => s.password = Some(Secret::new(value)),
                "integratedsecurity" | "trustedconnection" => s.integrated = Some(flag(&value)?),
                "applicationname" | "app" => s.application_name = Some(value),
                "encrypt" => s.encrypt = Some(flag(&value)?),
                "trustservercertificate" => s.trust_server_certificate = Some(flag(&value)?),
                "connecttimeout" | "connectiontimeout" | "timeout" => s.connect_timeout = Some(secs(&value)?),
                "commandtimeout" => s.query_timeout = Some(secs(&value)?),
                "applicationintent" => {
                    s.read_only_intent = Some(match value.to_ascii_lowercase().as_str() {
                        "readonly" => true,
                        "readwrite" => false,
                        _ => {
                            return Err(LiveError::Settings(format!(
                                "connection string: ApplicationIntent={value}: expected ReadOnly or ReadWrite"
                            )));
                        }
                    })
                }
                "persistsecurityinfo"
                | "multipleactiveresultsets"
                | "multisubnetfailover"
                | "packetsize"
                | "pooling"
                | "workstationid"
                | "wsid" => s.notes.push(format!(
                    "connection string: {key} has no effect on wqlkit (one connection, one statement at a time)"
                )),
                other => {
                    return Err(LiveError::Settings(if secret {
                        "connection string: an unknown keyword (not shown, as the string holds a password; \
                         quote a password that contains ';' in double quotes)"
                            .to_string()
                    } else {
                        format!("connection string: unknown keyword '{other}'")
                    }));
                }
            }
        }
        if s.integrated == Some(true) && (s.user.is_some() || s.password.is_some()) {
            s.notes.push(
                "connection string: Integrated Security logs in as the account wqlkit runs as; its User ID and Password are not used (as in ADO.NET)"
                    .into(),
            );
        }
        Ok(s)
    }

    /// The settings with their connection string (if any) read underneath.
    pub fn expand(self) -> Result<Settings, LiveError> {
        match self.connection.clone() {
            Some(cs) => Ok(Settings::from_connection_string(&cs)?.merge(Settings {
                connection: None,
                ..self
            })),
            None => Ok(self),
        }
    }

    /// Checks and completes the settings. `env` reads environment variables
    /// (`password_env`, `access_token_env`); a SQL login without a password
    /// is an error here: ask for one before resolving.
    pub fn resolve(self, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnectOptions, LiveError> {
        let s = self.expand()?;
        let server = ServerAddr::parse(s.server.as_deref().ok_or_else(|| {
            LiveError::Settings("no server: give --server HOST[:PORT][\\INSTANCE], --connection or --profile".into())
        })?)?;
        let password = match (&s.password, &s.password_env) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(var)) => {
                Some(Secret::new(env(var).ok_or_else(|| {
                    LiveError::Settings(format!("the password variable {var} is not set"))
                })?))
            }
            (None, None) => None,
        };
        let auth = s.auth(password, env)?;
        Ok(ConnectOptions {
            server,
            database: s.database.filter(|d| !d.is_empty()),
            auth,
            encrypt: s.encrypt.unwrap_or(true),
            trust_server_certificate: s.trust_server_certificate.unwrap_or(false),
            ca_certificate: s.ca_certificate,
            // 0 is ADO.NET's "no limit": a day stands in for it.
            connect_timeout: s.connect_timeout.map_or(DEFAULT_CONNECT_TIMEOUT, seconds_or_unlimited),
            query_timeout: s.query_timeout.map_or(DEFAULT_QUERY_TIMEOUT, seconds_or_unlimited),
            read_only_intent: s.read_only_intent.unwrap_or(true),
            datetime_params: DateTimeParams::default(),
            application_name: s.application_name.unwrap_or_else(|| "wqlkit".into()),
        })
    }

    /// How to log in. `Integrated Security` wins over a user and password, as
    /// in ADO.NET; a user written `DOMAIN\user` is a Windows account (SQL
    /// Server's own logins cannot hold a `\`); an empty Windows user or
    /// password is refused here, before any connection (NTLM would make it
    /// an anonymous login).
    fn auth(&self, password: Option<Secret>, env: &dyn Fn(&str) -> Option<String>) -> Result<Auth, LiveError> {
        let integrated = self.integrated.unwrap_or(false);
        let windows = integrated || self.windows_auth.unwrap_or(false);
        let user = self.user.as_deref().filter(|_| !integrated);
        if let Some(var) = &self.access_token_env {
            if windows {
                return Err(LiveError::Settings(
                    "choose one of an access token and Windows authentication".into(),
                ));
            }
            return Ok(Auth::AccessToken(Secret::new(env(var).ok_or_else(|| {
                LiveError::Settings(format!("the access token variable {var} is not set"))
            })?)));
        }
        // `user@domain` is a Windows account only when one is asked for: a SQL login may hold an `@`.
        let account = user
            .filter(|u| windows || u.contains('\\'))
            .and_then(windows_account)
            .transpose()?;
        match (user, account) {
            (None, _) if windows => Ok(Auth::Integrated),
            (Some(written), None) if windows => Err(LiveError::Settings(format!(
                "'{written}' is not a Windows account: write DOMAIN\\user (or user@domain)"
            ))),
            (Some(_), Some(account)) => match password {
                Some(p) if !p.expose().is_empty() => Ok(Auth::Windows {
                    user: account,
                    password: p,
                }),
                _ => Err(LiveError::Settings(format!(
                    "no password for the Windows account {account}: set WQLKIT_PASSWORD or answer the prompt \
                     (an empty one is refused, as NTLM would log in anonymously)"
                ))),
            },
            (Some(user), None) => Ok(Auth::SqlLogin {
                user: user.to_string(),
                password: password.ok_or_else(|| {
                    LiveError::Settings(format!(
                        "no password for the login {user}: set WQLKIT_PASSWORD or answer the prompt"
                    ))
                })?,
            }),
            (None, _) => Err(LiveError::Settings(
                "no login: give --user NAME (a SQL login, or DOMAIN\\user for a Windows account), \
                 --integrated (the account wqlkit runs as), or --access-token-env VAR"
                    .into(),
            )),
        }
    }

    /// Whether a login (SQL or Windows account) still needs a password to be asked for.
    pub fn needs_password(&self) -> bool {
        self.user.is_some()
            && self.password.is_none()
            && self.password_env.is_none()
            && self.access_token_env.is_none()
            && !self.integrated.unwrap_or(false)
    }
}

/// A timeout in seconds, where 0 means no limit (ADO.NET's convention).
fn seconds_or_unlimited(secs: u64) -> Duration {
    if secs == 0 {
        Duration::from_secs(24 * 60 * 60)
    } else {
        Duration::from_secs(secs)
    }
}

/// Splits an ADO.NET connection string into key/value pairs.
fn ado_pairs(text: &str) -> Result<Vec<(String, String)>, LiveError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        let mut ended = false;
        for c in chars.by_ref() {
            if c == '=' {
                ended = true;
                break;
            }
            if c == ';' {
                break;
            }
            key.push(c);
        }
        if !ended {
            // Not echoed: it may be the tail of a password that holds a ';'.
            return Err(LiveError::Settings(
                "connection string: a keyword without a value (quote a value that contains ';')".into(),
            ));
        }
        let key = key.trim().to_string();
        if key.is_empty() {
            return Err(LiveError::Settings(
                "connection string: a value without a keyword".into(),
            ));
        }
        while chars.peek().is_some_and(|c| *c == ' ') {
            chars.next();
        }
        let mut value = String::new();
        match chars.peek().copied() {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                loop {
                    match chars.next() {
                        Some(c) if c == q => {
                            if chars.peek() == Some(&q) {
                                chars.next();
                                value.push(q);
                            } else {
                                break;
                            }
                        }
                        Some(c) => value.push(c),
                        None => {
                            return Err(LiveError::Settings(format!(
                                "connection string: unclosed quote in the value of {key}"
                            )));
                        }
                    }
                }
                while chars.peek().is_some_and(|c| *c != ';') {
                    chars.next();
                }
            }
            _ => {
                while let Some(c) = chars.next_if(|c| *c != ';') {
                    value.push(c);
                }
                value = value.trim().to_string();
            }
        }
        out.push((key, value));
    }
    Ok(out)
}

/// The profile file: `WQLKIT_SITES` if set, else `$XDG_CONFIG_HOME/wqlkit/sites.toml`
/// or `~/.config/wqlkit/sites.toml`.
pub fn profiles_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = env("WQLKIT_SITES").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = env("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            env("HOME")
                .filter(|p| !p.is_empty())
                .map(|h| Path::new(&h).join(".config"))
        })?;
    Some(base.join("wqlkit").join("sites.toml"))
}

/// Reads profile `name` from a `sites.toml` (one `[name]` table per site).
pub fn load_profile(path: &Path, name: &str) -> Result<Settings, LiveError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| LiveError::Settings(format!("cannot read the site profiles {}: {e}", path.display())))?;
    let mut sites: BTreeMap<String, Settings> =
        toml::from_str(&text).map_err(|e| LiveError::Settings(format!("{}: {}", path.display(), e.message())))?;
    sites.remove(name).ok_or_else(|| {
        let known: Vec<&str> = sites.keys().map(String::as_str).collect();
        LiveError::Settings(format!(
            "{} has no profile '{name}' (it has: {})",
            path.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> ServerAddr {
        ServerAddr::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn server_forms() {
        let a = |host: &str, port: Option<u16>, instance: Option<&str>| ServerAddr {
            host: host.into(),
            port,
            instance: instance.map(Into::into),
        };
        assert_eq!(addr("cm01"), a("cm01", None, None));
        assert_eq!(addr("cm01.contoso.com:1444"), a("cm01.contoso.com", Some(1444), None));
        assert_eq!(addr("tcp:cm01,1444"), a("cm01", Some(1444), None));
        assert_eq!(addr("cm01\\SCCM"), a("cm01", None, Some("SCCM")));
        assert_eq!(addr("cm01:1500\\SCCM"), a("cm01", Some(1500), Some("SCCM")));
        assert_eq!(addr("[::1]:1433"), a("::1", Some(1433), None));
        assert_eq!(addr("."), a("localhost", None, None));
        assert_eq!(addr("cm01:1500\\SCCM").to_string(), "cm01:1500\\SCCM");
        for bad in ["", "cm01:x", "cm01:0", "cm01\\", "cm01:70000"] {
            assert!(matches!(ServerAddr::parse(bad), Err(LiveError::Settings(_))), "{bad}");
        }
    }

    #[test]
    fn connection_string() {
        let s = Settings::from_connection_string(
            "Server=tcp:cm01,1433; Initial Catalog=CM_PS1;User ID=reader;Password=\"p;w\"\"d\";Encrypt=True;TrustServerCertificate=False;ApplicationIntent=ReadOnly;Connect Timeout=5",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.server.as_deref(), Some("tcp:cm01,1433"));
        assert_eq!(s.database.as_deref(), Some("CM_PS1"));
        assert_eq!(s.user.as_deref(), Some("reader"));
        assert_eq!(s.password, Some(Secret::new("p;w\"d")));
        assert_eq!((s.encrypt, s.trust_server_certificate), (Some(true), Some(false)));
        assert_eq!((s.read_only_intent, s.connect_timeout), (Some(true), Some(5)));
        let o = s.resolve(&no_env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.server, addr("cm01:1433"));
        assert_eq!(o.connect_timeout, Duration::from_secs(5));
        let unlimited = Settings::from_connection_string("Server=x;User ID=r;Password=p;Command Timeout=0")
            .and_then(|s| s.resolve(&no_env))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(unlimited.query_timeout >= Duration::from_secs(3600));
        assert!(matches!(
            Settings::from_connection_string("Server=x;Bogus=1"),
            Err(LiveError::Settings(m)) if m.contains("bogus")
        ));
        assert!(Settings::from_connection_string("Server='x").is_err());
    }

    #[test]
    fn an_unquoted_password_with_a_semicolon_is_never_echoed() {
        for cs in [
            "Server=cm01;Password=ab;cdsecret;User ID=r",
            "Server=cm01;User ID=r;Password=ab;cdsecret",
            "Server=cm01;Password=ab;cdsecret=1",
        ] {
            match Settings::from_connection_string(cs) {
                Ok(_) => panic!("accepted {cs}"),
                Err(e) => {
                    let m = e.to_string();
                    assert!(!m.contains("cdsecret") && !m.contains("ab;"), "{m}");
                }
            }
        }
    }

    #[test]
    fn defaults_are_safe_and_flags_win() {
        let base = Settings::from_connection_string("Server=cm01;Database=CM_PS1;Encrypt=false;User ID=a")
            .unwrap_or_else(|e| panic!("{e}"));
        let flags = Settings {
            user: Some("b".into()),
            password: Some(Secret::new("pw")),
            ..Default::default()
        };
        let o = base.merge(flags).resolve(&no_env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.auth.user(), Some("b"));
        assert!(!o.encrypt && !o.trust_server_certificate && o.read_only_intent);
        assert_eq!(o.security_warnings().len(), 1);
        let o = Settings {
            server: Some("cm01".into()),
            user: Some("a".into()),
            password: Some(Secret::new("pw")),
            ..Default::default()
        }
        .resolve(&no_env)
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(o.encrypt && !o.trust_server_certificate && o.security_warnings().is_empty());
        assert_eq!(o.query_timeout, DEFAULT_QUERY_TIMEOUT);
    }

    #[test]
    fn a_login_needs_a_password_and_secrets_do_not_print() {
        let s = Settings {
            server: Some("cm01".into()),
            user: Some("a".into()),
            ..Default::default()
        };
        assert!(s.needs_password());
        assert!(matches!(s.clone().resolve(&no_env), Err(LiveError::Settings(m)) if m.contains("WQLKIT_PASSWORD")));
        let env = |k: &str| (k == "PW").then(|| "hunter2".to_string());
        let o = Settings {
            password_env: Some("PW".into()),
            ..s
        }
        .resolve(&env)
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!format!("{o:?}").contains("hunter2"));
        let t = Settings {
            server: Some("cm01".into()),
            access_token_env: Some("TOKEN".into()),
            ..Default::default()
        };
        assert!(matches!(t.resolve(&no_env), Err(LiveError::Settings(m)) if m.contains("TOKEN")));
    }

    #[test]
    fn profiles() {
        let dir = std::env::temp_dir().join(format!("wqlkit-profiles-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("sites.toml");
        std::fs::write(
            &path,
            "[ps1]\nserver = \"cm01\\\\SCCM\"\ndatabase = \"CM_PS1\"\nuser = \"reader\"\npassword_env = \"PS1_PW\"\n\n[lab]\nconnection = \"Server=lab;Database=CM_LAB;Integrated Security=true\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let p = load_profile(&path, "ps1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.server.as_deref(), Some("cm01\\SCCM"));
        let env = |k: &str| (k == "PS1_PW").then(|| "x".to_string());
        let o = p.resolve(&env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.label(), "cm01\\SCCM/CM_PS1");
        let lab = load_profile(&path, "lab")
            .and_then(|l| l.resolve(&no_env))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lab.auth, Auth::Integrated);
        assert!(matches!(load_profile(&path, "nope"), Err(LiveError::Settings(m)) if m.contains("lab, ps1")));
        std::fs::write(&path, "[x]\npassword = \"inline\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(
            load_profile(&path, "x").is_err(),
            "passwords are not stored in profiles"
        );
        let env = |k: &str| match k {
            "HOME" => Some("/home/a".to_string()),
            _ => None,
        };
        assert_eq!(
            profiles_path(&env),
            Some(PathBuf::from("/home/a/.config/wqlkit/sites.toml"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn resolved(s: Settings) -> Result<ConnectOptions, LiveError> {
        Settings {
            server: Some("cm01".into()),
            ..s
        }
        .resolve(&no_env)
    }

    #[test]
    fn a_domain_account_logs_in_by_ntlm_with_its_password() {
        let with = |user: &str, windows_auth: Option<bool>, password: &str| {
            resolved(Settings {
                user: Some(user.into()),
                windows_auth,
                password: Some(Secret::new(password)),
                ..Settings::default()
            })
            .map(|o| o.auth)
        };
        let ntlm = |user: &str| Auth::Windows {
            user: user.into(),
            password: Secret::new("pw"),
        };
        // A backslash makes a Windows account (SQL logins cannot hold one).
        assert_eq!(with("CONTOSO\\reader", None, "pw"), Ok(ntlm("CONTOSO\\reader")));
        // user@domain is one only when a Windows login is asked for; a SQL login may hold an @.
        assert_eq!(
            with("reader@contoso.com", Some(true), "pw"),
            Ok(ntlm("contoso.com\\reader"))
        );
        assert_eq!(
            with("reader@contoso.com", None, "pw"),
            Ok(Auth::SqlLogin {
                user: "reader@contoso.com".into(),
                password: Secret::new("pw")
            })
        );
        assert!(matches!(with("reader", Some(true), "pw"), Err(LiveError::Settings(m)) if m.contains("DOMAIN\\user")));
        // Empty credentials are refused here, before any connection.
        for (user, password) in [
            ("CONTOSO\\reader", ""),
            ("CONTOSO\\", "pw"),
            ("\\reader", "pw"),
            ("@contoso", "pw"),
        ] {
            assert!(
                matches!(with(user, Some(true), password), Err(LiveError::Settings(_))),
                "{user:?} {password:?}"
            );
        }
        // No password yet: the command line asks for one.
        let asking = Settings {
            user: Some("CONTOSO\\reader".into()),
            ..Settings::default()
        };
        assert!(asking.needs_password());
    }

    #[test]
    fn integrated_security_wins_over_a_user_as_in_ado_net() {
        let s = Settings::from_connection_string(
            "Server=cm01;Database=CM_PS1;Integrated Security=SSPI;User ID=CONTOSO\\reader;Password=pw;MultiSubnetFailover=True",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.needs_password());
        assert_eq!(s.notes.len(), 2, "{:?}", s.notes);
        assert!(
            s.notes.iter().any(|n| n.contains("MultiSubnetFailover")),
            "{:?}",
            s.notes
        );
        assert!(
            s.notes.iter().any(|n| n.contains("User ID and Password are not used")),
            "{:?}",
            s.notes
        );
        let o = s.resolve(&no_env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.auth, Auth::Integrated);
        for cs in ["Server=x;Trusted_Connection=yes", "Server=x;Integrated Security=true"] {
            let o = Settings::from_connection_string(cs)
                .and_then(|s| s.resolve(&no_env))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(o.auth, Auth::Integrated, "{cs}");
        }
        let token = Settings {
            integrated: Some(true),
            access_token_env: Some("T".into()),
            ..Settings::default()
        };
        assert!(matches!(resolved(token), Err(LiveError::Settings(m)) if m.contains("choose one")));
    }

    #[test]
    fn the_application_name_defaults_to_wqlkit() {
        let o = resolved(Settings {
            integrated: Some(true),
            ..Settings::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.application_name, "wqlkit");
        let o = Settings::from_connection_string("Server=x;Integrated Security=SSPI;Application Name=Patch dashboard")
            .and_then(|s| s.resolve(&no_env))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.application_name, "Patch dashboard");
    }
}
