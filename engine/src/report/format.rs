//! T-SQL's FORMAT: .NET format strings for numbers and dates, in the en-US
//! culture (the session language of a site database, us_english). FORMAT
//! returns NULL for a format string .NET rejects; a valid specifier this
//! module does not implement is [`Formatted::Unsupported`], so that no
//! answer is silently wrong.

use crate::lower::udf::{DAY_NAMES, MONTH_NAMES};
use datafusion::common::ScalarValue;
use wqlkit_core::DateTime;

/// What formatting gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Formatted {
    /// The text.
    Text(String),
    /// .NET rejects the format: FORMAT returns NULL.
    Invalid,
    /// A valid specifier not implemented offline (named).
    Unsupported(String),
}

use Formatted::{Invalid, Text, Unsupported};

/// An exact decimal: sign, integer digits (no leading zeros; empty for 0) and fraction digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Num {
    neg: bool,
    int: Vec<u8>,
    frac: Vec<u8>,
}

impl Num {
    /// From decimal text such as `-12.340` (what Arrow prints for integers and decimals).
    pub fn parse(text: &str) -> Option<Num> {
        let (neg, t) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (i, f) = t.split_once('.').unwrap_or((t, ""));
        if i.is_empty() && f.is_empty() || !(i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())) {
            return None;
        }
        let int: Vec<u8> = i.bytes().map(|b| b - b'0').skip_while(|&d| d == 0).collect();
        let frac: Vec<u8> = f.bytes().map(|b| b - b'0').collect();
        Some(Num { neg, int, frac })
    }

    /// A float as .NET Framework formats a Double: 15 significant digits first.
    pub fn from_f64(f: f64) -> Option<Num> {
        if !f.is_finite() {
            return None;
        }
        let text = format!("{:.*e}", 14, f);
        let (mantissa, exp) = text.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let neg = mantissa.starts_with('-');
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        // digits[0] is at 10^exp.
        let point = exp + 1;
        let (int, frac) = if point <= 0 {
            let mut frac = vec![0; (-point) as usize];
            frac.extend(&digits);
            (vec![], frac)
        } else if point as usize >= digits.len() {
            let mut int = digits.clone();
            int.resize(point as usize, 0);
            (int, vec![])
        } else {
            (digits[..point as usize].to_vec(), digits[point as usize..].to_vec())
        };
        let int = int.into_iter().skip_while(|&d| d == 0).collect();
        Some(Num { neg, int, frac }.trimmed())
    }

    fn trimmed(mut self) -> Num {
        while self.frac.last() == Some(&0) {
            self.frac.pop();
        }
        self
    }

    fn is_zero(&self) -> bool {
        self.int.is_empty() && self.frac.iter().all(|&d| d == 0)
    }

    /// Multiplied by 10^k (k ≥ 0).
    fn shifted(&self, k: usize) -> Num {
        let mut int = self.int.clone();
        let mut frac = self.frac.clone();
        for _ in 0..k {
            int.push(if frac.is_empty() { 0 } else { frac.remove(0) });
        }
        let int = int.into_iter().skip_while(|&d| d == 0).collect();
        Num {
            neg: self.neg,
            int,
            frac,
        }
    }

    /// Divided by 10^k.
    fn unshifted(&self, k: usize) -> Num {
        let mut int = self.int.clone();
        let mut frac = self.frac.clone();
        for _ in 0..k {
            frac.insert(0, int.pop().unwrap_or(0));
        }
        Num {
            neg: self.neg,
            int,
            frac,
        }
    }

    /// Rounded to `k` fraction digits, half away from zero (as .NET formats).
    fn rounded(&self, k: usize) -> Num {
        let mut frac = self.frac.clone();
        let up = frac.len() > k && frac[k] >= 5;
        frac.truncate(k);
        frac.resize(k, 0);
        let mut int = self.int.clone();
        if up {
            let mut carry = true;
            for d in frac.iter_mut().rev().chain(int.iter_mut().rev()) {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                int.insert(0, 1);
            }
        }
        Num {
            neg: self.neg,
            int,
            frac,
        }
    }

    fn digits(d: &[u8]) -> String {
        d.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// `n` with `,` every three digits.
fn grouped(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The digits of a rounded number: integer part (at least "0") and fraction.
fn fixed(n: &Num, k: usize, group: bool) -> String {
    let r = n.rounded(k);
    let int = if r.int.is_empty() {
        "0".to_string()
    } else {
        Num::digits(&r.int)
    };
    let int = if group { grouped(&int) } else { int };
    if k == 0 {
        int
    } else {
        format!("{int}.{}", Num::digits(&r.frac))
    }
}

/// Formats a number: standard (`N2`, `C`, `P1`, `D5`, `F`, `X`) or custom (`#,##0.00`).
/// `integral` says whether the value is an integer type (D and X need one).
pub fn number(n: &Num, format: &str, integral: bool) -> Formatted {
    let mut chars = format.chars();
    if let Some(spec) = chars.next() {
        let rest: String = chars.collect();
        let standard = spec.is_ascii_alphabetic() && rest.bytes().all(|b| b.is_ascii_digit()) && rest.len() <= 2;
        if standard {
            let precision: Option<usize> = rest.parse().ok();
            return standard_number(n, spec, precision, integral);
        }
    }
    custom_number(n, format)
}

fn standard_number(n: &Num, spec: char, precision: Option<usize>, integral: bool) -> Formatted {
    let negative = n.neg && !n.rounded(precision.unwrap_or(2)).is_zero();
    let sign = |s: String| if negative { format!("-{s}") } else { s };
    match spec.to_ascii_uppercase() {
        'N' => Text(sign(fixed(n, precision.unwrap_or(2), true))),
        'F' => Text(sign(fixed(n, precision.unwrap_or(2), false))),
        // en-US: $1,234.50; negative in parentheses.
        'C' => {
            let body = format!("${}", fixed(n, precision.unwrap_or(2), true));
            Text(if negative { format!("({body})") } else { body })
        }
        // en-US (.NET Framework): `n %` and `-n %`.
        'P' => {
            let p = n.shifted(2);
            let negative = p.neg && !p.rounded(precision.unwrap_or(2)).is_zero();
            let body = format!("{} %", fixed(&p, precision.unwrap_or(2), true));
            Text(if negative { format!("-{body}") } else { body })
        }
        'D' if integral => {
            let digits = if n.int.is_empty() {
                "0".to_string()
            } else {
                Num::digits(&n.int)
            };
            let width = precision.unwrap_or(0);
            let padded = format!("{}{digits}", "0".repeat(width.saturating_sub(digits.len())));
            Text(if n.neg && !n.is_zero() {
                format!("-{padded}")
            } else {
                padded
            })
        }
        'X' if integral => {
            let Ok(v) = Num::digits(&n.int).parse::<i128>().or_else(|_| "0".parse()) else {
                return Invalid;
            };
            // Negative values show their two's complement in the type's width, which is not known here.
            if n.neg && v != 0 {
                return Unsupported("X of a negative number".into());
            }
            let hex = if spec == 'x' {
                format!("{v:x}")
            } else {
                format!("{v:X}")
            };
            let width = precision.unwrap_or(0);
            Text(format!("{}{hex}", "0".repeat(width.saturating_sub(hex.len()))))
        }
        'D' | 'X' => Invalid,
        'G' if precision.is_none() => {
            let t = n.clone().trimmed();
            let int = if t.int.is_empty() {
                "0".into()
            } else {
                Num::digits(&t.int)
            };
            let body = if t.frac.is_empty() {
                int
            } else {
                format!("{int}.{}", Num::digits(&t.frac))
            };
            Text(if n.neg && !n.is_zero() {
                format!("-{body}")
            } else {
                body
            })
        }
        'E' | 'G' | 'R' => Unsupported(format!("the numeric format {spec}")),
        _ => Invalid,
    }
}

/// One piece of a custom numeric format.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Zero,
    Hash,
    Point,
    Comma,
    Percent,
    Literal(String),
}

fn pieces(section: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '0' => Piece::Zero,
            '#' => Piece::Hash,
            '.' => Piece::Point,
            ',' => Piece::Comma,
            '%' => Piece::Percent,
            '\\' => Piece::Literal(chars.next().map(String::from).unwrap_or_default()),
            '\'' | '"' => {
                let mut s = String::new();
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    s.push(d);
                }
                Piece::Literal(s)
            }
            other => Piece::Literal(other.to_string()),
        });
    }
    out
}

