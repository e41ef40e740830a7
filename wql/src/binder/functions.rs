//! Function calls: which functions WQL accepts, their arguments' number and
//! types, and the date parts of DATEADD, DATEDIFF and DATEPART.

use super::{Binder, error_expr};
use crate::ast::{Expr, ExprKind, Ident, Literal};
use crate::lint;
use wqlkit_core::catalog::closest;
use wqlkit_core::plan::{DatePart, Function, ScalarExpr, ScalarKind, ScalarType};
use wqlkit_core::{Code, Diagnostic, Value};

/// The functions Extended WQL accepts, as diagnostics spell them.
const KNOWN_FUNCTIONS: &[&str] = &[
    "Upper",
    "Lower",
    "Substring",
    "CharIndex",
    "DateDiff",
    "DateAdd",
    "DatePart",
    "GetDate",
    "Count",
];

impl Binder<'_> {
    pub(super) fn function(&mut self, e: &Expr, name: &Ident, args: &[Expr], star: bool, distinct: bool) -> ScalarExpr {
        let span = e.span;
        let lname = name.value.to_ascii_lowercase();
        if lname == "count" {
            self.error(
                Diagnostic::error(Code::Unsupported, span, "Count can only be used in the select list")
                    .with_help("to filter on a number of instances, use IN (SELECT ...) instead"),
            );
            return error_expr(span);
        }
        if star || distinct {
            self.error(Diagnostic::error(
                Code::BadArguments,
                span,
                format!("{} takes no * or DISTINCT", name.value),
            ));
            return error_expr(span);
        }
        let arity = |n: std::ops::RangeInclusive<usize>, this: &mut Self| -> bool {
            if n.contains(&args.len()) {
                return true;
            }
            let want = if n.start() == n.end() {
                n.start().to_string()
            } else {
                format!("{} or {}", n.start(), n.end())
            };
            this.error(Diagnostic::error(
                Code::BadArguments,
                span,
                format!(
                    "{} takes {want} argument{}, not {}",
                    name.value,
                    if *n.end() == 1 { "" } else { "s" },
                    args.len()
                ),
            ));
            false
        };
        let (func, bound, ty) = match lname.as_str() {
            "upper" | "lower" => {
                if !arity(1..=1, self) {
                    return error_expr(span);
                }
                self.warnings.push(lint::needless_case(name, span, args[0].span));
                let a = self.typed_arg(&args[0], ScalarType::String);
                let f = if lname == "upper" {
                    Function::Upper
                } else {
                    Function::Lower
                };
                (f, vec![a], ScalarType::String)
            }
            "substring" => {
                if !arity(3..=3, self) {
                    return error_expr(span);
                }
                let a = vec![
                    self.typed_arg(&args[0], ScalarType::String),
                    self.typed_arg(&args[1], ScalarType::Integer),
                    self.typed_arg(&args[2], ScalarType::Integer),
                ];
                (Function::Substring, a, ScalarType::String)
            }
            "charindex" => {
                if !arity(2..=3, self) {
                    return error_expr(span);
                }
                let mut a = vec![
                    self.typed_arg(&args[0], ScalarType::String),
                    self.typed_arg(&args[1], ScalarType::String),
                ];
                if let Some(start) = args.get(2) {
                    a.push(self.typed_arg(start, ScalarType::Integer));
                }
                (Function::CharIndex, a, ScalarType::Integer)
            }
            "getdate" => {
                if !arity(0..=0, self) {
                    return error_expr(span);
                }
                (Function::GetDate, vec![], ScalarType::DateTime)
            }
            "datediff" | "dateadd" | "datepart" => {
                let n = if lname == "datepart" { 2 } else { 3 };
                if !arity(n..=n, self) {
                    return error_expr(span);
                }
                let Some(part) = self.date_part(name, &args[0]) else {
                    return error_expr(span);
                };
                match lname.as_str() {
                    "datediff" => {
                        let a = vec![
                            self.typed_arg(&args[1], ScalarType::DateTime),
                            self.typed_arg(&args[2], ScalarType::DateTime),
                        ];
                        (Function::DateDiff(part), a, ScalarType::Integer)
                    }
                    "dateadd" => {
                        let a = vec![
                            self.typed_arg(&args[1], ScalarType::Integer),
                            self.typed_arg(&args[2], ScalarType::DateTime),
                        ];
                        (Function::DateAdd(part), a, ScalarType::DateTime)
                    }
                    _ => (
                        Function::DatePart(part),
                        vec![self.typed_arg(&args[1], ScalarType::DateTime)],
                        ScalarType::Integer,
                    ),
                }
            }
            _ => {
                let near = closest(&name.value, KNOWN_FUNCTIONS.iter().map(|s| s.to_string()));
                let d = Diagnostic::error(
                    Code::UnknownFunction,
                    name.span,
                    format!("{} is not an Extended WQL function", name.value),
                );
                self.error(match near.first() {
                    Some(n) => d.with_candidates(name.span, std::slice::from_ref(n)),
                    None => d.with_help(format!("Extended WQL has {}", KNOWN_FUNCTIONS.join(", "))),
                });
                for a in args {
                    let _ = self.expr(a);
                }
                return error_expr(span);
            }
        };
        ScalarExpr {
            kind: ScalarKind::Function { func, args: bound },
            ty,
            span,
        }
    }

    fn typed_arg(&mut self, a: &Expr, ty: ScalarType) -> ScalarExpr {
        let v = self.value(a);
        let placeholder = ScalarExpr {
            kind: ScalarKind::Literal(Value::Null),
            ty,
            span: a.span,
        };
        // Text columns are accepted where dates are expected: SQL Server converts them.
        if ty == ScalarType::DateTime && v.ty == ScalarType::String && !matches!(v.kind, ScalarKind::Literal(_)) {
            return v;
        }
        self.coerce(v, ty, None, &placeholder)
    }

    fn date_part(&mut self, func: &Ident, arg: &Expr) -> Option<DatePart> {
        let word = match &arg.kind {
            ExprKind::Property { qualifier: None, name } => Some(name.value.as_str()),
            ExprKind::Literal(Literal::String(s)) => Some(s.as_str()),
            _ => None,
        };
        match word.and_then(DatePart::parse) {
            Some(p) => Some(p),
            None => {
                self.error(
                    Diagnostic::error(
                        Code::BadArguments,
                        arg.span,
                        format!("the first argument of {} must be a date part", func.value),
                    )
                    .with_help(format!("use one of {}", DatePart::SPELLINGS)),
                );
                None
            }
        }
    }
}
