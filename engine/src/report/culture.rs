//! `PARSE(text AS type [USING culture])` and `TRY_PARSE`: text in the en-US
//! culture (the session language of a site database, us_english) read as a
//! number or a date and time, as .NET reads it (PARSE (Transact-SQL)).
//! sqlparser does not know the form, so the tokens become
//! `CAST(wql_parse_text(text, 'type', culture, try) AS type)` (TRY_CAST for
//! TRY_PARSE): the function turns the culture's text into the canonical text
//! CAST reads, or fails (NULL for TRY_PARSE).

use crate::lower::udf::{DAY_NAMES, MONTH_NAMES};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace};
use std::sync::LazyLock;

/// Rewrites every `PARSE(…)` and `TRY_PARSE(…)` in the tokens.
pub(super) fn parse_as_calls(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some((replacement, next)) = rewrite_at(&tokens, i) {
            out.extend(replacement);
            i = next;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

/// The rewrite of a PARSE call starting at `i`, and the index after it.
fn rewrite_at(tokens: &[TokenWithSpan], i: usize) -> Option<(Vec<TokenWithSpan>, usize)> {
    let Token::Word(w) = &tokens[i].token else { return None };
    let is_try = match w.value.as_str() {
        "parse" if w.quote_style.is_none() => false,
        "try_parse" if w.quote_style.is_none() => true,
        _ => return None,
    };
    let significant = |from: usize| (from..tokens.len()).find(|&j| !matches!(tokens[j].token, Token::Whitespace(_)));
    let open = significant(i + 1)?;
    if tokens[open].token != Token::LParen {
        return None;
    }
    // The closing parenthesis, the last AS and the USING at depth 1.
    let (mut depth, mut close, mut as_at, mut using_at) = (0usize, None, None, None);
    for (j, t) in tokens.iter().enumerate().skip(open) {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            Token::Word(w) if depth == 1 && w.quote_style.is_none() && w.keyword == Keyword::AS => as_at = Some(j),
            Token::Word(w) if depth == 1 && w.quote_style.is_none() && w.keyword == Keyword::USING => {
                using_at = Some(j)
            }
            _ => {}
        }
    }
    let (close, as_at) = (close?, as_at?);
    let type_end = using_at.filter(|&u| u > as_at).unwrap_or(close);
    let span = tokens[i].span;
    let at = |t: Token| TokenWithSpan::new(t, span);
    let word = |s: &str| at(Token::make_word(s, None));
    let type_tokens = &tokens[as_at + 1..type_end];
    let type_text: String = type_tokens.iter().map(|t| t.token.to_string()).collect::<String>();
    let culture: Vec<TokenWithSpan> = match using_at.filter(|&u| u > as_at) {
        Some(u) => tokens[u + 1..close].to_vec(),
        None => vec![at(Token::SingleQuotedString("en-US".into()))],
    };
    let mut out = vec![
        word(if is_try { "try_cast" } else { "cast" }),
        at(Token::LParen),
        word("wql_parse_text"),
        at(Token::LParen),
    ];
    out.extend(tokens[open + 1..as_at].iter().cloned());
    out.push(at(Token::Comma));
    out.push(at(Token::SingleQuotedString(type_text.trim().to_lowercase())));
    out.push(at(Token::Comma));
    out.extend(culture);
    out.push(at(Token::Comma));
    out.push(at(Token::Number(if is_try { "1" } else { "0" }.into(), false)));
    out.push(at(Token::RParen));
    out.push(at(Token::Whitespace(Whitespace::Space)));
    out.push(word("as"));
    out.push(at(Token::Whitespace(Whitespace::Space)));
    out.extend(type_tokens.iter().cloned());
    out.push(at(Token::RParen));
    Some((out, close + 1))
}

/// `wql_parse_text(text, type, culture, try)`: see the module.
pub static PARSE_TEXT: LazyLock<ScalarUDF> = LazyLock::new(|| {
    super::udfs::row_wise(
        "wql_parse_text",
        Signature::variadic_any(Volatility::Immutable),
        parse_row,
    )
});

fn parse_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let [text, ty, culture, lenient] = args else {
        return Err(DataFusionError::Plan("wql_parse_text takes 4 arguments".into()));
    };
    let string = |v: &ScalarValue| match v {
        ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s) => s.clone(),
        other if other.is_null() => None,
        other => Some(other.to_string()),
    };
    let lenient = !matches!(lenient, ScalarValue::Int64(Some(0)) | ScalarValue::Int32(Some(0)));
    let culture = string(culture).unwrap_or_default();
    if !super::udfs::culture_supported(&culture) {
        return Err(DataFusionError::NotImplemented(format!(
            "PARSE in the culture '{culture}' (en-US only)"
        )));
    }
    let (Some(text), Some(ty)) = (string(text), string(ty)) else {
        return Ok(None);
    };
    let base = ty.split('(').next().unwrap_or_default().trim().to_string();
    let read = match base.as_str() {
        "bigint" | "int" | "smallint" | "tinyint" => number(&text, false, false).and_then(integral),
        "decimal" | "numeric" | "dec" => number(&text, false, false),
        "float" | "real" => number(&text, true, false),
        "money" | "smallmoney" => number(&text, false, true),
        "date" | "time" | "datetime" | "smalldatetime" | "datetime2" | "datetimeoffset" => datetime(&text),
        _ => {
            return Err(DataFusionError::Plan(format!(
                "PARSE converts text to number and date/time types only, not {ty}"
            )));
        }
    };
    match read {
        Some(v) => Ok(Some(v)),
        None if lenient => Ok(None),
        None => Err(DataFusionError::Execution(format!(
            "Error converting string value '{text}' into data type {ty} using culture '{culture}'."
        ))),
    }
}