/// A custom numeric format such as `#,##0.00`, `0.0%` or `###-##-####`,
/// with up to three `;` sections (positive; negative; zero).
fn custom_number(n: &Num, format: &str) -> Formatted {
    if format.is_empty() {
        return Invalid;
    }
    let sections: Vec<&str> = format.split(';').collect();
    let (section, explicit_sign) = if n.neg && sections.len() > 1 && !sections[1].is_empty() {
        (sections[1], true)
    } else {
        (sections[0], false)
    };
    let text = custom_section(n, section);
    if n.is_zero() && sections.len() > 2 && !sections[2].is_empty() {
        return Text(custom_section(n, sections[2]));
    }
    let shows_digit = text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    Text(if n.neg && !explicit_sign && shows_digit {
        format!("-{text}")
    } else {
        text
    })
}

fn custom_section(n: &Num, section: &str) -> String {
    let pieces = pieces(section);
    let point = pieces.iter().position(|p| *p == Piece::Point);
    let (int_part, frac_part) = match point {
        Some(i) => (&pieces[..i], &pieces[i + 1..]),
        None => (&pieces[..], &pieces[..0]),
    };
    let is_digit = |p: &Piece| matches!(p, Piece::Zero | Piece::Hash);
    // Commas right before the point (or the end) divide by 1000 each; others group.
    let last_digit = int_part.iter().rposition(is_digit);
    let scale_commas = last_digit.map_or(0, |l| {
        int_part[l + 1..].iter().take_while(|p| **p == Piece::Comma).count()
    });
    let first_digit = int_part.iter().position(is_digit);
    let grouping = match (first_digit, last_digit) {
        (Some(f), Some(l)) => int_part[f..l].contains(&Piece::Comma),
        _ => false,
    };
    let mut value = n.clone();
    let percents = pieces.iter().filter(|p| **p == Piece::Percent).count();
    value = value.shifted(2 * percents);
    value = value.unshifted(3 * scale_commas);
    let frac_slots = frac_part.iter().filter(|p| is_digit(p)).count();
    let min_frac = frac_part
        .iter()
        .rposition(|p| *p == Piece::Zero)
        .map_or(0, |i| frac_part[..=i].iter().filter(|p| is_digit(p)).count());
    let r = value.rounded(frac_slots);
    let mut frac_digits = r.frac.clone();
    while frac_digits.len() > min_frac && frac_digits.last() == Some(&0) {
        frac_digits.pop();
    }
    let min_int = first_digit.map_or(0, |f| {
        int_part[f..]
            .iter()
            .position(|p| *p == Piece::Zero)
            .map_or(0, |z| int_part[f + z..].iter().filter(|p| is_digit(p)).count())
    });
    let mut int_digits = Num::digits(&r.int);
    if int_digits.len() < min_int {
        int_digits = format!("{}{int_digits}", "0".repeat(min_int - int_digits.len()));
    }

    let mut out = String::new();
    if grouping || first_digit.is_none() {
        // Literals before the first placeholder, the grouped digits, literals after.
        let f = first_digit.unwrap_or(int_part.len());
        for p in &int_part[..f] {
            push_literal(&mut out, p);
        }
        out.push_str(&if grouping {
            grouped(&int_digits)
        } else {
            int_digits.clone()
        });
        if let Some(l) = last_digit {
            for p in &int_part[l + 1..] {
                if *p != Piece::Comma {
                    push_literal(&mut out, p);
                }
            }
        }
    } else {
        // Digits fill the placeholders from the right; extra digits go to the leftmost one.
        let mut digits: Vec<char> = int_digits.chars().collect();
        let mut rev = Vec::new();
        let f = first_digit.unwrap_or(0);
        for (i, p) in int_part.iter().enumerate().rev() {
            match p {
                Piece::Zero | Piece::Hash => {
                    if i == f {
                        while let Some(d) = digits.pop() {
                            rev.push(d.to_string());
                        }
                    } else if let Some(d) = digits.pop() {
                        rev.push(d.to_string());
                    }
                }
                Piece::Comma => {}
                other => {
                    let mut s = String::new();
                    push_literal(&mut s, other);
                    rev.push(s);
                }
            }
        }
        for s in rev.iter().rev() {
            out.push_str(s);
        }
    }
    if !frac_digits.is_empty() || frac_part.iter().any(|p| !is_digit(p)) {
        if !frac_digits.is_empty() {
            out.push('.');
        }
        let mut k = 0;
        for p in frac_part {
            if is_digit(p) {
                if let Some(d) = frac_digits.get(k) {
                    out.push(char::from(b'0' + d));
                }
                k += 1;
            } else {
                push_literal(&mut out, p);
            }
        }
    }
    out
}

