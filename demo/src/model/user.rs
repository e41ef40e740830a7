//! User accounts: service accounts first, then people, each a pure function
//! of the seed and its index.

use crate::data::{self, SERVICE_ACCOUNTS, SITES};
use crate::model::Domain;
use crate::model::Fleet;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_DAY;

/// First user ResourceID (0x7B000001).
pub(crate) const FIRST_USER_ID: i64 = 2_063_597_569;

/// One user account.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub index: usize,
    pub rid: i64,
    pub domain: Domain,
    /// `alice.smith`.
    pub account: String,
    /// `CONTOSO\alice.smith`.
    pub unique: String,
    pub full_name: String,
    pub dept: usize,
    pub site_idx: usize,
    pub mail: Option<String>,
    pub upn: String,
    pub service: bool,
    pub admin: bool,
    pub contractor: bool,
    pub pilot: bool,
    pub vpn: bool,
    pub exempt: bool,
    pub test: bool,
    /// Discovered without group memberships.
    pub no_groups: bool,
    /// In the default Users container rather than an OU.
    pub in_container: bool,
    pub created: i64,
    pub app_groups: u32,
}

impl User {
    /// OU path components from the domain root.
    pub(crate) fn ou_path(&self) -> Vec<&'static str> {
        if self.in_container {
            return Vec::new();
        }
        if self.service {
            return vec!["Service Accounts"];
        }
        if self.admin {
            return vec!["Admin Accounts"];
        }
        if self.contractor {
            return vec!["Users", "Contractors"];
        }
        if self.dept == *data::DEPT_EXECUTIVE {
            return vec!["Users", "Executives"];
        }
        vec!["Users", &SITES[self.site_idx].ou]
    }
}

/// How many users a fleet of `devices` has.
pub(crate) fn user_count(devices: usize) -> usize {
    (devices / 2).max(20)
}

/// A site, drawn by the sites' weights.
#[inline]
pub(crate) fn weighted_site(r: &mut Rng) -> usize {
    r.weighted(&data::SITE_WEIGHTS)
}

/// A department, drawn by the departments' weights.
#[inline]
fn weighted_dept(r: &mut Rng) -> usize {
    r.weighted(&data::DEPT_WEIGHTS)
}

/// A user's account details.
pub(crate) fn user(fleet: &Fleet, u: usize) -> User {
    let mut r = Rng::new(fleet.seed, Stream::User, u as u64);
    let created = account_created(&mut r, fleet.now);
    match SERVICE_ACCOUNTS.get(u) {
        Some((acct, full)) => service_account(u, acct, full, created),
        None => person(fleet, &mut r, u, created),
    }
}

/// When an account was created: between 40 days and nine years before now.
fn account_created(r: &mut Rng, now: i64) -> i64 {
    now - r.range(40, 9 * 365) * MICROS_PER_DAY - r.range(0, 86_399) * 1_000_000
}

/// A service account: in IT at the first site, without mail or any flag.
fn service_account(u: usize, acct: &str, full: &str, created: i64) -> User {
    User {
        index: u,
        rid: FIRST_USER_ID + u as i64,
        domain: Domain::Contoso,
        account: acct.to_string(),
        unique: format!("CONTOSO\\{acct}"),
        full_name: full.to_string(),
        dept: *data::DEPT_IT,
        site_idx: 0,
        mail: None,
        upn: format!("{acct}@contoso.com"),
        service: true,
        admin: false,
        contractor: false,
        pilot: false,
        vpn: false,
        exempt: false,
        test: false,
        no_groups: false,
        in_container: false,
        created,
        app_groups: 0,
    }
}

/// A person's account: names, mail and UPN, then the flags, drawn in that order.
fn person(fleet: &Fleet, r: &mut Rng, u: usize, created: i64) -> User {
    let name = PersonName::of(u - SERVICE_ACCOUNTS.len());
    let domain = user_domain(fleet.seed, u);
    let admin = user_admin(fleet.seed, u);
    let account = account_name(r, &name, domain, admin);
    let full_name = display_name(r, &name, admin);
    let mail = mailbox(r, &name, domain, admin);
    let upn = principal_name(r, &account, domain);
    User {
        index: u,
        rid: FIRST_USER_ID + u as i64,
        domain,
        unique: format!("{}\\{account}", domain.netbios()),
        account,
        full_name,
        dept: user_dept(fleet.seed, u),
        site_idx: user_site(fleet.seed, u),
        mail,
        upn,
        service: false,
        admin,
        contractor: !admin && r.chance(0.06),
        pilot: r.chance(0.05),
        vpn: r.chance(0.4),
        exempt: r.chance(0.02),
        test: r.chance(0.01),
        no_groups: r.chance(0.01),
        in_container: u % 50 == 9 || r.chance(0.02),
        created,
        app_groups: (r.next_u64() & 0b111) as u32 & if r.chance(0.3) { 0b111 } else { 0 },
    }
}

/// A person's first and last name: every pair is used once before any is used again.
struct PersonName {
    /// Index into the first names.
    first_idx: usize,
    first: &'static str,
    /// The first name in lower-case ASCII, for accounts and mail.
    first_ascii: String,
    last: &'static str,
    /// The last name as spelt in accounts and mail.
    last_acct: &'static str,
    /// How many times the pair has been used before this person.
    repeat: usize,
}

