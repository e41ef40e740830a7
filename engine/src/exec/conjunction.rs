//! Conjunctions of cheap conditions evaluated whole.
//!
//! DataFusion evaluates `a AND b` by evaluating `a` and, when `a` keeps at
//! most a fifth of the rows and has no NULL, copying the batch down to those
//! rows, evaluating `b` on the copy and scattering its result back run by run
//! ("pre-selection"). That pays when `b` costs much per row. WQL's text
//! conditions on a dictionary-encoded column (`wql_like`, `wql_ci_compare`)
//! are computed once per distinct value of the dictionary and then looked up
//! by key, and a comparison of a column with a constant is one vectorised
//! pass: for them the copy and the scatter cost more than evaluating `b` over
//! every row, the more so when the rows `a` keeps are spread over the batch
//! (the programs named like 'Google Chrome%', one row in twenty everywhere).
//! [`WholeConjunctions`] replaces the AND chain of such a filter by
//! [`AllOf`], which evaluates each condition over the whole batch and
//! combines them with SQL's three-valued AND, stopping early only where no
//! row is left. A text test that follows conditions leaving few rows (the
//! version comparison after the LIKE) is looked up by key at those rows
//! only (`at_candidates`). The rows kept are the same; only the work changes.

use crate::lower::udf::once_per_value;
use datafusion::arrow::array::{Array, AsArray, BooleanArray, BooleanBufferBuilder, RecordBatch};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::and_kleene;
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Result, internal_err};
use datafusion::logical_expr::{ColumnarValue, Operator};
use datafusion::physical_expr::expressions::{BinaryExpr, Column, IsNotNullExpr, IsNullExpr, Literal, NotExpr};
use datafusion::physical_expr::utils::split_conjunction;
use datafusion::physical_expr::{PhysicalExpr, ScalarFunctionExpr};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::filter::{FilterExec, FilterExecBuilder};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The WQL functions that test a text column once per distinct value when
/// the column is dictionary-encoded (`lower::udf::text_predicate`).
const PER_DISTINCT_VALUE: [&str; 2] = ["wql_like", "wql_ci_compare"];

/// The physical optimizer rule: in every filter whose condition is an AND of
/// two or more cheap conditions, evaluates them whole ([`AllOf`]).
#[derive(Debug, Default)]
pub(crate) struct WholeConjunctions;

impl PhysicalOptimizerRule for WholeConjunctions {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, _config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            let Some(filter) = node.downcast_ref::<FilterExec>() else {
                return Ok(Transformed::no(node));
            };
            let schema = filter.input().schema();
            let conjuncts = split_conjunction(filter.predicate());
            if conjuncts.len() < 2 || !conjuncts.iter().all(|c| cheap(c.as_ref(), &schema)) {
                return Ok(Transformed::no(node));
            }
            let all_of = Arc::new(AllOf(conjuncts.into_iter().cloned().collect()));
            let exec = FilterExecBuilder::from(filter).with_predicate(all_of).build()?;
            Ok(Transformed::yes(Arc::new(exec) as Arc<dyn ExecutionPlan>))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "wqlkit_whole_conjunctions"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// Whether `e` costs about as much over a whole batch as over a few of its
/// rows picked out: a column or constant compared with a column or constant,
/// a NULL test of a column, a WQL text test of a dictionary-encoded column
/// against constants, or the negation of one of these. An equality is left
/// out: DataFusion reads constants and equal columns from the `=`
/// conditions of a filter's AND, which it cannot see inside [`AllOf`].
fn cheap(e: &dyn PhysicalExpr, schema: &Schema) -> bool {
    let column = |e: &Arc<dyn PhysicalExpr>| e.downcast_ref::<Column>().is_some();
    let constant = |e: &Arc<dyn PhysicalExpr>| e.downcast_ref::<Literal>().is_some();
    let plain = |e: &Arc<dyn PhysicalExpr>| column(e) || constant(e);
    if let Some(b) = e.downcast_ref::<BinaryExpr>() {
        let comparison = matches!(
            b.op(),
            Operator::NotEq | Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq
        );
        return comparison && plain(b.left()) && plain(b.right());
    }
    if let Some(n) = e.downcast_ref::<IsNullExpr>() {
        return column(n.arg());
    }
    if let Some(n) = e.downcast_ref::<IsNotNullExpr>() {
        return column(n.arg());
    }
    if let Some(n) = e.downcast_ref::<NotExpr>() {
        return cheap(n.arg().as_ref(), schema);
    }
    if let Some((column, _)) = text_test(e) {
        return matches!(column.data_type(schema), Ok(DataType::Dictionary(..)));
    }
    false
}

type Expr = Arc<dyn PhysicalExpr>;

/// A WQL text test of a column against constants (`wql_like(col, 'x%')`):
/// its column and its constants.
fn text_test(e: &dyn PhysicalExpr) -> Option<(&Expr, &[Expr])> {
    let f = e.downcast_ref::<ScalarFunctionExpr>()?;
    let (column, constants) = f.args().split_first()?;
    let test = PER_DISTINCT_VALUE.contains(&f.name())
        && column.downcast_ref::<Column>().is_some()
        && constants.iter().all(|a| a.downcast_ref::<Literal>().is_some());
    test.then_some((column, constants))
}

/// `c1 AND c2 AND …`, each condition evaluated over the whole batch.
#[derive(Debug, Clone)]
pub(crate) struct AllOf(Vec<Arc<dyn PhysicalExpr>>);

impl PartialEq for AllOf {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| a.as_ref() == b.as_ref())
    }
}

