//! SQL Server semantics that DataFusion lacks, as scalar functions:
//! case-insensitive keys (SQL_Latin1_General_CP1_CI_AS), LIKE with `[...]`,
//! CHARINDEX, and (in `dates`) DATEDIFF / DATEADD / DATEPART counting as
//! SQL Server does.

mod dates;

pub use super::collation::ci_key;
use super::collation::{LikeMatcher, ci_key_into, cmp_with_key, eq_key, like};
use datafusion::arrow::array::{Array, ArrayAccessor, ArrayRef, AsArray, BooleanArray, Int64Builder, StringBuilder};
use datafusion::arrow::buffer::{BooleanBuffer, Buffer};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Int32Type, Int64Type, TimeUnit};
use datafusion::common::{DataFusionError, Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarUDF, Signature, SimpleScalarUDF, TypeSignature, Volatility, create_udf,
};
use datafusion::scalar::ScalarValue;
pub use dates::{
    DATEADD, DATEDIFF, DATENAME, DATEPART, DAY_NAMES, FORMAT_DATETIME, MONTH_NAMES, dateadd, datediff, datepart,
    format_datetime,
};
use std::sync::{Arc, LazyLock};

const TS: DataType = DataType::Timestamp(TimeUnit::Microsecond, None);

/// `wql_ci_key(s)`: the comparison key of `s` under a case-insensitive
/// collation with trailing spaces ignored: `'PC-01 '` and `'pc-01'` share it.
pub static CI_KEY: LazyLock<ScalarUDF> = LazyLock::new(|| text_udf("wql_ci_key", &[], DataType::Utf8, ci_key_fn));