/// A number in en-US form (`-1,234.50`, `(12)` for money, `$3.10`,
/// `1.5E3` for float) as canonical text, or `None`.
fn number(text: &str, exponent: bool, currency: bool) -> Option<String> {
    let mut t = text.trim().to_string();
    let mut negative = false;
    if currency && t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].trim().to_string();
    }
    for sign in ['-', '+'] {
        if let Some(rest) = t.strip_prefix(sign) {
            negative ^= sign == '-';
            t = rest.trim_start().to_string();
        } else if let Some(rest) = t.strip_suffix(sign) {
            negative ^= sign == '-';
            t = rest.trim_end().to_string();
        }
    }
    if currency {
        t = t.trim_start_matches('$').trim().to_string();
    }
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(p) if exponent => (t[..p].to_string(), Some(t[p + 1..].to_string())),
        _ => (t.clone(), None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (mantissa, None),
    };
    // Thousands separators: groups of three after the first.
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1 || groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty();
    let whole: String = groups.concat();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !grouped_well || !digits(&whole) || !fraction.as_deref().is_none_or(digits) {
        return None;
    }
    if whole.is_empty() && fraction.as_deref().is_none_or(str::is_empty) {
        return None;
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { &whole });
    if let Some(f) = fraction.filter(|f| !f.is_empty()) {
        out.push('.');
        out.push_str(&f);
    }
    if let Some(e) = exp {
        let e = e.strip_prefix('+').unwrap_or(&e);
        let body = e.strip_prefix('-').unwrap_or(e);
        if body.is_empty() || !digits(body) {
            return None;
        }
        out.push('e');
        out.push_str(e);
    }
    Some(out)
}

/// An integer type takes a decimal point only before zeros (`12.00`).
fn integral(n: String) -> Option<String> {
    match n.split_once('.') {
        Some((w, f)) if f.chars().all(|c| c == '0') => Some(w.to_string()),
        Some(_) => None,
        None => Some(n),
    }
}

pub(super) fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .map(|m| m.to_lowercase())
        .position(|m| m == w || m.starts_with(&w) && w.len() == 3)
        .map(|p| p as u32 + 1)
}

