//! The syntax tree of one WQL query. Every node carries the byte span it was
//! parsed from; spans take no part in equality (see [`Span`]).

use wqlkit_core::Span;
pub use wqlkit_core::plan::{CompareOp, JoinKind};

/// A name as written (class, alias, property or function); compared as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The text.
    pub value: String,
    /// Where it is.
    pub span: Span,
}

impl Ident {
    /// A name at `span`.
    pub fn new(value: impl Into<String>, span: Span) -> Self {
        Ident {
            value: value.into(),
            span,
        }
    }

    /// Case-insensitive comparison, as WQL compares names.
    pub fn is(&self, other: &str) -> bool {
        self.value.eq_ignore_ascii_case(other)
    }
}

/// A whole query: one SELECT.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The statement.
    pub select: Select,
    /// The whole text.
    pub span: Span,
}

/// `SELECT ... FROM ... [JOIN ...] [WHERE ...] [ORDER BY ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// What is selected.
    pub items: SelectList,
    /// The first class.
    pub from: ClassRef,
    /// The joined classes, in order.
    pub joins: Vec<Join>,
    /// The WHERE condition.
    pub selection: Option<Expr>,
    /// ORDER BY keys.
    pub order_by: Vec<OrderItem>,
    /// From SELECT to the end of the statement.
    pub span: Span,
}

/// The select list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectList {
    /// `*`.
    Star(Span),
    /// A list of items.
    Items(Vec<SelectItem>),
}

/// One item of a select list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// An expression, usually a property.
    Expr(Expr),
    /// `Class.*`.
    QualifiedStar(Ident),
}

/// A class in FROM or JOIN, with its alias.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRef {
    /// The class name.
    pub class: Ident,
    /// The alias, if one was given.
    pub alias: Option<Ident>,
    /// Class and alias.
    pub span: Span,
}

impl ClassRef {
    /// The name the rest of the query uses for this class: its alias, else its name.
    pub fn binding_name(&self) -> &Ident {
        self.alias.as_ref().unwrap_or(&self.class)
    }
}

/// `<kind> JOIN class ON condition`.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// Inner, left, right or full.
    pub kind: JoinKind,
    /// The joined class.
    pub class: ClassRef,
    /// The ON condition.
    pub on: Expr,
    /// From the join keyword to the end of the condition.
    pub span: Span,
}

/// One ORDER BY key.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// What to sort by.
    pub expr: Expr,
    /// `DESC` (ascending otherwise).
    pub descending: bool,
    /// Key and direction.
    pub span: Span,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// AND or OR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogicalOp {
    /// `AND`
    And,
    /// `OR`
    Or,
}

/// A literal as written, before any typing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Literal {
    /// A string, escapes decoded.
    String(String),
    /// A whole number (covers uint64 and sint64).
    Integer(i128),
    /// A number with a fraction, as written.
    Decimal(String),
    /// `TRUE` / `FALSE`.
    Boolean(bool),
    /// `NULL`.
    Null,
}

/// What an expression is.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `Class.Prop`, `alias.Prop` or a bare `Prop`.
    Property {
        /// The class or alias before the dot.
        qualifier: Option<Ident>,
        /// The property.
        name: Ident,
    },
    /// A constant.
    Literal(Literal),
    /// A console prompt `##PRM:Class.Prop##`, holding `Class.Prop`.
    Prompt(String),
    /// `NOT expr`.
    Not(Box<Expr>),
    /// Two or more operands joined by one operator; chains are flattened.
    Logical {
        /// AND or OR.
        op: LogicalOp,
        /// The operands, in order, none of them the same operator.
        operands: Vec<Expr>,
    },
    /// `left op right`.
    Compare {
        /// Left operand.
        left: Box<Expr>,
        /// Operator.
        op: CompareOp,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `expr [NOT] LIKE pattern`.
    Like {
        /// The value.
        expr: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// `NOT LIKE`.
        negated: bool,
    },
    /// `expr IS [NOT] NULL`.
    IsNull {
        /// The value.
        expr: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `expr [NOT] IN (a, b, ...)`.
    InList {
        /// The value.
        expr: Box<Expr>,
        /// The list.
        list: Vec<Expr>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `expr [NOT] IN (SELECT ...)`.
    InSubquery {
        /// The value.
        expr: Box<Expr>,
        /// The subselect.
        subquery: Box<Select>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `expr [NOT] BETWEEN low AND high`.
    Between {
        /// The value.
        expr: Box<Expr>,
        /// Lower bound.
        low: Box<Expr>,
        /// Upper bound.
        high: Box<Expr>,
        /// `NOT BETWEEN`.
        negated: bool,
    },
    /// `Name(args)`; `Count(*)` has `star`.
    Function {
        /// The function name as written.
        name: Ident,
        /// The arguments (empty for `Count(*)`).
        args: Vec<Expr>,
        /// `Count(*)`.
        star: bool,
        /// `Count(DISTINCT x)`.
        distinct: bool,
    },
}

impl Expr {
    /// An expression at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }

    /// The direct sub-expressions (subselects not entered).
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Property { .. } | ExprKind::Literal(_) | ExprKind::Prompt(_) => vec![],
            ExprKind::Not(e) => vec![e],
            ExprKind::Logical { operands, .. } => operands.iter().collect(),
            ExprKind::Compare { left, right, .. } => vec![left, right],
            ExprKind::Like { expr, pattern, .. } => vec![expr, pattern],
            ExprKind::IsNull { expr, .. } => vec![expr],
            ExprKind::InList { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
            ExprKind::InSubquery { expr, .. } => vec![expr],
            ExprKind::Between { expr, low, high, .. } => vec![expr, low, high],
            ExprKind::Function { args, .. } => args.iter().collect(),
        }
    }
}
