//! One column's fill: the first column rule of `data/generic_*.toml` that
//! matches the column, compiled for it, and the value it gives a row.

use crate::data::{Choice, ColumnRule, Fact, GENERIC, GuidKind, Piece, RowSet, Seg, Template, TypeClass, any};
use crate::model::guid::GuidStyle;
use crate::model::rng::{Stream, hash, hash_str};
use crate::model::time::MICROS_PER_DAY;
use crate::site::subject::{Base, Subject};
use crate::site::table::Filler;
use crate::site::value::Val;
use crate::views::fallback::facts::fact;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use wqlkit_core::{SqlType, ViewDef};

/// What the fills of one view share.
#[derive(Debug, Clone)]
pub(crate) struct ViewInfo {
    /// Keys every draw, the same for a class's current and history views.
    pub hash: u64,
    /// The view's class in words (`User Profile`).
    pub class: String,
    /// Whose rows the view holds (for a hand-written table: its scope's).
    pub set: RowSet,
}

impl ViewInfo {
    pub(crate) fn new(view: &ViewDef, set: RowSet) -> ViewInfo {
        let name = view.name.to_ascii_lowercase();
        let current = match name.strip_prefix("v_hs_") {
            Some(rest) => format!("v_gs_{rest}"),
            None => name,
        };
        ViewInfo {
            hash: hash_str(&current),
            class: class_words(&view.name),
            set,
        }
    }
}

/// `v_GS_USER_PROFILE` → `User Profile`.
fn class_words(view: &str) -> String {
    let lower = view.to_ascii_lowercase();
    let mut rest = view;
    for p in ["v_gs_", "v_hs_", "v_ra_system_", "v_ra_user_", "v_r_", "v_"] {
        if lower.starts_with(p) {
            rest = &view[p.len()..];
            break;
        }
    }
    let mut out = String::new();
    for w in rest.split('_').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            out.push(c.to_ascii_uppercase());
        }
        if w.chars().all(|c| !c.is_ascii_lowercase()) {
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        } else {
            out.extend(cs);
        }
    }
    out
}

/// The element of the site's lists a row of a site-wide view stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    None,
    /// Index into the view's list (collections, updates, …).
    Index(usize),
    /// A collection dependency: (dependent, source, relationship type).
    Dependency(usize, usize, i64),
    /// A deployment and one of its updates (indexes).
    Pair(usize, usize),
}

/// Everything a cell's value depends on.
pub(crate) struct Cx<'a, 'c> {
    pub s: &'a Subject<'c>,
    pub base: Base<'a>,
    /// The row's number among its subject's rows (for history, the current row's).
    pub row: u64,
    pub item: Item,
    pub view: &'a ViewInfo,
}

impl Cx<'_, '_> {
    /// A number drawn for this cell, different for each `salt`.
    pub(crate) fn draw(&self, column: u64, salt: u64) -> u64 {
        self.draw_across_rows(column, salt ^ self.row.wrapping_mul(0x9E37_79B9))
    }

    /// A number drawn for this column and subject, the same for all its rows.
    fn draw_across_rows(&self, column: u64, salt: u64) -> u64 {
        let who = match self.item {
            Item::None => self.base.resource_id.unwrap_or(0) as u64,
            Item::Index(k) => k as u64,
            Item::Dependency(a, b, _) | Item::Pair(a, b) => ((a as u64) << 32) | b as u64,
        };
        hash(
            self.s.fleet.seed,
            &[
                Stream::Generic as u64,
                self.view.hash,
                column,
                who,
                self.base.revision as u64,
                salt,
            ],
        )
    }
}

/// How a column is filled.
#[derive(Debug, Clone)]
enum Fill {
    Fact(Fact),
    Piece(&'static Piece),
    Pick(&'static [Piece], Option<&'static [u32]>),
    By(Fact, &'static BTreeMap<String, Choice>, Option<&'static Choice>),
    Range(i64, i64),
    DaysBefore(Fact, i64, i64),
    Guid(GuidStyle),
    Null,
}

/// What a column holds, as far as a fill cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    Text,
    Time,
    Other,
}

/// One column's fill.
#[derive(Debug, Clone)]
pub(crate) struct ColumnFill {
    fill: Fill,
    /// Share of NULLs.
    nulls: f64,
    /// Keys the column's draws.
    column: u64,
    /// The column's name without its `0` suffix, for `{column}`.
    stem: String,
    out: Out,
    /// An integer column of 32 bits or fewer (row keys are folded into it).
    narrow: bool,
}