/// The order of a date's three numbers: en-US text and CONVERT's US styles
/// are month/day/year, the British, German, French and Hijri styles
/// day/month/year, the ISO and Japanese ones year/month/day. A four-digit
/// first number is always the year.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Order {
    Mdy,
    Dmy,
    Ymd,
}

/// The parts of a date and time as written, not yet checked against a
/// calendar (the Hijri styles check them against theirs); the date is
/// `None` for a time alone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Fields {
    /// Year, month and day as written.
    pub date: Option<(u32, u32, u32)>,
    /// Whether the year was written with two digits or fewer.
    pub short_year: bool,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
}

impl Fields {
    /// The Gregorian date, a short year read under the cutoff 2049 (0–49
    /// are 2000–2049, 50–99 1950–1999, as SQL Server's and .NET's
    /// two-digit year cutoff reads them).
    pub fn gregorian_date(&self) -> Option<(u32, u32, u32)> {
        let (y, m, d) = self.date?;
        let y = match y {
            0..=49 if self.short_year => 2000 + y,
            50..=99 if self.short_year => 1900 + y,
            y => y,
        };
        Some((y, m, d))
    }
}

/// A date and time in the en-US forms .NET reads (`12/16/2010`,
/// `Monday, 13 December 2010`, `December 13, 2010`, `2010-12-13 10:30:00`,
/// a time with AM/PM) as `yyyy-mm-dd hh:mm:ss.ffffff`, or `None`.
fn datetime(text: &str) -> Option<String> {
    let f = fields(text, Order::Mdy, &month_of)?;
    let (year, month, day) = f.gregorian_date()?;
    gregorian(year, month, day, &f)
}

/// `yyyy-mm-dd hh:mm:ss.ffffff` for a Gregorian date between years 1 and
/// 9999 and a valid time, else `None`.
pub(super) fn gregorian(year: u32, month: u32, day: u32, f: &Fields) -> Option<String> {
    if !(1..=9999).contains(&year) || day == 0 || day > wqlkit_core::types::days_in_month(year as i32, month) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:06}",
        f.hour, f.minute, f.second, f.micros
    ))
}