/// `wql_ci_compare(value, op, key)`: `value op literal` under the
/// case-insensitive collation, where `key` is the literal's [`ci_key`] and
/// `op` one of `=`, `<>`, `<`, `<=`, `>`, `>=` (both constants). Compares
/// in place, without building a key per row.
pub static CI_COMPARE: LazyLock<ScalarUDF> = LazyLock::new(|| {
    text_udf(
        "wql_ci_compare",
        &[DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        ci_compare_fn,
    )
});

/// `wql_like(value, pattern)`: SQL Server LIKE (`%`, `_`, `[abc]`, `[a-z]`, `[^a]`), case-insensitive.
pub static LIKE: LazyLock<ScalarUDF> =
    LazyLock::new(|| text_udf("wql_like", &[DataType::Utf8], DataType::Boolean, like_fn));

/// A function whose first argument is text in any of Arrow's layouts (so a
/// Parquet column read as string views is not copied into another layout
/// first) and whose other arguments are `rest`.
fn text_udf(
    name: &str,
    rest: &[DataType],
    returns: DataType,
    f: fn(&[ColumnarValue]) -> Result<ColumnarValue>,
) -> ScalarUDF {
    let variants = [
        DataType::Utf8,
        DataType::Utf8View,
        DataType::LargeUtf8,
        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
    ]
    .into_iter()
    .map(|first| TypeSignature::Exact(std::iter::once(first).chain(rest.iter().cloned()).collect()))
    .collect();
    ScalarUDF::from(SimpleScalarUDF::new_with_signature(
        name,
        Signature::one_of(variants, Volatility::Immutable),
        returns,
        Arc::new(f),
    ))
}

/// `f` over every value of a text array (any layout), as a boolean array
/// with the input's NULLs. A dictionary-encoded array is tested once per
/// distinct value.
fn text_predicate(array: &ArrayRef, f: impl FnMut(&str) -> bool) -> Result<BooleanArray> {
    fn run<'a, A: ArrayAccessor<Item = &'a str>>(a: A, mut f: impl FnMut(&str) -> bool) -> BooleanArray {
        let nulls = a.logical_nulls();
        let values = BooleanBuffer::collect_bool(a.len(), |i| {
            nulls.as_ref().is_none_or(|n| n.is_valid(i)) && f(a.value(i))
        });
        BooleanArray::new(values, nulls)
    }
    fn plain(array: &ArrayRef, f: impl FnMut(&str) -> bool) -> Result<BooleanArray> {
        Ok(match array.data_type() {
            DataType::Utf8 => run(array.as_string::<i32>(), f),
            DataType::LargeUtf8 => run(array.as_string::<i64>(), f),
            DataType::Utf8View => run(array.as_string_view(), f),
            other => return exec_err!("expected text, got {other}"),
        })
    }
    if let DataType::Dictionary(..) = array.data_type() {
        if let Some(dict) = array.as_dictionary_opt::<Int32Type>()
            && once_per_value(dict)
        {
            let per_value = plain(dict.values(), f)?;
            let hits: Vec<i32> = per_value.values().set_indices().map(|k| k as i32).collect();
            let keys = dict.keys().values();
            // A batch whose dictionary has no value the predicate keeps (a
            // row group without the program) or only such values needs no
            // look-up per row. Otherwise each row's key is tested: the key
            // of a row that is not NULL indexes the dictionary; a NULL row's
            // key may be anything, and its bit is masked by the NULL.
            let bits = match hits.as_slice() {
                [] => BooleanBuffer::new_unset(dict.len()),
                _ if hits.len() == per_value.len() => BooleanBuffer::new_set(dict.len()),
                // Up to four values kept ('Google Chrome' and 'Google Chrome '):
                // four comparisons per key, which vectorise (a kept key
                // repeated to fill the four changes nothing).
                few if few.len() <= 4 => {
                    let [a, b, c, d]: [i32; 4] = std::array::from_fn(|i| few[i.min(few.len() - 1)]);
                    bits_of(keys, |key| (key == a) | (key == b) | (key == c) | (key == d))
                }
                // A table indexed by the key's low byte or bits: no bounds
                // test per key.
                _ if per_value.len() <= 256 => {
                    let mut table = [false; 256];
                    for &k in &hits {
                        table[k as usize] = true;
                    }
                    bits_of(keys, |key| table[usize::from(key as u8)])
                }
                _ => {
                    let mut table = vec![false; per_value.len().next_power_of_two()];
                    for &k in &hits {
                        table[k as usize] = true;
                    }
                    let mask = table.len() - 1;
                    bits_of(keys, |key| table[key as u32 as usize & mask])
                }
            };
            return Ok(BooleanArray::new(bits, dict.logical_nulls()));
        }
        return plain(&cast(array, &DataType::Utf8)?, f);
    }
    plain(array, f)
}

/// Whether a test of `dict` is worth computing once per distinct value: the
/// batch has at least as many rows as the dictionary has values (a batch
/// already filtered down to a few rows is tested row by row).
pub(crate) fn once_per_value(dict: &datafusion::arrow::array::DictionaryArray<Int32Type>) -> bool {
    dict.len() >= dict.values().len()
}

/// `test` of every key, as bits. Each run of 64 keys is tested into 64
/// bytes first (a loop the compiler vectorises when `test` is a comparison),
/// and eight bytes of 0 or 1 become eight bits with one multiplication.
fn bits_of(keys: &[i32], test: impl Fn(i32) -> bool) -> BooleanBuffer {
    let mut words = Vec::with_capacity(keys.len().div_ceil(64));
    let mut runs = keys.chunks_exact(64);
    for run in &mut runs {
        let mut bytes = [0u8; 64];
        for (byte, &key) in bytes.iter_mut().zip(run) {
            *byte = u8::from(test(key));
        }
        words.push(
            bytes
                .chunks_exact(8)
                .enumerate()
                .fold(0u64, |word, (i, eight)| word | (pack_eight(eight) << (8 * i))),
        );
    }
    let rest = runs.remainder();
    if !rest.is_empty() {
        words.push(
            rest.iter()
                .enumerate()
                .fold(0u64, |word, (bit, &key)| word | (u64::from(test(key)) << bit)),
        );
    }
    BooleanBuffer::new(Buffer::from_vec(words), 0, keys.len())
}

/// Eight bytes, each 0 or 1, as the low eight bits of a word (byte `i` is
/// bit `i`): the multiplication moves byte `i` to bit `56 + i`, and no two of
/// its partial products overlap, so nothing carries into the top byte.
fn pack_eight(eight: &[u8]) -> u64 {
    let mut le = [0u8; 8];
    le.copy_from_slice(eight);
    u64::from_le_bytes(le).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// `f` over every value of a text array (any layout), as text with the
/// input's NULLs. A dictionary-encoded array is mapped once per distinct
/// value.
fn text_map(array: &ArrayRef, mut f: impl FnMut(&str, &mut StringBuilder)) -> Result<ArrayRef> {
    fn run<'a, A: ArrayAccessor<Item = &'a str>>(a: A, f: &mut impl FnMut(&str, &mut StringBuilder)) -> ArrayRef {
        let mut out = StringBuilder::with_capacity(a.len(), 0);
        for i in 0..a.len() {
            if a.is_null(i) {
                out.append_null();
            } else {
                f(a.value(i), &mut out);
            }
        }
        Arc::new(out.finish())
    }
    fn plain(array: &ArrayRef, f: &mut impl FnMut(&str, &mut StringBuilder)) -> Result<ArrayRef> {
        Ok(match array.data_type() {
            DataType::Utf8 => run(array.as_string::<i32>(), f),
            DataType::LargeUtf8 => run(array.as_string::<i64>(), f),
            DataType::Utf8View => run(array.as_string_view(), f),
            other => return exec_err!("expected text, got {other}"),
        })
    }
    if let DataType::Dictionary(..) = array.data_type() {
        let dict = array.as_any_dictionary();
        // Fewer rows than distinct values: map the rows.
        if dict.len() < dict.values().len() {
            return plain(&cast(array, &DataType::Utf8)?, &mut f);
        }
        return Ok(take(&plain(dict.values(), &mut f)?, dict.keys(), None)?);
    }
    plain(array, &mut f)
}

/// `wql_charindex(needle, haystack, start)`: 1-based position, 0 when absent, case-insensitive.
pub static CHARINDEX: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_charindex",
        vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(charindex_fn),
    )
});

