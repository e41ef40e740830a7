//! CEILING, FLOOR, ROUND and POWER with SQL Server's return types ("Return types:
//! the same type as numeric_expression"): a decimal stays a decimal —
//! CEILING and FLOOR of one have no decimals (`FLOOR(123.45)` is `123`),
//! ROUND keeps its scale (`ROUND(123.4545, 2)` is `123.4500`) — an integer
//! stays an integer and a float a float. Decimals are computed exactly.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, Float64Array, Int64Array};
use datafusion::arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use std::sync::{Arc, LazyLock};

/// `wql_ceiling(x)`: CEILING.
pub static CEILING: LazyLock<ScalarUDF> = LazyLock::new(|| udf("wql_ceiling", Kind::Ceiling));
/// `wql_floor(x)`: FLOOR.
pub static FLOOR: LazyLock<ScalarUDF> = LazyLock::new(|| udf("wql_floor", Kind::Floor));
/// `wql_round(x, n)`: ROUND, half away from zero.
pub static ROUND: LazyLock<ScalarUDF> = LazyLock::new(|| udf("wql_round", Kind::Round));
/// `wql_power(x, y)`: POWER; an integer's power is an integer (cut toward
/// zero: POWER(2, -100.0) is 0), a decimal's is computed as a float.
pub static POWER: LazyLock<ScalarUDF> = LazyLock::new(|| udf("wql_power", Kind::Power));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Ceiling,
    Floor,
    Round,
    Power,
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Rounding {
    name: &'static str,
    kind: Kind,
    signature: Signature,
}

