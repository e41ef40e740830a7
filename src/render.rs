//! Diagnostics for people (miette, with line:column and a caret) and for tools (JSON).

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt;
use wqlkit_core::{Diagnostic, Severity};

/// Adapts a [`Diagnostic`] and its source text to miette.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        // Diagnostics about files other than the query (catalogs) have no location in it.
        if self.diag.span.is_empty() && self.diag.span.start == 0 && self.diag.labels.is_empty() {
            return None;
        }
        let len = self.source.inner().len();
        let clamp = move |s: wqlkit_core::Span| {
            let start = s.start.min(len);
            (start, s.end.clamp(start, len) - start)
        };
        let primary = LabeledSpan::new_primary_with_span(Some("here".to_string()), clamp(self.diag.span));
        let rest = self
            .diag
            .labels
            .iter()
            .map(move |l| LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

/// Renders `diag` against `source` (named `name`) as text with line:column and a caret.
pub fn render(diag: &Diagnostic, name: &str, source: &str, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let report = Report {
        diag,
        source: NamedSource::new(name, source.to_string()),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", diag.code, diag.message);
    }
    out
}

/// All of `diags` as one JSON array.
pub fn to_json(diags: &[Diagnostic], source: &str) -> serde_json::Value {
    serde_json::Value::Array(diags.iter().map(|d| d.to_json(source)).collect())
}
