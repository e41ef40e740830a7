//! wqlkit's logical plan: a small relational IR over the site database's
//! views, produced by the binder and lowered to T-SQL or to DataFusion.
//!
//! Names are already resolved: a [`ColumnRef`] names a relation alias and a
//! view column. Every node keeps the span of the WQL it came from.
//!
//! The binder builds one shape per SELECT, bottom-up:
//! `Scan` → `Join`* → `Filter`? → `Sort`? → `Project` | `Aggregate` → `Distinct`?
//! IN / NOT IN subselects stay inside the filter as [`ScalarKind::InSubquery`]
//! (a semi join, or a null-aware anti join when negated), so that they can sit
//! under OR as WQL allows; the lowerings turn them into `IN (SELECT …)` or joins.

use crate::span::Span;
use crate::types::{SqlType, Value, WmiType};
use std::fmt;

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `<>` or `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
}

impl CompareOp {
    /// The operator as SQL and canonical WQL write it.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::NotEq => "<>",
            CompareOp::Lt => "<",
            CompareOp::LtEq => "<=",
            CompareOp::Gt => ">",
            CompareOp::GtEq => ">=",
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    pub fn flipped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::LtEq => CompareOp::GtEq,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::GtEq => CompareOp::LtEq,
            other => other,
        }
    }

    /// The operator that holds exactly when this one does not (for non-NULL operands).
    pub fn negated(self) -> CompareOp {
        match self {
            CompareOp::Eq => CompareOp::NotEq,
            CompareOp::NotEq => CompareOp::Eq,
            CompareOp::Lt => CompareOp::GtEq,
            CompareOp::LtEq => CompareOp::Gt,
            CompareOp::Gt => CompareOp::LtEq,
            CompareOp::GtEq => CompareOp::Lt,
        }
    }
}

/// The kind of a join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JoinKind {
    /// `INNER JOIN`.
    Inner,
    /// `LEFT OUTER JOIN`.
    Left,
    /// `RIGHT OUTER JOIN`.
    Right,
    /// `FULL OUTER JOIN`.
    Full,
}

/// A unit for DateDiff, DateAdd and DatePart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// `yy`, `yyyy`, `year`
    Year,
    /// `qq`, `q`, `quarter`
    Quarter,
    /// `mm`, `m`, `month`
    Month,
    /// `dy`, `y`, `dayofyear`
    DayOfYear,
    /// `dd`, `d`, `day`
    Day,
    /// `wk`, `ww`, `week`
    Week,
    /// `dw`, `weekday`
    Weekday,
    /// `hh`, `hour`
    Hour,
    /// `mi`, `n`, `minute`
    Minute,
    /// `ss`, `s`, `second`
    Second,
    /// `ms`, `millisecond`
    Millisecond,
}

impl DatePart {
    /// Reads a T-SQL datepart name or abbreviation (case-insensitive).
    pub fn parse(s: &str) -> Option<DatePart> {
        Some(match s.to_ascii_lowercase().as_str() {
            "yy" | "yyyy" | "year" => DatePart::Year,
            "qq" | "q" | "quarter" => DatePart::Quarter,
            "mm" | "m" | "month" => DatePart::Month,
            "dy" | "y" | "dayofyear" => DatePart::DayOfYear,
            "dd" | "d" | "day" => DatePart::Day,
            "wk" | "ww" | "week" => DatePart::Week,
            "dw" | "w" | "weekday" => DatePart::Weekday,
            "hh" | "hour" => DatePart::Hour,
            "mi" | "n" | "minute" => DatePart::Minute,
            "ss" | "s" | "second" => DatePart::Second,
            "ms" | "millisecond" => DatePart::Millisecond,
            _ => return None,
        })
    }

    /// The canonical T-SQL name.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePart::Year => "year",
            DatePart::Quarter => "quarter",
            DatePart::Month => "month",
            DatePart::DayOfYear => "dayofyear",
            DatePart::Day => "day",
            DatePart::Week => "week",
            DatePart::Weekday => "weekday",
            DatePart::Hour => "hour",
            DatePart::Minute => "minute",
            DatePart::Second => "second",
            DatePart::Millisecond => "millisecond",
        }
    }

    /// Every accepted spelling, for diagnostics.
    pub const SPELLINGS: &'static str = "yy, qq, mm, dy, dd, wk, dw, hh, mi, ss, ms (or year, quarter, month, dayofyear, day, week, weekday, hour, minute, second, millisecond)";
}

/// A scalar function of Extended WQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `Upper(s)`
    Upper,
    /// `Lower(s)`
    Lower,
    /// `Substring(s, start, length)`
    Substring,
    /// `CharIndex(needle, haystack[, start])`
    CharIndex,
    /// `DateDiff(part, start, end)`: boundaries of `part` crossed.
    DateDiff(DatePart),
    /// `DateAdd(part, n, date)`
    DateAdd(DatePart),
    /// `DatePart(part, date)`
    DatePart(DatePart),
    /// `GetDate()`
    GetDate,
}

impl Function {
    /// The T-SQL function name.
    pub fn sql_name(self) -> &'static str {
        match self {
            Function::Upper => "UPPER",
            Function::Lower => "LOWER",
            Function::Substring => "SUBSTRING",
            Function::CharIndex => "CHARINDEX",
            Function::DateDiff(_) => "DATEDIFF",
            Function::DateAdd(_) => "DATEADD",
            Function::DatePart(_) => "DATEPART",
            Function::GetDate => "GETDATE",
        }
    }

    /// The datepart argument, for the date functions.
    pub fn date_part(self) -> Option<DatePart> {
        match self {
            Function::DateDiff(p) | Function::DateAdd(p) | Function::DatePart(p) => Some(p),
            _ => None,
        }
    }
}

/// The type of a bound scalar expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// Text.
    String,
    /// Whole numbers.
    Integer,
    /// Numbers with a fraction.
    Real,
    /// Booleans (bit), and the result of conditions.
    Boolean,
    /// Datetimes.
    DateTime,
    /// The NULL literal.
    Null,
}

impl ScalarType {
    /// The scalar type values of a WMI type have.
    pub fn of_wmi(t: WmiType) -> ScalarType {
        match t {
            WmiType::String => ScalarType::String,
            WmiType::Boolean => ScalarType::Boolean,
            WmiType::Real32 | WmiType::Real64 => ScalarType::Real,
            WmiType::Datetime => ScalarType::DateTime,
            _ => ScalarType::Integer,
        }
    }
}

impl fmt::Display for ScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScalarType::String => "string",
            ScalarType::Integer => "integer",
            ScalarType::Real => "real",
            ScalarType::Boolean => "boolean",
            ScalarType::DateTime => "datetime",
            ScalarType::Null => "null",
        })
    }
}

/// A column of a relation in scope.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    /// The relation's alias.
    pub relation: String,
    /// The view column.
    pub column: String,
    /// The WMI property it stands for (`Class.Property`), for people.
    pub property: String,
    /// The column's SQL type.
    pub sql_type: SqlType,
}

/// A bound scalar expression.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarExpr {
    /// What it computes.
    pub kind: ScalarKind,
    /// Its type.
    pub ty: ScalarType,
    /// The WQL it came from.
    pub span: Span,
}

/// What a scalar expression computes.
#[derive(Debug, Clone, PartialEq)]
pub enum ScalarKind {
    /// A column.
    Column(ColumnRef),
    /// A constant, already converted to the type it is compared with.
    Literal(Value),
    /// `left op right`.
    Compare {
        /// Left operand.
        left: Box<ScalarExpr>,
        /// Operator.
        op: CompareOp,
        /// Right operand.
        right: Box<ScalarExpr>,
    },
    /// `expr [NOT] LIKE pattern` (SQL Server pattern syntax).
    Like {
        /// Value.
        expr: Box<ScalarExpr>,
        /// Pattern.
        pattern: Box<ScalarExpr>,
        /// NOT LIKE.
        negated: bool,
    },
    /// `expr IS [NOT] NULL`.
    IsNull {
        /// Value.
        expr: Box<ScalarExpr>,
        /// IS NOT NULL.
        negated: bool,
    },
    /// `expr [NOT] IN (list)`.
    InList {
        /// Value.
        expr: Box<ScalarExpr>,
        /// List.
        list: Vec<ScalarExpr>,
        /// NOT IN.
        negated: bool,
    },
    /// `expr [NOT] IN (subquery)`: a semi join, or a null-aware anti join.
    InSubquery {
        /// Value.
        expr: Box<ScalarExpr>,
        /// The subquery; it yields one column.
        subquery: Box<LogicalPlan>,
        /// NOT IN.
        negated: bool,
    },
    /// `expr [NOT] BETWEEN low AND high`.
    Between {
        /// Value.
        expr: Box<ScalarExpr>,
        /// Low bound.
        low: Box<ScalarExpr>,
        /// High bound.
        high: Box<ScalarExpr>,
        /// NOT BETWEEN.
        negated: bool,
    },
    /// All hold.
    And(Vec<ScalarExpr>),
    /// Any holds.
    Or(Vec<ScalarExpr>),
    /// Does not hold.
    Not(Box<ScalarExpr>),
    /// A function call.
    Function {
        /// Which.
        func: Function,
        /// Arguments (without the datepart).
        args: Vec<ScalarExpr>,
    },
}

impl ScalarExpr {
    /// A boolean condition.
    pub fn condition(kind: ScalarKind, span: Span) -> Self {
        ScalarExpr {
            kind,
            ty: ScalarType::Boolean,
            span,
        }
    }

    /// The direct sub-expressions (subqueries not entered).
    pub fn children(&self) -> Vec<&ScalarExpr> {
        match &self.kind {
            ScalarKind::Column(_) | ScalarKind::Literal(_) => vec![],
            ScalarKind::Compare { left, right, .. } => vec![left, right],
            ScalarKind::Like { expr, pattern, .. } => vec![expr, pattern],
            ScalarKind::IsNull { expr, .. } | ScalarKind::InSubquery { expr, .. } | ScalarKind::Not(expr) => {
                vec![expr]
            }
            ScalarKind::InList { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
            ScalarKind::Between { expr, low, high, .. } => vec![expr, low, high],
            ScalarKind::And(v) | ScalarKind::Or(v) => v.iter().collect(),
            ScalarKind::Function { args, .. } => args.iter().collect(),
        }
    }
}

/// One output column.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectItem {
    /// What it computes.
    pub expr: ScalarExpr,
    /// Its output name (the WQL property name, qualified when needed).
    pub name: String,
}

/// One sort key.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// What to sort by.
    pub expr: ScalarExpr,
    /// Descending.
    pub descending: bool,
}

/// An aggregate in the select list (WQL has COUNT only).
#[derive(Debug, Clone, PartialEq)]
pub enum Aggregate {
    /// `Count(*)`.
    CountStar,
    /// `Count(expr)`: rows where `expr` is not NULL.
    Count(ScalarExpr),
    /// `Count(DISTINCT expr)`: distinct non-NULL values.
    CountDistinct(ScalarExpr),
}

/// A logical plan node.
#[derive(Debug, Clone, PartialEq)]
pub enum LogicalPlan {
    /// Rows of one view under an alias.
    Scan {
        /// The alias the rest of the plan uses.
        alias: String,
        /// The WMI class it stands for.
        class: String,
        /// The view read.
        view: String,
        /// A fixed `column = value` filter (per-collection classes).
        fixed_filter: Option<(String, String)>,
        /// The WQL it came from.
        span: Span,
    },
    /// Two inputs joined.
    Join {
        /// Left input.
        left: Box<LogicalPlan>,
        /// Right input.
        right: Box<LogicalPlan>,
        /// Inner, left, right or full.
        kind: JoinKind,
        /// The join condition.
        on: ScalarExpr,
        /// Whether the join reads an array property's element view (added by the binder).
        array: bool,
        /// The WQL it came from.
        span: Span,
    },
    /// Rows where the predicate is true (not false, not unknown).
    Filter {
        /// Input.
        input: Box<LogicalPlan>,
        /// Condition.
        predicate: ScalarExpr,
        /// The WQL it came from.
        span: Span,
    },
    /// Rows in order.
    Sort {
        /// Input.
        input: Box<LogicalPlan>,
        /// Keys, most significant first.
        keys: Vec<SortKey>,
        /// The WQL it came from.
        span: Span,
    },
    /// Output columns.
    Project {
        /// Input.
        input: Box<LogicalPlan>,
        /// The columns.
        items: Vec<ProjectItem>,
        /// The WQL it came from.
        span: Span,
    },
    /// One row of aggregates over all input rows.
    Aggregate {
        /// Input.
        input: Box<LogicalPlan>,
        /// The aggregates with their output names.
        items: Vec<(Aggregate, String)>,
        /// The WQL it came from.
        span: Span,
    },
    /// Duplicate rows removed.
    Distinct {
        /// Input.
        input: Box<LogicalPlan>,
        /// The WQL it came from.
        span: Span,
    },
}

impl LogicalPlan {
    /// The WQL span this node came from.
    pub fn span(&self) -> Span {
        match self {
            LogicalPlan::Scan { span, .. }
            | LogicalPlan::Join { span, .. }
            | LogicalPlan::Filter { span, .. }
            | LogicalPlan::Sort { span, .. }
            | LogicalPlan::Project { span, .. }
            | LogicalPlan::Aggregate { span, .. }
            | LogicalPlan::Distinct { span, .. } => *span,
        }
    }

    /// The output column names, in order.
    pub fn output_names(&self) -> Vec<String> {
        match self {
            LogicalPlan::Project { items, .. } => items.iter().map(|i| i.name.clone()).collect(),
            LogicalPlan::Aggregate { items, .. } => items.iter().map(|(_, n)| n.clone()).collect(),
            LogicalPlan::Distinct { input, .. }
            | LogicalPlan::Sort { input, .. }
            | LogicalPlan::Filter { input, .. } => input.output_names(),
            LogicalPlan::Scan { .. } | LogicalPlan::Join { .. } => Vec::new(),
        }
    }

    /// An indented one-line-per-node rendering, for snapshots and `--explain`.
    pub fn display_indent(&self) -> String {
        let mut out = String::new();
        self.write_indent(&mut out, 0);
        out
    }

    fn write_indent(&self, out: &mut String, depth: usize) {
        use std::fmt::Write;
        let pad = "  ".repeat(depth);
        let mut subplans = Vec::new();
        match self {
            LogicalPlan::Scan {
                alias,
                class,
                view,
                fixed_filter,
                ..
            } => {
                let _ = write!(out, "{pad}Scan {view} AS {alias} ({class})");
                if let Some((c, v)) = fixed_filter {
                    let _ = write!(out, " WHERE {c} = '{v}'");
                }
                out.push('\n');
            }
            LogicalPlan::Join {
                left,
                right,
                kind,
                on,
                array,
                ..
            } => {
                let arr = if *array { " [array]" } else { "" };
                let _ = writeln!(out, "{pad}Join {kind:?}{arr} ON {}", show(on, &mut subplans));
                left.write_indent(out, depth + 1);
                right.write_indent(out, depth + 1);
            }
            LogicalPlan::Filter { input, predicate, .. } => {
                let _ = writeln!(out, "{pad}Filter {}", show(predicate, &mut subplans));
                input.write_indent(out, depth + 1);
            }
            LogicalPlan::Sort { input, keys, .. } => {
                let k: Vec<String> = keys
                    .iter()
                    .map(|k| {
                        format!(
                            "{}{}",
                            show(&k.expr, &mut subplans),
                            if k.descending { " DESC" } else { "" }
                        )
                    })
                    .collect();
                let _ = writeln!(out, "{pad}Sort {}", k.join(", "));
                input.write_indent(out, depth + 1);
            }
            LogicalPlan::Project { input, items, .. } => {
                let k: Vec<String> = items
                    .iter()
                    .map(|i| format!("{} AS {}", show(&i.expr, &mut subplans), i.name))
                    .collect();
                let _ = writeln!(out, "{pad}Project {}", k.join(", "));
                input.write_indent(out, depth + 1);
            }
            LogicalPlan::Aggregate { input, items, .. } => {
                let k: Vec<String> = items
                    .iter()
                    .map(|(a, n)| match a {
                        Aggregate::CountStar => format!("COUNT(*) AS {n}"),
                        Aggregate::Count(e) => format!("COUNT({}) AS {n}", show(e, &mut subplans)),
                        Aggregate::CountDistinct(e) => format!("COUNT(DISTINCT {}) AS {n}", show(e, &mut subplans)),
                    })
                    .collect();
                let _ = writeln!(out, "{pad}Aggregate {}", k.join(", "));
                input.write_indent(out, depth + 1);
            }
            LogicalPlan::Distinct { input, .. } => {
                let _ = writeln!(out, "{pad}Distinct");
                input.write_indent(out, depth + 1);
            }
        }
        for (i, p) in subplans.iter().enumerate() {
            let _ = writeln!(out, "{pad}  subquery ${}:", i + 1);
            p.write_indent(out, depth + 2);
        }
    }
}

/// A compact infix rendering of a scalar expression; subqueries are numbered
/// `$n` and collected into `subplans`.
fn show<'a>(e: &'a ScalarExpr, subplans: &mut Vec<&'a LogicalPlan>) -> String {
    let join = |v: &'a [ScalarExpr], sep: &str, subplans: &mut Vec<&'a LogicalPlan>| {
        v.iter().map(|x| show(x, subplans)).collect::<Vec<_>>().join(sep)
    };
    let not = |n: bool| if n { "NOT " } else { "" };
    match &e.kind {
        ScalarKind::Column(c) => format!("{}.{}", c.relation, c.column),
        ScalarKind::Literal(v) => match v {
            Value::String(s) => format!("{s:?}"),
            Value::DateTime(d) => format!("datetime'{d}'"),
            Value::Null => "NULL".into(),
            Value::Integer(i) => i.to_string(),
            Value::Decimal(d) => d.clone(),
            Value::Boolean(b) => b.to_string(),
        },
        ScalarKind::Compare { left, op, right } => {
            format!("{} {} {}", show(left, subplans), op.as_str(), show(right, subplans))
        }
        ScalarKind::Like { expr, pattern, negated } => {
            format!(
                "{} {}LIKE {}",
                show(expr, subplans),
                not(*negated),
                show(pattern, subplans)
            )
        }
        ScalarKind::IsNull { expr, negated } => format!("{} IS {}NULL", show(expr, subplans), not(*negated)),
        ScalarKind::InList { expr, list, negated } => {
            format!(
                "{} {}IN ({})",
                show(expr, subplans),
                not(*negated),
                join(list, ", ", subplans)
            )
        }
        ScalarKind::InSubquery {
            expr,
            subquery,
            negated,
        } => {
            subplans.push(subquery);
            format!("{} {}IN (${})", show(expr, subplans), not(*negated), subplans.len())
        }
        ScalarKind::Between {
            expr,
            low,
            high,
            negated,
        } => format!(
            "{} {}BETWEEN {} AND {}",
            show(expr, subplans),
            not(*negated),
            show(low, subplans),
            show(high, subplans)
        ),
        ScalarKind::And(v) => format!("({})", join(v, " AND ", subplans)),
        ScalarKind::Or(v) => format!("({})", join(v, " OR ", subplans)),
        ScalarKind::Not(x) => format!("NOT {}", show(x, subplans)),
        ScalarKind::Function { func, args } => {
            let mut parts: Vec<String> = func.date_part().map(|p| p.as_str().to_string()).into_iter().collect();
            parts.extend(args.iter().map(|a| show(a, subplans)));
            format!("{}({})", func.sql_name(), parts.join(", "))
        }
    }
}
