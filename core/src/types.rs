//! WMI property types, SQL column types and literal values.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The CIM type of a WMI property, as the SMS Provider's class declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WmiType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `uint8`
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
    /// `sint8`
    Sint8,
    /// `sint16`
    Sint16,
    /// `sint32`
    Sint32,
    /// `sint64`
    Sint64,
    /// `real32`
    Real32,
    /// `real64`
    Real64,
    /// `datetime`
    Datetime,
}

impl WmiType {
    /// Whether values are whole numbers.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            WmiType::Uint8
                | WmiType::Uint16
                | WmiType::Uint32
                | WmiType::Uint64
                | WmiType::Sint8
                | WmiType::Sint16
                | WmiType::Sint32
                | WmiType::Sint64
        )
    }

    /// Whether values are numbers of any kind.
    pub fn is_numeric(self) -> bool {
        self.is_integer() || matches!(self, WmiType::Real32 | WmiType::Real64)
    }

    /// The lower-case CIM name.
    pub fn name(self) -> &'static str {
        match self {
            WmiType::String => "string",
            WmiType::Boolean => "boolean",
            WmiType::Uint8 => "uint8",
            WmiType::Uint16 => "uint16",
            WmiType::Uint32 => "uint32",
            WmiType::Uint64 => "uint64",
            WmiType::Sint8 => "sint8",
            WmiType::Sint16 => "sint16",
            WmiType::Sint32 => "sint32",
            WmiType::Sint64 => "sint64",
            WmiType::Real32 => "real32",
            WmiType::Real64 => "real64",
            WmiType::Datetime => "datetime",
        }
    }
}

impl fmt::Display for WmiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The SQL Server type of a view column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlType {
    /// `nvarchar(n)`; `None` is `nvarchar(max)`.
    NVarChar(Option<u32>),
    /// `varchar(n)`; `None` is `varchar(max)`.
    VarChar(Option<u32>),
    /// `nchar(n)` / `char(n)` are read as fixed-width text.
    Char(u32),
    /// `tinyint`
    TinyInt,
    /// `smallint`
    SmallInt,
    /// `int`
    Int,
    /// `bigint`
    BigInt,
    /// `bit`
    Bit,
    /// `float`
    Float,
    /// `real`
    Real,
    /// `decimal(p, s)` / `numeric(p, s)`
    Decimal(u8, u8),
    /// `datetime` (also `datetime2`, `smalldatetime`)
    DateTime,
    /// `date`
    Date,
    /// `uniqueidentifier`
    UniqueIdentifier,
    /// `varbinary`, `image`, `timestamp`: opaque bytes.
    Binary,
}

impl SqlType {
    /// Whether the column holds text.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) | SqlType::UniqueIdentifier
        )
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = |n: &Option<u32>| n.map_or_else(|| "max".to_string(), |n| n.to_string());
        match self {
            SqlType::NVarChar(n) => write!(f, "nvarchar({})", len(n)),
            SqlType::VarChar(n) => write!(f, "varchar({})", len(n)),
            SqlType::Char(n) => write!(f, "nchar({n})"),
            SqlType::TinyInt => f.write_str("tinyint"),
            SqlType::SmallInt => f.write_str("smallint"),
            SqlType::Int => f.write_str("int"),
            SqlType::BigInt => f.write_str("bigint"),
            SqlType::Bit => f.write_str("bit"),
            SqlType::Float => f.write_str("float"),
            SqlType::Real => f.write_str("real"),
            SqlType::Decimal(p, s) => write!(f, "decimal({p},{s})"),
            SqlType::DateTime => f.write_str("datetime"),
            SqlType::Date => f.write_str("date"),
            SqlType::UniqueIdentifier => f.write_str("uniqueidentifier"),
            SqlType::Binary => f.write_str("varbinary(max)"),
        }
    }
}

/// A SQL type name that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSqlType(pub String);

impl fmt::Display for BadSqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown SQL type '{}'", self.0)
    }
}

impl std::error::Error for BadSqlType {}