impl Eq for AllOf {}

impl Hash for AllOf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for c in &self.0 {
            c.hash(state);
        }
    }
}

impl AllOf {
    /// The conditions joined by AND, each written by `write`.
    fn joined(
        &self,
        f: &mut fmt::Formatter<'_>,
        write: impl Fn(&dyn PhysicalExpr, &mut fmt::Formatter<'_>) -> fmt::Result,
    ) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, " AND ")?;
            }
            write(c.as_ref(), f)?;
        }
        Ok(())
    }
}

impl fmt::Display for AllOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.joined(f, |c, f| write!(f, "{c}"))
    }
}

impl PhysicalExpr for AllOf {
    fn data_type(&self, _input_schema: &Schema) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn nullable(&self, input_schema: &Schema) -> Result<bool> {
        for c in &self.0 {
            if c.nullable(input_schema)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn evaluate(&self, batch: &RecordBatch) -> Result<ColumnarValue> {
        let mut all: Option<BooleanArray> = None;
        for c in &self.0 {
            let picked = match &all {
                Some(sofar) => at_candidates(c, batch, sofar)?,
                None => None,
            };
            let value = match picked {
                Some(v) => v,
                None => {
                    let value = c.evaluate(batch)?.into_array(batch.num_rows())?;
                    match value.as_any().downcast_ref::<BooleanArray>() {
                        Some(b) => b.clone(),
                        None => return internal_err!("a condition of {self} is not boolean"),
                    }
                }
            };
            let next = match &all {
                None => value,
                Some(sofar) => and_kleene(sofar, &value)?,
            };
            // No row can be kept any more: the other conditions need not run.
            let none_left = next.null_count() == 0 && next.true_count() == 0;
            all = Some(next);
            if none_left {
                break;
            }
        }
        match all {
            Some(a) => Ok(ColumnarValue::Array(Arc::new(a))),
            None => internal_err!("an empty conjunction"),
        }
    }

    fn children(&self) -> Vec<&Arc<dyn PhysicalExpr>> {
        self.0.iter().collect()
    }

    fn with_new_children(self: Arc<Self>, children: Vec<Arc<dyn PhysicalExpr>>) -> Result<Arc<dyn PhysicalExpr>> {
        Ok(Arc::new(AllOf(children)))
    }

    fn fmt_sql(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.joined(f, |c, f| c.fmt_sql(f))
    }
}

/// A later condition is looked up only at the rows the conditions before it
/// may still keep when those are at most one in this many.
const FEW: usize = 8;

/// `c` at the rows that `sofar` may still keep (true or NULL there), when `c`
/// is a WQL text test of a dictionary column against constants and those
/// rows are few ([`FEW`]): `c` is computed once per distinct value of the
/// dictionary, as `lower::udf::text_predicate` computes it, and looked up by
/// key at those rows only. Every other row is false, which leaves the AND
/// false there whatever `c` is. `None` where this does not apply: the caller
/// evaluates `c` whole.
fn at_candidates(c: &Arc<dyn PhysicalExpr>, batch: &RecordBatch, sofar: &BooleanArray) -> Result<Option<BooleanArray>> {
    let Some((column, constants)) = text_test(c.as_ref()) else {
        return Ok(None);
    };
    let rows = batch.num_rows();
    let candidates = match sofar.nulls() {
        Some(nulls) => sofar.values() | &!nulls.inner(),
        None => sofar.values().clone(),
    };
    if candidates.count_set_bits() * FEW > rows {
        return Ok(None);
    }
    let array = column.evaluate(batch)?.into_array(rows)?;
    let Some(dict) = array.as_dictionary_opt::<Int32Type>().filter(|d| once_per_value(d)) else {
        return Ok(None);
    };
    let values = dict.values();
    let schema = Arc::new(Schema::new(vec![Field::new("value", values.data_type().clone(), true)]));
    let args = std::iter::once(Arc::new(Column::new("value", 0)) as Arc<dyn PhysicalExpr>)
        .chain(constants.iter().cloned())
        .collect();
    let per_value = Arc::clone(c)
        .with_new_children(args)?
        .evaluate(&RecordBatch::try_new(schema, vec![Arc::clone(values)])?)?
        .into_array(values.len())?;
    let Some(per_value) = per_value.as_boolean_opt() else {
        return internal_err!("{c} is not boolean");
    };
    // Each value's answer: false, true or NULL.
    const NULL: u8 = 2;
    let answers: Vec<u8> = (0..per_value.len())
        .map(|k| {
            if per_value.is_null(k) {
                NULL
            } else {
                u8::from(per_value.value(k))
            }
        })
        .collect();
    let (keys, null_keys) = (dict.keys().values(), dict.keys().nulls());
    let mut kept = BooleanBufferBuilder::new(rows);
    kept.append_n(rows, false);
    let mut known = BooleanBufferBuilder::new(rows);
    known.append_n(rows, true);
    for row in candidates.set_indices() {
        let answer = if null_keys.is_some_and(|n| n.is_null(row)) {
            NULL
        } else {
            match usize::try_from(keys[row]).ok().and_then(|k| answers.get(k)) {
                Some(&a) => a,
                None => return internal_err!("a dictionary key of {c} is outside its values"),
            }
        };
        match answer {
            0 => {}
            1 => kept.set_bit(row, true),
            _ => known.set_bit(row, false),
        }
    }
    let known = NullBuffer::new(known.finish());
    Ok(Some(BooleanArray::new(
        kept.finish(),
        (known.null_count() > 0).then_some(known),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::storage::fixture::batch_from_json;
    use crate::storage::schema::view_schema;
    use datafusion::arrow::array::{AsArray, BooleanArray};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{Field, Int32Type, Schema};
    use serde_json::json;
    use wqlkit_core::{Catalog, DateTime};
    use wqlkit_wql::{BindOptions, compile};

    fn catalog() -> Catalog {
        Catalog::from_toml(wqlkit_core::testing::MINI_CATALOG).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Devices with NULL names and clients among them; `Name0` held as a
    /// dictionary when `dictionary`, as a snapshot's text columns are read.
    fn engine(dictionary: bool) -> Engine {
        let c = catalog();
        let rows = json!([
            {"ResourceID": 1, "Name0": "PC-01", "Client0": 1},
            {"ResourceID": 2, "Name0": "pc-02 ", "Client0": 0},
            {"ResourceID": 3, "Name0": "PC-03"},
            {"ResourceID": 4, "Client0": 1},
            {"ResourceID": 5, "Name0": "SRV-01", "Client0": 1},
            {"ResourceID": 6, "Name0": "pc-06", "Client0": 1}
        ]);
        let mut views = Vec::new();
        for v in c.views() {
            let rows = if v.name == "v_R_System" {
                rows.clone()
            } else {
                json!([])
            };
            let batch = batch_from_json(v, rows.as_array().unwrap_or(&Vec::new())).unwrap_or_else(|e| panic!("{e}"));
            let (batch, schema) = if dictionary && v.name == "v_R_System" {
                let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
                let fields: Vec<Field> = batch
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| match f.name().as_str() {
                        "Name0" => f.as_ref().clone().with_data_type(dict.clone()),
                        _ => f.as_ref().clone(),
                    })
                    .collect();
                let columns = batch
                    .columns()
                    .iter()
                    .zip(&fields)
                    .map(|(a, f)| cast(a, f.data_type()).unwrap_or_else(|e| panic!("{e}")))
                    .collect();
                let schema = Arc::new(Schema::new(fields));
                (
                    RecordBatch::try_new(schema.clone(), columns).unwrap_or_else(|e| panic!("{e}")),
                    schema,
                )
            } else {
                (batch, view_schema(v))
            };
            views.push((v.name.clone(), schema, vec![batch]));
        }
        let now = DateTime::parse("2024-03-01 12:00:00").unwrap_or_else(|| unreachable!());
        Engine::from_memory(views, now).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The ResourceIDs `wql` returns, sorted, and whether a filter of its plan
    /// evaluates a conjunction whole.
    async fn run(e: &Engine, wql: &str) -> (Vec<i32>, bool) {
        let c = compile(wql, &catalog(), &BindOptions::default()).unwrap_or_else(|d| panic!("{wql}: {d}"));
        let plan = e
            .physical_plan(&c.bound.plan)
            .await
            .unwrap_or_else(|err| panic!("{wql}: {err}"));
        let whole = plan
            .exists(|n| {
                Ok(n.downcast_ref::<FilterExec>()
                    .is_some_and(|f| f.predicate().downcast_ref::<AllOf>().is_some()))
            })
            .unwrap_or(false);
        let batches = e
            .execute(&c.bound.plan)
            .await
            .unwrap_or_else(|err| panic!("{wql}: {err}"));
        let mut ids: Vec<i32> = batches
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_primitive::<Int32Type>()
                    .iter()
                    .flatten()
                    .collect::<Vec<_>>()
            })
            .collect();
        ids.sort();
        (ids, whole)
    }

    #[tokio::test]
    async fn cheap_conditions_on_dictionaries_are_evaluated_whole_with_the_same_rows() {
        let (dictionary, plain) = (engine(true), engine(false));
        for (wql, want) in [
            // Text tests of a dictionary column and a comparison with a constant.
            (
                "select ResourceID from SMS_R_System where Name like 'pc%' and Name <> 'PC-01' and Client > 0",
                vec![6],
            ),
            // NULL names and NULL clients: neither true, so never kept.
            (
                "select ResourceID from SMS_R_System where Name >= 'PC' and Client <> 0",
                vec![1, 5, 6],
            ),
            // NOT of a NULL is NULL, not true.
            (
                "select ResourceID from SMS_R_System where not (Name like 'SRV%') and Client >= 1",
                vec![1, 6],
            ),
        ] {
            let (rows, whole) = run(&dictionary, wql).await;
            assert_eq!(rows, want, "{wql}");
            assert!(whole, "{wql}: the conjunction is not evaluated whole");
            // Text columns that are not dictionaries keep DataFusion's AND, with the same rows.
            assert_eq!(run(&plain, wql).await, (want, false), "{wql}");
        }
        // A condition that costs per row (DATEDIFF) keeps DataFusion's AND,
        // as does an equality, whose constant DataFusion reads from the AND.
        let equality = "select ResourceID from SMS_R_System where Name like 'pc%' and Client = 1";
        assert_eq!(run(&dictionary, equality).await, (vec![1, 6], false));
        let per_row =
            "select ResourceID from SMS_R_System where Name like 'pc%' and DateDiff(day, CreationDate, GetDate()) > 1";
        assert!(!run(&dictionary, per_row).await.1);
    }

    /// A text test after a condition that leaves few rows is looked up at
    /// those rows only, and answers as DataFusion's AND of the two: NULLs
    /// on either side, NULL keys (whose key may be anything), a NULL
    /// dictionary value, sliced batches.
    #[test]
    fn a_text_test_looked_up_at_the_rows_left_answers_as_the_whole_and() {
        use crate::lower::udf::LIKE;
        use datafusion::arrow::array::{DictionaryArray, Int32Array, StringArray};
        use datafusion::common::ScalarValue;
        let n = 400;
        let a = BooleanArray::from((0..n).map(|i| (i % 29 != 0).then_some(i % 16 == 3)).collect::<Vec<_>>());
        let garbage = [0, -1, 1000, i32::MIN, i32::MAX];
        let keys = Int32Array::new(
            (0..n)
                .map(|i| {
                    if i % 13 == 0 {
                        garbage[i as usize % 5]
                    } else {
                        i * 7 % 10
                    }
                })
                .collect(),
            Some(NullBuffer::from((0..n).map(|i| i % 13 != 0).collect::<Vec<_>>())),
        );
        let values = StringArray::from((0..10).map(|i| (i != 7).then(|| format!("v{i}"))).collect::<Vec<_>>());
        let dict = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap_or_else(|e| panic!("{e}"));
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Boolean, true),
            Field::new("d", dict.data_type().clone(), true),
        ]));
        let batch =
            RecordBatch::try_new(schema.clone(), vec![Arc::new(a), Arc::new(dict)]).unwrap_or_else(|e| panic!("{e}"));
        let col = |name: &str, i: usize| Arc::new(Column::new(name, i)) as Arc<dyn PhysicalExpr>;
        for pattern in ["V1%", "v%", "x%"] {
            let like: Arc<dyn PhysicalExpr> = Arc::new(
                ScalarFunctionExpr::try_new(
                    Arc::new(LIKE.clone()),
                    vec![
                        col("d", 1),
                        Arc::new(Literal::new(ScalarValue::Utf8(Some(pattern.into())))),
                    ],
                    &schema,
                    Arc::new(ConfigOptions::default()),
                )
                .unwrap_or_else(|e| panic!("{e}")),
            );
            let whole = AllOf(vec![col("a", 0), like.clone()]);
            let datafusion = BinaryExpr::new(col("a", 0), Operator::And, like.clone());
            for b in [batch.clone(), batch.slice(5, 300)] {
                let rows = b.num_rows();
                let a = b.column(0).as_boolean();
                assert!(
                    at_candidates(&like, &b, a).unwrap_or_else(|e| panic!("{e}")).is_some(),
                    "{pattern}: looked up at the rows left"
                );
                let array = |v: ColumnarValue| v.into_array(rows).unwrap_or_else(|e| panic!("{e}"));
                let got = array(whole.evaluate(&b).unwrap_or_else(|e| panic!("{e}")));
                let want = array(datafusion.evaluate(&b).unwrap_or_else(|e| panic!("{e}")));
                assert_eq!(got.as_boolean(), want.as_boolean(), "{pattern}");
                assert!(got.null_count() > 0, "{pattern}: NULLs kept");
            }
            // Too many rows left: the text test is evaluated whole.
            let all = BooleanArray::from(vec![true; n as usize]);
            assert!(
                at_candidates(&like, &batch, &all)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .is_none()
            );
        }
    }

