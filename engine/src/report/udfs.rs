//! Report functions computed row by row: `wql_format` (FORMAT) and
//! `wql_formatmessage` (FORMATMESSAGE), over the formatting of `format`.

use super::format::{self, Formatted, Num, printf};
use datafusion::arrow::array::{ArrayRef, StringBuilder};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use std::sync::{Arc, LazyLock};
use wqlkit_core::DateTime;

/// `wql_format(value, format [, culture])`: FORMAT.
pub static FORMAT: LazyLock<ScalarUDF> = LazyLock::new(|| {
    ScalarUDF::new_from_impl(RowWise {
        name: "wql_format",
        signature: Signature::variadic_any(Volatility::Immutable),
        row: format_row,
    })
});

/// `wql_formatmessage(message, arguments…)`: FORMATMESSAGE with a message text.
pub static FORMATMESSAGE: LazyLock<ScalarUDF> = LazyLock::new(|| {
    ScalarUDF::new_from_impl(RowWise {
        name: "wql_formatmessage",
        signature: Signature::variadic_any(Volatility::Immutable),
        row: formatmessage_row,
    })
});

/// A text function of any arguments computed one row at a time by `row`.
pub(super) fn row_wise(
    name: &'static str,
    signature: Signature,
    row: fn(&[ScalarValue]) -> Result<Option<String>>,
) -> ScalarUDF {
    ScalarUDF::new_from_impl(RowWise { name, signature, row })
}

/// `wql_parsename(name, part)`: PARSENAME, the part-th part of a name of up
/// to four dot-separated parts, counted from the right (1 the object, 4 the
/// server); NULL for a part out of 1–4, a missing or empty part, or a name of
/// more than four parts. Brackets and double quotes around a part are
/// removed, and a dot inside them does not separate.
pub static PARSENAME: LazyLock<ScalarUDF> =
    LazyLock::new(|| row_wise("wql_parsename", Signature::any(2, Volatility::Immutable), parsename_row));

fn parsename_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let (Some(name), Ok(ScalarValue::Int64(Some(part)))) = (text(&args[0]), args[1].cast_to(&DataType::Int64)) else {
        return Ok(None);
    };
    Ok(parsename(&name, part))
}

/// See [`PARSENAME`].
pub fn parsename(name: &str, part: i64) -> Option<String> {
    let mut parts = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in name.chars() {
        match (quote, c) {
            (None, '[') => quote = Some(']'),
            (None, '"') => quote = Some('"'),
            (Some(q), c) if c == q => quote = None,
            (None, '.') => parts.push(String::new()),
            (_, c) => parts.last_mut()?.push(c),
        }
    }
    if quote.is_some() || parts.len() > 4 || !(1..=4).contains(&part) {
        return None;
    }
    let index = parts.len().checked_sub(part as usize)?;
    parts.get(index).filter(|p| !p.is_empty()).cloned()
}

/// The cultures FORMAT takes offline: en-US, the culture of us_english.
pub fn culture_supported(culture: &str) -> bool {
    culture.eq_ignore_ascii_case("en-us")
}

/// A text function of any arguments, computed one row at a time.
#[derive(Debug)]
struct RowWise {
    name: &'static str,
    signature: Signature,
    row: fn(&[ScalarValue]) -> Result<Option<String>>,
}

// One function per name: the name identifies it.
impl PartialEq for RowWise {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for RowWise {}

impl std::hash::Hash for RowWise {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl ScalarUDFImpl for RowWise {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays: Vec<ArrayRef> = ColumnarValue::values_to_arrays(&args.args)?;
        let rows = if scalar { 1 } else { args.number_rows };
        let mut out = StringBuilder::with_capacity(rows, rows * 16);
        let mut values = Vec::with_capacity(arrays.len());
        for i in 0..rows {
            values.clear();
            for a in &arrays {
                values.push(ScalarValue::try_from_array(a, if a.len() == 1 { 0 } else { i })?);
            }
            out.append_option((self.row)(&values)?);
        }
        let array: ArrayRef = Arc::new(out.finish());
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&array, 0)?))
        } else {
            Ok(ColumnarValue::Array(array))
        }
    }
}

fn text(v: &ScalarValue) -> Option<String> {
    match v {
        ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s) => s.clone(),
        other if other.is_null() => None,
        other => Some(other.to_string()),
    }
}

