//! The services inventory view (v_GS_SERVICE) and which services a device runs.

use crate::data::{self, OsFamily, Role};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::rng::Rng;
use crate::model::rng::Stream;
use crate::site::subject::Base;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is the services inventory
/// view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_gs_service" => bound(Services, view),
        _ => return None,
    })
}

/// A service row: the definition and its state on this device.
pub(crate) struct SvcRow {
    pub def: &'static data::Service,
    pub state: &'static str,
    pub start: &'static str,
}

/// The services on `d` and their states.
pub(crate) fn services(s: &Subject<'_>, d: &Device) -> Vec<SvcRow> {
    let mut r = Rng::new(s.fleet.seed, Stream::Services, d.index as u64);
    let mut out = Vec::with_capacity(48);
    let mut push = |def: &'static data::Service, r: &mut Rng| {
        let (mut start, mut state) = (def.start.as_str(), def.state.as_str());
        match def.name.as_str() {
            "WinRM" if d.is_workstation() && r.chance(0.04) => state = "Stopped",
            "Spooler" if d.role() == Some(Role::Dc) => {
                start = "Disabled";
                state = "Stopped";
            }
            "Netlogon" if d.domain == Domain::Workgroup => {
                start = "Manual";
                state = "Stopped";
            }
            "Sense" if d.legacy() => return,
            "WinDefend" if d.os.family == OsFamily::Win7 => return,
            _ => {}
        }
        if state == "Running" && r.chance(0.005) {
            state = "Stopped";
        }
        out.push(SvcRow { def, state, start });
    };
    let all = &*data::SERVICES;
    for def in &all.base {
        push(def, &mut r);
    }
    if d.is_workstation() {
        for def in &all.workstation {
            if def.name == "WlanSvc" && !d.laptop() {
                continue;
            }
            push(def, &mut r);
        }
    }
    if !d.legacy() {
        for def in &all.modern {
            push(def, &mut r);
        }
    }
    if d.client == Some(1) {
        for def in &all.client {
            push(def, &mut r);
        }
    }
    if let Some(role) = d.role() {
        for def in all.of_role(role) {
            push(def, &mut r);
        }
    }
    for x in s.software() {
        for def in all.of_product(&x.sw().name) {
            push(def, &mut r);
        }
    }
    out
}

columns! {
    pub(crate) enum SvcCol {
        GroupID, AcceptPause0, AcceptStop0, Caption0, CheckPoint0, Description0, DesktopInteract0, DisplayName0,
        ErrorControl0, ExitCode0, InstallDate0, Name0, PathName0, ProcessId0, ServiceSpecificExitCode0,
        ServiceType0, Started0, StartMode0, StartName0, State0, Status0, SystemName0, TagId0, WaitHint0
    }
}

/// v_GS_SERVICE.
pub(crate) struct Services;

impl Table for Services {
    type Row = (usize, SvcRow);
    type Col = SvcCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        if let Some(d) = s.inventoried() {
            out.extend(services(s, d).into_iter().enumerate().map(|(k, x)| (k + 1, x)));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: SvcCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        let running = x.state == "Running";
        match col {
            SvcCol::GroupID => Val::I(*k as i64),
            SvcCol::AcceptPause0 => Val::I(0),
            SvcCol::AcceptStop0 => Val::I(running as i64),
            SvcCol::Caption0 | SvcCol::DisplayName0 => Val::St(&x.def.display),
            SvcCol::CheckPoint0 | SvcCol::ServiceSpecificExitCode0 | SvcCol::WaitHint0 | SvcCol::TagId0 => Val::I(0),
            SvcCol::Description0 => Val::St(&x.def.description),
            SvcCol::DesktopInteract0 => Val::I(0),
            SvcCol::ErrorControl0 => Val::St("Normal"),
            SvcCol::ExitCode0 => Val::I(if running || x.start == "Disabled" { 0 } else { 1077 }),
            SvcCol::InstallDate0 => Val::Null,
            SvcCol::Name0 => Val::St(&x.def.name),
            SvcCol::PathName0 => Val::St(&x.def.path),
            SvcCol::ProcessId0 => Val::I(if running {
                400 + ((d.hardware_seed >> (k % 40)) % 12_000) as i64 * 4
            } else {
                0
            }),
            SvcCol::ServiceType0 => Val::St(&x.def.kind),
            SvcCol::Started0 => Val::I(running as i64),
            SvcCol::StartMode0 => Val::St(x.start),
            SvcCol::StartName0 => Val::St(&x.def.account),
            SvcCol::State0 => Val::St(x.state),
            SvcCol::Status0 => Val::St("OK"),
            SvcCol::SystemName0 => Val::S(&d.netbios),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row) -> Base<'a> {
        Base {
            group: row.0 as i64,
            ..s.base()
        }
    }
}
