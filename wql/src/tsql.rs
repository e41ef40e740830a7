//! [`LogicalPlan`] → T-SQL over the site database's views, as a `sqlparser`
//! AST printed by `Display`. Every literal becomes a parameter (`@P1`, …);
//! identifiers come only from the catalog and are bracketed when needed.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    self as sql, BinaryOperator, Distinct, Expr as SqlExpr, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, GroupByExpr, Ident as SqlIdent, ObjectName, OrderBy, OrderByExpr, OrderByKind, OrderByOptions,
    SelectFlavor, SelectItem, SetExpr, Statement, TableAlias, TableFactor, TableWithJoins, UnaryOperator,
    WildcardAdditionalOptions,
};
use wqlkit_core::plan::{Aggregate, CompareOp, JoinKind, LogicalPlan, ScalarExpr, ScalarKind};
use wqlkit_core::{Code, Diagnostic, SqlType, Value};

/// One `@Pn` parameter with its declared type and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// `@P1`, `@P2`, …
    pub name: String,
    /// The type it is declared with.
    pub sql_type: SqlType,
    /// Its value.
    pub value: Value,
}

/// A translated query: the statement, its text, and its parameters in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The statement as a sqlparser AST.
    pub statement: Statement,
    /// The statement's text (`statement.to_string()`).
    pub sql: String,
    /// The parameters, in order of `@Pn`.
    pub params: Vec<Param>,
}

impl Translation {
    /// `{"sql": ..., "params": [{"name", "type", "value"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "sql": self.sql,
            "params": self.params.iter().map(|p| serde_json::json!({
                "name": p.name,
                "type": p.sql_type.to_string(),
                "value": p.value.to_json(),
            })).collect::<Vec<_>>(),
        })
    }

    /// An `sp_executesql`-style declaration list: `@P1 nvarchar(4000), @P2 int`.
    pub fn declarations(&self) -> String {
        self.params
            .iter()
            .map(|p| format!("{} {}", p.name, p.sql_type))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Lowers a bound plan to T-SQL.
pub fn to_tsql(plan: &LogicalPlan) -> Result<Translation, Diagnostic> {
    let mut l = Lowerer { params: Vec::new() };
    let query = l.query(plan)?;
    let statement = Statement::Query(Box::new(query));
    let sql = statement.to_string();
    Ok(Translation {
        statement,
        sql,
        params: l.params,
    })
}

struct Lowerer {
    params: Vec<Param>,
}

fn unsupported(plan: &LogicalPlan, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Unsupported,
        plan.span(),
        format!("cannot translate {what} to T-SQL"),
    )
    .with_help("this is a defect in wqlkit; please report the query")
}