    #[test]
    fn all_of_is_three_valued_and_and_stops_when_no_row_is_left() {
        let a = BooleanArray::from(vec![Some(true), Some(true), Some(false), None, None, Some(true)]);
        let b = BooleanArray::from(vec![Some(true), None, None, Some(false), None, Some(false)]);
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Boolean, true),
            Field::new("b", DataType::Boolean, true),
        ]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(a), Arc::new(b)]).unwrap_or_else(|e| panic!("{e}"));
        let col = |name: &str, i: usize| Arc::new(Column::new(name, i)) as Arc<dyn PhysicalExpr>;
        let whole = AllOf(vec![col("a", 0), col("b", 1)]);
        let datafusion = BinaryExpr::new(col("a", 0), Operator::And, col("b", 1));
        let array = |v: ColumnarValue| v.into_array(6).unwrap_or_else(|e| panic!("{e}"));
        let got = array(whole.evaluate(&batch).unwrap_or_else(|e| panic!("{e}")));
        let want = array(datafusion.evaluate(&batch).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(got.as_boolean(), want.as_boolean());
        assert_eq!(
            got.as_boolean().iter().collect::<Vec<_>>(),
            [Some(true), None, Some(false), Some(false), None, Some(false)]
        );
        // Nothing left after the first condition: the second (a column the
        // batch does not have) is never evaluated.
        let none = BooleanArray::from(vec![false; 6]);
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Boolean, false)]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(none)]).unwrap_or_else(|e| panic!("{e}"));
        let missing = AllOf(vec![col("a", 0), col("b", 7)]);
        let got = array(missing.evaluate(&batch).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(got.as_boolean().true_count(), 0);
        assert!(AllOf(vec![col("b", 7), col("a", 0)]).evaluate(&batch).is_err());
    }
}
