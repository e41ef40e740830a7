//! T-SQL's functions as DataFusion evaluates them: each call is rewritten
//! to a DataFusion function or a `wql_*` function of this tool with SQL
//! Server's semantics, or refused with a diagnostic at the call.

use super::expr::{boolean, call, cast, datetime_literal, datetime_type, ident, literal_text, number, string};
use super::rewrite::Rewriter;
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    BinaryLength, BinaryOperator, CharacterLength, DataType, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, ObjectName, Spanned, Value,
};
use wqlkit_core::plan::DatePart;
use wqlkit_core::{Code, Diagnostic};

/// The plain arguments of a call, or `None` when it has clauses or named arguments.
pub(super) fn plain_args(f: &Function) -> Option<Vec<Expr>> {
    match &f.args {
        FunctionArguments::None => Some(vec![]),
        FunctionArguments::List(l) if l.clauses.is_empty() && l.duplicate_treatment.is_none() => l
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// A T-SQL date part written as a bare word (`day`, `dd`, `yyyy`…).
fn date_part(e: &Expr) -> Option<DatePart> {
    match e {
        Expr::Identifier(i) => DatePart::parse(&i.value),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => DatePart::parse(s),
            _ => None,
        },
        _ => None,
    }
}

/// Functions that DataFusion evaluates as SQL Server does, passed through as they are.
const SAME_FUNCTIONS: &[&str] = &[
    "coalesce",
    "upper",
    "lower",
    "ltrim",
    "rtrim",
    "abs",
    "floor",
    "sign",
    "sqrt",
    "power",
    "reverse",
    "concat",
    "count",
    "sum",
    "min",
    "max",
    "avg",
    "row_number",
    "rank",
    "dense_rank",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "string_agg",
    "exp",
    "log10",
    "concat_ws",
    "ascii",
    // Internal names the rewrite itself produces.
    "wql_ci_key",
    "wql_like",
    "wql_charindex",
    "wql_datediff",
    "wql_dateadd",
    "wql_datepart",
    "wql_replace",
    "wql_format_datetime",
    "wql_left",
    "wql_right",
    "wql_stuff",
    "wql_datename",
    "wql_patindex",
    "wql_format",
    "wql_formatmessage",
    "wql_lcid",
    "wql_convert_text",
    "wql_xml_row",
    "wql_xml_text",
    "wql_json_object",
    "wql_newid",
    "wql_parse_text",
    "wql_with_offset",
    "wql_parsename",
    "wql_ceiling",
    "wql_floor",
    "wql_round",
    "wql_power",
    "date_trunc",
    "ln",
    "character_length",
    "repeat",
    "ceil",
    "chr",
    "make_date",
    "round",
];

impl Rewriter<'_> {
    pub(super) fn error<S: Spanned + ?Sized>(&mut self, at: &S, message: String) {
        let span = self.source.span(at.span());
        self.errors.push(Diagnostic::error(Code::SqlUnsupported, span, message));
    }

    /// Rewrites a T-SQL function call; `None` leaves it as it is.
    pub(super) fn function(&mut self, f: &Function, whole: &Expr) -> Option<Expr> {
        let name = f.name.to_string().to_lowercase();
        let name = name.rsplit('.').next().unwrap_or(&name).to_string();
        if name == "string_agg" && !f.within_group.is_empty() {
            let mut f = f.clone();
            super::lists::within_group_as_order_by(&mut f);
            return Some(Expr::Function(f));
        }
        if f.over.is_some() {
            if !SAME_FUNCTIONS.contains(&name.as_str()) {
                self.error(
                    whole,
                    format!("the window function {} is not supported offline", name.to_uppercase()),
                );
            }
            return None;
        }
        let Some(args) = plain_args(f) else {
            if !["count", "string_agg", "sum", "avg", "min", "max"].contains(&name.as_str()) {
                self.error(
                    whole,
                    format!("this form of {} is not supported offline", name.to_uppercase()),
                );
            }
            return None;
        };
        let n = args.len();
        let arity = |this: &mut Self, ok: bool| {
            if !ok {
                this.errors.push(Diagnostic::error(
                    Code::SqlInvalid,
                    this.source.span(whole.span()),
                    format!(
                        "{} does not take {n} argument{}",
                        name.to_uppercase(),
                        if n == 1 { "" } else { "s" }
                    ),
                ));
            }
            ok
        };
        if let Some(site) = super::site::functions().scalar(&name) {
            if !arity(self, n == site.parameters.len()) {
                return None;
            }
            let args = args
                .into_iter()
                .map(|e| cast(e, DataType::Nvarchar(Some(CharacterLength::Max))))
                .collect();
            return Some(call(&site.builtin, args));
        }
        let mut a = args.into_iter();
        let mut next = || a.next().unwrap_or(Expr::Value(Value::Null.with_empty_span()));
        Some(match name.as_str() {
            // SWITCHOFFSET(dto, '+02:00'), TODATETIMEOFFSET(dt, '+02:00').
            "switchoffset" | "todatetimeoffset" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let (time, offset) = (next(), next());
                let Some(minutes) = literal_text(&offset).and_then(|t| super::offsets::offset_minutes(&t)) else {
                    self.error(
                        &offset,
                        format!(
                            "{} takes a constant offset such as '+02:00' or -300 (minutes)",
                            name.to_uppercase()
                        ),
                    );
                    return None;
                };
                let how = if name == "switchoffset" {
                    super::offsets::SWITCH
                } else {
                    super::offsets::ATTACH
                };
                call("wql_with_offset", vec![time, number(i64::from(minutes)), string(how)])
            }
            // A UUID per row; repeatable under --seed.
            "newid" => {
                if !arity(self, n == 0) {
                    return None;
                }
                call("wql_newid", vec![])
            }
            "isnull" => {
                if !arity(self, n == 2) {
                    return None;
                }
                call("coalesce", vec![next(), next()])
            }
            // As a CASE, so that `=` compares under the collation ('ABC ' equals 'abc').
            "nullif" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let (a, b) = (next(), next());
                Expr::Case {
                    case_token: AttachedToken::empty(),
                    end_token: AttachedToken::empty(),
                    operand: None,
                    conditions: vec![datafusion::sql::sqlparser::ast::CaseWhen {
                        condition: Expr::BinaryOp {
                            left: Box::new(a.clone()),
                            op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq,
                            right: Box::new(b),
                        },
                        result: Expr::Value(Value::Null.with_empty_span()),
                    }],
                    else_result: Some(Box::new(a)),
                }
            }
            "iif" => {
                if !arity(self, n == 3) {
                    return None;
                }
                let (c, t, e) = (next(), next(), next());
                Expr::Case {
                    case_token: AttachedToken::empty(),
                    end_token: AttachedToken::empty(),
                    operand: None,
                    conditions: vec![datafusion::sql::sqlparser::ast::CaseWhen {
                        condition: c,
                        result: t,
                    }],
                    else_result: Some(Box::new(e)),
                }
            }
            "len" => {
                if !arity(self, n == 1) {
                    return None;
                }
                call(
                    "character_length",
                    vec![call("rtrim", vec![cast(next(), DataType::Nvarchar(None))])],
                )
            }
            "datalength" => {
                self.error(whole, "DATALENGTH (bytes of storage) is not supported offline".into());
                return None;
            }
            "getdate" | "sysdatetime" | "current_timestamp" | "getutcdate" | "sysutcdatetime" => {
                if !arity(self, n == 0) {
                    return None;
                }
                datetime_literal(self.now)
            }
            "charindex" => {
                if !arity(self, n == 2 || n == 3) {
                    return None;
                }
                let (needle, hay) = (next(), next());
                let start = if n == 3 { next() } else { number(1) };
                call("wql_charindex", vec![needle, hay, cast(start, DataType::BigInt(None))])
            }
            "replace" => {
                if !arity(self, n == 3) {
                    return None;
                }
                call("wql_replace", vec![next(), next(), next()])
            }
            "datediff" | "dateadd" | "datepart" => {
                if !arity(self, if name == "datepart" { n == 2 } else { n == 3 }) {
                    return None;
                }
                let part_expr = next();
                let Some(part) = date_part(&part_expr) else {
                    self.error(
                        &part_expr,
                        format!(
                            "{part_expr} is not a date part {} supports offline",
                            name.to_uppercase()
                        ),
                    );
                    return None;
                };
                let part = string(part.as_str());
                let ts = |e: Expr| cast(e, datetime_type());
                match name.as_str() {
                    "datediff" => call("wql_datediff", vec![part, ts(next()), ts(next())]),
                    "dateadd" => {
                        let k = cast(next(), DataType::BigInt(None));
                        call("wql_dateadd", vec![part, k, ts(next())])
                    }
                    _ => call("wql_datepart", vec![part, ts(next())]),
                }
            }
            "left" | "right" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let (text, k) = (next(), next());
                call(
                    &format!("wql_{name}"),
                    vec![cast(text, DataType::Nvarchar(None)), cast(k, DataType::BigInt(None))],
                )
            }
            "stuff" => {
                if !arity(self, n == 4) {
                    return None;
                }
                let (text, start, len, ins) = (next(), next(), next(), next());
                call(
                    "wql_stuff",
                    vec![
                        cast(text, DataType::Nvarchar(None)),
                        cast(start, DataType::BigInt(None)),
                        cast(len, DataType::BigInt(None)),
                        cast(ins, DataType::Nvarchar(None)),
                    ],
                )
            }
            "datename" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let part_expr = next();
                let Some(part) = date_part(&part_expr) else {
                    self.error(
                        &part_expr,
                        format!("{part_expr} is not a date part DATENAME supports offline"),
                    );
                    return None;
                };
                call(
                    "wql_datename",
                    vec![string(part.as_str()), cast(next(), datetime_type())],
                )
            }
            "year" | "month" | "day" => {
                if !arity(self, n == 1) {
                    return None;
                }
                call("wql_datepart", vec![string(&name), cast(next(), datetime_type())])
            }
            "count_big" => {
                let mut f = f.clone();
                f.name = ObjectName::from(vec![ident("count")]);
                Expr::Function(f)
            }
            "ceiling" | "floor" => whole_part(&name, next()),
            "power" => {
                if !arity(self, n == 2) {
                    return None;
                }
                call("wql_power", vec![next(), next()])
            }
            "patindex" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let (pattern, text) = (next(), next());
                call(
                    "wql_patindex",
                    vec![
                        cast(pattern, DataType::Nvarchar(None)),
                        cast(text, DataType::Nvarchar(None)),
                    ],
                )
            }
            "char" | "nchar" => {
                if !arity(self, n == 1) {
                    return None;
                }
                call("chr", vec![cast(next(), DataType::BigInt(None))])
            }
            // PARSENAME(name, part): the part-th dot-separated part from the right.
            "parsename" => {
                if !arity(self, n == 2) {
                    return None;
                }
                call("wql_parsename", vec![next(), next()])
            }
            "choose" => {
                if n < 2 {
                    arity(self, false);
                    return None;
                }
                let index = next();
                let conditions = (1..n)
                    .map(|i| datafusion::sql::sqlparser::ast::CaseWhen {
                        condition: Expr::BinaryOp {
                            left: Box::new(index.clone()),
                            op: BinaryOperator::Eq,
                            right: Box::new(number(i as i64)),
                        },
                        result: next(),
                    })
                    .collect();
                Expr::Case {
                    case_token: AttachedToken::empty(),
                    end_token: AttachedToken::empty(),
                    operand: None,
                    conditions,
                    else_result: None,
                }
            }
            "datefromparts" => {
                if !arity(self, n == 3) {
                    return None;
                }
                cast(call("make_date", vec![next(), next(), next()]), DataType::Date)
            }
            "replicate" => {
                if !arity(self, n == 2) {
                    return None;
                }
                call("repeat", vec![next(), cast(next(), DataType::BigInt(None))])
            }
            "space" => {
                if !arity(self, n == 1) {
                    return None;
                }
                call("repeat", vec![string(" "), cast(next(), DataType::BigInt(None))])
            }
            "format" => {
                if !arity(self, n == 2 || n == 3) {
                    return None;
                }
                let (value, pattern) = (next(), next());
                let mut args = vec![value, pattern];
                if n == 3 {
                    let culture = next();
                    if let Expr::Value(v) = &culture
                        && let Value::SingleQuotedString(c) | Value::NationalStringLiteral(c) = &v.value
                        && !super::udfs::culture_supported(c)
                    {
                        self.errors.push(
                            Diagnostic::error(
                                Code::SqlUnsupported,
                                self.source.span(culture.span()),
                                format!("FORMAT in the culture '{c}' is not supported offline"),
                            )
                            .with_help(
                                "offline FORMAT formats as en-US, the culture of the us_english session language",
                            ),
                        );
                        return None;
                    }
                    args.push(culture);
                }
                call("wql_format", args)
            }
            "formatmessage" => {
                if n == 0 {
                    arity(self, false);
                    return None;
                }
                let args: Vec<Expr> = (0..n).map(|_| next()).collect();
                if matches!(&args[0], Expr::Value(v) if matches!(v.value, Value::Number(..))) {
                    self.error(
                        whole,
                        "FORMATMESSAGE with a message number (sys.messages) is not supported offline".into(),
                    );
                    return None;
                }
                call("wql_formatmessage", args)
            }
            "eomonth" => {
                if !arity(self, n == 1 || n == 2) {
                    return None;
                }
                let d = cast(next(), datetime_type());
                let months = if n == 2 {
                    cast(next(), DataType::BigInt(None))
                } else {
                    number(0)
                };
                // The day before the first of the month after the (shifted) month.
                let first = call(
                    "date_trunc",
                    vec![string("month"), call("wql_dateadd", vec![string("month"), months, d])],
                );
                let next_first = call("wql_dateadd", vec![string("month"), number(1), first]);
                cast(
                    call("wql_dateadd", vec![string("day"), number(-1), next_first]),
                    DataType::Date,
                )
            }
            "datetrunc" => {
                if !arity(self, n == 2) {
                    return None;
                }
                let part_expr = next();
                let unit = match date_part(&part_expr) {
                    Some(DatePart::Year) => "year",
                    Some(DatePart::Quarter) => "quarter",
                    Some(DatePart::Month) => "month",
                    Some(DatePart::Day | DatePart::DayOfYear) => "day",
                    Some(DatePart::Hour) => "hour",
                    Some(DatePart::Minute) => "minute",
                    Some(DatePart::Second) => "second",
                    Some(DatePart::Millisecond) => "millisecond",
                    _ => {
                        self.error(
                            &part_expr,
                            format!("{part_expr} is not a date part DATETRUNC supports offline"),
                        );
                        return None;
                    }
                };
                call("date_trunc", vec![string(unit), cast(next(), datetime_type())])
            }
            // LOG(x) is the natural logarithm; LOG(x, b) in base b.
            "log" => {
                if !arity(self, n == 1 || n == 2) {
                    return None;
                }
                let x = call(
                    "ln",
                    vec![cast(
                        next(),
                        DataType::Double(datafusion::sql::sqlparser::ast::ExactNumberInfo::None),
                    )],
                );
                if n == 2 {
                    let b = call(
                        "ln",
                        vec![cast(
                            next(),
                            DataType::Double(datafusion::sql::sqlparser::ast::ExactNumberInfo::None),
                        )],
                    );
                    Expr::BinaryOp {
                        left: Box::new(x),
                        op: BinaryOperator::Divide,
                        right: Box::new(b),
                    }
                } else {
                    x
                }
            }
            // ROUND(x, n); the truncating third argument has no equivalent here.
            "round" => {
                if !arity(self, n == 2) {
                    return None;
                }
                call("wql_round", vec![next(), next()])
            }
            other if SAME_FUNCTIONS.contains(&other) => return None,
            other if other.starts_with("fn_") || other.starts_with("ufn_") => {
                let written = match f.name.0.last() {
                    Some(part) => self
                        .source
                        .text(self.source.span(part.span()))
                        .trim_matches(['[', ']'])
                        .to_string(),
                    None => String::new(),
                };
                let written = if written.is_empty() { other.to_string() } else { written };
                let help = format!(
                    "the site functions wqlkit defines offline: {}",
                    super::site::functions().names(false)
                );
                let span = self.source.span(whole.span());
                self.errors.push(
                    Diagnostic::error(
                        Code::SqlUnsupported,
                        span,
                        format!("the site database function {written} is not defined offline"),
                    )
                    .with_help(help),
                );
                return None;
            }
            other => {
                self.error(
                    whole,
                    format!("the function {} is not supported offline", other.to_uppercase()),
                );
                return None;
            }
        })
    }

    /// `CONVERT(type, expr [, style])`.
    pub(super) fn convert(
        &mut self,
        ty: &DataType,
        value: &Expr,
        styles: &[Expr],
        whole: &Expr,
        is_try: bool,
    ) -> Option<Expr> {
        let style = match styles {
            [] => None,
            [Expr::Value(v)] => match &v.value {
                Value::Number(n, _) => n.parse::<i64>().ok(),
                _ => None,
            },
            _ => {
                self.error(whole, "CONVERT with a computed style is not supported offline".into());
                return None;
            }
        };
        // CONVERT(varchar, CONVERT(varbinary(4), n), 1|2): a 32-bit value in hexadecimal (`0x8024402C`).
        if let (
            Some(style @ (1 | 2)),
            Some(len),
            Expr::Cast {
                expr: inner,
                data_type: DataType::Varbinary(Some(BinaryLength::IntegerLength { length: 4 })),
                ..
            },
        ) = (style, text_length(ty), value)
        {
            let unsigned = Expr::BinaryOp {
                left: Box::new(Expr::Nested(Box::new(Expr::BinaryOp {
                    left: Box::new(cast((**inner).clone(), DataType::BigInt(None))),
                    op: BinaryOperator::Plus,
                    right: Box::new(number(1 << 32)),
                }))),
                op: BinaryOperator::Modulo,
                right: Box::new(number(1 << 32)),
            };
            let hex = call("wql_format", vec![unsigned, string("X8")]);
            let text = if style == 1 {
                Expr::BinaryOp {
                    left: Box::new(string("0x")),
                    op: BinaryOperator::StringConcat,
                    right: Box::new(hex),
                }
            } else {
                hex
            };
            return Some(truncate(text, len));
        }
        let datetime_target = matches!(ty, DataType::Datetime(_) | DataType::Date)
            || matches!(ty, DataType::Custom(n, _) if matches!(n.to_string().to_lowercase().as_str(), "datetime2" | "smalldatetime"));
        let style = match style {
            // Money becomes text with two decimals by default (style 0).
            None if is_money(value) && text_length(ty).is_some() => Some(0),
            other => other,
        };
        match (style, text_length(ty)) {
            (Some(0), Some(len)) if is_money(value) => Some(truncate(
                call("wql_convert_text", vec![value.clone(), number(0), string("money")]),
                len,
            )),
            (None, _) | (Some(0 | 100), _) if is_try => Some(self.try_cast(value.clone(), ty)),
            (None, _) | (Some(0 | 100), _) => Some(self.cast_to(value.clone(), ty)),
            // Text to a date or time is read in the style's order (mm/dd/yyyy, dd/mm/yyyy, yy.mm.dd, a Hijri date).
            (Some(style), None) if datetime_target && super::convert::known_style(style) => {
                let text = call(
                    "wql_styled_datetime",
                    vec![value.clone(), number(style), boolean(is_try)],
                );
                Some(if is_try {
                    self.try_cast(text, ty)
                } else {
                    self.cast_to(text, ty)
                })
            }
            // To text, the style applies by the type converted (datetime, float, money).
            (Some(style), Some(len)) if super::convert::known_style(style) => {
                let mut args = vec![value.clone(), number(style)];
                if is_money(value) {
                    args.push(string("money"));
                }
                Some(truncate(call("wql_convert_text", args), len))
            }
            (Some(style), _) => {
                self.error(whole, format!("CONVERT style {style} is not supported offline"));
                None
            }
        }
    }

    /// `TRY_CAST(e AS ty)`: NULL where the conversion fails. A conversion to
    /// text cannot fail, so it is CAST's (truncating to the declared length).
    pub(super) fn try_cast(&mut self, e: Expr, ty: &DataType) -> Expr {
        if text_length(ty).is_some() {
            return self.cast_to(e, ty);
        }
        Expr::Cast {
            kind: datafusion::sql::sqlparser::ast::CastKind::TryCast,
            expr: Box::new(e),
            data_type: ty.clone(),
            format: None,
            array: false,
        }
    }

    /// `CAST(e AS ty)`, truncating to a declared text length as SQL Server does.
    pub(super) fn cast_to(&mut self, e: Expr, ty: &DataType) -> Expr {
        if is_datetimeoffset(ty) {
            return self.as_datetimeoffset(e);
        }
        match text_length(ty) {
            Some(len) if is_money(&e) => truncate(call("wql_convert_text", vec![e, number(0), string("money")]), len),
            Some(len) => truncate(cast(e, DataType::Nvarchar(None)), len),
            None => cast(e, ty.clone()),
        }
    }
}

