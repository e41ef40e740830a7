//! The DataFusion session a report is planned in: the snapshot's views under
//! lower-case names (columns too), T-SQL's types, string `+`, PIVOT, and the
//! SQL Server semantics rule that runs after type coercion.

use super::semantics::{BitsAsNumbers, Collation, IntegerAverages};
use super::tables::TempTables;
use crate::error::Result;
use crate::exec::Engine;
use crate::lower::udf;
use datafusion::arrow::datatypes::{DataType, FieldRef, TimeUnit};
use datafusion::catalog::{SchemaProvider, TableProvider};
use datafusion::common::{Column, DFSchema, not_impl_err, plan_err};
use datafusion::datasource::{ViewTable, provider_as_source};
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::SessionStateDefaults;
use datafusion::logical_expr::planner::{
    ExprPlanner, PlannedRelation, PlannerResult, RawBinaryExpr, RelationPlanner, RelationPlannerContext,
    RelationPlanning, TypePlanner,
};
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable, LogicalPlanBuilder, Operator, binary_expr, cast};
use datafusion::optimizer::Analyzer;
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    self as sql, BinaryOperator, CaseWhen, ExactNumberInfo, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    PivotValueSource, TableFactor, Value, Visit, Visitor,
};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

/// A session over an engine's views, ready to plan reports.
pub struct ReportSession {
    /// The DataFusion context.
    pub ctx: SessionContext,
    /// The column names of the views planned so far as the snapshot spells
    /// them, by lower-case name.
    pub columns: Arc<Mutex<HashMap<String, String>>>,
    /// The views' names, in lower case.
    pub views: HashSet<String>,
    /// The report's temp tables and table variables.
    pub temps: TempTables,
}

/// Builds the report session over `engine`'s views; `seed` makes NEWID() repeatable.
pub async fn session(engine: &Engine, seed: Option<u64>) -> Result<ReportSession> {
    let mut config = SessionConfig::new()
        .with_target_partitions(if seed.is_some() { 1 } else { 2 })
        .with_information_schema(false);
    config.options_mut().sql_parser.collect_spans = true;
    // `1.0 / 3` is numeric in T-SQL, not float.
    config.options_mut().sql_parser.parse_float_as_decimal = true;
    let mut planners: Vec<Arc<dyn ExprPlanner>> = vec![Arc::new(TsqlOperators)];
    planners.extend(SessionStateDefaults::default_expr_planners());
    let mut rules: Vec<Arc<dyn datafusion::optimizer::AnalyzerRule + Send + Sync>> =
        vec![Arc::new(IntegerAverages), Arc::new(BitsAsNumbers)];
    rules.extend(Analyzer::new().rules);
    rules.push(Arc::new(Collation));
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .with_expr_planners(planners)
        .with_analyzer_rules(rules)
        .with_relation_planners(vec![Arc::new(Pivots)])
        .with_type_planner(Arc::new(TsqlTypes))
        .build();
    let ctx = SessionContext::new_with_state(state);
    for f in [
        &*udf::CI_KEY,
        &*udf::LIKE,
        &*udf::CHARINDEX,
        &*udf::DATEDIFF,
        &*udf::DATEADD,
        &*udf::DATEPART,
        &*udf::REPLACE,
        &*udf::FORMAT_DATETIME,
        &*udf::LEFT,
        &*udf::RIGHT,
        &*udf::STUFF,
        &*udf::DATENAME,
        &*udf::DIVIDE,
        &*udf::PATINDEX,
        &*super::udfs::FORMAT,
        &*super::udfs::FORMATMESSAGE,
        &*super::udfs::COALESCE,
        &*super::site::LCID,
        &*super::convert::CONVERT_TEXT,
        &*super::convert::STYLED_DATETIME,
        &*super::xml::XML_ROW,
        &*super::xml::XML_TEXT,
        &*super::json::JSON_OBJECT,
        &*super::culture::PARSE_TEXT,
        &*super::offsets::WITH_OFFSET,
        &*super::udfs::PARSENAME,
        &*super::numeric::CEILING,
        &*super::numeric::FLOOR,
        &*super::numeric::ROUND,
        &*super::numeric::POWER,
    ] {
        ctx.register_udf(f.clone());
    }
    ctx.register_udf(super::udfs::newid(seed));

    let source = engine
        .session_context()
        .catalog("datafusion")
        .and_then(|c| c.schema("public"))
        .ok_or_else(|| crate::error::EngineError::Invalid("the engine has no views".into()))?;
    let views: HashSet<String> = source.table_names().iter().map(|n| n.to_lowercase()).collect();
    // The columns of the site's table-valued functions print as the provider spells them.
    let columns = Arc::new(Mutex::new(super::site::functions().column_spellings()));
    let temps = TempTables::default();
    let schema = LowerCaseViews {
        source,
        columns: columns.clone(),
        made: Mutex::new(HashMap::new()),
        temps: temps.clone(),
    };
    ctx.catalog("datafusion")
        .ok_or_else(|| crate::error::EngineError::Invalid("DataFusion's default catalog is missing".into()))?
        .register_schema("public", Arc::new(schema))?;
    Ok(ReportSession {
        ctx,
        columns,
        views,
        temps,
    })
}