fn format_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let (value, pattern) = match args {
        [v, f] | [v, f, _] => (v, f),
        _ => return Err(DataFusionError::Plan("FORMAT takes 2 or 3 arguments".into())),
    };
    if let Some(culture) = args.get(2).and_then(text)
        && !culture_supported(&culture)
    {
        return Err(DataFusionError::NotImplemented(format!(
            "FORMAT in the culture '{culture}' (en-US only)"
        )));
    }
    let Some(pattern) = text(pattern) else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    let (number, integral) = match value {
        ScalarValue::Int8(_)
        | ScalarValue::Int16(_)
        | ScalarValue::Int32(_)
        | ScalarValue::Int64(_)
        | ScalarValue::UInt8(_)
        | ScalarValue::UInt16(_)
        | ScalarValue::UInt32(_)
        | ScalarValue::UInt64(_) => (Num::parse(&value.to_string()), true),
        ScalarValue::Decimal128(..) => (Num::parse(&value.to_string()), false),
        ScalarValue::Float64(Some(f)) => (Num::from_f64(*f), false),
        ScalarValue::Float32(Some(f)) => (Num::from_f64(f64::from(*f)), false),
        _ => (None, false),
    };
    let formatted = if let Some(n) = number {
        format::number(&n, &pattern, integral)
    } else {
        let micros = match value {
            ScalarValue::TimestampMicrosecond(Some(us), _) => *us,
            ScalarValue::TimestampNanosecond(Some(ns), _) => ns / 1000,
            ScalarValue::TimestampMillisecond(Some(ms), _) => ms * 1000,
            ScalarValue::TimestampSecond(Some(s), _) => s * 1_000_000,
            ScalarValue::Date32(Some(d)) => i64::from(*d) * 86_400_000_000,
            other => {
                return Err(DataFusionError::Plan(format!(
                    "FORMAT takes a number or a date and time, not {}",
                    other.data_type()
                )));
            }
        };
        let dt = DateTime::from_unix_micros(micros)
            .ok_or_else(|| DataFusionError::Execution(format!("{micros} is not a datetime")))?;
        format::datetime(&dt, &pattern)
    };
    match formatted {
        Formatted::Text(t) => Ok(Some(t)),
        Formatted::Invalid => Ok(None),
        Formatted::Unsupported(what) => Err(DataFusionError::NotImplemented(format!("FORMAT with {what}"))),
    }
}

fn formatmessage_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let Some((message, rest)) = args.split_first() else {
        return Err(DataFusionError::Plan(
            "FORMATMESSAGE takes a message and its arguments".into(),
        ));
    };
    Ok(text(message).map(|m| printf(&m, rest)))
}

/// COALESCE (and ISNULL, which becomes it) with SQL Server's data type
/// precedence for bits: among numbers a bit is a number (`ISNULL(IsClient,
/// 0)`), where DataFusion's coalesce finds no common type for Boolean and an
/// integer. Everything else is DataFusion's coalesce.
pub static COALESCE: LazyLock<ScalarUDF> = LazyLock::new(|| {
    ScalarUDF::new_from_impl(BitPrecedence {
        inner: datafusion::functions::core::coalesce(),
    })
});

#[derive(Debug)]
struct BitPrecedence {
    inner: Arc<ScalarUDF>,
}

impl PartialEq for BitPrecedence {
    fn eq(&self, other: &Self) -> bool {
        self.inner.name() == other.inner.name()
    }
}

impl Eq for BitPrecedence {}

impl std::hash::Hash for BitPrecedence {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.name().hash(state);
    }
}

impl ScalarUDFImpl for BitPrecedence {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.inner().return_type(arg_types)
    }

    fn return_field_from_args(
        &self,
        args: datafusion::logical_expr::ReturnFieldArgs,
    ) -> Result<datafusion::arrow::datatypes::FieldRef> {
        self.inner.inner().return_field_from_args(args)
    }

    fn simplify(
        &self,
        args: Vec<datafusion::logical_expr::Expr>,
        info: &datafusion::logical_expr::simplify::SimplifyContext,
    ) -> Result<datafusion::logical_expr::simplify::ExprSimplifyResult> {
        self.inner.inner().simplify(args, info)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        self.inner.inner().invoke_with_args(args)
    }

    fn conditional_arguments<'a>(
        &self,
        args: &'a [datafusion::logical_expr::Expr],
    ) -> Option<(
        Vec<&'a datafusion::logical_expr::Expr>,
        Vec<&'a datafusion::logical_expr::Expr>,
    )> {
        self.inner.inner().conditional_arguments(args)
    }

    fn short_circuits(&self) -> bool {
        self.inner.inner().short_circuits()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let bit = arg_types.contains(&DataType::Boolean);
        let number = arg_types.iter().any(DataType::is_numeric);
        if bit && number {
            let as_numbers: Vec<DataType> = arg_types
                .iter()
                .map(|t| {
                    if *t == DataType::Boolean {
                        DataType::Int32
                    } else {
                        t.clone()
                    }
                })
                .collect();
            return self.inner.inner().coerce_types(&as_numbers);
        }
        self.inner.inner().coerce_types(arg_types)
    }
}

/// `wql_datetime(text)` and `wql_try_datetime(text)`: text to datetime in the
/// forms SQL Server reads (yyyymmdd, mm/dd/yyyy, yyyy-mm-dd hh:mm:ss.fff, …);
/// text in no such form is an error (CAST, CONVERT) or NULL (TRY_CAST, TRY_CONVERT).
pub static DATETIME: LazyLock<ScalarUDF> = LazyLock::new(|| text_datetime("wql_datetime", false));

/// See [`DATETIME`].
pub static TRY_DATETIME: LazyLock<ScalarUDF> = LazyLock::new(|| text_datetime("wql_try_datetime", true));

