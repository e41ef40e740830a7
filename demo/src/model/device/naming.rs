//! A device's name as discovered, and its NetBIOS name.

use super::{ALNUM, Placement, random_chars};
use crate::data::{Kind, Site};
use crate::model::Domain;
use crate::model::rng::Rng;

/// How discovery names a device and where AD holds it.
pub(super) struct Naming {
    /// As discovered (occasionally lower case).
    pub(super) name: String,
    pub(super) netbios: String,
    /// The domain as discovered (occasionally mixed case).
    pub(super) domain_text: &'static str,
    pub(super) placement: Placement,
}

/// The device's name, its spelling in discovery and its place in AD.
pub(super) fn naming(r: &mut Rng, i: usize, kind: Kind, site: &Site, legacy: bool, domain: Domain) -> Naming {
    let mut name = device_name(r, i, kind, site, legacy, domain);
    let netbios = name.to_ascii_uppercase();
    if r.chance(0.02) {
        name = name.to_ascii_lowercase();
    }
    let domain_text = match domain {
        Domain::Contoso if r.chance(0.03) => "Contoso",
        d => d.netbios(),
    };
    let placement = match domain {
        Domain::Workgroup => Placement::None,
        _ if r.chance(0.03) && !kind.is_server() => Placement::Container,
        _ => Placement::Ou,
    };
    Naming {
        name,
        netbios,
        domain_text,
        placement,
    }
}

/// The computer name, by the naming scheme of its kind, site and era.
pub(super) fn device_name(r: &mut Rng, i: usize, kind: Kind, site: &Site, legacy: bool, domain: Domain) -> String {
    let n = i + 1;
    let s = &site.code;
    if domain == Domain::Workgroup && !kind.is_server() {
        return format!("DESKTOP-{}", random_chars(r, 7, ALNUM));
    }
    match kind {
        Kind::Server(role) => format!("SRV-{}-{n:03}", role.code()),
        Kind::Kiosk => format!("KIOSK_{:02}", i / 500),
        Kind::Lab => {
            if r.chance(0.7) {
                format!("LAB-{s}-{n:03}")
            } else {
                format!("TST-{n:04}")
            }
        }
        Kind::Vdi => {
            if r.chance(0.5) {
                format!("VDI-{s}-{n:04}")
            } else {
                format!("{s}-VT{n:04}")
            }
        }
        Kind::Desktop | Kind::Laptop => {
            let (old, short) = if kind == Kind::Desktop {
                ("PC", "DT")
            } else {
                ("LT", "LT")
            };
            if legacy {
                if kind == Kind::Desktop && r.chance(0.3) {
                    format!("WS{n:04}")
                } else {
                    format!("{old}-{s}-{n:05}")
                }
            } else {
                match r.weighted(&[45, 35, 20]) {
                    0 => format!("{old}-{s}-{n:05}"),
                    1 => format!("{s}-{short}-{n:04}"),
                    _ => format!("{s}-{short}{n:04}"),
                }
            }
        }
    }
}