impl FromStr for SqlType {
    type Err = BadSqlType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadSqlType(s.to_string());
        let t = s.trim().to_ascii_lowercase();
        let (base, args) = match t.find('(') {
            Some(i) => {
                let inner = t[i + 1..].strip_suffix(')').ok_or_else(bad)?;
                (t[..i].trim(), Some(inner.trim().to_string()))
            }
            None => (t.as_str(), None),
        };
        let length = |args: &Option<String>| -> Result<Option<u32>, BadSqlType> {
            match args.as_deref() {
                None => Ok(Some(1)),
                Some("max") => Ok(None),
                Some(n) => n.parse().map(Some).map_err(|_| bad()),
            }
        };
        Ok(match base {
            "nvarchar" => SqlType::NVarChar(length(&args)?),
            "varchar" => SqlType::VarChar(length(&args)?),
            "nchar" | "char" => SqlType::Char(length(&args)?.unwrap_or(1)),
            "ntext" | "text" | "xml" | "sysname" => SqlType::NVarChar(None),
            "tinyint" => SqlType::TinyInt,
            "smallint" => SqlType::SmallInt,
            "int" => SqlType::Int,
            "bigint" => SqlType::BigInt,
            "bit" => SqlType::Bit,
            "float" => SqlType::Float,
            "real" => SqlType::Real,
            "money" | "smallmoney" => SqlType::Decimal(19, 4),
            "decimal" | "numeric" => {
                let (p, sc) = match args.as_deref() {
                    None => (18, 0),
                    Some(a) => {
                        let mut it = a.split(',').map(|x| x.trim().parse::<u8>());
                        let p = it.next().ok_or_else(bad)?.map_err(|_| bad())?;
                        let sc = it.next().transpose().map_err(|_| bad())?.unwrap_or(0);
                        (p, sc)
                    }
                };
                SqlType::Decimal(p, sc)
            }
            "datetime" | "datetime2" | "smalldatetime" | "datetimeoffset" => SqlType::DateTime,
            "date" => SqlType::Date,
            "uniqueidentifier" => SqlType::UniqueIdentifier,
            "varbinary" | "binary" | "image" | "timestamp" | "rowversion" => SqlType::Binary,
            _ => return Err(bad()),
        })
    }
}

impl Serialize for SqlType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SqlType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A calendar date and time without zone, as SQL Server's `datetime` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Year, 1753–9999.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
    /// Microseconds, 0–999999.
    pub micros: u32,
}

impl DateTime {
    /// 1970-01-01 00:00:00.
    pub const EPOCH: DateTime = DateTime {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        micros: 0,
    };

    /// Reads a DMTF datetime (`yyyymmddHHMMSS.mmmmmm+UUU`, `*` wildcards
    /// allowed in the offset) or the string forms SQL Server converts
    /// implicitly (`yyyy-mm-dd[ hh:mm[:ss[.fff]]]`, `yyyy.mm.dd`, `yyyymmdd`,
    /// `mm/dd/yyyy`). The offset is ignored: queries do not convert time zones.
    pub fn parse(s: &str) -> Option<DateTime> {
        let s = s.trim();
        Self::parse_dmtf(s).or_else(|| Self::parse_iso(s))
    }