/// `wql_replace(s, from, to)`: REPLACE under the case-insensitive collation.
pub static REPLACE: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_replace",
        vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(replace_fn),
    )
});

/// `wql_left(s, n)` / `wql_right(s, n)`: SQL Server's LEFT and RIGHT, which
/// refuse a negative length rather than count from the other end.
pub static LEFT: LazyLock<ScalarUDF> = LazyLock::new(|| side_udf("wql_left", true));

/// See [`LEFT`].
pub static RIGHT: LazyLock<ScalarUDF> = LazyLock::new(|| side_udf("wql_right", false));

fn side_udf(name: &str, left: bool) -> ScalarUDF {
    create_udf(
        name,
        vec![DataType::Utf8, DataType::Int64],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| side_fn(args, left)),
    )
}

fn side_fn(args: &[ColumnarValue], left: bool) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let s = a[0].as_string::<i32>();
    let n = a[1].as_primitive::<Int64Type>();
    let mut out = StringBuilder::with_capacity(s.len(), s.value_data().len());
    for i in 0..s.len() {
        if s.is_null(i) || n.is_null(i) {
            out.append_null();
            continue;
        }
        let k = n.value(i);
        if k < 0 {
            return Err(DataFusionError::Execution(format!(
                "Invalid length parameter {k} passed to the {} function",
                if left { "LEFT" } else { "RIGHT" }
            )));
        }
        let v = s.value(i);
        let count = v.chars().count();
        let k = (k as usize).min(count);
        if left {
            out.append_value(v.chars().take(k).collect::<String>());
        } else {
            out.append_value(v.chars().skip(count - k).collect::<String>());
        }
    }
    finish(Arc::new(out.finish()), scalar)
}

/// `wql_stuff(s, start, length, insert)`: SQL Server's STUFF (NULL when start or length is out of range).
pub static STUFF: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_stuff",
        vec![DataType::Utf8, DataType::Int64, DataType::Int64, DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(stuff_fn),
    )
});