impl Lowerer {
    fn query(&mut self, plan: &LogicalPlan) -> Result<sql::Query, Diagnostic> {
        let mut node = plan;
        let mut distinct = false;
        if let LogicalPlan::Distinct { input, .. } = node {
            distinct = true;
            node = input;
        }
        let projection = match node {
            LogicalPlan::Project { input, items, .. } => {
                node = input;
                items
                    .iter()
                    .map(|i| {
                        Ok(SelectItem::ExprWithAlias {
                            expr: self.expr(&i.expr)?,
                            alias: ident(&i.name),
                        })
                    })
                    .collect::<Result<Vec<_>, Diagnostic>>()?
            }
            LogicalPlan::Aggregate { input, items, .. } => {
                node = input;
                items
                    .iter()
                    .map(|(a, name)| {
                        let (arg, distinct) = match a {
                            Aggregate::CountStar => (FunctionArgExpr::Wildcard, false),
                            Aggregate::Count(e) => (FunctionArgExpr::Expr(self.expr(e)?), false),
                            Aggregate::CountDistinct(e) => (FunctionArgExpr::Expr(self.expr(e)?), true),
                        };
                        let f = function("COUNT", vec![FunctionArg::Unnamed(arg)], distinct);
                        Ok(SelectItem::ExprWithAlias {
                            expr: f,
                            alias: ident(name),
                        })
                    })
                    .collect::<Result<Vec<_>, Diagnostic>>()?
            }
            other => return Err(unsupported(other, "a query without a select list")),
        };
        let mut order = Vec::new();
        let mut sort_node = None;
        if let LogicalPlan::Sort { input, keys, .. } = node {
            sort_node = Some(keys);
            node = input;
        }
        let mut selection = None;
        let mut filter_node = None;
        if let LogicalPlan::Filter { input, predicate, .. } = node {
            filter_node = Some(predicate);
            node = input;
        }
        // Lower in text order so that @P numbers read left to right.
        let from = self.from(node)?;
        if let Some(p) = filter_node {
            selection = Some(self.expr(p)?);
        }
        if let Some(keys) = sort_node {
            for k in keys {
                order.push(OrderByExpr {
                    expr: self.expr(&k.expr)?,
                    options: OrderByOptions {
                        asc: if k.descending { Some(false) } else { None },
                        nulls_first: None,
                    },
                    with_fill: None,
                });
            }
        }
        let select = select_of(distinct.then_some(Distinct::Distinct), projection, from, selection);
        Ok(query_of(SetExpr::Select(Box::new(select)), order))
    }

    fn from(&mut self, plan: &LogicalPlan) -> Result<TableWithJoins, Diagnostic> {
        match plan {
            LogicalPlan::Scan { .. } => Ok(TableWithJoins {
                relation: self.table(plan)?,
                joins: vec![],
            }),
            LogicalPlan::Join {
                left, right, kind, on, ..
            } => {
                let mut t = self.from(left)?;
                let relation = self.table(right)?;
                let on = sql::JoinConstraint::On(self.expr(on)?);
                let join_operator = match kind {
                    JoinKind::Inner => sql::JoinOperator::Inner(on),
                    JoinKind::Left => sql::JoinOperator::LeftOuter(on),
                    JoinKind::Right => sql::JoinOperator::RightOuter(on),
                    JoinKind::Full => sql::JoinOperator::FullOuter(on),
                };
                t.joins.push(sql::Join {
                    relation,
                    global: false,
                    join_operator,
                });
                Ok(t)
            }
            other => Err(unsupported(other, "this FROM clause")),
        }
    }

    fn table(&mut self, plan: &LogicalPlan) -> Result<TableFactor, Diagnostic> {
        let LogicalPlan::Scan {
            alias,
            view,
            fixed_filter,
            ..
        } = plan
        else {
            return Err(unsupported(plan, "a nested join"));
        };
        let alias = Some(TableAlias {
            explicit: true,
            name: ident(alias),
            columns: vec![],
            at: None,
        });
        match fixed_filter {
            None => Ok(table_factor(view, alias)),
            Some((column, value)) => {
                // (SELECT * FROM view WHERE column = @Pn) AS alias
                let predicate = SqlExpr::BinaryOp {
                    left: Box::new(SqlExpr::Identifier(ident(column))),
                    op: BinaryOperator::Eq,
                    right: Box::new(self.param(Value::String(value.clone()))),
                };
                let select = select_of(
                    None,
                    vec![SelectItem::Wildcard(WildcardAdditionalOptions::default())],
                    TableWithJoins {
                        relation: table_factor(view, None),
                        joins: vec![],
                    },
                    Some(predicate),
                );
                Ok(TableFactor::Derived {
                    lateral: false,
                    subquery: Box::new(query_of(SetExpr::Select(Box::new(select)), vec![])),
                    alias,
                    sample: None,
                })
            }
        }
    }

    fn param(&mut self, value: Value) -> SqlExpr {
        let name = format!("@P{}", self.params.len() + 1);
        self.params.push(Param {
            name: name.clone(),
            sql_type: value.sql_type(),
            value,
        });
        SqlExpr::Identifier(SqlIdent::new(name))
    }

