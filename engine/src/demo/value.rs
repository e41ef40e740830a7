//! One generated cell, the text forms ConfigMgr uses for dates and GUIDs, and
//! SQL Server's comparison rules (case-insensitive, trailing blanks ignored) so
//! that collection membership is computed the way the site server computes it.

use std::cmp::Ordering;
use std::fmt::Write as _;
use wqlkit_core::DateTime;

/// How a GUID is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GuidStyle {
    /// `0F1E2D3C-...` (upper case, no braces).
    Upper,
    /// `0f1e2d3c-...`.
    Lower,
    /// `{0F1E2D3C-...}`, as MSI product codes are written.
    Braced,
    /// `GUID:0F1E2D3C-...`, the SMS unique identifier.
    Sms,
}

/// One cell value, converted to the column's Arrow type when written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Null,
    /// Text that lives for the whole program (reference data).
    St(&'static str),
    /// Borrowed text.
    S(&'a str),
    /// Owned text.
    Own(String),
    I(i64),
    B(bool),
    /// Microseconds since 1970-01-01 (a `datetime`).
    Ts(i64),
    /// Days since 1970-01-01: a `date`, or `yyyymmdd` text.
    Ymd(i64),
    Guid(u128, GuidStyle),
}

pub(crate) const MICROS_PER_DAY: i64 = 86_400_000_000;
pub(crate) const MICROS_PER_HOUR: i64 = 3_600_000_000;
pub(crate) const MICROS_PER_MINUTE: i64 = 60_000_000;

impl<'a> Val<'a> {
    /// A copy that owns its text.
    pub(crate) fn into_static(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::St(s) => Val::St(s),
            Val::S(s) => Val::Own(s.to_string()),
            Val::Own(s) => Val::Own(s),
            Val::I(i) => Val::I(i),
            Val::B(b) => Val::B(b),
            Val::Ts(t) => Val::Ts(t),
            Val::Ymd(d) => Val::Ymd(d),
            Val::Guid(g, s) => Val::Guid(g, s),
        }
    }

    pub(crate) fn opt_str(s: Option<&'a str>) -> Val<'a> {
        s.map_or(Val::Null, Val::S)
    }

    pub(crate) fn opt_i(v: Option<i64>) -> Val<'a> {
        v.map_or(Val::Null, Val::I)
    }

    pub(crate) fn opt_ts(v: Option<i64>) -> Val<'a> {
        v.map_or(Val::Null, Val::Ts)
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// The value as text, if it has a text form.
    pub(crate) fn text(&self, out: &mut String) -> bool {
        out.clear();
        match self {
            Val::Null => return false,
            Val::St(s) => out.push_str(s),
            Val::S(s) => out.push_str(s),
            Val::Own(s) => out.push_str(s),
            Val::I(i) => {
                let _ = write!(out, "{i}");
            }
            Val::B(b) => out.push_str(if *b { "1" } else { "0" }),
            Val::Ts(t) => {
                if let Some(d) = DateTime::from_unix_micros(*t) {
                    let _ = write!(out, "{d}");
                } else {
                    return false;
                }
            }
            Val::Ymd(d) => {
                if let Some(d) = DateTime::from_unix_micros(d * MICROS_PER_DAY) {
                    let _ = write!(out, "{:04}{:02}{:02}", d.year, d.month, d.day);
                } else {
                    return false;
                }
            }
            Val::Guid(g, style) => write_guid(out, *g, *style),
        }
        true
    }

    /// The borrowed text of a text value.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Val::St(s) => Some(s),
            Val::S(s) => Some(s),
            Val::Own(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a whole number, if it has one.
    pub(crate) fn int(&self) -> Option<i64> {
        match self {
            Val::I(i) => Some(*i),
            Val::B(b) => Some(*b as i64),
            Val::St(_) | Val::S(_) | Val::Own(_) => self.as_str().and_then(|s| s.trim().parse().ok()),
            _ => None,
        }
    }
}

/// Writes a GUID in the given style.
pub(crate) fn write_guid(out: &mut String, g: u128, style: GuidStyle) {
    let hex = format!("{g:032X}");
    let body = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    match style {
        GuidStyle::Upper => out.push_str(&body),
        GuidStyle::Lower => out.push_str(&body.to_ascii_lowercase()),
        GuidStyle::Braced => {
            out.push('{');
            out.push_str(&body);
            out.push('}');
        }
        GuidStyle::Sms => {
            out.push_str("GUID:");
            out.push_str(&body);
        }
    }
}

/// A GUID as a string.
pub(crate) fn guid_string(g: u128, style: GuidStyle) -> String {
    let mut s = String::with_capacity(42);
    write_guid(&mut s, g, style);
    s
}

/// Microseconds since 1970 of a calendar date (midnight).
pub(crate) fn date_micros(y: i32, m: u32, d: u32) -> i64 {
    DateTime::from_parts(y, m, d, 0, 0, 0, 0).map_or(0, |d| d.unix_micros())
}

/// Days since 1970 of a timestamp.
pub(crate) fn days(micros: i64) -> i64 {
    micros.div_euclid(MICROS_PER_DAY)
}

/// The calendar parts of a timestamp.
pub(crate) fn civil(micros: i64) -> DateTime {
    DateTime::from_unix_micros(micros).unwrap_or(DateTime {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        micros: 0,
    })
}

/// Compares two strings as SQL_Latin1_General_CP1_CI_AS does for the
/// characters the demo fleet uses: case-insensitively, with trailing blanks
/// ignored.
pub(crate) fn cmp_ci(a: &str, b: &str) -> Ordering {
    let a = a.trim_end_matches(' ');
    let b = b.trim_end_matches(' ');
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        for (p, q) in x.iter().zip(y) {
            match p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase()) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        return x.len().cmp(&y.len());
    }
    let mut ai = a.chars().flat_map(char::to_lowercase);
    let mut bi = b.chars().flat_map(char::to_lowercase);
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match x.cmp(&y) {
                Ordering::Equal => {}
                o => return o,
            },
        }
    }
}

