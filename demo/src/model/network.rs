//! Each device's network: adapters, MAC, IPv4/IPv6 addresses, subnets,
//! gateways and DNS, as a pure function of the seed and the device.

use crate::data::{Form, Role, Vendor};
use crate::model::Domain;
use crate::model::Fleet;
use crate::model::device::Device;
use crate::model::device::groups;
use crate::model::rng::Rng;
use crate::model::rng::Stream;

/// A network adapter as inventory and heartbeat discovery see it.
#[derive(Debug, Clone)]
pub(crate) struct Adapter {
    pub description: &'static str,
    pub service: &'static str,
    pub manufacturer: &'static str,
    pub mac: String,
    pub ipv4: Option<String>,
    /// Network address of the IPv4 subnet (`10.1.4.0`).
    pub subnet: Option<String>,
    pub mask: Option<&'static str>,
    pub gateway: Option<String>,
    pub dhcp: bool,
    pub dhcp_server: Option<String>,
    pub ipv6: Option<String>,
    pub ipv6_prefix: Option<String>,
    pub enabled: bool,
    pub speed: i64,
}

/// A device's network configuration.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    pub adapters: Vec<Adapter>,
}

/// A MAC address: the vendor's OUI and a 24-bit tail.
fn mac(oui: [u8; 3], tail: u64) -> String {
    format!(
        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
        oui[0],
        oui[1],
        oui[2],
        (tail >> 16) as u8,
        (tail >> 8) as u8,
        tail as u8
    )
}

/// The network adapters of `d`.
pub(crate) fn network(fleet: &Fleet, d: &Device) -> Network {
    let mut r = Rng::new(fleet.seed, Stream::Network, d.index as u64);
    let office = office_address(fleet, d, &mut r);
    let ipv6 = ipv6_address(d, &mut r, &office);
    let adapters = if d.laptop() {
        laptop_adapters(d, &mut r, office, ipv6)
    } else {
        wired_adapters(d, &mut r, office, ipv6)
    };
    Network { adapters }
}

/// The address `d` has, or would have, on its office's network.
struct Office {
    /// Third octet of the address.
    third: u64,
    /// Fourth octet of the address.
    host: u64,
    ip: String,
    subnet: String,
    gateway: String,
    dhcp_server: String,
}

/// Where `d` sits on its office's network: servers in the 200 block, clients
/// in one of the blocks the fleet's size calls for.
fn office_address(fleet: &Fleet, d: &Device, r: &mut Rng) -> Office {
    let net = d.site.net;
    let block = r.below(client_blocks(fleet));
    let third = if d.is_server() {
        200 + r.below(4)
    } else {
        block * 4 + r.below(4)
    };
    let subnet_third = if d.is_server() { 200 } else { block * 4 };
    let host = 10 + r.below(240);
    Office {
        third,
        host,
        ip: format!("10.{net}.{third}.{host}"),
        subnet: format!("10.{net}.{subnet_third}.0"),
        gateway: format!("10.{net}.{subnet_third}.1"),
        dhcp_server: format!("10.{net}.200.10"),
    }
}

/// An adapter's IPv6 address and prefix.
struct Ipv6 {
    address: Option<String>,
    prefix: Option<String>,
}

/// Whether `d` has IPv6 and which address: a routed one at the sites that
/// have rolled IPv6 out, a link-local one elsewhere.
fn ipv6_address(d: &Device, r: &mut Rng, office: &Office) -> Ipv6 {
    let net = d.site.net;
    let Office { third, host, .. } = *office;
    if !r.chance(0.45) {
        return Ipv6 {
            address: None,
            prefix: None,
        };
    }
    if matches!(d.site.code.as_str(), "LON" | "SEA") {
        return Ipv6 {
            address: Some(format!("fd3a:5c21:{net:x}:{third:x}::{:x}", host + 0x100)),
            prefix: Some(format!("fd3a:5c21:{net:x}:{third:x}::")),
        };
    }
    let link_local = format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        (d.hardware_seed >> 48) as u16,
        (d.hardware_seed >> 32) as u16,
        (d.hardware_seed >> 16) as u16,
        d.hardware_seed as u16
    );
    Ipv6 {
        address: Some(link_local),
        prefix: None,
    }
}

/// An adapter's IPv4 settings.
struct Ipv4 {
    address: String,
    subnet: String,
    mask: &'static str,
    gateway: Option<String>,
    dhcp_server: Option<String>,
}