fn text_datetime(name: &'static str, lenient: bool) -> ScalarUDF {
    use datafusion::arrow::array::{Array, AsArray, TimestampMicrosecondBuilder};
    datafusion::logical_expr::create_udf(
        name,
        vec![DataType::Utf8],
        DataType::Timestamp(datafusion::arrow::datatypes::TimeUnit::Microsecond, None),
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let text = arrays[0].as_string::<i32>();
            let mut out = TimestampMicrosecondBuilder::with_capacity(text.len());
            for v in text.iter() {
                match v.map(|s| (s, DateTime::parse(s.trim()))) {
                    None => out.append_null(),
                    Some((_, Some(d))) => out.append_value(d.unix_micros()),
                    Some((_, None)) if lenient => out.append_null(),
                    Some((s, None)) => {
                        return Err(DataFusionError::Execution(format!(
                            "conversion failed when converting '{s}' to datetime"
                        )));
                    }
                }
            }
            let array: ArrayRef = Arc::new(out.finish());
            if scalar {
                Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&array, 0)?))
            } else {
                Ok(ColumnarValue::Array(array))
            }
        }),
    )
}

/// `wql_newid()`: NEWID, a version 4 UUID in upper case
/// (`6F9619FF-8B86-D011-B42D-00C04FC964FF` is the documented form). With a
/// seed, the values come from a counter mixed with the seed (SplitMix64), so a
/// run repeats them in the same order.
pub fn newid(seed: Option<u64>) -> ScalarUDF {
    ScalarUDF::new_from_impl(NewId::new(seed))
}

#[derive(Debug)]
struct NewId {
    signature: Signature,
    seed: Option<u64>,
    drawn: std::sync::atomic::AtomicU64,
}

impl PartialEq for NewId {
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed
    }
}

impl Eq for NewId {}

impl std::hash::Hash for NewId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.seed.hash(state);
    }
}

/// SplitMix64's output function.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl NewId {
    fn new(seed: Option<u64>) -> NewId {
        NewId {
            signature: Signature::exact(vec![], Volatility::Volatile),
            seed,
            drawn: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn next(&self) -> String {
        let id = match self.seed {
            Some(seed) => {
                let n = self.drawn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let hi = splitmix64(seed ^ splitmix64(2 * n));
                let lo = splitmix64(seed ^ splitmix64(2 * n + 1));
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&hi.to_be_bytes());
                bytes[8..].copy_from_slice(&lo.to_be_bytes());
                uuid::Builder::from_random_bytes(bytes).into_uuid()
            }
            None => uuid::Uuid::new_v4(),
        };
        id.hyphenated()
            .encode_upper(&mut uuid::Uuid::encode_buffer())
            .to_string()
    }
}

impl ScalarUDFImpl for NewId {
    fn name(&self) -> &str {
        "wql_newid"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows.max(1);
        let mut out = StringBuilder::with_capacity(rows, rows * 36);
        for _ in 0..rows {
            out.append_value(self.next());
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

#[cfg(test)]
mod parsename_tests {
    use super::parsename;

    /// PARSENAME (Transact-SQL): 'AdventureWorksPDW2012.dbo.DimCustomer'
    /// gives DimCustomer, dbo, AdventureWorksPDW2012 and NULL for parts 1–4.
    #[test]
    fn documented_example_and_addresses() {
        let n = "AdventureWorksPDW2012.dbo.DimCustomer";
        assert_eq!(parsename(n, 1).as_deref(), Some("DimCustomer"));
        assert_eq!(parsename(n, 2).as_deref(), Some("dbo"));
        assert_eq!(parsename(n, 3).as_deref(), Some("AdventureWorksPDW2012"));
        assert_eq!(parsename(n, 4), None);
        assert_eq!(parsename("192.168.1.10", 4).as_deref(), Some("192"));
        assert_eq!(parsename("5.00.9128.1000", 2).as_deref(), Some("9128"));
        assert_eq!(parsename("a.b.c.d.e", 1), None);
        assert_eq!(parsename("a..c", 2), None);
        assert_eq!(parsename("[my.db].dbo.t", 3).as_deref(), Some("my.db"));
        assert_eq!(parsename("a.b", 0), None);
    }
}

#[cfg(test)]
mod newid_tests {
    use super::*;

    #[test]
    fn seeded_ids_repeat_and_have_newids_form() {
        let draw = |seed| {
            let n = NewId::new(seed);
            (0..3).map(|_| n.next()).collect::<Vec<_>>()
        };
        let (x, y, z) = (draw(Some(7)), draw(Some(7)), draw(Some(8)));
        assert_eq!(x, y);
        assert_ne!(x, z);
        assert_ne!(x[0], x[1]);
        for id in x.iter().chain(&z) {
            assert_eq!(id.len(), 36);
            assert_eq!(id.to_uppercase(), *id);
            assert_eq!(&id[14..15], "4", "version 4: {id}");
            assert_eq!(id.matches('-').count(), 4);
        }
        let random = draw(None);
        assert_ne!(random[0], random[1]);
    }
}
