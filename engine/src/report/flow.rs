//! A script's control flow (IF, WHILE, BREAK, CONTINUE, RETURN, blocks) and
//! its messages (PRINT, RAISERROR, THROW).

use super::batch::{Runner, first_value, select_of};
use super::expr::number;
use super::format::{display, printf};
use super::parse::Step;
use datafusion::common::ScalarValue;
use datafusion::sql::sqlparser::ast::{Expr, RaisErrorOption, SetExpr, Spanned, Statement, ThrowStatement};
use std::future::Future;
use std::pin::Pin;
use wqlkit_core::{Code, Diagnostic, Diagnostics, Span};

/// What a step asks of the steps around it.
pub(super) enum Flow {
    /// Go on with the next step.
    Next,
    /// Leave the innermost loop.
    Break,
    /// Start the innermost loop's next round.
    Continue,
    /// End the script.
    Return,
}

/// How a report runs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The most rounds one WHILE loop may run before the report stops with a diagnostic.
    pub max_loop_rounds: u64,
    /// With a seed, NEWID() gives the same values every run (and each query
    /// runs in one partition, so rows meet it in the same order).
    pub seed: Option<u64>,
    /// A query with an accidental cross join (WQL0514) stops with an error
    /// once it has made more rows than this, unless `force` is set.
    pub max_rows: u64,
    /// Run queries with an accidental cross join to the end.
    pub force: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            max_loop_rounds: 10_000,
            seed: None,
            max_rows: 100_000,
            force: false,
        }
    }
}

type Steps<'s> = Pin<Box<dyn Future<Output = Result<Flow, Diagnostics>> + Send + 's>>;

impl Runner<'_> {
    /// Runs `steps` in order.
    pub(super) fn steps<'s>(&'s mut self, steps: &'s [Step]) -> Steps<'s> {
        Box::pin(async move {
            for step in steps {
                let flow = match step {
                    Step::Statement(stmt, _) if matches!(**stmt, Statement::Return(_)) => Flow::Return,
                    Step::Statement(stmt, at) => {
                        self.statement((**stmt).clone(), *at).await?;
                        Flow::Next
                    }
                    Step::If {
                        condition,
                        then,
                        otherwise,
                    } => {
                        if self.holds(condition).await? {
                            self.steps(then).await?
                        } else {
                            self.steps(otherwise).await?
                        }
                    }
                    Step::While { condition, body } => self.repeat(condition, body).await?,
                    Step::Block(inner) => self.steps(inner).await?,
                    Step::Break(_) => Flow::Break,
                    Step::Continue(_) => Flow::Continue,
                    Step::Go => {
                        self.vars.end_batch();
                        self.session.temps.end_batch();
                        Flow::Next
                    }
                };
                if !matches!(flow, Flow::Next) {
                    return Ok(flow);
                }
            }
            Ok(Flow::Next)
        })
    }

    /// `WHILE condition body`, bounded by [`RunOptions::max_loop_rounds`].
    async fn repeat(&mut self, condition: &Expr, body: &[Step]) -> Result<Flow, Diagnostics> {
        let mut rounds = 0u64;
        while self.holds(condition).await? {
            rounds += 1;
            if rounds > self.limits.max_loop_rounds {
                return Err(Diagnostic::error(
                    Code::SqlLoopLimit,
                    self.span(condition.span()),
                    format!(
                        "this WHILE loop ran {} rounds and was stopped",
                        self.limits.max_loop_rounds
                    ),
                )
                .with_help("check that the loop's condition changes; raise the limit with --max-loops")
                .into());
            }
            match self.steps(body).await? {
                Flow::Break => break,
                Flow::Return => return Ok(Flow::Return),
                Flow::Next | Flow::Continue => {}
            }
        }
        Ok(Flow::Next)
    }

    /// Whether `condition` is true (false and unknown are not), as IF and WHILE read it.
    pub(super) async fn holds(&mut self, condition: &Expr) -> Result<bool, Diagnostics> {
        let mut stmt = select_of(vec![number(1)]);
        if let Statement::Query(q) = &mut stmt
            && let SetExpr::Select(s) = &mut *q.body
        {
            s.selection = Some(condition.clone());
        }
        let span = self.span(condition.span());
        let set = self.query(stmt, span).await?;
        Ok(set.batches.iter().any(|b| b.num_rows() > 0))
    }

    /// The value of a scalar expression.
    pub(super) async fn value(&mut self, e: &Expr) -> Result<ScalarValue, Diagnostics> {
        let span = self.span(e.span());
        let set = self.query(select_of(vec![e.clone()]), span).await?;
        Ok(first_value(&set))
    }

    /// The value of a scalar expression as text (NULL as the empty string, as PRINT shows it).
    async fn text(&mut self, e: &Expr) -> Result<String, Diagnostics> {
        Ok(display(&self.value(e).await?))
    }

    /// `PRINT expression`: a message on the report's message stream.
    pub(super) async fn print(&mut self, e: &Expr) -> Result<(), Diagnostics> {
        let message = self.text(e).await?;
        self.out.messages.push(message);
        Ok(())
    }

    /// `RAISERROR (message, severity, state, arguments…)`: severity 10 or less
    /// is a message; 11 or more stops the report with the formatted message.
    pub(super) async fn raiserror(
        &mut self,
        message: &Expr,
        severity: &Expr,
        arguments: &[Expr],
        options: &[RaisErrorOption],
        span: Span,
    ) -> Result<(), Diagnostics> {
        let template = self.text(message).await?;
        let mut values = Vec::with_capacity(arguments.len());
        for a in arguments {
            values.push(self.value(a).await?);
        }
        let text = printf(&template, &values);
        let severity = match self.value(severity).await? {
            ScalarValue::Null => 0,
            v => display(&v).trim().parse::<i64>().unwrap_or(16),
        };
        if severity <= 10 && !options.contains(&RaisErrorOption::SetError) {
            self.out.messages.push(text);
            return Ok(());
        }
        Err(Diagnostic::error(Code::SqlRaised, span, format!("the report raised an error: {text}")).into())
    }

    /// `THROW number, message, state`: stops the report with the message.
    pub(super) async fn throw(&mut self, t: &ThrowStatement, span: Span) -> Result<(), Diagnostics> {
        let Some(message) = &t.message else {
            return Err(Diagnostic::error(
                Code::SqlUnsupported,
                span,
                "THROW without arguments re-raises a caught error; TRY … CATCH is not supported offline",
            )
            .into());
        };
        let text = self.text(message).await?;
        let number = match &t.error_number {
            Some(n) => display(&self.value(n).await?),
            None => "50000".into(),
        };
        Err(Diagnostic::error(
            Code::SqlRaised,
            span,
            format!("the report raised error {number}: {text}"),
        )
        .into())
    }
}