fn type_class(t: SqlType) -> TypeClass {
    match t {
        SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) => TypeClass::Text,
        SqlType::TinyInt | SqlType::SmallInt | SqlType::Int => TypeClass::Int,
        SqlType::BigInt => TypeClass::Bigint,
        SqlType::Bit => TypeClass::Bit,
        SqlType::Float | SqlType::Real | SqlType::Decimal(_, _) => TypeClass::Float,
        SqlType::DateTime => TypeClass::Datetime,
        SqlType::Date => TypeClass::Date,
        SqlType::UniqueIdentifier => TypeClass::Guid,
        SqlType::Binary => TypeClass::Binary,
    }
}

/// Whether a rule's type class admits a column's (`int` admits every integer type).
fn admits(rule: TypeClass, column: TypeClass) -> bool {
    rule == column || rule == TypeClass::Int && column == TypeClass::Bigint
}

impl ColumnFill {
    /// The fill of column `i` of `view`, whose rows are `set`'s; `generic`
    /// when no hand-written generator knows the view (the conventions and
    /// type defaults then apply too).
    pub(crate) fn new(view: &ViewDef, i: usize, set: RowSet, generic: bool) -> ColumnFill {
        let c = &view.columns[i];
        let name = c.name.to_ascii_lowercase();
        let view_name = view.name.to_ascii_lowercase();
        let class = type_class(c.sql_type);
        let is_key = view.key.iter().any(|k| k.eq_ignore_ascii_case(&c.name));
        let extra: &[ColumnRule] = if generic { &GENERIC.generic_column } else { &[] };
        let rule = GENERIC.column.iter().chain(extra).find(|r| {
            any(&r.column, &name)
                && (r.view.is_empty() || any(&r.view, &view_name))
                && !any(&r.not_view, &view_name)
                && (r.types.is_empty() || r.types.iter().any(|t| admits(*t, class)))
                && (r.rows.is_empty() || r.rows.contains(&set))
                && (!r.key || is_key)
        });
        let fill = match rule {
            None => Fill::Null,
            Some(r) => {
                if let Some(f) = r.fact {
                    Fill::Fact(f)
                } else if let Some(p) = &r.value {
                    Fill::Piece(p)
                } else if let Some(v) = &r.values {
                    Fill::Pick(v, r.weights.as_deref())
                } else if let (Some(f), Some(m)) = (r.by, &r.map) {
                    Fill::By(f, m, r.default.as_ref())
                } else if let Some((lo, hi)) = r.range {
                    Fill::Range(lo, hi)
                } else if let (Some(f), Some((lo, hi))) = (r.days_before, r.days) {
                    Fill::DaysBefore(f, lo, hi)
                } else if let Some(p) = &r.format {
                    Fill::Piece(p)
                } else if let Some(g) = r.guid {
                    Fill::Guid(match g {
                        GuidKind::Upper => GuidStyle::Upper,
                        GuidKind::Lower => GuidStyle::Lower,
                        GuidKind::Braced => GuidStyle::Braced,
                        GuidKind::Sms => GuidStyle::Sms,
                    })
                } else {
                    Fill::Null
                }
            }
        };
        let stem = c.name.strip_suffix('0').unwrap_or(&c.name).replace('_', " ");
        ColumnFill {
            fill,
            nulls: rule.map_or(0.0, |r| r.nulls),
            column: hash_str(&name),
            stem,
            narrow: matches!(c.sql_type, SqlType::Int | SqlType::SmallInt | SqlType::TinyInt),
            out: match class {
                TypeClass::Text | TypeClass::Guid => Out::Text,
                TypeClass::Datetime | TypeClass::Date => Out::Time,
                _ => Out::Other,
            },
        }
    }

    /// The list fact the column is filled from, if it is one (array views).
    pub(crate) fn list_fact(&self) -> Option<Fact> {
        match self.fill {
            Fill::Fact(f) if f.is_list() => Some(f),
            _ => None,
        }
    }

