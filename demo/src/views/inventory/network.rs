//! Network adapter inventory views.

use crate::model::network::Adapter;
use crate::model::network::network;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a network adapter
/// inventory view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_network_adapter_configuration" => bound(AdapterConfiguration, view),
        "v_gs_network_adapter" => bound(NetworkAdapter, view),
        _ => return None,
    })
}

columns! {
    pub(crate) enum NacCol {
        GroupID, DefaultIPGateway0, DHCPEnabled0, DHCPServer0, DNSDomain0, DNSHostName0, Index0, IPAddress0, IPEnabled0,
        IPSubnet0, MACAddress0, ServiceName0, Description0
    }
}

/// v_GS_NETWORK_ADAPTER_CONFIGURATION.
pub(crate) struct AdapterConfiguration;

impl Table for AdapterConfiguration {
    type Row = (usize, Adapter);
    type Col = NacCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        if let Some(d) = s.inventoried() {
            out.extend(network(s.fleet, d).adapters.into_iter().enumerate());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: NacCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, a) = row;
        match col {
            NacCol::GroupID => Val::I(*k as i64 + 1),
            NacCol::DefaultIPGateway0 => Val::opt_str(a.gateway.as_deref()),
            NacCol::DHCPEnabled0 => Val::I(a.dhcp as i64),
            NacCol::DHCPServer0 => Val::opt_str(a.dhcp_server.as_deref()),
            NacCol::DNSDomain0 => {
                if a.enabled && a.ipv4.as_deref().is_some_and(|ip| ip.starts_with("10.")) {
                    d.domain.dns().map_or(Val::Null, Val::St)
                } else {
                    Val::Null
                }
            }
            NacCol::DNSHostName0 => {
                if a.enabled {
                    Val::S(&d.netbios)
                } else {
                    Val::Null
                }
            }
            NacCol::Index0 => Val::I([1, 4, 7, 11, 13][*k % 5]),
            NacCol::IPAddress0 => match (&a.ipv4, &a.ipv6) {
                (Some(v4), Some(v6)) => Val::Own(format!("{v4},{v6}")),
                (Some(v4), None) => Val::S(v4),
                _ => Val::Null,
            },
            NacCol::IPEnabled0 => Val::I(a.enabled as i64),
            NacCol::IPSubnet0 => match (a.mask, &a.ipv6) {
                (Some(m), Some(_)) => Val::Own(format!("{m},64")),
                (Some(m), None) => Val::St(m),
                _ => Val::Null,
            },
            NacCol::MACAddress0 => Val::S(&a.mac),
            NacCol::ServiceName0 => Val::St(a.service),
            NacCol::Description0 => Val::St(a.description),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64 + 1,
            ..s.base()
        }
    }
}

columns! {
    pub(crate) enum NaCol {
        GroupID, DeviceID0, AdapterType0, AutoSense0, Availability0, Caption0, Description0, Index0, Installed0,
        MACAddress0, Manufacturer0, MaxNumberControlled0, MaxSpeed0, Name0, NetworkAddresses0, PermanentAddress0,
        PNPDeviceID0, ProductName0, ServiceName0, Speed0, Status0
    }
}

/// v_GS_NETWORK_ADAPTER.
pub(crate) struct NetworkAdapter;

impl Table for NetworkAdapter {
    type Row = (usize, Adapter);
    type Col = NaCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        AdapterConfiguration.rows(s, out)
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, row: &'a Self::Row, col: NaCol) -> Val<'a> {
        let (k, a) = row;
        let idx = [1, 4, 7, 11, 13][*k % 5];
        match col {
            NaCol::GroupID => Val::I(*k as i64 + 1),
            NaCol::DeviceID0 | NaCol::Index0 => Val::I(idx),
            NaCol::AdapterType0 => Val::St("Ethernet 802.3"),
            NaCol::AutoSense0 => Val::Null,
            NaCol::Availability0 => Val::I(3),
            NaCol::Caption0 => Val::Own(format!("[{idx:08}] {}", a.description)),
            NaCol::Description0 | NaCol::Name0 | NaCol::ProductName0 => Val::St(a.description),
            NaCol::Installed0 => Val::I(1),
            NaCol::MACAddress0 => Val::S(&a.mac),
            NaCol::Manufacturer0 => Val::St(a.manufacturer),
            NaCol::MaxNumberControlled0 => Val::I(0),
            NaCol::MaxSpeed0 => Val::Null,
            NaCol::NetworkAddresses0 | NaCol::PermanentAddress0 => Val::Null,
            NaCol::PNPDeviceID0 => Val::Own(format!(
                "PCI\\VEN_8086&DEV_15FB&SUBSYS_0A4B1028&REV_20\\3&11583659&0&{:02X}",
                0xF8 + k
            )),
            NaCol::ServiceName0 => Val::St(a.service),
            NaCol::Speed0 => {
                if a.enabled {
                    Val::I(a.speed)
                } else {
                    Val::I(9_223_372_036_854_775_807)
                }
            }
            NaCol::Status0 => Val::Null,
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64 + 1,
            ..s.base()
        }
    }
}