    fn exprs(&mut self, v: &[ScalarExpr]) -> Result<Vec<SqlExpr>, Diagnostic> {
        v.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, e: &ScalarExpr) -> Result<SqlExpr, Diagnostic> {
        Ok(match &e.kind {
            ScalarKind::Column(c) => SqlExpr::CompoundIdentifier(vec![ident(&c.relation), ident(&c.column)]),
            ScalarKind::Literal(Value::Null) => SqlExpr::Value(sql::Value::Null.into()),
            ScalarKind::Literal(v) => self.param(v.clone()),
            ScalarKind::Compare { left, op, right } => SqlExpr::BinaryOp {
                left: Box::new(self.operand(left)?),
                op: match op {
                    CompareOp::Eq => BinaryOperator::Eq,
                    CompareOp::NotEq => BinaryOperator::NotEq,
                    CompareOp::Lt => BinaryOperator::Lt,
                    CompareOp::LtEq => BinaryOperator::LtEq,
                    CompareOp::Gt => BinaryOperator::Gt,
                    CompareOp::GtEq => BinaryOperator::GtEq,
                },
                right: Box::new(self.operand(right)?),
            },
            ScalarKind::Like { expr, pattern, negated } => SqlExpr::Like {
                negated: *negated,
                any: false,
                expr: Box::new(self.operand(expr)?),
                pattern: Box::new(self.operand(pattern)?),
                escape_char: None,
            },
            ScalarKind::IsNull { expr, negated } => {
                let x = Box::new(self.operand(expr)?);
                if *negated {
                    SqlExpr::IsNotNull(x)
                } else {
                    SqlExpr::IsNull(x)
                }
            }
            ScalarKind::InList { expr, list, negated } => SqlExpr::InList {
                expr: Box::new(self.operand(expr)?),
                list: list.iter().map(|x| self.operand(x)).collect::<Result<_, _>>()?,
                negated: *negated,
            },
            ScalarKind::InSubquery {
                expr,
                subquery,
                negated,
            } => SqlExpr::InSubquery {
                expr: Box::new(self.operand(expr)?),
                subquery: Box::new(self.query(subquery)?),
                negated: *negated,
            },
            ScalarKind::Between {
                expr,
                low,
                high,
                negated,
            } => SqlExpr::Between {
                expr: Box::new(self.operand(expr)?),
                negated: *negated,
                low: Box::new(self.operand(low)?),
                high: Box::new(self.operand(high)?),
            },
            ScalarKind::And(v) | ScalarKind::Or(v) => {
                let is_and = matches!(e.kind, ScalarKind::And(_));
                let op = if is_and {
                    BinaryOperator::And
                } else {
                    BinaryOperator::Or
                };
                let mut parts = Vec::new();
                for x in v {
                    let lowered = self.expr(x)?;
                    // OR inside AND needs parentheses; AND inside OR reads clearer with them.
                    let wrap = matches!(x.kind, ScalarKind::Or(_) | ScalarKind::And(_));
                    parts.push(if wrap {
                        SqlExpr::Nested(Box::new(lowered))
                    } else {
                        lowered
                    });
                }
                let mut it = parts.into_iter();
                let first = it.next().unwrap_or(SqlExpr::Value(sql::Value::Boolean(true).into()));
                it.fold(first, |acc, x| SqlExpr::BinaryOp {
                    left: Box::new(acc),
                    op: op.clone(),
                    right: Box::new(x),
                })
            }
            ScalarKind::Not(x) => {
                let inner = self.expr(x)?;
                let wrap = matches!(x.kind, ScalarKind::Or(_) | ScalarKind::And(_) | ScalarKind::Not(_));
                SqlExpr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(if wrap { SqlExpr::Nested(Box::new(inner)) } else { inner }),
                }
            }
            ScalarKind::Function { func, args } => {
                let mut list: Vec<FunctionArg> = func
                    .date_part()
                    .map(|p| {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(SqlExpr::Identifier(SqlIdent::new(p.as_str()))))
                    })
                    .into_iter()
                    .collect();
                for a in self.exprs(args)? {
                    list.push(FunctionArg::Unnamed(FunctionArgExpr::Expr(a)));
                }
                function(func.sql_name(), list, false)
            }
        })
    }

    /// An operand of a comparison: conditions inside it get parentheses.
    fn operand(&mut self, e: &ScalarExpr) -> Result<SqlExpr, Diagnostic> {
        let x = self.expr(e)?;
        let condition = !matches!(
            e.kind,
            ScalarKind::Column(_) | ScalarKind::Literal(_) | ScalarKind::Function { .. }
        );
        Ok(if condition { SqlExpr::Nested(Box::new(x)) } else { x })
    }
}