impl PersonName {
    /// The name of person `p` (counted from the first person after the service accounts).
    fn of(p: usize) -> PersonName {
        let nf = data::FIRST_NAMES.len();
        let nl = data::LAST_NAMES.len();
        let combos = nf * nl;
        let rem = p % combos;
        let f = rem % nf;
        let l = (rem / nf + f * 37) % nl;
        let first = data::FIRST_NAMES[f].as_str();
        let (last, last_acct) = &data::LAST_NAMES[l];
        PersonName {
            first_idx: f,
            first,
            first_ascii: data::ascii_first(first).to_ascii_lowercase(),
            last,
            last_acct,
            repeat: p / combos,
        }
    }
}

/// The account name: initial or first name, a number for a repeated name, `adm` for admin accounts.
fn account_name(r: &mut Rng, name: &PersonName, domain: Domain, admin: bool) -> String {
    let (fa, last_acct) = (&name.first_ascii, name.last_acct);
    // Past the first 26 first names, initials are no longer unique.
    let mut account = if domain == Domain::Fabrikam || name.first_idx >= 26 {
        format!("{fa}.{last_acct}")
    } else if r.chance(0.5) {
        format!("{}{last_acct}", &fa[..1])
    } else {
        format!("{}.{last_acct}", &fa[..1])
    };
    if name.repeat > 0 {
        account.push_str(&(name.repeat + 1).to_string());
    }
    if admin {
        account = if r.chance(0.7) {
            format!("adm-{account}")
        } else {
            format!("{account}.adm")
        };
    }
    account
}

/// The full name as displayed (occasionally "Last, First").
fn display_name(r: &mut Rng, name: &PersonName, admin: bool) -> String {
    let (first, last) = (name.first, name.last);
    if admin {
        format!("{first} {last} (Admin)")
    } else if r.chance(0.02) {
        format!("{last}, {first}")
    } else {
        format!("{first} {last}")
    }
}

/// The mail address, if the account has a mailbox (admin accounts have none).
fn mailbox(r: &mut Rng, name: &PersonName, domain: Domain, admin: bool) -> Option<String> {
    let mail_domain = if domain == Domain::Fabrikam {
        "fabrikam.com"
    } else {
        "contoso.com"
    };
    let base_mail = format!("{}.{}@{mail_domain}", name.first_ascii, name.last_acct);
    if admin || r.chance(0.05) { None } else { Some(base_mail) }
}

/// The user principal name (occasionally with a capital first letter).
fn principal_name(r: &mut Rng, account: &str, domain: Domain) -> String {
    let upn_domain = match domain {
        Domain::Fabrikam if r.chance(0.5) => "fabrikam.onmicrosoft.com",
        Domain::Fabrikam => "fabrikam.com",
        _ => "contoso.com",
    };
    let mut upn = format!("{account}@{upn_domain}");
    if r.chance(0.03) {
        upn = format!("{}{}", upn[..1].to_ascii_uppercase(), &upn[1..]);
    }
    upn
}

/// The site user `u` works at.
#[inline]
pub(crate) fn user_site(seed: u64, u: usize) -> usize {
    weighted_site(&mut Rng::keyed(seed, Stream::User, &[u as u64, 1]))
}

/// The department user `u` works in.
#[inline]
pub(crate) fn user_dept(seed: u64, u: usize) -> usize {
    // The service accounts and the first two people (the site's admins) belong to IT.
    if u < SERVICE_ACCOUNTS.len() + 2 {
        return *data::DEPT_IT;
    }
    weighted_dept(&mut Rng::keyed(seed, Stream::User, &[u as u64, 2]))
}

/// Whether user `u` is an admin account (the first two people, and some of IT).
#[inline]
pub(crate) fn user_admin(seed: u64, u: usize) -> bool {
    let first = SERVICE_ACCOUNTS.len();
    u >= first
        && (u < first + 2
            || user_dept(seed, u) == *data::DEPT_IT && hash(seed, &[Stream::User as u64, u as u64, 3]) % 10 < 3)
}

/// The domain user `u` belongs to: Fabrikam for about one person in ten (never the first two).
#[inline]
pub(crate) fn user_domain(seed: u64, u: usize) -> Domain {
    if u >= SERVICE_ACCOUNTS.len() + 2 && hash(seed, &[Stream::User as u64, u as u64, 1]).is_multiple_of(10) {
        Domain::Fabrikam
    } else {
        Domain::Contoso
    }
}

/// The first user index at or after `from` that is an admin account (servers' last logons).
pub(crate) fn admin_user(fleet: &Fleet, from: usize) -> Option<usize> {
    let n = fleet.users;
    (0..200.min(n))
        .map(|k| (from + k) % n)
        .find(|&u| user_admin(fleet.seed, u))
}

/// The manager of user `u`, another user: a person of the same department
/// among the first tenth of the people (its managers) with a lower index,
/// or failing that the first person who is not an admin (who heads the
/// company and has none). Service and admin accounts have none.
pub(crate) fn manager(fleet: &Fleet, u: usize) -> Option<usize> {
    let seed = fleet.seed;
    let head = SERVICE_ACCOUNTS.len() + 2;
    if u <= head || u >= fleet.users || user_admin(seed, u) {
        return None;
    }
    let band = ((fleet.users - head) / 10).max(10).min(u - head);
    let dept = user_dept(seed, u);
    (0..24)
        .map(|k| head + (hash(seed, &[Stream::User as u64, u as u64, 7, k]) % band as u64) as usize)
        .find(|&m| m != head && user_dept(seed, m) == dept && !user_admin(seed, m))
        .or(Some(head))
}
