//! Literals converted to the type of what they are compared with, as the
//! provider converts them (dates, booleans, numbers in text), and the checks
//! that two sides can be compared at all.

use super::{Binder, error_expr};
use crate::ast::{Expr, ExprKind, Literal};
use crate::lint;
use wqlkit_core::plan::{CompareOp, ScalarExpr, ScalarKind, ScalarType};
use wqlkit_core::{Code, DateTime, Diagnostic, Span, SqlType, Value};

impl Binder<'_> {
    pub(super) fn compare(&mut self, e: &Expr, left: &Expr, op: CompareOp, right: &Expr) -> ScalarExpr {
        let l = self.value(left);
        let r = self.value(right);
        let (l, r) = match (&l.kind, &r.kind) {
            (ScalarKind::Literal(_), ScalarKind::Literal(_)) => (l, r),
            (ScalarKind::Literal(_), _) => (self.coerce_to(l, &r), r),
            (_, ScalarKind::Literal(_)) => {
                let r = self.coerce_to(r, &l);
                (l, r)
            }
            _ => {
                if !comparable(l.ty, r.ty) {
                    self.error(Diagnostic::error(
                        Code::TypeMismatch,
                        e.span,
                        format!("a {} cannot be compared with a {}", l.ty, r.ty),
                    ));
                }
                (l, r)
            }
        };
        let multi = match (&left.kind, &right.kind) {
            (ExprKind::Property { .. }, _) => self.multi_valued(left),
            (_, ExprKind::Property { .. }) => self.multi_valued(right),
            _ => None,
        };
        lint::compare(e, left, op, right, multi, &mut self.warnings);
        ScalarExpr::condition(
            ScalarKind::Compare {
                left: Box::new(l),
                op,
                right: Box::new(r),
            },
            e.span,
        )
    }

    /// Converts a literal `v` to the type of `target`.
    pub(super) fn coerce_to(&mut self, v: ScalarExpr, target: &ScalarExpr) -> ScalarExpr {
        let sql = match &target.kind {
            ScalarKind::Column(c) => Some(c.sql_type),
            _ => None,
        };
        self.coerce(v, target.ty, sql, target)
    }

    /// Converts a literal to `ty` as the provider does (`'1'` → 1 for numbers,
    /// `'True'` → 1 for booleans, date strings → datetime); other expressions
    /// are checked for compatibility.
    pub(super) fn coerce(
        &mut self,
        v: ScalarExpr,
        ty: ScalarType,
        sql: Option<SqlType>,
        target: &ScalarExpr,
    ) -> ScalarExpr {
        let ScalarKind::Literal(value) = &v.kind else {
            if !comparable(v.ty, ty) {
                self.error(Diagnostic::error(
                    Code::TypeMismatch,
                    v.span,
                    format!("a {} is needed here, not a {}", ty, v.ty),
                ));
            }
            return v;
        };
        let what = describe(target);
        let mismatch = |msg: String| Diagnostic::error(Code::TypeMismatch, v.span, msg);
        let converted: Result<Value, Diagnostic> = match (ty, value) {
            (_, Value::Null) | (ScalarType::Null, _) => Ok(value.clone()),
            (ScalarType::String, Value::String(_)) => Ok(value.clone()),
            (ScalarType::String, Value::Integer(i)) => {
                self.warnings.push(lint::number_as_text(v.span, &what));
                Ok(Value::String(i.to_string()))
            }
            (ScalarType::String, Value::Decimal(d)) => {
                self.warnings.push(lint::number_as_text(v.span, &what));
                Ok(Value::String(d.clone()))
            }
            (ScalarType::String, Value::Boolean(b)) => Ok(Value::String(if *b { "True" } else { "False" }.into())),
            (ScalarType::Integer, Value::Integer(_) | Value::Decimal(_)) => Ok(value.clone()),
            (ScalarType::Integer, Value::Boolean(b)) => Ok(Value::Integer(*b as i128)),
            (ScalarType::Integer, Value::String(s)) => match s.trim().parse::<i128>() {
                Ok(i) => Ok(Value::Integer(i)),
                Err(_) => match s.trim().parse::<f64>() {
                    Ok(_) => Ok(Value::Decimal(s.trim().to_string())),
                    Err(_) => Err(mismatch(format!("'{s}' is not a number, and {what} is a number"))
                        .with_help(format!("compare {what} with a number, e.g. = 1"))),
                },
            },
            (ScalarType::Real, Value::Integer(_) | Value::Decimal(_)) => Ok(value.clone()),
            (ScalarType::Real, Value::String(s)) => match s.trim().parse::<f64>() {
                Ok(_) => Ok(Value::Decimal(s.trim().to_string())),
                Err(_) => Err(mismatch(format!("'{s}' is not a number, and {what} is a number"))),
            },
            (ScalarType::Boolean, _) => match bool_of(value) {
                Some(b) if sql.is_some_and(|t| !matches!(t, SqlType::Bit)) => Ok(Value::Integer(b as i128)),
                Some(b) => Ok(Value::Boolean(b)),
                None => Err(mismatch(format!(
                    "{} is not a boolean, and {what} is a boolean",
                    show_value(value)
                ))
                .with_help(format!("compare {what} with 1 or 0 ('True' and 'False' work too)"))),
            },
            (ScalarType::DateTime, Value::String(s)) => match DateTime::parse(s) {
                Some(d) => Ok(Value::DateTime(d)),
                None => Err(Diagnostic::error(
                    Code::BadDatetime,
                    v.span,
                    format!("'{s}' is not a date, and {what} is a datetime"),
                )
                .with_help("write 'yyyy-mm-dd hh:mm:ss' or a DMTF datetime such as '20240131000000.000000+***'")),
            },
            (ScalarType::DateTime, Value::DateTime(_)) => Ok(value.clone()),
            (t, _) => Err(mismatch(format!(
                "{} cannot be compared with {what}, a {t}",
                show_value(value)
            ))),
        };
        match converted {
            Ok(value) => {
                let ty = if matches!(value, Value::Null) {
                    ScalarType::Null
                } else {
                    scalar_type_of(&value)
                };
                ScalarExpr {
                    kind: ScalarKind::Literal(value),
                    ty,
                    span: v.span,
                }
            }
            Err(d) => {
                self.error(d);
                error_expr(v.span)
            }
        }
    }
}