/// A SELECT with only the parts WQL uses.
fn select_of(
    distinct: Option<Distinct>,
    projection: Vec<SelectItem>,
    from: TableWithJoins,
    selection: Option<SqlExpr>,
) -> sql::Select {
    sql::Select {
        select_token: AttachedToken::empty(),
        optimizer_hints: vec![],
        distinct,
        select_modifiers: None,
        top: None,
        top_before_distinct: false,
        projection,
        exclude: None,
        into: None,
        from: vec![from],
        lateral_views: vec![],
        prewhere: None,
        selection,
        connect_by: vec![],
        group_by: GroupByExpr::Expressions(vec![], vec![]),
        cluster_by: vec![],
        distribute_by: vec![],
        sort_by: vec![],
        having: None,
        named_window: vec![],
        qualify: None,
        window_before_qualify: false,
        value_table_mode: None,
        flavor: SelectFlavor::Standard,
    }
}

/// A query of `body` ordered by `order` (none: unordered), with nothing else.
pub fn query_of(body: SetExpr, order: Vec<OrderByExpr>) -> sql::Query {
    sql::Query {
        with: None,
        body: Box::new(body),
        order_by: if order.is_empty() {
            None
        } else {
            Some(OrderBy {
                kind: OrderByKind::Expressions(order),
                interpolate: None,
            })
        },
        limit_clause: None,
        fetch: None,
        locks: vec![],
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: vec![],
    }
}

/// `view [AS alias]` as a sqlparser table reference.
pub fn table_factor(view: &str, alias: Option<TableAlias>) -> TableFactor {
    TableFactor::Table {
        name: ObjectName::from(vec![ident(view)]),
        alias,
        args: None,
        with_hints: vec![],
        version: None,
        with_ordinality: false,
        partitions: vec![],
        json_path: None,
        sample: None,
        index_hints: vec![],
    }
}