fn push_literal(out: &mut String, p: &Piece) {
    match p {
        Piece::Literal(s) => out.push_str(s),
        Piece::Percent => out.push('%'),
        Piece::Point => out.push('.'),
        Piece::Comma => out.push(','),
        Piece::Zero => out.push('0'),
        Piece::Hash => {}
    }
}

/// Formats a date and time: a standard specifier (`d`, `D`, `g`, `s`, …) or a
/// custom pattern (`yyyy-MM-dd HH:mm`, `dddd, MMMM d`, `hh:mm tt`).
pub fn datetime(dt: &DateTime, format: &str) -> Formatted {
    let pattern = match format {
        "d" => "M/d/yyyy",
        "D" => "dddd, MMMM d, yyyy",
        "f" => "dddd, MMMM d, yyyy h:mm tt",
        "F" => "dddd, MMMM d, yyyy h:mm:ss tt",
        "g" => "M/d/yyyy h:mm tt",
        "G" => "M/d/yyyy h:mm:ss tt",
        "m" | "M" => "MMMM d",
        "y" | "Y" => "MMMM yyyy",
        "t" => "h:mm tt",
        "T" => "h:mm:ss tt",
        "s" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        "u" => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        "o" | "O" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff",
        "r" | "R" => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        one if one.chars().count() == 1 => return Invalid,
        custom => custom,
    };
    custom_datetime(dt, pattern)
}