/// The device-specific part of its MACs.
fn mac_tail(d: &Device) -> u64 {
    d.hardware_seed & 0xFF_FFFF
}

/// Where a laptop was when it last reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Office,
    Home,
    /// Where no DHCP server answered: a link-local address.
    NoLease,
}

/// A laptop's adapters: Wi-Fi, the VPN's when it works from home, and the
/// idle wired port.
fn laptop_adapters(d: &Device, r: &mut Rng, office: Office, ipv6: Ipv6) -> Vec<Adapter> {
    let place = match r.weighted(&[60, 30, 10]) {
        0 => Place::Office,
        1 => Place::Home,
        _ => Place::NoLease,
    };
    let ipv4 = laptop_ipv4(d, r, place, office);
    let mut adapters = Vec::with_capacity(3);
    adapters.push(wifi_adapter(d, ipv4, ipv6));
    if place == Place::Home && d.groups & groups::VPN != 0 {
        adapters.push(vpn_adapter(r));
    }
    adapters.push(idle_ethernet_adapter(d));
    adapters
}

/// A laptop's Wi-Fi address at `place`; workgroup laptops are not on the
/// office's network, so they have a home router's address there too.
fn laptop_ipv4(d: &Device, r: &mut Rng, place: Place, office: Office) -> Ipv4 {
    let mask = if place == Place::Home {
        "255.255.255.0"
    } else {
        "255.255.252.0"
    };
    match place {
        Place::Office if d.domain != Domain::Workgroup => Ipv4 {
            address: office.ip,
            subnet: office.subnet,
            mask,
            gateway: Some(office.gateway),
            dhcp_server: Some(office.dhcp_server),
        },
        Place::NoLease => Ipv4 {
            address: format!("169.254.{}.{}", r.range(1, 254), r.range(1, 254)),
            subnet: "169.254.0.0".to_string(),
            mask,
            gateway: None,
            dhcp_server: None,
        },
        _ => {
            let k = r.range(0, 15);
            Ipv4 {
                address: format!("192.168.{k}.{}", r.range(100, 200)),
                subnet: format!("192.168.{k}.0"),
                mask,
                gateway: Some(format!("192.168.{k}.1")),
                dhcp_server: Some(format!("192.168.{k}.1")),
            }
        }
    }
}

/// A laptop's Wi-Fi adapter, the one with its addresses.
fn wifi_adapter(d: &Device, ipv4: Ipv4, ipv6: Ipv6) -> Adapter {
    Adapter {
        description: &d.model.nic,
        service: "Netwtw10",
        manufacturer: "Intel Corporation",
        mac: mac([0xA4, 0xC3, 0xF0], mac_tail(d) ^ 0x5A5A5A),
        ipv4: Some(ipv4.address),
        subnet: Some(ipv4.subnet),
        mask: Some(ipv4.mask),
        gateway: ipv4.gateway,
        dhcp: true,
        dhcp_server: ipv4.dhcp_server,
        ipv6: ipv6.address,
        ipv6_prefix: ipv6.prefix,
        enabled: true,
        speed: 866_700_000,
    }
}

/// The VPN client's virtual adapter, with its address in the VPN's pool.
fn vpn_adapter(r: &mut Rng) -> Adapter {
    Adapter {
        description: "Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64",
        service: "vpnva",
        manufacturer: "Cisco Systems",
        mac: "00:05:9A:3C:7A:00".to_string(),
        ipv4: Some(format!("172.16.{}.{}", r.range(8, 15), r.range(2, 254))),
        subnet: Some("172.16.8.0".to_string()),
        mask: Some("255.255.248.0"),
        gateway: None,
        dhcp: false,
        dhcp_server: None,
        ipv6: None,
        ipv6_prefix: None,
        enabled: true,
        speed: 995_000_000,
    }
}

/// A laptop's wired port, unplugged.
fn idle_ethernet_adapter(d: &Device) -> Adapter {
    Adapter {
        description: "Intel(R) Ethernet Connection (13) I219-LM",
        service: "e1dexpress",
        manufacturer: "Intel Corporation",
        mac: mac(d.model.oui, mac_tail(d)),
        ipv4: None,
        subnet: None,
        mask: None,
        gateway: None,
        dhcp: true,
        dhcp_server: None,
        ipv6: None,
        ipv6_prefix: None,
        enabled: false,
        speed: 0,
    }
}

