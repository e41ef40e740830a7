//! Connection settings: where the site database is, how to log in, and how
//! careful to be. Settings come from a profile file, an ADO.NET connection
//! string and command-line flags, layered in that order.

use crate::live::error::LiveError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A password or token: never printed, not even by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

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
    /// Windows authentication (NTLM or Kerberos).
    Windows {
        /// `DOMAIN\user`, or `None` for the current user.
        user: Option<String>,
    },
}

impl Auth {
    /// The login name to mention in messages, if there is one.
    pub fn user(&self) -> Option<&str> {
        match self {
            Auth::SqlLogin { user, .. } => Some(user),
            Auth::Windows { user } => user.as_deref(),
            Auth::AccessToken(_) => None,
        }
    }
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
    /// Use Windows authentication.
    pub windows_auth: Option<bool>,
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
            encrypt: over.encrypt.or(self.encrypt),
            trust_server_certificate: over.trust_server_certificate.or(self.trust_server_certificate),
            ca_certificate: over.ca_certificate.or(self.ca_certificate),
            connect_timeout: over.connect_timeout.or(self.connect_timeout),
            query_timeout: over.query_timeout.or(self.query_timeout),
            read_only_intent: over.read_only_intent.or(self.read_only_intent),
            connection: over.connection.or(self.connection),
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
            let k = k.to_ascii_lowercase().replace(' ', "");
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
            match key.to_ascii_lowercase().replace(' ', "").as_str() {
                "server" | "datasource" | "address" | "addr" | "networkaddress" => s.server = Some(value),
                "database" | "initialcatalog" => s.database = Some(value),
                "userid" | "uid" | "user" | "username" => s.user = Some(value),
                "password" | "pwd" => s.password = Some(Secret::new(value)),
                "integratedsecurity" | "trustedconnection" => s.windows_auth = Some(flag(&value)?),
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
                "applicationname"
                | "app"
                | "persistsecurityinfo"
                | "multipleactiveresultsets"
                | "multisubnetfailover"
                | "packetsize"
                | "pooling"
                | "workstationid"
                | "wsid" => {}
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
        let auth = match (&s.access_token_env, s.windows_auth.unwrap_or(false), &s.user) {
            (Some(_), true, _) => {
                return Err(LiveError::Settings(
                    "choose one of an access token and Windows authentication".into(),
                ));
            }
            (Some(var), false, _) => {
                Auth::AccessToken(Secret::new(env(var).ok_or_else(|| {
                    LiveError::Settings(format!("the access token variable {var} is not set"))
                })?))
            }
            (None, true, user) => Auth::Windows { user: user.clone() },
            (None, false, Some(user)) => Auth::SqlLogin {
                user: user.clone(),
                password: password.ok_or_else(|| {
                    LiveError::Settings(format!(
                        "no password for the login {user}: set WQLKIT_PASSWORD or answer the prompt"
                    ))
                })?,
            },
            (None, false, None) => {
                return Err(LiveError::Settings(
                    "no login: give --user NAME (SQL login), --windows-auth, or --access-token-env VAR".into(),
                ));
            }
        };
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
        })
    }

    /// Whether a SQL login still needs a password to be asked for.
    pub fn needs_password(&self) -> bool {
        self.user.is_some()
            && self.password.is_none()
            && self.password_env.is_none()
            && self.access_token_env.is_none()
            && !self.windows_auth.unwrap_or(false)
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
        assert_eq!(lab.auth, Auth::Windows { user: None });
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
}
