//! The one diagnostic type every stage reports with.

use crate::span::{Span, line_col};
use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input works but probably does not do what was meant.
    Warning,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $num:literal,)*) => {
        /// A stable diagnostic code, printed as `WQLnnnn`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// The printed form, e.g. `WQL0001`.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Code::$variant => concat!("WQL", $num),)*
                }
            }

            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
        }
    };
}

codes! {
    /// The text is not valid WQL.
    Syntax = "0001",
    /// The text is larger than the parser accepts.
    InputTooLarge = "0002",
    /// Parentheses or NOTs nest deeper than the parser accepts.
    NestingTooDeep = "0003",
    /// A number literal does not fit in 64 bits.
    NumberOutOfRange = "0004",
    /// The class is not in the catalog.
    UnknownClass = "0101",
    /// The property is not in the class.
    UnknownProperty = "0102",
    /// An unqualified property exists in more than one class of the query.
    AmbiguousProperty = "0103",
    /// The class lives in a client's WMI, not in the site database.
    ClientSideClass = "0104",
    /// A value cannot be compared with or converted to the expected type.
    TypeMismatch = "0105",
    /// The function is not part of Extended WQL.
    UnknownFunction = "0106",
    /// A function got the wrong number or kind of arguments.
    BadArguments = "0107",
    /// Two classes in one query have the same alias.
    DuplicateAlias = "0108",
    /// A qualifier names no class or alias of the query.
    UnknownQualifier = "0109",
    /// A string compared with a datetime is not a date.
    BadDatetime = "0110",
    /// A subselect used with IN must return exactly one column.
    SubselectColumns = "0111",
    /// The construct is valid WQL but cannot be evaluated here.
    Unsupported = "0112",
    /// A LIKE pattern starts with `%`, so no index can be used.
    LeadingWildcard = "0201",
    /// `<>`, `!=` or `NOT LIKE` on an array or one-to-many class matches almost every resource.
    NegatedMultiValued = "0202",
    /// A device collection rule must select the six resource columns or `*`.
    CollectionSelectList = "0203",
    /// `=` with `%` compares literally; LIKE was probably meant.
    EqualsWithWildcard = "0204",
    /// ORDER BY has no effect in a collection rule.
    OrderByInRule = "0205",
    /// UPPER/LOWER do nothing under the site's case-insensitive collation.
    NeedlessCase = "0206",
    /// COUNT and DISTINCT together are not supported by the SMS Provider.
    CountDistinct = "0207",
    /// The class does not support incremental collection evaluation.
    NotIncremental = "0208",
    /// Two conditions on one array property joined by AND must hold for the same element.
    SameArrayElement = "0209",
    /// A number is compared with a string property; the comparison is made as text.
    NumberAsText = "0210",
    /// A string escape that WQL does not define; the backslash was kept.
    UnknownEscape = "0211",
    /// `= NULL` or `<> NULL` is never true; `IS [NOT] NULL` was probably meant.
    NullComparison = "0212",
    /// An unqualified property that several joined classes have was bound to one of them,
    /// because INNER JOIN conditions make their values equal.
    ResolvedByJoin = "0213",
    /// A discovery attribute the catalog lacks was resolved to a column of the
    /// site's view by the naming rule (attribute + 0, or its `v_RA_` view).
    InferredAttribute = "0214",
    /// A catalog file is not valid.
    CatalogInvalid = "0301",
    /// A catalog file redefines a class or view of another catalog.
    CatalogConflict = "0302",
    /// The connection settings are incomplete or contradict each other.
    ConnectionSettings = "0401",
    /// The server could not be reached (name, address, port or instance).
    HostUnreachable = "0402",
    /// The server refused the login.
    LoginFailed = "0403",
    /// The server's TLS certificate is not trusted, or TLS failed.
    CertificateUntrusted = "0404",
    /// The database does not exist or the login may not open it.
    DatabaseUnavailable = "0405",
    /// The login may not read a view.
    PermissionDenied = "0406",
    /// Connecting or a query took longer than its timeout.
    Timeout = "0407",
    /// A statement that is not a single read-only SELECT was refused before it was sent.
    NotReadOnly = "0408",
    /// The authentication method is not available in this build.
    AuthUnsupported = "0409",
    /// A view does not exist on this site database.
    ViewMissing = "0410",
    /// The server reported an error running a query.
    ServerError = "0411",
    /// The server's answer could not be read.
    ProtocolError = "0412",
    /// The account is locked out, or its password has expired or must be changed.
    AccountLocked = "0413",
    /// The server did not accept a Windows (NTLM) login: an untrusted domain, or Extended Protection required.
    WindowsLoginRefused = "0414",
    /// Single sign-on through Kerberos failed: no ticket, an expired one, or no SPN for the server.
    KerberosFailed = "0415",
    /// The text is not valid T-SQL.
    SqlSyntax = "0501",
    /// The T-SQL construct cannot be evaluated offline.
    SqlUnsupported = "0502",
    /// The report reads a view the snapshot does not have.
    SqlUnknownView = "0503",
    /// The report names a column, alias or function that does not resolve, or mixes types.
    SqlInvalid = "0504",
    /// The report uses an `@variable` that has no value.
    SqlMissingParameter = "0505",
    /// A `fn_rbac_*` function was read as its plain view: role-based filtering does not apply offline.
    SqlRbacIgnored = "0506",
    /// The report failed while running (a conversion error, for instance).
    SqlRuntime = "0507",
    /// A statement of the batch had no effect offline (a session option such as `SET NOCOUNT ON`).
    SqlIgnored = "0508",
    /// The report raised an error itself (RAISERROR with severity 11 or more, THROW).
    SqlRaised = "0509",
    /// A statement would change a view of the snapshot; a report may change only its temp tables and table variables.
    SqlWritesView = "0510",
    /// A WHILE loop ran more rounds than allowed (`--max-loops`).
    SqlLoopLimit = "0511",
    /// A temp table or table variable exists already, does not exist, or a value does not fit its column.
    SqlTempTable = "0512",
    /// A result has two columns of one name; JSON output renames the later ones `Name_2`, `Name_3`, ….
    SqlDuplicateColumn = "0513",
    /// A JOIN's condition cannot restrict the joined view (it names none of its columns, or compares a column with itself).
    SqlCrossJoin = "0514",
    /// A workbench API request lacks the access token, or has the wrong one.
    UiUnauthorized = "0601",
    /// A workbench API request cannot be answered (unknown call, malformed body, unknown device).
    UiRequest = "0602",
    /// A workbench started on a live site database was asked for what reads offline rows (explain, diff, collections, reports).
    UiOfflineOnly = "0603",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: String,
}