/// Whether `ty` is datetimeoffset.
fn is_datetimeoffset(ty: &DataType) -> bool {
    matches!(ty, DataType::Custom(name, _) if name.to_string().eq_ignore_ascii_case("datetimeoffset"))
}

impl Rewriter<'_> {
    /// `CAST(e AS datetimeoffset)`: a literal's own offset (`… -05:00`,
    /// +00:00 when it has none); a time without offset at +00:00.
    fn as_datetimeoffset(&mut self, e: Expr) -> Expr {
        let (time, minutes) = match literal_text(&e) {
            Some(text) => {
                let (local, minutes) = super::offsets::split_literal(&text);
                (
                    cast(
                        string(&local),
                        DataType::Custom(ObjectName::from(vec![ident("datetime2")]), vec![]),
                    ),
                    minutes,
                )
            }
            None => (e, 0),
        };
        call(
            "wql_with_offset",
            vec![time, number(i64::from(minutes)), string(super::offsets::CAST)],
        )
    }
}

/// CEILING or FLOOR (`which`) of `value`. Money stays money, with its four
/// decimals (FLOOR($123.45) is 123.0000); a decimal loses its decimals.
pub(super) fn whole_part(which: &str, value: Expr) -> Expr {
    let money = is_money(&value).then(|| money_type(&value));
    let whole = call(&format!("wql_{which}"), vec![value]);
    match money {
        Some(ty) => cast(whole, ty),
        None => whole,
    }
}