    fn parse_dmtf(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        if b.len() < 14 || !b[..14].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let rest = &s[14..];
        let mut micros = 0;
        if !rest.is_empty() {
            let frac = rest.strip_prefix('.')?;
            let digits: String = frac.chars().take_while(|c| c.is_ascii_digit() || *c == '*').collect();
            if digits.len() != 6 {
                return None;
            }
            micros = digits.replace('*', "0").parse().ok()?;
            let offset = &frac[6..];
            if !offset.is_empty() {
                let o = offset.as_bytes();
                if o.len() != 4 || !(o[0] == b'+' || o[0] == b'-') {
                    return None;
                }
                if !o[1..].iter().all(|c| c.is_ascii_digit() || *c == b'*') {
                    return None;
                }
            }
        } else if b.len() != 14 {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        DateTime::from_parts(
            n(0..4)? as i32,
            n(4..6)?,
            n(6..8)?,
            n(8..10)?,
            n(10..12)?,
            n(12..14)?,
            micros,
        )
    }

    fn parse_iso(s: &str) -> Option<DateTime> {
        let (date, time) = match s.split_once([' ', 'T']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let parts: Vec<&str> = date.split(['-', '.', '/']).collect();
        let (y, m, d) = match parts.as_slice() {
            [y, m, d] if y.len() == 4 => (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
            [m, d, y] if y.len() == 4 && date.contains('/') => (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
            [ymd] if ymd.len() == 8 && ymd.bytes().all(|c| c.is_ascii_digit()) => (
                ymd[0..4].parse().ok()?,
                ymd[4..6].parse().ok()?,
                ymd[6..8].parse().ok()?,
            ),
            _ => return None,
        };
        let (mut hh, mut mi, mut ss, mut micros) = (0, 0, 0, 0);
        if let Some(t) = time.filter(|t| !t.is_empty()) {
            let t = t.trim_end_matches('Z');
            let (hms, frac) = match t.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (t, None),
            };
            let hms: Vec<&str> = hms.split(':').collect();
            match hms.as_slice() {
                [h, m] => {
                    hh = h.parse().ok()?;
                    mi = m.parse().ok()?;
                }
                [h, m, s] => {
                    hh = h.parse().ok()?;
                    mi = m.parse().ok()?;
                    ss = s.parse().ok()?;
                }
                _ => return None,
            }
            if let Some(f) = frac {
                if f.is_empty() || f.len() > 7 || !f.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let padded = format!("{f:0<6}");
                micros = padded[..6].parse().ok()?;
            }
        }
        DateTime::from_parts(y, m, d, hh, mi, ss, micros)
    }

    /// A checked constructor: `None` for impossible dates or years outside 1753–9999.
    pub fn from_parts(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micros: u32,
    ) -> Option<DateTime> {
        let valid = (1753..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60
            && micros < 1_000_000;
        valid.then_some(DateTime {
            year,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            micros,
        })
    }

    /// Days since 1970-01-01 of the date part.
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month as u32, self.day as u32)
    }

    /// Microseconds since 1970-01-01 00:00:00.
    pub fn unix_micros(&self) -> i64 {
        let secs =
            self.days_since_epoch() * 86_400 + self.hour as i64 * 3600 + self.minute as i64 * 60 + self.second as i64;
        secs * 1_000_000 + self.micros as i64
    }

    /// The date and time `micros` microseconds after 1970-01-01, if in range.
    pub fn from_unix_micros(micros: i64) -> Option<DateTime> {
        let secs = micros.div_euclid(1_000_000);
        let us = micros.rem_euclid(1_000_000) as u32;
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        DateTime::from_parts(
            y,
            m,
            d,
            (sod / 3600) as u32,
            (sod % 3600 / 60) as u32,
            (sod % 60) as u32,
            us,
        )
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.micros != 0 {
            write!(f, ".{:03}", self.micros / 1000)?;
        }
        Ok(())
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of Gregorian year `y`; 0 for another month number.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// A typed constant: what a WQL literal becomes once bound.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// Text.
    String(String),
    /// A whole number (covers uint64 and sint64).
    Integer(i128),
    /// A number with a fraction, kept as written.
    Decimal(String),
    /// A boolean (`bit`).
    Boolean(bool),
    /// A datetime.
    DateTime(DateTime),
}

impl Value {
    /// The SQL Server type a parameter carrying this value is declared with.
    pub fn sql_type(&self) -> SqlType {
        match self {
            Value::Null => SqlType::NVarChar(Some(1)),
            Value::String(s) => {
                let n = s.encode_utf16().count();
                if n <= 4000 {
                    SqlType::NVarChar(Some(4000))
                } else {
                    SqlType::NVarChar(None)
                }
            }
            Value::Integer(i) if i32::try_from(*i).is_ok() => SqlType::Int,
            Value::Integer(i) if i64::try_from(*i).is_ok() => SqlType::BigInt,
            Value::Integer(_) => SqlType::Decimal(20, 0),
            Value::Decimal(_) => SqlType::Float,
            Value::Boolean(_) => SqlType::Bit,
            Value::DateTime(_) => SqlType::DateTime,
        }
    }

    /// A JSON value: strings, numbers, booleans, null; datetimes as `yyyy-mm-dd hh:mm:ss`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::String(s) => s.clone().into(),
            Value::Integer(i) => match i64::try_from(*i) {
                Ok(v) => v.into(),
                Err(_) => match u64::try_from(*i) {
                    Ok(v) => v.into(),
                    Err(_) => i.to_string().into(),
                },
            },
            Value::Decimal(d) => d.parse::<f64>().map_or_else(|_| d.clone().into(), Into::into),
            Value::Boolean(b) => (*b).into(),
            Value::DateTime(d) => d.to_string().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_types_round_trip() {
        for s in [
            "nvarchar(256)",
            "nvarchar(max)",
            "int",
            "bigint",
            "bit",
            "datetime",
            "decimal(10,2)",
            "uniqueidentifier",
            "tinyint",
        ] {
            let t: SqlType = s.parse().expect(s);
            assert_eq!(t.to_string().parse::<SqlType>().ok(), Some(t), "{s}");
        }
        assert!("nvarchar(abc)".parse::<SqlType>().is_err());
        assert!("geometry".parse::<SqlType>().is_err());
    }

    #[test]
    fn dmtf_and_iso_datetimes() {
        let d = DateTime::parse("20110101000000.000000+***").expect("dmtf");
        assert_eq!(d.to_string(), "2011-01-01 00:00:00");
        let d = DateTime::parse("19981118175900.000000+060").expect("dmtf offset");
        assert_eq!((d.hour, d.minute), (17, 59));
        assert_eq!(DateTime::parse("1998.10.31").map(|d| d.day), Some(31));
        assert_eq!(DateTime::parse("2024-03-01 23:59").map(|d| d.minute), Some(59));
        assert_eq!(
            DateTime::parse("2024-03-01 23:59:01.5").map(|d| d.micros),
            Some(500_000)
        );
        assert!(DateTime::parse("2023-02-29").is_none());
        assert!(DateTime::parse("Windows 10").is_none());
        assert!(DateTime::parse("20110101").is_some());
    }

    #[test]
    fn unix_micros_round_trip() {
        for s in ["1970-01-01", "2024-02-29 12:34:56", "1753-01-01", "9999-12-31 23:59:59"] {
            let d = DateTime::parse(s).expect(s);
            assert_eq!(DateTime::from_unix_micros(d.unix_micros()), Some(d), "{s}");
        }
        assert_eq!(
            DateTime::parse("1970-01-02").map(|d| d.unix_micros()),
            Some(86_400_000_000)
        );
    }
}