fn udf(name: &'static str, kind: Kind) -> ScalarUDF {
    ScalarUDF::new_from_impl(Rounding {
        name,
        kind,
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

/// The type a value is computed in: decimals as they are, integers as
/// bigint, anything else as float.
fn working(t: &DataType) -> DataType {
    match t {
        DataType::Decimal128(..) => t.clone(),
        t if t.is_integer() => DataType::Int64,
        _ => DataType::Float64,
    }
}

impl ScalarUDFImpl for Rounding {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let expected = if matches!(self.kind, Kind::Round | Kind::Power) {
            2
        } else {
            1
        };
        if arg_types.len() != expected {
            return Err(DataFusionError::Plan(format!(
                "{} takes {expected} argument{}",
                self.name.trim_start_matches("wql_").to_uppercase(),
                if expected == 1 { "" } else { "s" }
            )));
        }
        Ok(match self.kind {
            Kind::Power => vec![
                match working(&arg_types[0]) {
                    DataType::Int64 => DataType::Int64,
                    _ => DataType::Float64,
                },
                DataType::Float64,
            ],
            Kind::Round => vec![working(&arg_types[0]), DataType::Int64],
            _ => vec![working(&arg_types[0])],
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(match (self.kind, working(&arg_types[0])) {
            (Kind::Power, DataType::Decimal128(..)) => DataType::Float64,
            (Kind::Ceiling | Kind::Floor, DataType::Decimal128(p, _)) => DataType::Decimal128(p, 0),
            (_, t) => t,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let digits = |i: usize| -> Option<i64> {
            let d = arrays.get(1)?.as_primitive_opt::<Int64Type>()?;
            let i = if d.len() == 1 { 0 } else { i };
            (!d.is_null(i)).then(|| d.value(i))
        };
        let exponent = |i: usize| -> Option<f64> {
            let d = arrays.get(1)?.as_primitive_opt::<Float64Type>()?;
            let i = if d.len() == 1 { 0 } else { i };
            (!d.is_null(i)).then(|| d.value(i))
        };
        let x = &arrays[0];
        let out: ArrayRef = match x.data_type() {
            DataType::Decimal128(p, s) => {
                let a = x.as_primitive::<Decimal128Type>();
                let (p, s) = (*p, *s);
                let result: Decimal128Array = (0..a.len())
                    .map(|i| {
                        if a.is_null(i) {
                            return None;
                        }
                        let v = a.value(i);
                        match self.kind {
                            Kind::Ceiling => Some(whole(v, s, true)),
                            Kind::Floor => Some(whole(v, s, false)),
                            Kind::Round => digits(i).map(|n| round_decimal(v, s, n)),
                            Kind::Power => None,
                        }
                    })
                    .collect();
                let scale = if self.kind == Kind::Round { s } else { 0 };
                Arc::new(result.with_precision_and_scale(p, scale)?)
            }
            DataType::Int64 => {
                let a = x.as_primitive::<Int64Type>();
                let result: Int64Array = (0..a.len())
                    .map(|i| {
                        if a.is_null(i) {
                            return None;
                        }
                        let v = a.value(i);
                        match self.kind {
                            Kind::Round => digits(i).map(|n| round_decimal(i128::from(v), 0, n) as i64),
                            Kind::Power => exponent(i).map(|y| (v as f64).powf(y).trunc() as i64),
                            _ => Some(v),
                        }
                    })
                    .collect();
                Arc::new(result)
            }
            _ => {
                let a = x.as_primitive::<Float64Type>();
                let result: Float64Array = (0..a.len())
                    .map(|i| {
                        if a.is_null(i) {
                            return None;
                        }
                        let v = a.value(i);
                        match self.kind {
                            Kind::Ceiling => Some(v.ceil()),
                            Kind::Floor => Some(v.floor()),
                            Kind::Round => digits(i).map(|n| {
                                let f = 10f64.powi(n.clamp(-308, 308) as i32);
                                (v * f).round() / f
                            }),
                            Kind::Power => exponent(i).map(|y| v.powf(y)),
                        }
                    })
                    .collect();
                Arc::new(result)
            }
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// The unscaled decimal `v` (scale `s`) rounded up or down to a whole number, at scale 0.
fn whole(v: i128, s: i8, up: bool) -> i128 {
    let unit = 10i128.pow(u32::from(s.max(0) as u8));
    let (q, r) = (v / unit, v % unit);
    match (up, r) {
        (true, r) if r > 0 => q + 1,
        (false, r) if r < 0 => q - 1,
        _ => q,
    }
}

/// The unscaled decimal `v` (scale `s`) rounded half away from zero to `n`
/// decimals (negative: to tens, hundreds, …), keeping scale `s`.
fn round_decimal(v: i128, s: i8, n: i64) -> i128 {
    let drop = i64::from(s) - n;
    if drop <= 0 {
        return v;
    }
    if drop > 38 {
        return 0;
    }
    let unit = 10i128.pow(drop as u32);
    let half = unit / 2;
    let q = if v < 0 { (v - half) / unit } else { (v + half) / unit };
    q * unit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CEILING and FLOOR (Transact-SQL): FLOOR(123.45) is 123, FLOOR(-123.45)
    /// is -124; CEILING(123.45) is 124, CEILING(-123.45) is -123.
    #[test]
    fn ceiling_and_floor_of_decimals() {
        assert_eq!(whole(12_345, 2, false), 123);
        assert_eq!(whole(-12_345, 2, false), -124);
        assert_eq!(whole(12_345, 2, true), 124);
        assert_eq!(whole(-12_345, 2, true), -123);
        assert_eq!(whole(12_300, 2, true), 123);
    }

    /// ROUND (Transact-SQL): ROUND(123.4545, 2) is 123.4500, ROUND(123.45,
    /// -2) is 100.00, ROUND(748.58, -1) is 750.00, ROUND(-748.58, -2) is -700.00.
    #[test]
    fn round_keeps_the_scale() {
        assert_eq!(round_decimal(1_234_545, 4, 2), 1_234_500);
        assert_eq!(round_decimal(12_345, 2, -2), 10_000);
        assert_eq!(round_decimal(74_858, 2, -1), 75_000);
        assert_eq!(round_decimal(-74_858, 2, -2), -70_000);
        assert_eq!(round_decimal(2_675, 3, 2), 2_680);
        assert_eq!(round_decimal(15, 0, -1), 20);
        assert_eq!(round_decimal(5, 2, 4), 5);
    }
}