/// The money type `e` is cast to (see [`is_money`]).
fn money_type(e: &Expr) -> DataType {
    match e {
        Expr::Cast { data_type, .. } => data_type.clone(),
        Expr::Nested(e) => money_type(e),
        _ => DataType::Custom(ObjectName::from(vec![ident("money")]), vec![]),
    }
}

/// Whether `e` is written as money: a CAST or CONVERT to money or smallmoney.
fn is_money(e: &Expr) -> bool {
    match e {
        Expr::Cast {
            data_type: DataType::Custom(name, _),
            ..
        } => {
            matches!(name.to_string().to_lowercase().as_str(), "money" | "smallmoney")
        }
        Expr::Nested(e) => is_money(e),
        _ => false,
    }
}

/// `Some(Some(n))` for a text type of length n, `Some(None)` for unbounded text.
pub(super) fn text_length(ty: &DataType) -> Option<Option<u64>> {
    let len = |l: &Option<CharacterLength>| match l {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
        // nvarchar without a length in CAST/CONVERT is nvarchar(30).
        None => Some(30),
        Some(CharacterLength::Max) => None,
    };
    match ty {
        DataType::Nvarchar(l) | DataType::Varchar(l) | DataType::CharacterVarying(l) | DataType::CharVarying(l) => {
            Some(len(l))
        }
        DataType::Char(l) | DataType::Character(l) => Some(len(l)),
        DataType::Custom(name, args) => {
            let n = name.to_string().to_lowercase();
            if ["nchar", "nvarchar", "varchar", "char", "sysname"].contains(&n.as_str()) {
                Some(match args.first().map(|a| a.to_lowercase()) {
                    Some(a) if a == "max" => None,
                    Some(a) => a.parse().ok(),
                    None => Some(30),
                })
            } else if n == "ntext" || n == "text" {
                Some(None)
            } else {
                None
            }
        }
        DataType::Text => Some(None),
        _ => None,
    }
}

fn truncate(e: Expr, len: Option<u64>) -> Expr {
    match len {
        Some(n) => call("wql_left", vec![e, number(n as i64)]),
        None => e,
    }
}
