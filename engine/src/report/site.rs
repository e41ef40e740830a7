//! The site database's own functions that reports call
//! (`fn_ListUpdateComplianceStatus(@lcid)`, `dbo.fn_LShortNameToLCID(@Locale)`,
//! …), defined by `site_functions.toml` and `locales.csv`: a table-valued
//! function reads the rows of a provider class as the built-in catalog maps
//! it; a scalar function is a built-in computed row by row.

use datafusion::arrow::array::{Array, AsArray, Int32Builder};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::sql::sqlparser::ast::{TableAlias, TableFactor};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use wqlkit_core::Catalog;

const DEFINITIONS: &str = include_str!("site_functions.toml");
const LOCALES: &str = include_str!("locales.csv");

/// A table-valued function: the rows of a provider class.
#[derive(Debug, Deserialize)]
pub struct TableFunction {
    /// The name as the site spells it.
    pub name: String,
    /// Its parameters, in order.
    pub parameters: Vec<String>,
    /// The provider class whose rows it returns.
    pub class: String,
}

/// A scalar function computed by a built-in.
#[derive(Debug, Deserialize)]
pub struct ScalarFunction {
    /// The name as the site spells it.
    pub name: String,
    /// Its parameters, in order.
    pub parameters: Vec<String>,
    /// The built-in that computes it.
    pub builtin: String,
}

/// A family of views named `<prefix><id>` (`v_CM_RES_COLL_SMS00001`): the
/// rows of a class family of the catalog for that id.
#[derive(Debug, Deserialize)]
pub struct ViewFamily {
    /// The name prefix as the site spells it.
    pub prefix: String,
    /// The catalog's class family whose view and properties it reads.
    pub family: String,
    /// How many letters and digits the id has.
    pub id_length: usize,
    /// The view that lists the objects with such a view, and its id column.
    pub objects: String,
    pub id_column: String,
}

/// Every site function wqlkit defines offline, and the per-object view families.
#[derive(Debug, Deserialize)]
pub struct SiteFunctions {
    table: Vec<TableFunction>,
    scalar: Vec<ScalarFunction>,
    #[serde(default)]
    view_family: Vec<ViewFamily>,
}

static FUNCTIONS: LazyLock<SiteFunctions> = LazyLock::new(|| {
    let f: SiteFunctions = toml::from_str(DEFINITIONS).expect("site_functions.toml is valid");
    f
});

/// The site functions.
pub fn functions() -> &'static SiteFunctions {
    &FUNCTIONS
}