fn custom_datetime(dt: &DateTime, pattern: &str) -> Formatted {
    let chars: Vec<char> = pattern.chars().collect();
    let weekday = ((dt.days_since_epoch() % 7 + 11) % 7) as usize; // 1970-01-01 was a Thursday
    let hour12 = match dt.hour % 12 {
        0 => 12,
        h => h,
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let mut advance = run;
        match c {
            'd' => match run {
                1 => out.push_str(&dt.day.to_string()),
                2 => out.push_str(&format!("{:02}", dt.day)),
                3 => out.push_str(&DAY_NAMES[weekday][..3]),
                _ => out.push_str(DAY_NAMES[weekday]),
            },
            'M' => match run {
                1 => out.push_str(&dt.month.to_string()),
                2 => out.push_str(&format!("{:02}", dt.month)),
                3 => out.push_str(&MONTH_NAMES[dt.month as usize - 1][..3]),
                _ => out.push_str(MONTH_NAMES[dt.month as usize - 1]),
            },
            'y' => match run {
                1 => out.push_str(&(dt.year % 100).to_string()),
                2 => out.push_str(&format!("{:02}", dt.year % 100)),
                n => out.push_str(&format!("{:0n$}", dt.year)),
            },
            'h' => out.push_str(&if run == 1 {
                hour12.to_string()
            } else {
                format!("{hour12:02}")
            }),
            'H' => out.push_str(&if run == 1 {
                dt.hour.to_string()
            } else {
                format!("{:02}", dt.hour)
            }),
            'm' => out.push_str(&if run == 1 {
                dt.minute.to_string()
            } else {
                format!("{:02}", dt.minute)
            }),
            's' => out.push_str(&if run == 1 {
                dt.second.to_string()
            } else {
                format!("{:02}", dt.second)
            }),
            'f' | 'F' => {
                if run > 7 {
                    return Invalid;
                }
                let digits = format!("{:07}", u64::from(dt.micros) * 10);
                let mut part = digits[..run].to_string();
                if c == 'F' {
                    part = part.trim_end_matches('0').to_string();
                    if part.is_empty() && out.ends_with('.') {
                        out.pop();
                    }
                }
                out.push_str(&part);
            }
            't' => {
                let ampm = if dt.hour < 12 { "AM" } else { "PM" };
                out.push_str(if run == 1 { &ampm[..1] } else { ampm });
            }
            'z' | 'K' => return Unsupported("time zone offsets (z, K) of a datetime".into()),
            'g' => out.push_str("A.D."),
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                advance = 2;
            }
            '\'' | '"' => {
                let end = chars[i + 1..].iter().position(|&x| x == c).map(|p| i + 1 + p);
                let Some(end) = end else {
                    return Invalid;
                };
                out.extend(&chars[i + 1..end]);
                advance = end + 1 - i;
            }
            '%' => advance = 1,
            other => {
                out.push(other);
                advance = 1;
            }
        }
        i += advance;
    }
    Text(out)
}