/// The adapters of a desktop, virtual machine or server: one wired adapter,
/// and on Hyper-V hosts and physical servers the team's multiplexor.
fn wired_adapters(d: &Device, r: &mut Rng, office: Office, ipv6: Ipv6) -> Vec<Adapter> {
    let ipv4 = wired_ipv4(d, r, office);
    let mut adapters = Vec::with_capacity(3);
    adapters.push(wired_adapter(d, ipv4, ipv6));
    if d.role() == Some(Role::HyperV) || d.model.form == Form::Server {
        adapters.push(multiplexor_adapter(d));
    }
    adapters
}

/// A wired address: the office's network, or a small router's in a
/// workgroup; servers have theirs set statically.
fn wired_ipv4(d: &Device, r: &mut Rng, office: Office) -> Ipv4 {
    let dhcp_server = if d.is_server() { None } else { Some(office.dhcp_server) };
    if d.domain == Domain::Workgroup {
        let k = r.range(0, 3);
        Ipv4 {
            address: format!("192.168.{k}.{}", r.range(20, 99)),
            subnet: format!("192.168.{k}.0"),
            mask: "255.255.255.0",
            gateway: Some(format!("192.168.{k}.1")),
            dhcp_server,
        }
    } else {
        Ipv4 {
            address: office.ip,
            subnet: office.subnet,
            mask: "255.255.252.0",
            gateway: Some(office.gateway),
            dhcp_server,
        }
    }
}

/// The wired adapter of a desktop, virtual machine or server, as its
/// hardware's vendor names it.
fn wired_adapter(d: &Device, ipv4: Ipv4, ipv6: Ipv6) -> Adapter {
    Adapter {
        description: &d.model.nic,
        service: match d.model.vendor {
            Vendor::VMware | Vendor::VMwareOld => "vmxnet3ndis6",
            Vendor::HyperV => "netvsc",
            _ => "e1dexpress",
        },
        manufacturer: match d.model.vendor {
            Vendor::VMware | Vendor::VMwareOld => "VMware, Inc.",
            Vendor::HyperV => "Microsoft",
            _ => "Intel Corporation",
        },
        mac: mac(d.model.oui, mac_tail(d)),
        ipv4: Some(ipv4.address),
        subnet: Some(ipv4.subnet),
        mask: Some(ipv4.mask),
        gateway: ipv4.gateway,
        dhcp: !d.is_server(),
        dhcp_server: ipv4.dhcp_server,
        ipv6: ipv6.address,
        ipv6_prefix: ipv6.prefix,
        enabled: true,
        speed: if d.is_server() { 10_000_000_000 } else { 1_000_000_000 },
    }
}

/// The NIC team's multiplexor of a Hyper-V host or physical server.
fn multiplexor_adapter(d: &Device) -> Adapter {
    Adapter {
        description: "Microsoft Network Adapter Multiplexor Driver",
        service: "NdisImPlatformMp",
        manufacturer: "Microsoft",
        mac: mac(d.model.oui, mac_tail(d) ^ 0x1),
        ipv4: None,
        subnet: None,
        mask: None,
        gateway: None,
        dhcp: false,
        dhcp_server: None,
        ipv6: None,
        ipv6_prefix: None,
        enabled: false,
        speed: 20_000_000_000,
    }
}

/// First IP network ResourceID (0x7E000001).
pub(crate) const FIRST_SUBNET_ID: i64 = 2_113_929_217;

/// The offices' IPv4 subnets (`10.1.4.0`, mask 255.255.252.0), each with its
/// office: the client blocks a fleet of this size uses, then the servers'.
pub(crate) fn office_subnets(fleet: &Fleet) -> Vec<(usize, String)> {
    let blocks = client_blocks(fleet);
    let mut out = Vec::new();
    for (k, site) in crate::data::SITES.iter().enumerate() {
        let net = site.net;
        out.extend((0..blocks).map(|b| (k, format!("10.{net}.{}.0", b * 4))));
        out.push((k, format!("10.{net}.200.0")));
    }
    out
}

/// How many /22 blocks of each office's network hold clients.
fn client_blocks(fleet: &Fleet) -> u64 {
    (16 + fleet.devices / 4000).min(60) as u64
}