impl SiteFunctions {
    /// The table-valued function of this name (any case, without `dbo.`).
    pub fn table(&self, name: &str) -> Option<&TableFunction> {
        self.table.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The scalar function of this name (any case, without `dbo.`).
    pub fn scalar(&self, name: &str) -> Option<&ScalarFunction> {
        self.scalar.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The view family `name` belongs to, with the id it names.
    pub fn view_family<'n>(&self, name: &'n str) -> Option<(&ViewFamily, &'n str)> {
        self.view_family.iter().find_map(|f| {
            let id = name.get(f.prefix.len()..)?;
            let named = name[..f.prefix.len()].eq_ignore_ascii_case(&f.prefix)
                && id.len() == f.id_length
                && id.bytes().all(|b| b.is_ascii_alphanumeric());
            named.then_some((f, id))
        })
    }

    /// The names of the functions of one kind, for diagnostics.
    pub fn names(&self, tables: bool) -> String {
        let names: Vec<&str> = if tables {
            self.table.iter().map(|f| f.name.as_str()).collect()
        } else {
            self.scalar.iter().map(|f| f.name.as_str()).collect()
        };
        names.join(", ")
    }
}

impl SiteFunctions {
    /// The table functions' columns, lower case → as the provider class spells them.
    pub fn column_spellings(&self) -> HashMap<String, String> {
        let catalog = Catalog::builtin();
        self.table
            .iter()
            .filter_map(|f| catalog.class(&f.class))
            .flat_map(|c| c.properties.iter())
            .map(|p| (p.name.to_lowercase(), p.name.clone()))
            .collect()
    }
}

impl TableFunction {
    /// The rows it returns, as a derived table named `alias` (or the
    /// function's own name, by which SQL Server lets its columns be named).
    pub fn relation(&self, alias: Option<TableAlias>) -> Result<TableFactor, String> {
        let catalog = Catalog::builtin();
        let class = catalog
            .class(&self.class)
            .ok_or_else(|| format!("{} reads the class {}, which the catalog lacks", self.name, self.class))?;
        let filter = class.filter.as_ref().map(|(c, v)| (c.as_str(), v.as_str()));
        class_rows(class, filter, alias, &self.name)
    }
}

impl ViewFamily {
    /// The view of collection (or other object) `id`, as a derived table
    /// named `alias` or `name`, the view's name as the report writes it.
    pub fn relation(&self, id: &str, alias: Option<TableAlias>, name: &str) -> Result<TableFactor, String> {
        let catalog = Catalog::builtin();
        let family = catalog
            .families()
            .iter()
            .find(|f| f.prefix.eq_ignore_ascii_case(&self.family))
            .ok_or_else(|| format!("{name} reads the class family {}, which the catalog lacks", self.family))?;
        let id = id.to_ascii_uppercase();
        class_rows(&family.class, Some((&family.filter_column, &id)), alias, name)
    }
}

/// `SELECT <properties> FROM <view> [WHERE <column> = '<value>']` of a
/// class, its columns named as the class names its properties, as a
/// derived table named `alias` or `name`.
fn class_rows(
    class: &wqlkit_core::ClassDef,
    filter: Option<(&str, &str)>,
    alias: Option<TableAlias>,
    name: &str,
) -> Result<TableFactor, String> {
    let quote = |s: &str| format!("[{}]", s.replace(']', "]]"));
    let columns: Vec<String> = class
        .properties
        .iter()
        .filter(|p| !p.is_array())
        .map(|p| {
            format!(
                "{} AS {}",
                quote(&p.column.to_lowercase()),
                quote(&p.name.to_lowercase())
            )
        })
        .collect();
    let mut sql = format!(
        "SELECT {} FROM {}",
        columns.join(", "),
        quote(&class.view.to_lowercase())
    );
    if let Some((column, value)) = filter {
        sql.push_str(&format!(
            " WHERE {} = '{}'",
            quote(&column.to_lowercase()),
            value.replace('\'', "''")
        ));
    }
    let subquery = super::expr::query_of(&sql)?;
    let alias = alias.unwrap_or(TableAlias {
        explicit: true,
        name: datafusion::sql::sqlparser::ast::Ident::new(name.to_lowercase()),
        columns: vec![],
        at: None,
    });
    Ok(TableFactor::Derived {
        lateral: false,
        subquery: Box::new(subquery),
        alias: Some(alias),
        sample: None,
    })
}

/// Culture names (lower case) → LCID, from `locales.csv`.
static LCIDS: LazyLock<HashMap<String, i32>> = LazyLock::new(|| {
    #[derive(Deserialize)]
    struct Locale {
        name: String,
        lcid: i32,
    }
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(LOCALES.as_bytes())
        .deserialize::<Locale>()
        .map(|l| {
            let l = l.expect("locales.csv is valid");
            (l.name.to_lowercase(), l.lcid)
        })
        .collect()
});

/// `fn_LShortNameToLCID(@locale)`: a culture name's LCID, or the number a
/// numeric text gives. A name wqlkit does not know is an error naming it.
pub fn lcid(locale: &str) -> Result<i32, String> {
    let t = locale.trim();
    if let Ok(n) = t.parse::<i32>() {
        return Ok(n);
    }
    LCIDS.get(&t.to_lowercase()).copied().ok_or_else(|| {
        let mut known: Vec<&String> = LCIDS.keys().collect();
        known.sort();
        format!(
            "fn_LShortNameToLCID: '{t}' is not a culture name wqlkit knows; give one such as en-US, de-DE or fr-FR ({} known), or an LCID number",
            known.len()
        )
    })
}

/// `wql_lcid(locale)`: [`lcid`] row by row.
pub static LCID: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_lcid",
        vec![DataType::Utf8],
        DataType::Int32,
        Volatility::Immutable,
        Arc::new(lcid_fn),
    )
});

fn lcid_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let scalar = matches!(args[0], ColumnarValue::Scalar(_));
    let a = args[0].to_array(1)?;
    let s = a.as_string::<i32>();
    let mut out = Int32Builder::with_capacity(s.len());
    for i in 0..s.len() {
        if s.is_null(i) {
            out.append_null();
        } else {
            out.append_value(lcid(s.value(i)).map_err(DataFusionError::Execution)?);
        }
    }
    let array = out.finish();
    if scalar {
        Ok(ColumnarValue::Scalar(datafusion::scalar::ScalarValue::Int32(
            (!array.is_null(0)).then(|| array.value(0)),
        )))
    } else {
        Ok(ColumnarValue::Array(Arc::new(array)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_function_reads_a_class_of_the_catalog() {
        for f in &functions().table {
            let TableFactor::Derived { subquery, alias, .. } = f.relation(None).expect("a value") else {
                panic!("{} is not a derived table", f.name);
            };
            assert_eq!(alias.expect("a value").name.value, f.name.to_lowercase());
            let view = &Catalog::builtin().class(&f.class).expect("a value").view;
            assert!(subquery.to_string().contains(&view.to_lowercase()), "{}", subquery);
        }
    }

    #[test]
    fn compliance_status_names_its_columns_as_the_provider_class() {
        let f = functions().table("FN_LISTUPDATECOMPLIANCESTATUS").expect("a value");
        let TableFactor::Derived { subquery, .. } = f.relation(None).expect("a value") else {
            unreachable!()
        };
        let text = subquery.to_string();
        assert!(text.contains("[resourceid] AS [machineid]"), "{text}");
        assert!(text.contains("FROM [v_update_compliancestatusall]"), "{text}");
    }

    #[test]
    fn culture_names_and_numbers_give_lcids() {
        assert_eq!(lcid("en-US"), Ok(1033));
        assert_eq!(lcid("EN-us "), Ok(1033));
        assert_eq!(lcid("de-DE"), Ok(1031));
        assert_eq!(lcid("es-ES"), Ok(3082));
        assert_eq!(lcid("1036"), Ok(1036));
        let e = lcid("xx-YY").expect_err("an error");
        assert!(e.contains("'xx-YY'") && e.contains("en-US"), "{e}");
    }
}