fn stuff_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let s = a[0].as_string::<i32>();
    let start = a[1].as_primitive::<Int64Type>();
    let len = a[2].as_primitive::<Int64Type>();
    let ins = a[3].as_string::<i32>();
    let mut out = StringBuilder::with_capacity(s.len(), s.value_data().len());
    for i in 0..s.len() {
        if s.is_null(i) || start.is_null(i) || len.is_null(i) {
            out.append_null();
            continue;
        }
        let chars: Vec<char> = s.value(i).chars().collect();
        let (st, ln) = (start.value(i), len.value(i));
        if st < 1 || st as usize > chars.len() || ln < 0 {
            out.append_null();
            continue;
        }
        let from = st as usize - 1;
        let to = (from + ln as usize).min(chars.len());
        let mut r: String = chars[..from].iter().collect();
        if !ins.is_null(i) {
            r.push_str(ins.value(i));
        }
        r.extend(&chars[to..]);
        out.append_value(r);
    }
    finish(Arc::new(out.finish()), scalar)
}

/// `wql_patindex(pattern, s)`: PATINDEX, the 1-based start of the first match of a LIKE pattern, or 0.
pub static PATINDEX: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_patindex",
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(patindex_fn),
    )
});

/// PATINDEX(pattern, s): where the pattern (leading `%` aside) first matches.
pub fn patindex(pattern: &str, s: &str) -> i64 {
    let (anywhere, rest) = match pattern.strip_prefix('%') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    for (n, &i) in starts.iter().enumerate() {
        if like(&s[i..], rest) {
            return n as i64 + 1;
        }
        if !anywhere {
            break;
        }
    }
    0
}

fn patindex_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let p = a[0].as_string::<i32>();
    let s = a[1].as_string::<i32>();
    let mut out = Int64Builder::with_capacity(s.len());
    for i in 0..s.len() {
        if p.is_null(i) || s.is_null(i) {
            out.append_null();
        } else {
            out.append_value(patindex(p.value(i), s.value(i)));
        }
    }
    finish(Arc::new(out.finish()), scalar)
}

/// `wql_divide(a, b)`: float division that, like SQL Server, refuses a zero divisor.
pub static DIVIDE: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_divide",
        vec![DataType::Float64, DataType::Float64],
        DataType::Float64,
        Volatility::Immutable,
        Arc::new(divide_fn),
    )
});

fn divide_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let x = a[0].as_primitive::<datafusion::arrow::datatypes::Float64Type>();
    let y = a[1].as_primitive::<datafusion::arrow::datatypes::Float64Type>();
    let mut out = datafusion::arrow::array::Float64Builder::with_capacity(x.len());
    for i in 0..x.len() {
        if x.is_null(i) || y.is_null(i) {
            out.append_null();
        } else if y.value(i) == 0.0 {
            return Err(DataFusionError::Execution("Divide by zero error encountered".into()));
        } else {
            out.append_value(x.value(i) / y.value(i));
        }
    }
    finish(Arc::new(out.finish()), scalar)
}

/// REPLACE(s, from, to), matching `from` case-insensitively as the site's collation does.
pub fn replace_ci(s: &str, from: &str, to: &str) -> String {
    let pattern: Vec<char> = from.chars().flat_map(char::to_lowercase).collect();
    if pattern.is_empty() {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if folded.len() - i >= pattern.len() && folded[i..i + pattern.len()] == pattern[..] {
            out.push_str(to);
            i += pattern.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn replace_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let (s, from, to) = (
        a[0].as_string::<i32>(),
        a[1].as_string::<i32>(),
        a[2].as_string::<i32>(),
    );
    let mut out = StringBuilder::with_capacity(s.len(), s.value_data().len());
    for i in 0..s.len() {
        if s.is_null(i) || from.is_null(i) || to.is_null(i) {
            out.append_null();
        } else {
            out.append_value(replace_ci(s.value(i), from.value(i), to.value(i)));
        }
    }
    finish(Arc::new(out.finish()), scalar)
}

fn arrays(args: &[ColumnarValue]) -> Result<(Vec<ArrayRef>, bool)> {
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    Ok((ColumnarValue::values_to_arrays(args)?, scalar))
}

fn finish(array: ArrayRef, scalar: bool) -> Result<ColumnarValue> {
    if scalar {
        Ok(ColumnarValue::Scalar(datafusion::scalar::ScalarValue::try_from_array(
            &array, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(array))
    }
}

fn ci_key_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let scalar = matches!(args[0], ColumnarValue::Scalar(_));
    let mut key = String::new();
    let out = text_map(&args[0].to_array(1)?, |v, out| {
        ci_key_into(v, &mut key);
        out.append_value(&key);
    })?;
    finish(out, scalar)
}

fn constant<'a>(name: &str, args: &'a [ColumnarValue], i: usize) -> Result<&'a str> {
    match args.get(i) {
        Some(ColumnarValue::Scalar(
            ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)),
        )) => Ok(s),
        _ => exec_err!("{name}: argument {} must be a text constant", i + 1),
    }
}

