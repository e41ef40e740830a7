//! `wqlkit sql --check`: a report's problems and parameters found without
//! running it. Every statement is rewritten as a run would rewrite it, so the
//! same constructs are refused and the same warnings given; a variable that
//! no DECLARE makes and no `--param` gives is listed once, all of them at once.

use super::parse::{Source, Step, parse};
use super::rewrite::{Rewriter, rewrite};
use super::vars::Vars;
use datafusion::common::ScalarValue;
use datafusion::sql::sqlparser::ast::{DeclareAssignment, Expr, Statement};
use std::collections::HashSet;
use wqlkit_core::{Code, DateTime, Diagnostic, Diagnostics};

/// A parameter of the report: a variable it DECLAREs, and the default it gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The name, `@` included, as written.
    pub name: String,
    /// The declared type, as written.
    pub ty: String,
    /// The DECLARE's value, as written (`None` when it has none).
    pub default: Option<String>,
    /// The value `--param` gives it, if any.
    pub given: Option<String>,
}

/// What checking found.
#[derive(Debug, Default)]
pub struct CheckOutput {
    /// Warnings a run would give.
    pub warnings: Vec<Diagnostic>,
    /// The report's declared variables, in order.
    pub parameters: Vec<Parameter>,
}

struct Checker<'a> {
    source: &'a Source<'a>,
    vars: Vars,
    now: DateTime,
    errors: Vec<Diagnostic>,
    out: CheckOutput,
    missing: HashSet<String>,
    params: &'a [(String, String)],
}

/// Checks the report `text`: errors (every one found) or its warnings and parameters.
pub fn check(text: &str, params: &[(String, String)], now: DateTime) -> Result<CheckOutput, Diagnostics> {
    let parsed = parse(text)?;
    let source = Source::new(text);
    let mut c = Checker {
        source: &source,
        vars: Vars::with_params(params),
        now,
        errors: Vec::new(),
        out: CheckOutput::default(),
        missing: HashSet::new(),
        params,
    };
    c.vars.set("@@rowcount", ScalarValue::Int32(Some(0)));
    c.vars.set("@@version", ScalarValue::Utf8(Some(String::new())));
    c.steps(&parsed.steps);
    if c.errors.is_empty() {
        Ok(c.out)
    } else {
        Err(Diagnostics(c.errors))
    }
}

impl Checker<'_> {
    fn steps(&mut self, steps: &[Step]) {
        for step in steps {
            match step {
                Step::Statement(stmt, _) => self.statement(stmt),
                Step::If {
                    condition,
                    then,
                    otherwise,
                } => {
                    self.expr(condition);
                    self.steps(then);
                    self.steps(otherwise);
                }
                Step::While { condition, body } => {
                    self.expr(condition);
                    self.steps(body);
                }
                Step::Block(inner) => self.steps(inner),
                Step::Break(_) | Step::Continue(_) | Step::Go => {}
            }
        }
    }

    fn statement(&mut self, stmt: &Statement) {
        if let Statement::Declare { stmts } = stmt {
            for d in stmts {
                let default = match &d.assignment {
                    Some(
                        DeclareAssignment::Expr(e)
                        | DeclareAssignment::MsSqlAssignment(e)
                        | DeclareAssignment::Default(e),
                    ) => {
                        self.expr(e);
                        Some(e.to_string())
                    }
                    _ => None,
                };
                if matches!(d.data_type, Some(datafusion::sql::sqlparser::ast::DataType::Table(_))) {
                    continue; // a table variable, not a value
                }
                for name in &d.names {
                    let ty = d.data_type.as_ref().map(ToString::to_string).unwrap_or_default();
                    if let Some(t) = d.data_type.clone() {
                        self.vars.declare(&name.value, t);
                    }
                    let key = name.value.trim_start_matches('@').to_lowercase();
                    let given = self
                        .params
                        .iter()
                        .find(|(k, _)| k.to_lowercase() == key)
                        .map(|(_, v)| v.clone());
                    let written = self.source.text(self.source.span(name.span)).to_string();
                    self.out.parameters.push(Parameter {
                        name: if written.is_empty() {
                            name.value.clone()
                        } else {
                            written
                        },
                        ty,
                        default: default.clone(),
                        given,
                    });
                }
            }
            return;
        }
        let mut s = stmt.clone();
        self.rewrite(&mut s);
    }

    fn expr(&mut self, e: &Expr) {
        let mut e = e.clone();
        self.rewrite(&mut e);
    }

    fn rewrite<T: datafusion::sql::sqlparser::ast::VisitMut>(&mut self, node: &mut T) {
        let mut r = Rewriter::new(self.source, &self.vars, self.now);
        rewrite(node, &mut r);
        for e in r.errors {
            // A missing variable once, at its first use.
            if e.code == Code::SqlMissingParameter && !self.missing.insert(e.message.to_lowercase()) {
                continue;
            }
            self.errors.push(e);
        }
        super::rewrite::merge_warnings(&mut self.out.warnings, r.warnings);
    }
}