    /// The cell of the row `cx` describes.
    pub(crate) fn value<'a>(&self, cx: &Cx<'a, '_>) -> Val<'a> {
        if self.nulls > 0.0 && unit(cx.draw(self.column, 1)) < self.nulls {
            return Val::Null;
        }
        match &self.fill {
            // A row key is the subject's ResourceID times 1000 plus the row:
            // folded into 31 bits it stays unique among one kind of subject
            // while there are fewer than two million of them.
            Fill::Fact(Fact::RowKey) if self.narrow => match fact(Fact::RowKey, cx) {
                Val::I(k) => Val::I(k.rem_euclid(i32::MAX as i64)),
                v => v,
            },
            Fill::Fact(f) => fact(*f, cx),
            Fill::Piece(p) => self.piece(p, cx),
            Fill::Pick(values, weights) => self.pick(values, *weights, cx),
            Fill::By(f, map, default) => {
                let mut key = String::new();
                let choice = if fact(*f, cx).text(&mut key) {
                    map.get(&key)
                        .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)).map(|x| x.1))
                        .or(*default)
                } else {
                    *default
                };
                match choice {
                    None => Val::Null,
                    Some(Choice::One(p)) => self.piece(p, cx),
                    Some(Choice::Many(v)) => self.pick(v, None, cx),
                }
            }
            Fill::Range(lo, hi) => Val::I(lo + (cx.draw(self.column, 2) % (hi - lo + 1) as u64) as i64),
            Fill::DaysBefore(f, lo, hi) => match fact(*f, cx) {
                Val::Ts(t) => {
                    let h = cx.draw(self.column, 3);
                    let days = lo + (h % (hi - lo + 1) as u64) as i64;
                    let t = t - days * MICROS_PER_DAY - ((h >> 32) % 86_400) as i64 * 1_000_000 * (days > 0) as i64;
                    if self.out == Out::Time {
                        Val::Ts(t)
                    } else {
                        Val::Ymd(t.div_euclid(MICROS_PER_DAY))
                    }
                }
                _ => Val::Null,
            },
            Fill::Guid(style) => {
                let hi = cx.draw(self.column, 4) as u128;
                let lo = cx.draw(self.column, 5) as u128;
                Val::Guid((hi << 64) | lo, *style)
            }
            Fill::Null => Val::Null,
        }
    }

    /// One of `values`: consecutive rows of a subject take consecutive
    /// entries (so they differ), unless weighted; lists of the same length
    /// in one row take the same entry.
    fn pick<'a>(&self, values: &'static [Piece], weights: Option<&'static [u32]>, cx: &Cx<'a, '_>) -> Val<'a> {
        let n = values.len() as u64;
        let k = match weights {
            // Not keyed by the column, so that lists of one length line up
            // (a share's name and its path).
            None => (cx.draw_across_rows(0, 6).wrapping_add(cx.row) % n) as usize,
            Some(w) => {
                let total: u64 = w.iter().map(|&x| x as u64).sum();
                let mut x = cx.draw(self.column, 6) % total.max(1);
                w.iter()
                    .position(|&wi| {
                        let hit = x < wi as u64;
                        x = x.saturating_sub(wi as u64);
                        hit
                    })
                    .unwrap_or(0)
            }
        };
        self.piece(&values[k], cx)
    }

    fn piece<'a>(&self, p: &'static Piece, cx: &Cx<'a, '_>) -> Val<'a> {
        match p {
            Piece::Int(i) => Val::I(*i),
            Piece::Bool(b) => Val::B(*b),
            Piece::Text(t) => match t.literal() {
                Some(s) => Val::St(s),
                None => self.render(t, cx).map_or(Val::Null, Val::Own),
            },
        }
    }

    /// A template's text; None when a fact it names has no value.
    fn render(&self, t: &Template, cx: &Cx<'_, '_>) -> Option<String> {
        let mut out = String::new();
        let mut scratch = String::new();
        for (k, seg) in t.segs.iter().enumerate() {
            match seg {
                Seg::Lit(s) => out.push_str(s),
                Seg::Fact(f) => {
                    if !fact(*f, cx).text(&mut scratch) {
                        return None;
                    }
                    out.push_str(&scratch);
                }
                Seg::Rand(lo, hi) => {
                    let x = lo + (cx.draw(self.column, 100 + k as u64) % (hi - lo + 1) as u64) as i64;
                    let _ = write!(out, "{x}");
                }
                Seg::Row => {
                    let _ = write!(out, "{}", cx.row + 1);
                }
                Seg::Class => out.push_str(&cx.view.class),
                Seg::Column => out.push_str(&self.stem),
            }
        }
        Some(out)
    }
}

/// A draw as a fraction in `[0, 1)`.
fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The fallback of a hand-written table's column: the fill of its rule.
pub(crate) struct BoundFill {
    fill: ColumnFill,
    view: ViewInfo,
}

impl BoundFill {
    pub(crate) fn new(view: &ViewDef, i: usize, set: RowSet) -> BoundFill {
        BoundFill {
            fill: ColumnFill::new(view, i, set, false),
            view: ViewInfo::new(view, set),
        }
    }
}

impl Filler for BoundFill {
    fn value<'a>(&'a self, s: &'a Subject<'_>, base: Base<'a>, row: u64) -> Val<'a> {
        let cx = Cx {
            s,
            base,
            row,
            item: Item::None,
            view: &self.view,
        };
        self.fill.value(&cx)
    }
}
