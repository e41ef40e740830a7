//! A device's hardware: model, processor, memory, disks, serial number and BIOS, from its own random stream.

use super::{ALNUM, random_chars};
use crate::data::{CPUS, Cpu, Form, Kind, MODELS, Model, OsFamily, OsVariant, Role, Vendor};
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::model::rng::hash;

/// A device's hardware, drawn from its own stream.
pub(super) struct Hardware {
    pub(super) model: &'static Model,
    pub(super) cpu: &'static Cpu,
    pub(super) sockets: i64,
    pub(super) ram_gb: u32,
    pub(super) disk_gb: u32,
    pub(super) data_disk_gb: Option<u32>,
    pub(super) smbios_guid: u128,
    pub(super) serial: String,
    pub(super) bios_idx: usize,
    pub(super) secure_boot: bool,
    /// Seeds the hardware inventory details drawn elsewhere.
    pub(super) seed: u64,
}

/// The model, processor, memory, disks, serial number and firmware of device `i`.
pub(super) fn hardware(seed: u64, i: usize, kind: Kind, os: &OsVariant, virt: Option<Vendor>) -> Hardware {
    let legacy = os.family.is_legacy();
    let mut hw = Rng::new(seed, Stream::Hardware, i as u64);
    let model = &MODELS[pick_model(&mut hw, kind, os, virt)];
    let cpu = &CPUS[*hw.pick(&model.cpus)];
    let sockets = match model.form {
        Form::Server => 2,
        Form::Virtual if kind.is_server() => *hw.pick(&[1, 2, 2, 4]),
        _ => 1,
    };
    let ram_gb = *hw.pick(&model.ram);
    let disk_gb = *hw.pick(&model.disk);
    let data_disk_gb = match kind {
        Kind::Server(Role::Sql) | Kind::Server(Role::File) | Kind::Server(Role::Dp) => {
            Some(*hw.pick(&[500u32, 1024, 2048, 4096]))
        }
        Kind::Server(_) if hw.chance(0.6) => Some(*hw.pick(&[100u32, 200, 500])),
        Kind::Desktop if hw.chance(0.2) => Some(*hw.pick(&[500u32, 1000, 2000])),
        _ => None,
    };
    let smbios_guid = hw.guid();
    let serial = serial_for(&mut hw, model, smbios_guid);
    let bios_idx = if legacy {
        model.bios.len() - 1
    } else {
        hw.below(model.bios.len() as u64) as usize
    };
    let secure_boot = model.uefi && !legacy && hw.chance(0.92);
    Hardware {
        model,
        cpu,
        sockets,
        ram_gb,
        disk_gb,
        data_disk_gb,
        smbios_guid,
        serial,
        bios_idx,
        secure_boot,
        seed: hash(seed, &[Stream::Hardware as u64, i as u64, 0x4D]),
    }
}

/// The hardware model: of the right form and hypervisor, and as old as the OS.
pub(super) fn pick_model(r: &mut Rng, kind: Kind, os: &OsVariant, virt: Option<Vendor>) -> usize {
    let legacy = os.family.is_legacy() || os.family == OsFamily::Srv2016 && r.chance(0.3);
    let want: &[Form] = match kind {
        Kind::Desktop | Kind::Kiosk | Kind::Lab => &[Form::Desktop],
        Kind::Laptop => &[Form::Laptop, Form::Tablet],
        Kind::Vdi => &[Form::Virtual],
        Kind::Server(_) => {
            if virt.is_some() {
                &[Form::Virtual]
            } else {
                &[Form::Server]
            }
        }
    };
    let candidates: Vec<usize> = MODELS
        .iter()
        .enumerate()
        .filter(|(_, m)| want.contains(&m.form))
        .filter(|(_, m)| match virt {
            Some(v) => m.vendor == v || (v == Vendor::VMware && m.vendor == Vendor::VMwareOld),
            None => true,
        })
        .filter(|(_, m)| {
            let old_model = m.year < 2016;
            // ARM devices only run the newest Windows.
            if m.cpus.iter().any(|&c| CPUS[c].arch == 12) && os.family != OsFamily::Win11 {
                return false;
            }
            if m.form == Form::Virtual {
                return !(legacy ^ (m.vendor == Vendor::VMwareOld)) || m.vendor == Vendor::HyperV;
            }
            legacy == old_model
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return MODELS.iter().position(|m| want.contains(&m.form)).unwrap_or(0);
    }
    let w: Vec<u32> = candidates.iter().map(|&i| MODELS[i].weight).collect();
    candidates[r.weighted(&w)]
}

/// A serial number in the vendor's format (VMware derives it from the SMBIOS GUID).
pub(super) fn serial_for(r: &mut Rng, m: &Model, smbios: u128) -> String {
    match m.vendor {
        Vendor::Dell => random_chars(r, 7, ALNUM),
        Vendor::Hp | Vendor::HpOld => {
            let prefix = if m.form == Form::Desktop { "MXL" } else { "5CG" };
            format!("{prefix}{}", random_chars(r, 7, ALNUM))
        }
        Vendor::Hpe => format!("CZJ{}", random_chars(r, 7, ALNUM)),
        Vendor::Lenovo => {
            let prefix = if m.form == Form::Desktop { "MJ" } else { "PF" };
            format!("{prefix}{}", random_chars(r, 6, ALNUM))
        }
        Vendor::Surface => random_chars(r, 12, b"0123456789"),
        Vendor::VMware | Vendor::VMwareOld => {
            let b = smbios.to_be_bytes();
            let h: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("VMware-{}-{}", h[..8].join(" "), h[8..].join(" "))
        }
        Vendor::HyperV => {
            let d = random_chars(r, 26, b"0123456789");
            format!(
                "{}-{}-{}-{}-{}-{}-{}",
                &d[0..4],
                &d[4..8],
                &d[8..12],
                &d[12..16],
                &d[16..20],
                &d[20..24],
                &d[24..26]
            )
        }
    }
}
