//! One generated cell, the text forms ConfigMgr uses for dates and GUIDs, and
//! SQL Server's comparison rules (case-insensitive, trailing blanks ignored) so
//! that collection membership is computed the way the site server computes it.

use crate::model::guid::GuidStyle;
use crate::model::guid::write_guid;
use crate::model::time::MICROS_PER_DAY;
use std::fmt::Write as _;
use wqlkit_core::DateTime;

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

/// Materialized cells of some columns of one view for one subject.
pub(crate) type Mat = Vec<Vec<Val<'static>>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::date_micros;

    #[test]
    fn guids_and_dates_print_as_the_site_does() {
        let mut s = String::new();
        Val::Guid(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef, GuidStyle::Sms).text(&mut s);
        assert_eq!(s, "GUID:01234567-89AB-CDEF-0123-456789ABCDEF");
        Val::Ymd(date_micros(2024, 3, 5) / MICROS_PER_DAY).text(&mut s);
        assert_eq!(s, "20240305");
    }
}
