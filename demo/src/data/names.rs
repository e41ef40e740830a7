//! People's names (`names.toml`) and the directory's fixed accounts and
//! groups (`directory.toml`).

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    first: Vec<String>,
    last: Vec<(String, String)>,
    account_spelling: HashMap<String, String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| super::parse("names.toml", include_str!("../../data/names.toml")));

/// First names; the first 26 have distinct initials, so that initial-based
/// account names built from them stay unique.
pub(crate) static FIRST_NAMES: LazyLock<&'static [String]> = LazyLock::new(|| &NAMES.first);

/// Last names: (as displayed, as used in account names).
pub(crate) static LAST_NAMES: LazyLock<&'static [(String, String)]> = LazyLock::new(|| &NAMES.last);

/// The account-safe spelling of a first name (accents replaced).
pub(crate) fn ascii_first(name: &str) -> &str {
    NAMES.account_spelling.get(name).map_or(name, String::as_str)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Directory {
    service_accounts: Vec<(String, String)>,
    device_groups: Vec<String>,
    app_groups: Vec<String>,
}

static DIRECTORY: LazyLock<Directory> =
    LazyLock::new(|| super::parse("directory.toml", include_str!("../../data/directory.toml")));

/// Accounts the infrastructure runs under (name, description); the first users of every fleet.
pub(crate) static SERVICE_ACCOUNTS: LazyLock<&'static [(String, String)]> =
    LazyLock::new(|| &DIRECTORY.service_accounts);

/// Device group names (SystemGroupName): the group of flag `1 << k` is entry `k`.
pub(crate) static DEVICE_GROUP_NAMES: LazyLock<&'static [String]> = LazyLock::new(|| &DIRECTORY.device_groups);

/// App groups users are put in to receive software.
pub(crate) static APP_GROUPS: LazyLock<&'static [String]> = LazyLock::new(|| &DIRECTORY.app_groups);