pub(super) fn literal_expr(l: &Literal, span: Span) -> ScalarExpr {
    let value = match l {
        Literal::String(s) => Value::String(s.clone()),
        Literal::Integer(i) => Value::Integer(*i),
        Literal::Decimal(d) => Value::Decimal(d.clone()),
        Literal::Boolean(b) => Value::Boolean(*b),
        Literal::Null => Value::Null,
    };
    let ty = scalar_type_of(&value);
    ScalarExpr {
        kind: ScalarKind::Literal(value),
        ty,
        span,
    }
}

fn scalar_type_of(v: &Value) -> ScalarType {
    match v {
        Value::Null => ScalarType::Null,
        Value::String(_) => ScalarType::String,
        Value::Integer(_) => ScalarType::Integer,
        Value::Decimal(_) => ScalarType::Real,
        Value::Boolean(_) => ScalarType::Boolean,
        Value::DateTime(_) => ScalarType::DateTime,
    }
}

fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Boolean(b) => Some(*b),
        Value::Integer(i) => Some(*i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => other.to_json().to_string(),
    }
}

/// How diagnostics name the thing a literal is compared with.
fn describe(target: &ScalarExpr) -> String {
    match &target.kind {
        ScalarKind::Column(c) => c
            .property
            .rsplit_once('.')
            .map_or(c.property.clone(), |(_, p)| p.to_string()),
        ScalarKind::Function { func, .. } => format!("{}()", func.sql_name()),
        _ => format!("the {}", target.ty),
    }
}

/// Whether values of the two types can be compared without an explicit conversion.
pub(super) fn comparable(a: ScalarType, b: ScalarType) -> bool {
    use ScalarType::*;
    match (a, b) {
        (Null, _) | (_, Null) => true,
        (x, y) if x == y => true,
        (Integer | Real | Boolean, Integer | Real | Boolean) => true,
        // SQL Server converts text to numbers and dates implicitly; inventory often stores both as text.
        (String, Integer | Real | DateTime) | (Integer | Real | DateTime, String) => true,
        _ => false,
    }
}