/// The engine's views under lower-case names with lower-case columns, each
/// made when a report first names it (so a snapshot opens only the views a
/// report reads).
#[derive(Debug)]
struct LowerCaseViews {
    source: Arc<dyn SchemaProvider>,
    /// Column spellings of the views made so far (see [`ReportSession::columns`]).
    columns: Arc<Mutex<HashMap<String, String>>>,
    made: Mutex<HashMap<String, Arc<dyn TableProvider>>>,
    temps: TempTables,
}

#[async_trait::async_trait]
impl SchemaProvider for LowerCaseViews {
    fn table_names(&self) -> Vec<String> {
        self.source.table_names().iter().map(|n| n.to_lowercase()).collect()
    }

    async fn table(&self, name: &str) -> datafusion::common::Result<Option<Arc<dyn TableProvider>>> {
        let name = name.to_lowercase();
        if TempTables::is_temp(&name) {
            return self.temps.provider(&name);
        }
        if let Some(v) = self.made.lock().unwrap_or_else(|p| p.into_inner()).get(&name) {
            return Ok(Some(v.clone()));
        }
        let Some(provider) = self.source.table(&name).await? else {
            return Ok(None);
        };
        let view = {
            let mut columns = self.columns.lock().unwrap_or_else(|p| p.into_inner());
            lower_case_view(&name, provider, &mut columns)?
        };
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        Ok(Some(made.entry(name).or_insert(view).clone()))
    }

    fn table_exist(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        if TempTables::is_temp(&name) {
            return self.temps.contains(&name);
        }
        self.source.table_exist(&name)
    }
}

/// The view `name` with lower-case column names.
fn lower_case_view(
    name: &str,
    provider: Arc<dyn TableProvider>,
    columns: &mut HashMap<String, String>,
) -> datafusion::common::Result<Arc<dyn TableProvider>> {
    let fields: Vec<String> = provider.schema().fields().iter().map(|f| f.name().clone()).collect();
    let scan = LogicalPlanBuilder::scan(name, provider_as_source(provider), None)?;
    let exprs: Vec<DfExpr> = fields
        .iter()
        .map(|f| {
            columns.entry(f.to_lowercase()).or_insert_with(|| f.clone());
            DfExpr::Column(Column::new(Some(name), f)).alias(f.to_lowercase())
        })
        .collect();
    let plan = scan.project(exprs)?.build()?;
    Ok(Arc::new(ViewTable::new(plan, None)))
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8)
}

/// T-SQL's data types.
#[derive(Debug)]
struct TsqlTypes;

