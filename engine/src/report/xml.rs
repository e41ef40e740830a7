//! FOR XML PATH's rows as text ("Use PATH mode with FOR XML"): each row an
//! element (`PATH('row')`, or `row` for `PATH` alone; none for `PATH('')`)
//! whose columns are child elements named after them, attributes where the
//! name starts with `@`, and text where the column has no name or is named
//! `text()` or `*`. A NULL column writes nothing; a row element with
//! nothing in it is written empty (`<row />`). Values are written as XML
//! Schema writes their type: text escaped, bits as 1 and 0, datetimes as
//! `2019-08-23T13:39:17.090` (ISO 8601, milliseconds only when there are
//! some).

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
use std::fmt::Write as _;
use std::sync::LazyLock;
use wqlkit_core::DateTime;

/// Separates the parts of a row's layout ([`layout`]).
const SEPARATOR: char = '\u{1}';

/// What a column of a FOR XML PATH row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    /// An attribute of the row's element (a column named `@name`).
    Attribute(String),
    /// A child element.
    Element(String),
    /// Text in the row (a column without a name, or named `text()` or `*`).
    Text,
}

/// How [`XML_ROW`] writes a row: the row element's name (empty for none),
/// whether only the text is wanted (the XML's string value, as
/// `.value('.', 'nvarchar(max)')` reads it) and what each column becomes.
pub(super) fn layout(row: &str, as_text: bool, nodes: &[Node]) -> String {
    let mut out = format!("{row}{SEPARATOR}{}", if as_text { "text" } else { "xml" });
    for n in nodes {
        out.push(SEPARATOR);
        match n {
            Node::Attribute(name) => write!(out, "@{name}"),
            Node::Element(name) => write!(out, "{name}"),
            Node::Text => Ok(()),
        }
        .unwrap_or(());
    }
    out
}

/// `wql_xml_row(layout, value…)`: one row as FOR XML PATH writes it.
pub static XML_ROW: LazyLock<ScalarUDF> =
    LazyLock::new(|| super::udfs::row_wise("wql_xml_row", Signature::variadic_any(Volatility::Immutable), xml_row));

fn xml_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let Some(ScalarValue::Utf8(Some(layout))) = args.first() else {
        return Err(DataFusionError::Plan("wql_xml_row takes its layout first".into()));
    };
    let mut parts = layout.split(SEPARATOR);
    let row = parts.next().unwrap_or_default();
    let as_text = parts.next() == Some("text");
    let mut open = String::new();
    let mut inside = String::new();
    for (name, value) in parts.zip(&args[1..]) {
        let Some(value) = value_text(value)? else {
            continue;
        };
        if as_text {
            if !name.starts_with('@') {
                inside.push_str(&value);
            }
        } else if let Some(attribute) = name.strip_prefix('@') {
            write!(open, " {attribute}=\"{}\"", escaped(&value, true)).unwrap_or(());
        } else if name.is_empty() {
            inside.push_str(&escaped(&value, false));
        } else {
            write!(inside, "<{name}>{}</{name}>", escaped(&value, false)).unwrap_or(());
        }
    }
    Ok(Some(match (row.is_empty() || as_text, inside.is_empty()) {
        (true, _) => inside,
        (false, true) => format!("<{row}{open} />"),
        (false, false) => format!("<{row}{open}>{inside}</{row}>"),
    }))
}

/// `wql_xml_text(text)`: a text as FOR XML PATH('') writes an unnamed
/// column (the list idiom), escaped as [`escaped`] escapes element content;
/// NULL stays NULL, so that the list leaves it out.
pub static XML_TEXT: LazyLock<ScalarUDF> = LazyLock::new(|| {
    super::udfs::row_wise(
        "wql_xml_text",
        Signature::variadic_any(Volatility::Immutable),
        |args: &[ScalarValue]| match args {
            [v] => Ok(value_text(v)?.map(|t| escaped(&t, false))),
            _ => Err(DataFusionError::Plan("wql_xml_text takes 1 argument".into())),
        },
    )
});

/// A column name as an XML name: characters an XML name cannot hold (a
/// blank, `#`, a leading digit…) become `_xHHHH_`, their code point in
/// hexadecimal, as SQL Server encodes them (`[Computer Name]` is written
/// `<Computer_x0020_Name>`).
pub(super) fn name(column: &str) -> String {
    let mut out = String::with_capacity(column.len());
    for (i, c) in column.chars().enumerate() {
        let fits = c.is_alphabetic() || c == '_' || (i > 0 && (c.is_numeric() || c == '-' || c == '.'));
        if fits {
            out.push(c);
        } else {
            write!(out, "_x{:04X}_", u32::from(c)).unwrap_or(());
        }
    }
    out
}

