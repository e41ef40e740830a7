//! The batch's `@variables`: declared types and current values.

use super::expr::{cast, datetime_literal};
use datafusion::common::ScalarValue;
use datafusion::sql::sqlparser::ast::{DataType, Expr, Value};
use std::collections::HashMap;
use wqlkit_core::DateTime;

/// One variable.
#[derive(Debug, Clone)]
pub struct Var {
    /// The declared type; `None` for a report parameter given on the command line.
    pub ty: Option<DataType>,
    /// The current value.
    pub value: ScalarValue,
    /// Whether it is a report parameter, which every batch of the script sees.
    pub param: bool,
}

/// Variables by lower-case name, `@` included.
#[derive(Debug, Default, Clone)]
pub struct Vars {
    map: HashMap<String, Var>,
}

impl Vars {
    /// Report parameters (`name=value`), as text.
    pub fn with_params(params: &[(String, String)]) -> Vars {
        let mut v = Vars::default();
        for (name, value) in params {
            let key = format!("@{}", name.trim_start_matches('@').to_lowercase());
            v.map.insert(
                key,
                Var {
                    ty: None,
                    value: ScalarValue::Utf8(Some(value.clone())),
                    param: true,
                },
            );
        }
        v
    }

    /// `DECLARE @name type`: NULL, unless a parameter already gives it a value.
    pub fn declare(&mut self, name: &str, ty: DataType) {
        let e = self.map.entry(name.to_lowercase()).or_insert(Var {
            ty: None,
            value: ScalarValue::Null,
            param: false,
        });
        e.ty = Some(ty);
    }

    /// The declared type of `name`.
    pub fn declared(&self, name: &str) -> Option<&DataType> {
        self.map.get(&name.to_lowercase()).and_then(|v| v.ty.as_ref())
    }

    /// Whether `name` is declared or given.
    pub fn exists(&self, name: &str) -> bool {
        self.map.contains_key(&name.to_lowercase())
    }

    /// `GO`: the batch's local variables end; report parameters and the
    /// `@@` functions stay.
    pub fn end_batch(&mut self) {
        self.map.retain(|name, v| v.param || name.starts_with("@@"));
    }

    /// Assigns `value` (already of the declared type).
    pub fn set(&mut self, name: &str, value: ScalarValue) {
        let e = self.map.entry(name.to_lowercase()).or_insert(Var {
            ty: None,
            value: ScalarValue::Null,
            param: false,
        });
        e.value = value;
    }

    /// The variable as a literal expression of its type, or `None` when it does not exist.
    pub fn literal(&self, name: &str) -> Option<Expr> {
        let var = self.map.get(&name.to_lowercase())?;
        let raw = literal_of(&var.value);
        Some(match &var.ty {
            Some(ty) => cast(raw, ty.clone()),
            None => raw,
        })
    }
}

fn number(s: String) -> Expr {
    Expr::Value(Value::Number(s, false).with_empty_span())
}

/// A literal for a computed value.
fn literal_of(v: &ScalarValue) -> Expr {
    if v.is_null() {
        return Expr::Value(Value::Null.with_empty_span());
    }
    match v {
        ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)) => {
            Expr::Value(Value::SingleQuotedString(s.clone()).with_empty_span())
        }
        ScalarValue::Int8(Some(i)) => number(i.to_string()),
        ScalarValue::Int16(Some(i)) => number(i.to_string()),
        ScalarValue::Int32(Some(i)) => number(i.to_string()),
        ScalarValue::Int64(Some(i)) => number(i.to_string()),
        ScalarValue::UInt8(Some(i)) => number(i.to_string()),
        ScalarValue::UInt16(Some(i)) => number(i.to_string()),
        ScalarValue::UInt32(Some(i)) => number(i.to_string()),
        ScalarValue::UInt64(Some(i)) => number(i.to_string()),
        ScalarValue::Float64(Some(f)) => cast(
            number(format!("{f:?}")),
            DataType::Double(datafusion::sql::sqlparser::ast::ExactNumberInfo::None),
        ),
        ScalarValue::Float32(Some(f)) => cast(
            number(format!("{f:?}")),
            DataType::Double(datafusion::sql::sqlparser::ast::ExactNumberInfo::None),
        ),
        ScalarValue::Boolean(Some(b)) => number(if *b { "1" } else { "0" }.into()),
        ScalarValue::Decimal128(Some(_), _, _) => number(v.to_string()),
        ScalarValue::TimestampMicrosecond(Some(us), _) => {
            datetime_literal(DateTime::from_unix_micros(*us).unwrap_or(DateTime::EPOCH))
        }
        ScalarValue::TimestampNanosecond(Some(ns), _) => {
            datetime_literal(DateTime::from_unix_micros(ns / 1000).unwrap_or(DateTime::EPOCH))
        }
        ScalarValue::Date32(Some(d)) => {
            datetime_literal(DateTime::from_unix_micros(*d as i64 * 86_400_000_000).unwrap_or(DateTime::EPOCH))
        }
        other => Expr::Value(Value::SingleQuotedString(other.to_string()).with_empty_span()),
    }
}