fn function(name: &str, args: Vec<FunctionArg>, distinct: bool) -> SqlExpr {
    SqlExpr::Function(sql::Function {
        name: ObjectName::from(vec![SqlIdent::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: distinct.then_some(sql::DuplicateTreatment::Distinct),
            args,
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// A catalog identifier, bracketed when it is not a plain name or is reserved.
fn ident(name: &str) -> SqlIdent {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_reserved(name);
    if plain {
        SqlIdent::new(name)
    } else {
        SqlIdent::with_quote('[', name.replace(']', ")"))
    }
}

/// T-SQL reserved keywords (SQL Server's documented list) that a catalog name could collide with.
fn is_reserved(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "ADD",
        "ALL",
        "ALTER",
        "AND",
        "ANY",
        "AS",
        "ASC",
        "AUTHORIZATION",
        "BACKUP",
        "BEGIN",
        "BETWEEN",
        "BREAK",
        "BROWSE",
        "BULK",
        "BY",
        "CASCADE",
        "CASE",
        "CHECK",
        "CHECKPOINT",
        "CLOSE",
        "CLUSTERED",
        "COALESCE",
        "COLLATE",
        "COLUMN",
        "COMMIT",
        "COMPUTE",
        "CONSTRAINT",
        "CONTAINS",
        "CONTAINSTABLE",
        "CONTINUE",
        "CONVERT",
        "CREATE",
        "CROSS",
        "CURRENT",
        "CURRENT_DATE",
        "CURRENT_TIME",
        "CURRENT_TIMESTAMP",
        "CURRENT_USER",
        "CURSOR",
        "DATABASE",
        "DBCC",
        "DEALLOCATE",
        "DECLARE",
        "DEFAULT",
        "DELETE",
        "DENY",
        "DESC",
        "DISK",
        "DISTINCT",
        "DISTRIBUTED",
        "DOUBLE",
        "DROP",
        "DUMP",
        "ELSE",
        "END",
        "ERRLVL",
        "ESCAPE",
        "EXCEPT",
        "EXEC",
        "EXECUTE",
        "EXISTS",
        "EXIT",
        "EXTERNAL",
        "FETCH",
        "FILE",
        "FILLFACTOR",
        "FOR",
        "FOREIGN",
        "FREETEXT",
        "FREETEXTTABLE",
        "FROM",
        "FULL",
        "FUNCTION",
        "GOTO",
        "GRANT",
        "GROUP",
        "HAVING",
        "HOLDLOCK",
        "IDENTITY",
        "IDENTITY_INSERT",
        "IDENTITYCOL",
        "IF",
        "IN",
        "INDEX",
        "INNER",
        "INSERT",
        "INTERSECT",
        "INTO",
        "IS",
        "JOIN",
        "KEY",
        "KILL",
        "LEFT",
        "LIKE",
        "LINENO",
        "LOAD",
        "MERGE",
        "NATIONAL",
        "NOCHECK",
        "NONCLUSTERED",
        "NOT",
        "NULL",
        "NULLIF",
        "OF",
        "OFF",
        "OFFSETS",
        "ON",
        "OPEN",
        "OPENDATASOURCE",
        "OPENQUERY",
        "OPENROWSET",
        "OPENXML",
        "OPTION",
        "OR",
        "ORDER",
        "OUTER",
        "OVER",
        "PERCENT",
        "PIVOT",
        "PLAN",
        "PRECISION",
        "PRIMARY",
        "PRINT",
        "PROC",
        "PROCEDURE",
        "PUBLIC",
        "RAISERROR",
        "READ",
        "READTEXT",
        "RECONFIGURE",
        "REFERENCES",
        "REPLICATION",
        "RESTORE",
        "RESTRICT",
        "RETURN",
        "REVERT",
        "REVOKE",
        "RIGHT",
        "ROLLBACK",
        "ROWCOUNT",
        "ROWGUIDCOL",
        "RULE",
        "SAVE",
        "SCHEMA",
        "SECURITYAUDIT",
        "SELECT",
        "SEMANTICKEYPHRASETABLE",
        "SEMANTICSIMILARITYDETAILSTABLE",
        "SEMANTICSIMILARITYTABLE",
        "SESSION_USER",
        "SET",
        "SETUSER",
        "SHUTDOWN",
        "SOME",
        "STATISTICS",
        "SYSTEM_USER",
        "TABLE",
        "TABLESAMPLE",
        "TEXTSIZE",
        "THEN",
        "TO",
        "TOP",
        "TRAN",
        "TRANSACTION",
        "TRIGGER",
        "TRUNCATE",
        "TRY_CONVERT",
        "TSEQUAL",
        "UNION",
        "UNIQUE",
        "UNPIVOT",
        "UPDATE",
        "UPDATETEXT",
        "USE",
        "USER",
        "VALUES",
        "VARYING",
        "VIEW",
        "WAITFOR",
        "WHEN",
        "WHERE",
        "WHILE",
        "WITH",
        "WITHIN",
        "WRITETEXT",
    ];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}