/// Reads the words of a date and time: three numbers separated by `/`, `-`
/// or `.` in `order`; or a month name (`months` reads one) with a day and
/// a year around it; or `yyyymmdd`/`yymmdd`; and a time `hh:mi[:ss[.fff]]`
/// or `hh:mi:ss:mmm` (milliseconds after a colon, as styles 9, 13, 109,
/// 113, 130 and 131 write them), with AM or PM. Each part may be written
/// once; a word that is none of these (an offset such as `+05:00`) makes
/// the text unreadable.
pub(super) fn fields(text: &str, order: Order, months: &dyn Fn(&str) -> Option<u32>) -> Option<Fields> {
    let cleaned = text.replace(',', " ");
    let mut words: Vec<String> = Vec::new();
    let mut iso = false;
    for w in cleaned.split_whitespace() {
        // ISO 8601's date and time joined by T (a 24-hour time).
        match w
            .split_once(['t', 'T'])
            .filter(|(d, t)| d.contains('-') && t.contains(':'))
        {
            Some((d, t)) => {
                iso = true;
                words.extend([d.to_string(), t.to_string()]);
            }
            None => words.push(w.to_string()),
        }
    }
    // A leading day name says nothing the date does not.
    if let Some(first) = words.first() {
        let f = first.trim_end_matches('.').to_lowercase();
        if f.len() >= 3 && DAY_NAMES.iter().any(|d| d.to_lowercase().starts_with(&f)) {
            words.remove(0);
        }
    }
    let (mut year, mut month, mut day) = (None, None, None);
    let mut short_year = false;
    let mut time: Option<(u32, u32, u32, u32)> = None;
    let mut meridiem: Option<bool> = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut dated = false;
    for w in &words {
        let w = w.as_str();
        let lower = w.to_lowercase();
        if w.starts_with(['+', '-']) {
            return None;
        }
        if lower == "am" || lower == "pm" {
            if meridiem.replace(lower == "pm").is_some() {
                return None;
            }
        } else if let Some(m) = months(w) {
            if month.replace(m).is_some() {
                return None;
            }
        } else if w.contains(':') {
            // ISO 8601's `Z` (style 127) is UTC, the only zone a datetime has.
            let lower = lower.strip_suffix('z').unwrap_or(&lower).to_string();
            let (clock, suffix) = match lower.strip_suffix("pm").or_else(|| lower.strip_suffix("am")) {
                Some(c) => (c.to_string(), Some(lower.ends_with("pm"))),
                None => (lower.clone(), None),
            };
            if let Some(pm) = suffix
                && meridiem.replace(pm).is_some()
            {
                return None;
            }
            if time.is_some() {
                return None;
            }
            time = Some(clock_of(&clock)?);
        } else if w.contains(['/', '-', '.']) {
            let parts: Vec<&str> = w.split(['/', '-', '.']).collect();
            let [a, b, c] = parts[..] else { return None };
            let n = |p: &str| p.parse::<u32>().ok().filter(|_| !p.is_empty());
            let (y, m, d) = match order {
                _ if a.len() == 4 => (a, b, c),
                Order::Mdy => (c, a, b),
                Order::Dmy => (c, b, a),
                Order::Ymd => (a, b, c),
            };
            // A year has two digits or four.
            if dated || month.is_some() || !matches!(y.len(), 2 | 4) {
                return None;
            }
            dated = true;
            (year, month, day) = (Some(n(y)?), Some(n(m)?), Some(n(d)?));
            short_year = y.len() <= 2;
        } else if (w.len() == 8 || w.len() == 6) && w.bytes().all(|c| c.is_ascii_digit()) && month.is_none() {
            // yyyymmdd (style 112) or yymmdd (style 12).
            if dated {
                return None;
            }
            dated = true;
            let (y, rest) = w.split_at(w.len() - 4);
            year = Some(y.parse().ok()?);
            short_year = y.len() <= 2;
            month = Some(rest[..2].parse().ok()?);
            day = Some(rest[2..].parse().ok()?);
        } else {
            numbers.push(w);
        }
    }
    if dated && !numbers.is_empty() {
        return None;
    }
    for w in numbers {
        let n: u32 = w.parse().ok()?;
        if n > 31 || w.len() > 2 || (day.is_some() && year.is_none()) {
            if year.is_some() || !matches!(w.len(), 2 | 4) {
                return None;
            }
            year = Some(n);
            short_year = w.len() <= 2;
        } else if day.is_none() {
            day = Some(n);
        } else {
            return None;
        }
    }
    let date = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some((y, m, d)),
        (None, None, None) => None,
        _ => return None,
    };
    let (mut hour, minute, second, micros) = time.unwrap_or((0, 0, 0, 0));
    if let Some(pm) = meridiem {
        if iso || time.is_none() || hour == 0 || hour > 12 {
            return None;
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(Fields {
        date,
        short_year,
        hour,
        minute,
        second,
        micros,
    })
}

/// `hh:mi[:ss[.fffffff]]` or `hh:mi:ss:mmm` as hours, minutes, seconds and microseconds.
fn clock_of(clock: &str) -> Option<(u32, u32, u32, u32)> {
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() < 2 || parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().ok().filter(|_| p.bytes().all(|b| b.is_ascii_digit()));
    let (hour, minute) = (number(parts[0])?, number(parts[1])?);
    let (mut second, mut fraction) = (0, String::new());
    if let Some(s) = parts.get(2) {
        let (whole, f) = match s.split_once('.') {
            Some((w, f)) if !f.is_empty() => (w, f.to_string()),
            Some(_) => return None,
            None => (*s, String::new()),
        };
        second = number(whole)?;
        fraction = match parts.get(3) {
            Some(_) if !f.is_empty() => return None,
            // hh:mi:ss:mmm is milliseconds: `:5` is 5 ms, not half a second.
            Some(ms) if ms.len() <= 3 => format!("{:03}", number(ms)?),
            Some(_) => return None,
            None => f,
        };
    }
    if fraction.len() > 7 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let micros = if fraction.is_empty() {
        0
    } else {
        fraction
            .chars()
            .chain(std::iter::repeat('0'))
            .take(6)
            .collect::<String>()
            .parse()
            .ok()?
    };
    Some((hour, minute, second, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PARSE (Transact-SQL) and TRY_PARSE (Transact-SQL), en-US examples:
    /// 'Monday, 13 December 2010' as datetime2 is 2010-12-13, '12/16/2010'
    /// is 2010-12-16, 'Jabberwokkie' is no date.
    #[test]
    fn documented_dates() {
        assert_eq!(
            datetime("Monday, 13 December 2010").expect("a value"),
            "2010-12-13 00:00:00.000000"
        );
        assert_eq!(datetime("12/16/2010").expect("a value"), "2010-12-16 00:00:00.000000");
        assert_eq!(datetime("01/01/2011").expect("a value"), "2011-01-01 00:00:00.000000");
        assert_eq!(datetime("Jabberwokkie"), None);
        assert_eq!(
            datetime("December 13, 2010 3:05 PM").expect("a value"),
            "2010-12-13 15:05:00.000000"
        );
        assert_eq!(
            datetime("2010-12-13T10:30:15.5").expect("a value"),
            "2010-12-13 10:30:15.500000"
        );
        assert_eq!(datetime("2/30/2010"), None);
        assert_eq!(datetime("13/12/2010"), None);
    }

    #[test]
    fn numbers_in_en_us() {
        assert_eq!(number("-1,234.50", false, false).expect("a value"), "-1234.50");
        assert_eq!(number("$3.10", false, true).expect("a value"), "3.10");
        assert_eq!(number("(12)", false, true).expect("a value"), "-12");
        assert_eq!(number("1.5E3", true, false).expect("a value"), "1.5e3");
        assert_eq!(number("12,34", false, false), None);
        assert_eq!(number("Aragorn", false, false), None);
        assert_eq!(number("1.5E3", false, false), None);
        assert_eq!(number("12.00", false, false).and_then(integral).expect("a value"), "12");
        assert_eq!(number("12.5", false, false).and_then(integral), None);
    }

    #[test]
    fn parse_and_try_parse_differ_on_failure() {
        let run = |text: &str, ty: &str, culture: &str, lenient: i64| {
            parse_row(&[
                ScalarValue::Utf8(Some(text.into())),
                ScalarValue::Utf8(Some(ty.into())),
                ScalarValue::Utf8(Some(culture.into())),
                ScalarValue::Int64(Some(lenient)),
            ])
        };
        assert_eq!(run("Jabberwokkie", "datetime2", "en-US", 1).expect("a value"), None);
        let e = run("Jabberwokkie", "datetime2", "en-US", 0)
            .expect_err("an error")
            .to_string();
        assert!(e.contains("'Jabberwokkie'") && e.contains("datetime2"), "{e}");
        assert!(
            run("1", "int", "de-DE", 1)
                .expect_err("an error")
                .to_string()
                .contains("de-DE")
        );
        assert!(run("1", "varchar(10)", "en-US", 1).is_err());
    }

    #[test]
    fn tokens_become_a_cast() {
        use datafusion::sql::sqlparser::dialect::MsSqlDialect;
        use datafusion::sql::sqlparser::tokenizer::Tokenizer;
        let text = "select try_parse(x as decimal(10, 2) using 'en-US'), parse('1' as int)";
        let tokens = Tokenizer::new(&MsSqlDialect {}, text)
            .tokenize_with_location()
            .expect("a value");
        let out: String = parse_as_calls(tokens).iter().map(|t| t.token.to_string()).collect();
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            out,
            "select try_cast(wql_parse_text(x ,'decimal(10, 2)', 'en-US',1) as decimal(10, 2) ), \
             cast(wql_parse_text('1' ,'int','en-US',0) as int)"
        );
    }
}