/// `value LIKE pattern` with `%`, `_`, `[abc]`, `[a-z]` and `[^a]`,
/// case-insensitively; trailing blanks of the value are ignored.
pub(crate) fn like(value: &str, pattern: &str) -> bool {
    let value = value.trim_end_matches(' ');
    if value.is_ascii() && pattern.is_ascii() {
        return like_at(value.as_bytes(), pattern.as_bytes(), |b| b.to_ascii_lowercase());
    }
    let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    like_at(&v, &p, |c| c)
}

/// The matcher, over bytes (ASCII) or characters, folding case with `fold`.
fn like_at<T: Copy + PartialEq + PartialOrd + Pat>(v: &[T], p: &[T], fold: impl Fn(T) -> T) -> bool {
    // Iterative matcher with backtracking on the last `%`.
    let (mut vi, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() {
            let c = p[pi];
            if c.is(b'%') {
                star = Some((pi, vi));
                pi += 1;
                continue;
            }
            if c.is(b'_') {
                vi += 1;
                pi += 1;
                continue;
            }
            if c.is(b'[') {
                match class_match(&p[pi..], fold(v[vi]), &fold) {
                    Some((true, next)) => {
                        vi += 1;
                        pi += next;
                        continue;
                    }
                    Some((false, _)) => {}
                    None => {
                        if v[vi].is(b'[') {
                            vi += 1;
                            pi += 1;
                            continue;
                        }
                    }
                }
            } else if fold(c) == fold(v[vi]) {
                vi += 1;
                pi += 1;
                continue;
            }
        }
        match star {
            Some((sp, sv)) => {
                pi = sp + 1;
                vi = sv + 1;
                star = Some((sp, sv + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| c.is(b'%'))
}

/// A pattern element: a byte or a character.
trait Pat {
    fn is(self, b: u8) -> bool;
}

impl Pat for u8 {
    fn is(self, b: u8) -> bool {
        self == b
    }
}

impl Pat for char {
    fn is(self, b: u8) -> bool {
        self == b as char
    }
}

/// Matches a `[...]` class at the start of `p`: (matched, pattern length).
fn class_match<T: Copy + PartialEq + PartialOrd + Pat>(p: &[T], c: T, fold: &impl Fn(T) -> T) -> Option<(bool, usize)> {
    let end = p.iter().skip(1).position(|x| x.is(b']'))? + 1;
    let body = &p[1..end];
    let (neg, body) = match body.first() {
        Some(x) if x.is(b'^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1].is(b'-') {
            if fold(body[i]) <= c && c <= fold(body[i + 2]) {
                hit = true;
            }
            i += 3;
        } else {
            if fold(body[i]) == c {
                hit = true;
            }
            i += 1;
        }
    }
    Some((hit != neg, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_follows_sql_server() {
        assert!(like("Google Chrome ", "google chrome%"));
        assert!(like("Google Chrome ", "Google Chrome"));
        assert!(like("7-Zip 19.00 (x64)", "7-Zip%"));
        assert!(!like("7-Zip 19.00 (x64)", "%x86%"));
        assert!(like("LON-DT-0042", "LON-[DL]T-____"));
        assert!(!like("LON-VT-0042", "LON-[DL]T-____"));
        assert!(like("KIOSK_01", "KIOSK[_]__"));
        assert!(like("PC-LON-00007", "[^0-9]%"));
        assert!(like("abc", "%"));
        assert!(!like("abc", "ab"));
        assert!(like("a%b", "a[%]b"));
    }

    #[test]
    fn comparison_ignores_case_and_trailing_blanks() {
        assert_eq!(cmp_ci("CONTOSO", "Contoso  "), Ordering::Equal);
        assert_eq!(cmp_ci("abc", "abd"), Ordering::Less);
        let mut s = String::new();
        Val::Guid(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef, GuidStyle::Sms).text(&mut s);
        assert_eq!(s, "GUID:01234567-89AB-CDEF-0123-456789ABCDEF");
        Val::Ymd(date_micros(2024, 3, 5) / MICROS_PER_DAY).text(&mut s);
        assert_eq!(s, "20240305");
    }
}