fn ci_compare_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    use std::cmp::Ordering;
    let (op, key) = (
        constant("wql_ci_compare", args, 1)?,
        constant("wql_ci_compare", args, 2)?,
    );
    let test: fn(Ordering) -> bool = match op {
        "=" => Ordering::is_eq,
        "<>" => Ordering::is_ne,
        "<" => Ordering::is_lt,
        "<=" => Ordering::is_le,
        ">" => Ordering::is_gt,
        ">=" => Ordering::is_ge,
        other => return exec_err!("wql_ci_compare: unknown operator {other}"),
    };
    let scalar = matches!(args[0], ColumnarValue::Scalar(_));
    let mut scratch = String::new();
    let values = args[0].to_array(1)?;
    let out = match op {
        "=" => text_predicate(&values, |v| eq_key(v, key, &mut scratch))?,
        "<>" => text_predicate(&values, |v| !eq_key(v, key, &mut scratch))?,
        _ => text_predicate(&values, |v| test(cmp_with_key(v, key, &mut scratch)))?,
    };
    finish(Arc::new(out), scalar)
}

fn like_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let values = args[0].to_array(1)?;
    let out = match &args[1] {
        // A constant pattern is compiled once for the whole batch.
        ColumnarValue::Scalar(p) if p.is_null() => BooleanArray::new_null(values.len()),
        ColumnarValue::Scalar(_) => {
            let mut m = LikeMatcher::new(constant("wql_like", args, 1)?);
            match values.as_string_view_opt() {
                // A view holds the value's length and first bytes: most
                // values are refused without reading their data.
                Some(a) => {
                    let nulls = a.logical_nulls();
                    let views = a.views();
                    let bits = BooleanBuffer::collect_bool(a.len(), |i| {
                        let (len, head) = (views[i] as u32 as usize, ((views[i] >> 32) as u32).to_le_bytes());
                        nulls.as_ref().is_none_or(|n| n.is_valid(i))
                            && m.may_match(len, &head[..len.min(4)])
                            && m.matches(a.value(i))
                    });
                    BooleanArray::new(bits, nulls)
                }
                None => text_predicate(&values, |v| m.matches(v))?,
            }
        }
        ColumnarValue::Array(patterns) => {
            // A constant value against a column of patterns: one per row.
            let values = cast(&args[0].to_array(patterns.len())?, &DataType::Utf8)?;
            let (values, patterns) = (values.as_string::<i32>(), patterns.as_string::<i32>());
            values
                .iter()
                .zip(patterns.iter())
                .map(|(v, p)| Some(like(v?, p?)))
                .collect()
        }
    };
    finish(Arc::new(out), scalar)
}

fn charindex_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let needle = a[0].as_string::<i32>();
    let hay = a[1].as_string::<i32>();
    let start = a[2].as_primitive::<Int64Type>();
    let mut out = Int64Builder::with_capacity(hay.len());
    for i in 0..hay.len() {
        if needle.is_null(i) || hay.is_null(i) || start.is_null(i) {
            out.append_null();
            continue;
        }
        out.append_value(charindex(needle.value(i), hay.value(i), start.value(i)));
    }
    finish(Arc::new(out.finish()), scalar)
}