/// `text` escaped for an element's content (`&`, `<`, `>`, carriage
/// return) or, with `attribute`, an attribute's value (also `"`, tab and
/// line feed), as FOR XML escapes them.
pub(super) fn escaped(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#x0D;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#x0A;"),
            '\t' if attribute => out.push_str("&#x09;"),
            // Other control characters as character references (CHAR(1) is `&#x1;`).
            c if c < ' ' && !matches!(c, '\t' | '\n') => write!(out, "&#x{:X};", u32::from(c)).unwrap_or(()),
            c => out.push(c),
        }
    }
    out
}

/// A value as FOR XML writes it; `None` for NULL.
fn value_text(v: &ScalarValue) -> Result<Option<String>> {
    if v.is_null() {
        return Ok(None);
    }
    let datetime =
        |micros: i64| DateTime::from_unix_micros(micros).and_then(|d| crate::lower::udf::format_datetime(&d, 126));
    let text = match v {
        ScalarValue::Boolean(Some(b)) => Some(if *b { "1" } else { "0" }.to_string()),
        ScalarValue::TimestampMicrosecond(Some(us), None) => datetime(*us),
        ScalarValue::TimestampMillisecond(Some(ms), None) => datetime(ms * 1_000),
        ScalarValue::TimestampSecond(Some(s), None) => datetime(s * 1_000_000),
        ScalarValue::TimestampNanosecond(Some(ns), None) => datetime(ns / 1_000),
        ScalarValue::Float32(_) | ScalarValue::Float64(_) => {
            return Err(DataFusionError::NotImplemented(
                "FOR XML of a float or real value; CONVERT it to a decimal or to text first".into(),
            ));
        }
        ScalarValue::TimestampMicrosecond(..) => {
            return Err(DataFusionError::NotImplemented(
                "FOR XML of a datetimeoffset; CONVERT it to text first".into(),
            ));
        }
        other => match other.cast_to(&DataType::Utf8)? {
            ScalarValue::Utf8(s) => s,
            _ => None,
        },
    };
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(layout_: &str, values: Vec<ScalarValue>) -> Option<String> {
        let mut args = vec![ScalarValue::Utf8(Some(layout_.to_string()))];
        args.extend(values);
        xml_row(&args).unwrap_or_else(|e| panic!("{e}"))
    }

    /// "Use PATH mode with FOR XML": `SELECT ProductModelID AS "@id", Name
    /// FROM … FOR XML PATH('ProductModel')` writes `<ProductModel
    /// id="122"><Name>All-Purpose Bike Stand</Name></ProductModel>`.
    #[test]
    fn names_that_xml_cannot_hold_are_encoded() {
        assert_eq!(name("Computer Name"), "Computer_x0020_Name");
        assert_eq!(name("1st"), "_x0031_st");
        assert_eq!(name("Name0"), "Name0");
        assert_eq!(name("a-b.c_d"), "a-b.c_d");
        assert_eq!(escaped("a\u{1}b", false), "a&#x1;b");
    }

    #[test]
    fn attributes_then_elements_in_the_row_element() {
        let nodes = [Node::Attribute("id".into()), Node::Element("Name".into())];
        assert_eq!(
            row(
                &layout("ProductModel", false, &nodes),
                vec![
                    ScalarValue::Int32(Some(122)),
                    ScalarValue::Utf8(Some("All-Purpose Bike Stand".into()))
                ]
            )
            .as_deref(),
            Some(r#"<ProductModel id="122"><Name>All-Purpose Bike Stand</Name></ProductModel>"#)
        );
        // A NULL writes nothing; an empty row element is written empty.
        assert_eq!(
            row(
                &layout("row", false, &nodes),
                vec![ScalarValue::Int32(None), ScalarValue::Utf8(None)]
            )
            .as_deref(),
            Some("<row />")
        );
    }

    #[test]
    fn text_and_values_are_escaped_and_typed() {
        let nodes = [
            Node::Text,
            Node::Attribute("a".into()),
            Node::Element("When".into()),
            Node::Element("On".into()),
        ];
        assert_eq!(
            row(
                &layout("", false, &nodes[..1]),
                vec![ScalarValue::Utf8(Some("R&D <lab>".into()))]
            )
            .as_deref(),
            Some("R&amp;D &lt;lab&gt;")
        );
        let at = DateTime::parse("2019-08-23 13:39:17.090").map(|d| d.unix_micros());
        assert_eq!(
            row(
                &layout("r", false, &nodes[1..]),
                vec![
                    ScalarValue::Utf8(Some("say \"hi\"".into())),
                    ScalarValue::TimestampMicrosecond(at, None),
                    ScalarValue::Boolean(Some(true)),
                ]
            )
            .as_deref(),
            Some(r#"<r a="say &quot;hi&quot;"><When>2019-08-23T13:39:17.090</When><On>1</On></r>"#)
        );
        // The string value leaves out tags and attributes and escapes nothing.
        assert_eq!(
            row(
                &layout("r", true, &nodes[1..3]),
                vec![
                    ScalarValue::Utf8(Some("x".into())),
                    ScalarValue::Utf8(Some("R&D".into()))
                ]
            )
            .as_deref(),
            Some("R&D")
        );
    }
}