impl TypePlanner for TsqlTypes {
    fn plan_type_field(&self, t: &sql::DataType) -> datafusion::common::Result<Option<FieldRef>> {
        let decimal = |info: &ExactNumberInfo| match info {
            ExactNumberInfo::None => DataType::Decimal128(18, 0),
            ExactNumberInfo::Precision(p) => DataType::Decimal128(*p as u8, 0),
            ExactNumberInfo::PrecisionAndScale(p, s) => DataType::Decimal128(*p as u8, *s as i8),
        };
        let ty = match t {
            sql::DataType::Nvarchar(_) | sql::DataType::Text => DataType::Utf8,
            sql::DataType::Datetime(_) => DataType::Timestamp(TimeUnit::Microsecond, None),
            sql::DataType::Bit(_) => DataType::Boolean,
            sql::DataType::Float(_) | sql::DataType::Double(_) => DataType::Float64,
            sql::DataType::Real => DataType::Float32,
            sql::DataType::Numeric(i) | sql::DataType::Decimal(i) | sql::DataType::Dec(i) => decimal(i),
            sql::DataType::TinyInt(_) | sql::DataType::SmallInt(_) => DataType::Int16,
            sql::DataType::Custom(name, _) => match name.to_string().to_lowercase().as_str() {
                "datetime2" | "smalldatetime" | "datetimeoffset" => DataType::Timestamp(TimeUnit::Microsecond, None),
                "nchar" | "ntext" | "sysname" | "uniqueidentifier" | "nvarchar" | "varchar" => DataType::Utf8,
                "money" => DataType::Decimal128(19, 4),
                "smallmoney" => DataType::Decimal128(10, 4),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(Arc::new(datafusion::arrow::datatypes::Field::new("", ty, true))))
    }
}

/// `+` on text is concatenation in T-SQL, and NULL when either side is.
#[derive(Debug)]
struct TsqlOperators;

impl ExprPlanner for TsqlOperators {
    fn plan_binary_op(
        &self,
        expr: RawBinaryExpr,
        schema: &DFSchema,
    ) -> datafusion::common::Result<PlannerResult<RawBinaryExpr>> {
        let comparison = matches!(
            expr.op,
            BinaryOperator::Eq
                | BinaryOperator::NotEq
                | BinaryOperator::Lt
                | BinaryOperator::LtEq
                | BinaryOperator::Gt
                | BinaryOperator::GtEq
        );
        let arithmetic = matches!(expr.op, BinaryOperator::Plus | BinaryOperator::Minus);
        let bitwise = matches!(
            expr.op,
            BinaryOperator::BitwiseAnd | BinaryOperator::BitwiseOr | BinaryOperator::BitwiseXor
        );
        if !arithmetic && !comparison && !bitwise {
            return Ok(PlannerResult::Original(expr));
        }
        let (Ok(l), Ok(r)) = (expr.left.get_type(schema), expr.right.get_type(schema)) else {
            return Ok(PlannerResult::Original(expr));
        };
        let RawBinaryExpr { left, right, op } = expr;
        if bitwise {
            // `bit & bit` is a bit and `bit | int` an int; NULL if either side is.
            let (lb, rb) = (l == DataType::Boolean, r == DataType::Boolean);
            if !lb && !rb {
                return Ok(PlannerResult::Original(RawBinaryExpr { op, left, right }));
            }
            let number = |e: DfExpr, bit: bool| if bit { cast(e, DataType::Int64) } else { e };
            let operator = match op {
                BinaryOperator::BitwiseAnd => datafusion::logical_expr::Operator::BitwiseAnd,
                BinaryOperator::BitwiseOr => datafusion::logical_expr::Operator::BitwiseOr,
                _ => datafusion::logical_expr::Operator::BitwiseXor,
            };
            let result = datafusion::logical_expr::binary_expr(number(left, lb), operator, number(right, rb));
            return Ok(PlannerResult::Planned(if lb && rb {
                cast(result, DataType::Boolean)
            } else {
                result
            }));
        }
        if comparison {
            let (left, right) = match (&l, &r) {
                // A bit compares with numbers as 0 and 1.
                (DataType::Boolean, n) if n.is_numeric() => (cast(left, DataType::Int64), right),
                (n, DataType::Boolean) if n.is_numeric() => (left, cast(right, DataType::Int64)),
                // Text meets a number: the number's type wins (data type precedence),
                // so '10' > 9 compares numbers, not strings.
                (t, n) if is_text(t) && n.is_numeric() => (cast(left, n.clone()), right),
                (n, t) if is_text(t) && n.is_numeric() => (left, cast(right, n.clone())),
                _ => return Ok(PlannerResult::Original(RawBinaryExpr { op, left, right })),
            };
            return Ok(PlannerResult::Original(RawBinaryExpr { op, left, right }));
        }
        // datetime ± whole days.
        let ts = DataType::Timestamp(TimeUnit::Microsecond, None);
        match (&l, &r) {
            (DataType::Timestamp(..), n) if n.is_integer() => {
                let days = if op == BinaryOperator::Minus {
                    DfExpr::Negative(Box::new(cast(right, DataType::Int64)))
                } else {
                    cast(right, DataType::Int64)
                };
                return Ok(PlannerResult::Planned(udf::DATEADD.call(vec![
                    datafusion::prelude::lit("day"),
                    days,
                    cast(left, ts),
                ])));
            }
            (n, DataType::Timestamp(..)) if n.is_integer() && op == BinaryOperator::Plus => {
                return Ok(PlannerResult::Planned(udf::DATEADD.call(vec![
                    datafusion::prelude::lit("day"),
                    cast(left, DataType::Int64),
                    cast(right, ts),
                ])));
            }
            _ => {}
        }
        if op != BinaryOperator::Plus {
            return Ok(PlannerResult::Original(RawBinaryExpr { op, left, right }));
        }
        if (is_text(&l) || l == DataType::Null) && (is_text(&r) || r == DataType::Null) && (is_text(&l) || is_text(&r))
        {
            return Ok(PlannerResult::Planned(binary_expr(left, Operator::StringConcat, right)));
        }
        // Text meets a number: SQL Server converts the text to the number's type.
        if is_text(&l) && r.is_numeric() {
            return Ok(PlannerResult::Planned(binary_expr(
                cast(left, r),
                Operator::Plus,
                right,
            )));
        }
        if is_text(&r) && l.is_numeric() {
            return Ok(PlannerResult::Planned(binary_expr(
                left,
                Operator::Plus,
                cast(right, l),
            )));
        }
        Ok(PlannerResult::Original(RawBinaryExpr { op, left, right }))
    }
}

/// PIVOT as conditional aggregation: one aggregate per listed value, grouped
/// by the input's other columns.
#[derive(Debug)]
struct Pivots;

/// Collects the (last parts of the) column names an expression reads.
struct Names(HashSet<String>);

impl Visitor for Names {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        match e {
            Expr::Identifier(i) => {
                self.0.insert(i.value.clone());
            }
            Expr::CompoundIdentifier(parts) => {
                if let Some(last) = parts.last() {
                    self.0.insert(last.value.clone());
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

impl RelationPlanner for Pivots {
    fn plan_relation(
        &self,
        relation: TableFactor,
        ctx: &mut dyn RelationPlannerContext,
    ) -> datafusion::common::Result<RelationPlanning> {
        if let TableFactor::Unpivot {
            table,
            value,
            name,
            columns,
            null_inclusion,
            alias,
        } = relation
        {
            return unpivot(ctx, *table, value, name, columns, null_inclusion, alias);
        }
        let TableFactor::Pivot {
            table,
            aggregate_functions,
            value_column,
            value_source,
            default_on_null,
            alias,
        } = relation
        else {
            return Ok(RelationPlanning::Original(Box::new(relation)));
        };
        if default_on_null.is_some() {
            return not_impl_err!("PIVOT … DEFAULT ON NULL");
        }
        let input = ctx.plan(*table)?;
        let [agg] = aggregate_functions.as_slice() else {
            return not_impl_err!("PIVOT with more than one aggregate");
        };
        let [pivot] = value_column.as_slice() else {
            return not_impl_err!("PIVOT over more than one column");
        };
        let PivotValueSource::List(values) = value_source else {
            return not_impl_err!("PIVOT values other than a list");
        };
        let Expr::Function(f) = &agg.expr else {
            return plan_err!("PIVOT needs an aggregate function, found {}", agg.expr);
        };
        let arg = match &f.args {
            FunctionArguments::List(l) => match l.args.as_slice() {
                [FunctionArg::Unnamed(FunctionArgExpr::Expr(e))] => e.clone(),
                _ => return not_impl_err!("PIVOT aggregate {} with other than one argument", f.name),
            },
            _ => return not_impl_err!("PIVOT aggregate {}", f.name),
        };
        let mut used = Names(HashSet::new());
        let _ = arg.visit(&mut used);
        let _ = pivot.visit(&mut used);
        let schema = input.schema().clone();
        let groups: Vec<DfExpr> = schema
            .iter()
            .filter(|(_, field)| !used.0.contains(field.name()))
            .map(|(q, field)| DfExpr::Column(Column::new(q.cloned(), field.name())))
            .collect();
        let mut aggs = Vec::new();
        for v in values {
            let (value, name) = match &v.expr {
                Expr::Identifier(id) => {
                    let value = match id.value.parse::<i64>() {
                        Ok(_) => Expr::Value(Value::Number(id.value.clone(), false).with_empty_span()),
                        Err(_) => Expr::Value(Value::SingleQuotedString(id.value.clone()).with_empty_span()),
                    };
                    (value, id.value.clone())
                }
                Expr::Value(val) => (v.expr.clone(), val.value.to_string().trim_matches('\'').to_string()),
                other => return not_impl_err!("PIVOT value {other}"),
            };
            let name = v.alias.as_ref().map_or(name, |a| a.value.clone());
            let case = Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: None,
                conditions: vec![CaseWhen {
                    condition: Expr::BinaryOp {
                        left: Box::new(pivot.clone()),
                        op: BinaryOperator::Eq,
                        right: Box::new(value),
                    },
                    result: arg.clone(),
                }],
                else_result: None,
            };
            let mut g = f.clone();
            g.args = FunctionArguments::List(sql::FunctionArgumentList {
                duplicate_treatment: None,
                args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(case))],
                clauses: vec![],
            });
            aggs.push(ctx.sql_to_expr(Expr::Function(g), &schema)?.alias(name));
        }
        let plan = LogicalPlanBuilder::from(input).aggregate(groups, aggs)?.build()?;
        Ok(RelationPlanning::Planned(Box::new(PlannedRelation::new(plan, alias))))
    }
}

/// UNPIVOT as a UNION ALL of one projection per listed column; rows whose
/// value is NULL are left out, as SQL Server does.
fn unpivot(
    ctx: &mut dyn RelationPlannerContext,
    table: TableFactor,
    value: Expr,
    name: sql::Ident,
    columns: Vec<sql::ExprWithAlias>,
    null_inclusion: Option<sql::NullInclusion>,
    alias: Option<sql::TableAlias>,
) -> datafusion::common::Result<RelationPlanning> {
    if null_inclusion.is_some() {
        return not_impl_err!("UNPIVOT … INCLUDE/EXCLUDE NULLS");
    }
    let Expr::Identifier(value_name) = value else {
        return not_impl_err!("UNPIVOT value {value}");
    };
    let input = ctx.plan(table)?;
    let schema = input.schema().clone();
    let mut listed = HashSet::new();
    let mut sources = Vec::new();
    for c in &columns {
        let Expr::Identifier(id) = &c.expr else {
            return not_impl_err!("UNPIVOT column {}", c.expr);
        };
        listed.insert(id.value.clone());
        let label = c.alias.as_ref().map_or(id.value.clone(), |a| a.value.clone());
        sources.push((ctx.sql_to_expr(c.expr.clone(), &schema)?, label));
    }
    let keep: Vec<DfExpr> = schema
        .iter()
        .filter(|(_, f)| !listed.contains(f.name()))
        .map(|(q, f)| DfExpr::Column(Column::new(q.cloned(), f.name())))
        .collect();
    let mut plan: Option<LogicalPlanBuilder> = None;
    for (e, label) in sources {
        let mut exprs = keep.clone();
        exprs.push(datafusion::prelude::lit(label).alias(name.value.clone()));
        exprs.push(e.clone().alias(value_name.value.clone()));
        let part = LogicalPlanBuilder::from(input.clone())
            .filter(e.is_not_null())?
            .project(exprs)?;
        plan = Some(match plan {
            None => part,
            Some(p) => p.union(part.build()?)?,
        });
    }
    let Some(plan) = plan else {
        return plan_err!("UNPIVOT needs at least one column");
    };
    Ok(RelationPlanning::Planned(Box::new(PlannedRelation::new(
        plan.build()?,
        alias,
    ))))
}
