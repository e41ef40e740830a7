//! The demo site's reference tables: offices, departments, operating systems,
//! hardware models, processors, services, names, software products,
//! bulletins, packages, state names and discovery architectures, and how views no generator knows
//! are filled. Each is a file under `demo/data/`,
//! embedded in the binary and parsed once, on first use.

mod generic;
mod hardware;
mod names;
mod os;
mod packages;
mod resource_map;
mod services;
mod sites;
mod software;
mod state_names;
mod updates;

pub(crate) use generic::{
    Choice, ColumnRule, Fact, GENERIC, Glob, GuidKind, Only, Piece, RowSet, Seg, Template, TypeClass, any,
};
pub(crate) use hardware::{CPUS, Cpu, Form, Kind, MODELS, Model, Role, Vendor};
pub(crate) use names::{APP_GROUPS, DEVICE_GROUP_NAMES, FIRST_NAMES, LAST_NAMES, SERVICE_ACCOUNTS, ascii_first};
pub(crate) use os::{CLIENT_VERSIONS, LEGACY_CLIENT_VERSIONS, OS, OsFamily, OsVariant, os_index, os_mix};
pub(crate) use packages::{ADVERT_STATES, ADVERTS, Advert, PACKAGES};
pub(crate) use resource_map::RESOURCE_MAP;
pub(crate) use services::{SERVICES, Service};
pub(crate) use sites::{DEPT_EXECUTIVE, DEPT_IT, DEPT_WEIGHTS, DEPTS, SITE_WEIGHTS, SITES, Site};
pub(crate) use software::{Arch, CATALOG, CM_CLIENT, SUITE_M365, SUITE_O2010, SUITE_O2016, Sw, who};
pub(crate) use state_names::{STATE_NAMES, StateName};
pub(crate) use updates::{BULLETINS, BulletinKind, JAN_2011_BULLETINS, LINES, UPDATE_TEXT, line_index};

/// Parses the embedded file `name` (TOML) into `T`; the files ship with the
/// binary and a test reads every one, so a failure here is a build defect.
fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("demo/data/{name}: {e}"))
}

/// Parses the embedded CSV file `name` (with a header row) into rows of `T`;
/// as with [`parse`], a failure is a build defect.
fn parse_csv<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("demo/data/{name}: {e}"))
}

/// A (year, month, day) as a TOML date (`2011-02-22`).
mod date {
    use serde::{Deserialize, Deserializer, de::Error};
    use toml::value::Datetime;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(i32, u32, u32), D::Error> {
        let value = Datetime::deserialize(d)?;
        match (value.date, value.time) {
            (Some(date), None) => Ok((date.year.into(), date.month.into(), date.day.into())),
            _ => Err(D::Error::custom(format!("{value}: expected a date (yyyy-mm-dd)"))),
        }
    }
}

#[cfg(test)]
mod tests;