/// A value as T-SQL shows it converted to text (NULL as empty).
pub fn display(v: &ScalarValue) -> String {
    if v.is_null() {
        return String::new();
    }
    match v {
        ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)) => s.clone(),
        ScalarValue::Boolean(Some(b)) => if *b { "1" } else { "0" }.into(),
        other => other.to_string(),
    }
}

/// RAISERROR's message formatting, printf-style: `%[flags][width][.precision]type`
/// with types `s`, `d`, `i`, `u` (and `o`, `x`, `X` shown as given), flags
/// `-` (left-justify) and `0` (zero-pad), precision the most characters of a
/// string; `%%` is `%`. A missing argument shows `(null)`.
pub fn printf(template: &str, values: &[ScalarValue]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut args = values.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let (mut left, mut zero) = (false, false);
        while let Some(&f) = chars.peek().filter(|c| matches!(c, '-' | '+' | '#' | ' ' | '0')) {
            left |= f == '-';
            zero |= f == '0';
            chars.next();
        }
        let mut width = 0usize;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            width = width * 10 + d as usize;
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                p = p * 10 + d as usize;
                chars.next();
            }
            precision = Some(p);
        }
        while chars.peek().is_some_and(|c| matches!(c, 'l' | 'h' | 'I')) {
            chars.next();
        }
        let Some(kind) = chars.next() else {
            out.push('%');
            break;
        };
        if !matches!(kind, 's' | 'd' | 'i' | 'u' | 'o' | 'x' | 'X') {
            out.push('%');
            out.push(kind);
            continue;
        }
        let mut text = args.next().map(display).unwrap_or_else(|| "(null)".into());
        if let (Some(p), 's') = (precision, kind) {
            text = text.chars().take(p).collect();
        }
        let pad = width.saturating_sub(text.chars().count());
        if left {
            out.push_str(&text);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            let fill = if zero && kind != 's' { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(fill, pad));
            out.push_str(&text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str, format: &str) -> String {
        let integral = !text.contains('.');
        match number(&Num::parse(text).expect("number"), format, integral) {
            Text(t) => t,
            other => panic!("{text} {format}: {other:?}"),
        }
    }

    fn float(f: f64, format: &str) -> String {
        match number(&Num::from_f64(f).expect("finite"), format, false) {
            Text(t) => t,
            other => panic!("{f} {format}: {other:?}"),
        }
    }

    fn date(text: &str, format: &str) -> String {
        match datetime(&DateTime::parse(text).expect("datetime"), format) {
            Text(t) => t,
            other => panic!("{text} {format}: {other:?}"),
        }
    }

    /// The examples of FORMAT (Transact-SQL) and of .NET's standard numeric
    /// format strings (en-US), which FORMAT uses.
    #[test]
    fn documented_numeric_examples() {
        assert_eq!(float(12345.6789, "C"), "$12,345.68");
        assert_eq!(float(123.456, "C"), "$123.46");
        assert_eq!(float(-123.456, "C3"), "($123.456)");
        assert_eq!(num("1234", "C"), "$1,234.00");
        assert_eq!(num("1234", "C0"), "$1,234");
        assert_eq!(num("1234", "C4"), "$1,234.0000");
        assert_eq!(num("1234", "D"), "1234");
        assert_eq!(num("-1234", "D6"), "-001234");
        assert_eq!(num("12345", "D8"), "00012345");
        assert_eq!(float(12345.6789, "F"), "12345.68");
        assert_eq!(float(12345.6789, "F6"), "12345.678900");
        assert_eq!(float(12345.6789, "N"), "12,345.68");
        assert_eq!(num("1", "P"), "100.00 %");
        assert_eq!(float(-0.39678, "P1"), "-39.7 %");
        assert_eq!(num("255", "X"), "FF");
        assert_eq!(num("255", "x4"), "00ff");
        assert_eq!(num("123456789", "###-##-####"), "123-45-6789");
        assert_eq!(num("1234567.891", "#,##0.00"), "1,234,567.89");
        assert_eq!(num("0.5", "#,##0.00"), "0.50");
        assert_eq!(num("1.5", "0.##"), "1.5");
        assert_eq!(num("2", "0.##"), "2");
        assert_eq!(num("0.256", "0.0%"), "25.6%");
        assert_eq!(num("1234567", "#,##0,K"), "1,235K");
        assert_eq!(num("-5", "0;(0)"), "(5)");
        assert_eq!(num("0", "0;(0);zero"), "zero");
        assert_eq!(num("-12.5", "0.0"), "-12.5");
        // D needs an integer; an invalid format gives NULL.
        assert_eq!(number(&Num::parse("1.5").expect("n"), "D", false), Invalid);
        assert!(matches!(
            number(&Num::parse("1.5").expect("n"), "E", false),
            Unsupported(_)
        ));
    }

    #[test]
    fn documented_datetime_examples() {
        // FORMAT (Transact-SQL): DECLARE @d DATETIME = '2016-07-31' (a Sunday).
        assert_eq!(date("2016-07-31", "d"), "7/31/2016");
        assert_eq!(date("2016-07-31", "D"), "Sunday, July 31, 2016");
        assert_eq!(date("2016-07-31", "dd/MM/yyyy"), "31/07/2016");
        assert_eq!(
            date("2016-07-31", "dddd, MMMM dd, yyyy hh:mm:ss tt"),
            "Sunday, July 31, 2016 12:00:00 AM"
        );
        assert_eq!(date("2026-11-01 08:05:09", "yyyy-MM-dd HH:mm"), "2026-11-01 08:05");
        assert_eq!(date("2026-11-01 18:05:09", "g"), "11/1/2026 6:05 PM");
        assert_eq!(date("2026-11-01 18:05:09", "s"), "2026-11-01T18:05:09");
        assert_eq!(date("2026-11-01 18:05:09.120", "HH:mm:ss.fff"), "18:05:09.120");
        assert_eq!(date("2026-11-01 18:05:09", "MMM yy"), "Nov 26");
        assert_eq!(date("2026-11-01", "'Week of' MMMM d"), "Week of November 1");
        assert_eq!(datetime(&DateTime::parse("2026-11-01").expect("d"), "Q"), Invalid);
    }

    #[test]
    fn printf_substitutes_in_order() {
        let v = [ScalarValue::Utf8(Some("PS1".into())), ScalarValue::Int32(Some(42))];
        assert_eq!(
            printf("site %s has %d clients (100%%)", &v),
            "site PS1 has 42 clients (100%)"
        );
        assert_eq!(
            printf(
                "[%-6s|%5d|%05d|%.2s]",
                &[v[0].clone(), v[1].clone(), v[1].clone(), v[0].clone()]
            ),
            "[PS1   |   42|00042|PS]"
        );
        assert_eq!(printf("%s and %s", &v[..1]), "PS1 and (null)");
    }
}