/// A change to the input that does what a diagnostic suggests: its edits,
/// made together, each replacing a span of the text as it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the change does, e.g. `SMS_R_System` or `use IS NULL`.
    pub label: String,
    /// The replacements, in text order, none overlapping.
    pub edits: Vec<Edit>,
}

/// One replacement of a [`Fix`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The bytes replaced (empty to insert).
    pub span: Span,
    /// What replaces them (empty to delete).
    pub text: String,
}

/// A problem found in the input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The main location.
    pub span: Span,
    /// Other locations worth showing.
    pub labels: Vec<Label>,
    /// What to do instead, when there is something to suggest.
    pub help: Option<String>,
    /// Changes to the text that do what the help says, when it is mechanical.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean …?" as the help, and a fix per candidate that
    /// replaces `span` with it.
    pub fn with_candidates(mut self, span: Span, candidates: &[String]) -> Self {
        self.help = Some(format!("did you mean {}?", candidates.join(", ")));
        self.fixes.extend(candidates.iter().map(|c| Fix {
            label: c.clone(),
            edits: vec![Edit { span, text: c.clone() }],
        }));
        self
    }

    /// Adds a change to the text that does what the help says.
    pub fn with_fix(mut self, label: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fixes.push(Fix {
            label: label.into(),
            edits,
        });
        self
    }

    /// Adds a secondary location.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Whether this stops the input from being used.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A JSON value for tools: code, severity, message, help, and the spans
    /// as byte offsets plus 1-based line and column in `source`.
    pub fn to_json(&self, source: &str) -> serde_json::Value {
        let loc = |span: &Span| {
            let (line, column) = line_col(source, span.start);
            serde_json::json!({"start": span.start, "end": span.end, "line": line, "column": column})
        };
        let mut json = serde_json::json!({
            "code": self.code.as_str(),
            "severity": self.severity,
            "message": self.message,
            "location": loc(&self.span),
            "labels": self.labels.iter().map(|l| serde_json::json!({"message": l.message, "location": loc(&l.span)})).collect::<Vec<_>>(),
            "help": self.help,
        });
        if !self.fixes.is_empty() {
            json["fixes"] = self
                .fixes
                .iter()
                .map(|f| {
                    let edits: Vec<_> = f
                        .edits
                        .iter()
                        .map(|e| serde_json::json!({"start": e.span.start, "end": e.span.end, "text": e.text}))
                        .collect();
                    serde_json::json!({"label": f.label, "edits": edits})
                })
                .collect();
        }
        json
    }
}

impl Diagnostic {
    /// One line: code, message and, where there is one, the help.
    pub fn summary(&self) -> String {
        match &self.help {
            Some(h) => format!("{}: {} ({h})", self.code, self.message),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// The diagnostics of one stage; non-empty when the stage failed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The codes, in order, for tests and summaries.
    pub fn codes(&self) -> Vec<Code> {
        self.0.iter().map(|d| d.code).collect()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(s.starts_with("WQL") && s.len() == 7, "{s}");
            assert!(seen.insert(s), "duplicate {s}");
        }
    }

    #[test]
    fn json_has_line_and_column() {
        let src = "select *\nfrom Nope";
        let d = Diagnostic::error(Code::UnknownClass, Span::new(14, 18), "no class Nope")
            .with_help("did you mean SMS_R_System?");
        let j = d.to_json(src);
        assert_eq!(j["code"], "WQL0101");
        assert_eq!(j["location"]["line"], 2);
        assert_eq!(j["location"]["column"], 6);
        assert_eq!(j["help"], "did you mean SMS_R_System?");
    }
}
