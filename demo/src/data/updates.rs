//! Software updates (`updates.toml`): the security bulletins of the seed
//! notebook's era with their supersedence, and the lines of monthly
//! cumulative updates.

use serde::Deserialize;
use std::sync::LazyLock;

/// What a bulletin patches, which decides its updates' titles and platforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum BulletinKind {
    /// Windows 7 and Server 2008 R2 each get their own package.
    Windows,
    InternetExplorer,
    DotNet,
    Office,
    /// Server 2008 R2 only (IIS and the like).
    Server,
}

/// A security bulletin.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bulletin {
    pub id: String,
    pub kb: String,
    #[serde(with = "super::date")]
    pub posted: (i32, u32, u32),
    pub severity: i64,
    pub kind: BulletinKind,
    /// The bulletin it supersedes.
    #[serde(default)]
    pub supersedes: Option<String>,
}

/// A line of monthly cumulative updates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateLine {
    /// How operating systems refer to it (`W10`).
    pub id: String,
    /// The product as update titles spell it.
    pub product: String,
    /// The product as .NET Framework update titles spell it, if it gets them.
    #[serde(default)]
    pub dotnet: Option<String>,
    /// Workstations (rather than servers) run it.
    pub workstation: bool,
}

/// Descriptions update metadata repeats.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateText {
    /// Security updates.
    pub security: String,
    /// Monthly cumulative updates.
    pub cumulative: String,
    /// The Malicious Software Removal Tool.
    pub msrt: String,
    /// Defender security intelligence updates.
    pub definitions: String,
    /// Microsoft Edge updates.
    pub edge: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Updates {
    text: UpdateText,
    /// Bulletins in the "2011 Jan Updates" group.
    jan_2011: Vec<String>,
    line: Vec<UpdateLine>,
    bulletin: Vec<Bulletin>,
}

static UPDATES: LazyLock<Updates> =
    LazyLock::new(|| super::parse("updates.toml", include_str!("../../data/updates.toml")));

/// Every bulletin, oldest first.
pub(crate) static BULLETINS: LazyLock<&'static [Bulletin]> = LazyLock::new(|| &UPDATES.bulletin);

/// The bulletins of the "2011 Jan Updates" software update group.
pub(crate) static JAN_2011_BULLETINS: LazyLock<&'static [String]> = LazyLock::new(|| &UPDATES.jan_2011);

/// The cumulative-update lines.
pub(crate) static LINES: LazyLock<&'static [UpdateLine]> = LazyLock::new(|| &UPDATES.line);

/// Update descriptions.
pub(crate) static UPDATE_TEXT: LazyLock<&'static UpdateText> = LazyLock::new(|| &UPDATES.text);

/// The index in [`LINES`] of line `id` (which the data must hold).
pub(crate) fn line_index(id: &str) -> usize {
    LINES
        .iter()
        .position(|l| l.id == id)
        .unwrap_or_else(|| panic!("demo/data/updates.toml has no line {id}"))
}
