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
    let net = d.site.net;
    let blocks = (16 + fleet.devices / 4000).min(60) as u64;
    let block = r.below(blocks);
    let third = if d.is_server() {
        200 + r.below(4)
    } else {
        block * 4 + r.below(4)
    };
    let subnet_third = if d.is_server() { 200 } else { block * 4 };
    let host = 10 + r.below(240);
    let office_ip = format!("10.{net}.{third}.{host}");
    let office_subnet = format!("10.{net}.{subnet_third}.0");
    let office_gw = format!("10.{net}.{subnet_third}.1");
    let dhcp_server = format!("10.{net}.200.10");
    let v6 = r.chance(0.45);
    let site_v6 = matches!(d.site.code.as_str(), "LON" | "SEA");
    let tail = d.hardware_seed & 0xFF_FFFF;
    let link_local = format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        (d.hardware_seed >> 48) as u16,
        (d.hardware_seed >> 32) as u16,
        (d.hardware_seed >> 16) as u16,
        d.hardware_seed as u16
    );
    let (ipv6, ipv6_prefix) = if !v6 {
        (None, None)
    } else if site_v6 {
        (
            Some(format!("fd3a:5c21:{net:x}:{third:x}::{:x}", host + 0x100)),
            Some(format!("fd3a:5c21:{net:x}:{third:x}::")),
        )
    } else {
        (Some(link_local), None)
    };
    let mut adapters = Vec::with_capacity(3);
    let wired_mac = mac(d.model.oui, tail);
    let workgroup = d.domain == Domain::Workgroup;
    if d.laptop() {
        let wifi_mac = mac([0xA4, 0xC3, 0xF0], tail ^ 0x5A5A5A);
        let place = r.weighted(&[60, 30, 10]);
        let (ip, subnet, gw, dhcp_srv) = match place {
            0 if !workgroup => (Some(office_ip), Some(office_subnet), Some(office_gw), Some(dhcp_server)),
            2 => (
                Some(format!("169.254.{}.{}", r.range(1, 254), r.range(1, 254))),
                Some("169.254.0.0".to_string()),
                None,
                None,
            ),
            _ => {
                let k = r.range(0, 15);
                (
                    Some(format!("192.168.{k}.{}", r.range(100, 200))),
                    Some(format!("192.168.{k}.0")),
                    Some(format!("192.168.{k}.1")),
                    Some(format!("192.168.{k}.1")),
                )
            }
        };
        adapters.push(Adapter {
            description: &d.model.nic,
            service: "Netwtw10",
            manufacturer: "Intel Corporation",
            mac: wifi_mac,
            ipv4: ip,
            subnet,
            mask: Some(if place == 1 { "255.255.255.0" } else { "255.255.252.0" }),
            gateway: gw,
            dhcp: true,
            dhcp_server: dhcp_srv,
            ipv6,
            ipv6_prefix,
            enabled: true,
            speed: 866_700_000,
        });
        if place == 1 && d.groups & groups::VPN != 0 {
            adapters.push(Adapter {
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
            });
        }
        adapters.push(Adapter {
            description: "Intel(R) Ethernet Connection (13) I219-LM",
            service: "e1dexpress",
            manufacturer: "Intel Corporation",
            mac: wired_mac,
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
        });
    } else {
        let static_ip = d.is_server();
        let (ip, subnet, gw) = if workgroup {
            let k = r.range(0, 3);
            (
                format!("192.168.{k}.{}", r.range(20, 99)),
                format!("192.168.{k}.0"),
                format!("192.168.{k}.1"),
            )
        } else {
            (office_ip, office_subnet, office_gw)
        };
        adapters.push(Adapter {
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
            mac: wired_mac,
            ipv4: Some(ip),
            subnet: Some(subnet),
            mask: Some(if workgroup { "255.255.255.0" } else { "255.255.252.0" }),
            gateway: Some(gw),
            dhcp: !static_ip,
            dhcp_server: if static_ip { None } else { Some(dhcp_server) },
            ipv6,
            ipv6_prefix,
            enabled: true,
            speed: if d.is_server() { 10_000_000_000 } else { 1_000_000_000 },
        });
        if d.role() == Some(Role::HyperV) || d.model.form == Form::Server {
            adapters.push(Adapter {
                description: "Microsoft Network Adapter Multiplexor Driver",
                service: "NdisImPlatformMp",
                manufacturer: "Microsoft",
                mac: mac(d.model.oui, tail ^ 0x1),
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
            });
        }
    }
    Network { adapters }
}