/// CHARINDEX: the 1-based character position of `needle` in `hay` at or after `start`, or 0.
pub fn charindex(needle: &str, hay: &str, start: i64) -> i64 {
    let n: Vec<char> = needle.to_lowercase().chars().collect();
    let h: Vec<char> = hay.to_lowercase().chars().collect();
    if n.is_empty() {
        return 0;
    }
    let from = (start.max(1) - 1) as usize;
    (from..h.len())
        .find(|&i| h.len() - i >= n.len() && h[i..i + n.len()] == n[..])
        .map_or(0, |i| i as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{DictionaryArray, StringArray, StringViewArray};
    use wqlkit_core::DateTime;
    use wqlkit_core::plan::DatePart;

    /// `f(column, constants…)` over the same text in every layout the
    /// functions accept: plain, views, and dictionaries with more and with
    /// fewer distinct values than rows.
    fn in_every_layout(f: fn(&[ColumnarValue]) -> Result<ColumnarValue>, constants: &[&str]) -> ArrayRef {
        let rows = [
            Some("Google Chrome"),
            None,
            Some("GOOGLE CHROME "),
            Some("Zoë Viewer"),
            Some("google chromium"),
            Some("Google Chrome"),
        ];
        let plain: ArrayRef = Arc::new(StringArray::from(rows.to_vec()));
        let views: ArrayRef = Arc::new(StringViewArray::from(rows.to_vec()));
        let dict: ArrayRef = Arc::new(rows.iter().copied().collect::<DictionaryArray<Int32Type>>());
        // Two rows whose dictionary holds every value of the column.
        let filtered = dict.slice(4, 2);
        let args = |column: &ArrayRef| {
            let mut a = vec![ColumnarValue::Array(column.clone())];
            a.extend(
                constants
                    .iter()
                    .map(|c| ColumnarValue::Scalar(ScalarValue::Utf8(Some(c.to_string())))),
            );
            a
        };
        let expected = f(&args(&plain)).and_then(|v| v.to_array(rows.len())).expect("plain");
        for column in [&views, &dict] {
            let got = f(&args(column)).and_then(|v| v.to_array(rows.len())).expect("layout");
            assert_eq!(got.as_ref(), expected.as_ref(), "{}", column.data_type());
        }
        let got = f(&args(&filtered)).and_then(|v| v.to_array(2)).expect("filtered");
        assert_eq!(got.as_ref(), expected.slice(4, 2).as_ref());
        expected
    }

    /// Whatever share of a dictionary's values a predicate keeps (none, a
    /// few, many, all), its rows answer as the same rows in plain text,
    /// NULL keys and a NULL value included, sliced or not.
    #[test]
    fn a_dictionary_answers_as_plain_text_however_many_values_match() {
        // A NULL row's key may be anything, in range or not.
        let garbage = [0, -1, 1000, i32::MIN, i32::MAX];
        // Dictionaries of up to 256 values and of more are tested by different tables.
        for size in [10, 300] {
            let keys = datafusion::arrow::array::Int32Array::new(
                (0..300)
                    .map(|i| {
                        if i % 13 == 0 {
                            garbage[(i / 13) as usize % garbage.len()]
                        } else {
                            i * 7 % size
                        }
                    })
                    .collect(),
                Some(datafusion::arrow::buffer::NullBuffer::from(
                    (0..300).map(|i| i % 13 != 0).collect::<Vec<_>>(),
                )),
            );
            for null_value in [None, Some(7)] {
                let values: ArrayRef = Arc::new(StringArray::from(
                    (0..size)
                        .map(|i| (Some(i) != null_value).then(|| format!("v{i}")))
                        .collect::<Vec<_>>(),
                ));
                let dict: ArrayRef =
                    Arc::new(DictionaryArray::<Int32Type>::try_new(keys.clone(), values).expect("dictionary"));
                let plain = cast(&dict, &DataType::Utf8).expect("plain");
                for kept in [0, 1, 3, 6, 9, size - 1, size] {
                    let keep = |v: &str| v[1..].parse::<i32>().is_ok_and(|n| n < kept);
                    for (d, p) in [(dict.clone(), plain.clone()), (dict.slice(5, 200), plain.slice(5, 200))] {
                        let got = text_predicate(&d, keep).expect("dictionary");
                        let want = text_predicate(&p, keep).expect("plain");
                        assert_eq!(got, want, "{size} values, {kept} kept, NULL value {null_value:?}");
                        assert_eq!(got.null_count(), want.null_count());
                    }
                }
            }
        }
    }

    #[test]
    fn a_constant_value_meets_a_column_of_patterns_row_by_row() {
        let patterns: ArrayRef = Arc::new(StringArray::from(vec![Some("A%"), Some("x%"), None]));
        let out = like_fn(&[
            ColumnarValue::Scalar(ScalarValue::Utf8(Some("abc".into()))),
            ColumnarValue::Array(patterns),
        ])
        .and_then(|v| v.to_array(3))
        .expect("like");
        assert_eq!(
            out.as_boolean().iter().collect::<Vec<_>>(),
            [Some(true), Some(false), None]
        );
        let null = like_fn(&[
            ColumnarValue::Array(Arc::new(StringArray::from(vec!["abc"]))),
            ColumnarValue::Scalar(ScalarValue::Utf8View(None)),
        ])
        .and_then(|v| v.to_array(1))
        .expect("like");
        assert!(null.is_null(0), "LIKE NULL is NULL");
    }

    #[test]
    fn text_functions_answer_alike_in_every_layout() {
        let like = in_every_layout(like_fn, &["google chrome%"]);
        assert_eq!(
            like.as_boolean().iter().collect::<Vec<_>>(),
            [Some(true), None, Some(true), Some(false), Some(false), Some(true)]
        );
        let eq = in_every_layout(ci_compare_fn, &["=", "google chrome"]);
        assert_eq!(
            eq.as_boolean().iter().collect::<Vec<_>>(),
            [Some(true), None, Some(true), Some(false), Some(false), Some(true)]
        );
        in_every_layout(ci_compare_fn, &["<", "m"]);
        let keys = in_every_layout(ci_key_fn, &[]);
        assert_eq!(keys.as_string::<i32>().value(2), "google chrome");
    }

    fn us(s: &str) -> i64 {
        DateTime::parse(s)
            .map(|d| d.unix_micros())
            .unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn patindex_finds_the_first_match() {
        assert_eq!(patindex("%[0-9]%", "Windows 10"), 9);
        assert_eq!(patindex("%10%", "windows 10"), 9);
        assert_eq!(patindex("win%", "Windows 10"), 1);
        assert_eq!(patindex("10%", "Windows 10"), 0);
        assert_eq!(patindex("%xyz%", "Windows 10"), 0);
    }

    #[test]
    fn replace_ignores_case() {
        assert_eq!(replace_ci("Hello World", "L", "x"), "Hexxo Worxd");
        assert_eq!(replace_ci("CONTOSO\\jsmith", "contoso\\", ""), "jsmith");
        assert_eq!(replace_ci("abc", "", "x"), "abc");
    }

    #[test]
    fn convert_styles() {
        let d = DateTime::parse("2024-03-05 14:07:09").unwrap_or(DateTime::EPOCH);
        assert_eq!(format_datetime(&d, 101).as_deref(), Some("03/05/2024"));
        assert_eq!(format_datetime(&d, 103).as_deref(), Some("05/03/2024"));
        assert_eq!(format_datetime(&d, 120).as_deref(), Some("2024-03-05 14:07:09"));
        assert_eq!(format_datetime(&d, 121).as_deref(), Some("2024-03-05 14:07:09.000"));
        assert_eq!(format_datetime(&d, 0).as_deref(), Some("Mar  5 2024  2:07PM"));
        assert_eq!(format_datetime(&d, 106).as_deref(), Some("05 Mar 2024"));
        assert_eq!(format_datetime(&d, 107).as_deref(), Some("Mar 05, 2024"));
        assert_eq!(format_datetime(&d, 111).as_deref(), Some("2024/03/05"));
        assert_eq!(format_datetime(&d, 999), None);
        // Two-digit years, and the styles with milliseconds and ISO 8601.
        let d = DateTime::parse("2024-03-05 14:07:09.123").unwrap_or(DateTime::EPOCH);
        assert_eq!(format_datetime(&d, 1).as_deref(), Some("03/05/24"));
        assert_eq!(format_datetime(&d, 12).as_deref(), Some("240305"));
        assert_eq!(format_datetime(&d, 9).as_deref(), Some("Mar  5 2024  2:07:09:123PM"));
        assert_eq!(format_datetime(&d, 113).as_deref(), Some("05 Mar 2024 14:07:09:123"));
        assert_eq!(format_datetime(&d, 114).as_deref(), Some("14:07:09:123"));
        assert_eq!(format_datetime(&d, 126).as_deref(), Some("2024-03-05T14:07:09.123"));
        // 126 leaves out a zero millisecond part.
        let d = DateTime::parse("2022-11-07 18:26:20").unwrap_or(DateTime::EPOCH);
        assert_eq!(format_datetime(&d, 126).as_deref(), Some("2022-11-07T18:26:20"));
        assert_eq!(format_datetime(&d, 131).as_deref(), Some("13/04/1444  6:26:20:000PM"));
        assert_eq!(format_datetime(&d, 132), None);
    }

    #[test]
    fn charindex_is_one_based_and_case_insensitive() {
        assert_eq!(charindex("WIN", "Microsoft Windows", 1), 11);
        assert_eq!(charindex("x", "abc", 1), 0);
        assert_eq!(charindex("a", "banana", 3), 4);
    }

    #[test]
    fn datediff_counts_boundaries() {
        assert_eq!(datediff(DatePart::Day, us("2024-01-01"), us("2024-03-01")), Some(60));
        assert_eq!(
            datediff(DatePart::Day, us("2024-03-01 23:59"), us("2024-03-02 00:01")),
            Some(1)
        );
        assert_eq!(datediff(DatePart::Hour, us("2024-03-01"), us("2024-03-02")), Some(24));
        assert_eq!(
            datediff(DatePart::Year, us("2023-12-31 23:59:59"), us("2024-01-01")),
            Some(1)
        );
        assert_eq!(datediff(DatePart::Month, us("2024-01-31"), us("2024-02-01")), Some(1));
        // 2024-03-02 is a Saturday, 2024-03-03 a Sunday: one week boundary.
        assert_eq!(datediff(DatePart::Week, us("2024-03-02"), us("2024-03-03")), Some(1));
        assert_eq!(datediff(DatePart::Week, us("2024-03-03"), us("2024-03-09")), Some(0));
        assert_eq!(datediff(DatePart::Day, us("2024-03-02"), us("2024-03-01")), Some(-1));
    }

    #[test]
    fn dateadd_clamps_month_ends() {
        let r = dateadd(DatePart::Month, 1, us("2024-01-31")).and_then(DateTime::from_unix_micros);
        assert_eq!(r.map(|d| d.to_string()), Some("2024-02-29 00:00:00".into()));
        let r = dateadd(DatePart::Day, -30, us("2024-03-01")).and_then(DateTime::from_unix_micros);
        assert_eq!(r.map(|d| d.to_string()), Some("2024-01-31 00:00:00".into()));
    }

    #[test]
    fn datepart_defaults() {
        assert_eq!(datepart(DatePart::Weekday, us("2024-03-03")), Some(1), "Sunday is 1");
        assert_eq!(datepart(DatePart::Week, us("2024-01-06")), Some(1));
        assert_eq!(datepart(DatePart::Week, us("2024-01-07")), Some(2));
        assert_eq!(datepart(DatePart::Quarter, us("2024-08-15")), Some(3));
        assert_eq!(datepart(DatePart::DayOfYear, us("2024-12-31")), Some(366));
    }
}
