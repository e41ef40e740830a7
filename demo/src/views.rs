//! The views: for each family of the site database's views, the table types
//! that list a subject's rows and the value of each column, and
//! [`table_for`], which picks the table for a catalog view (a specific one,
//! an array view, or the generic fallback for views no table knows).

pub(crate) mod collections;
pub(crate) mod deployments;
pub(crate) mod discovery;
pub(crate) mod fallback;
pub(crate) mod health;
pub(crate) mod inventory;
pub(crate) mod software;
pub(crate) mod updates;

use crate::site::table::Bound;
use crate::site::table::DynTable;
use crate::site::table::Table;
use crate::views::collections::Collections;
use crate::views::collections::Dependencies;
use crate::views::collections::Membership;
use crate::views::collections::RuleDirects;
use crate::views::collections::RuleQueries;
use crate::views::deployments::AdvertStatus;
use crate::views::deployments::Advertisements;
use crate::views::deployments::AssignmentStates;
use crate::views::deployments::Assignments;
use crate::views::deployments::AuthLists;
use crate::views::deployments::DeploymentSummary;
use crate::views::deployments::ListStatus;
use crate::views::deployments::Packages;
use crate::views::deployments::Relations;
use crate::views::discovery::Array;
use crate::views::discovery::ArrayTable;
use crate::views::discovery::RSystem;
use crate::views::discovery::RUser;
use crate::views::discovery::RUserGroup;
use crate::views::fallback::Generic;
use crate::views::health::Affinity;
use crate::views::health::ClientSummary;
use crate::views::health::CoManagement;
use crate::views::health::Combined;
use crate::views::health::Servicing;
use crate::views::health::StateNames;
use crate::views::inventory::hardware::Baseboard;
use crate::views::inventory::hardware::Battery;
use crate::views::inventory::hardware::Enclosure;
use crate::views::inventory::hardware::Firmware;
use crate::views::inventory::hardware::Monitors;
use crate::views::inventory::hardware::PnpKind;
use crate::views::inventory::hardware::PnpTable;
use crate::views::inventory::hardware::Printers;
use crate::views::inventory::hardware::Processor;
use crate::views::inventory::hardware::Tpm;
use crate::views::inventory::hardware::TpmStatus;
use crate::views::inventory::hardware::Video;
use crate::views::inventory::network::AdapterConfiguration;
use crate::views::inventory::network::NetworkAdapter;
use crate::views::inventory::services::Services;
use crate::views::inventory::storage::EncryptableVolume;
use crate::views::inventory::storage::LogicalDisk;
use crate::views::inventory::storage::Partitions;
use crate::views::inventory::storage::PhysicalDisk;
use crate::views::inventory::storage::PhysicalMemory;
use crate::views::inventory::storage::Volumes;
use crate::views::inventory::storage::X86Memory;
use crate::views::inventory::system::ComputerSystem;
use crate::views::inventory::system::ComputerSystemProduct;
use crate::views::inventory::system::ConsoleUsage;
use crate::views::inventory::system::ConsoleUser;
use crate::views::inventory::system::Office365;
use crate::views::inventory::system::OperatingSystem;
use crate::views::inventory::system::PcBios;
use crate::views::inventory::system::QuickFix;
use crate::views::inventory::system::SystemClass;
use crate::views::inventory::system::WorkstationStatus;
use crate::views::software::Arp;
use crate::views::software::ArpHistory;
use crate::views::software::CollectedFile;
use crate::views::software::Executables;
use crate::views::software::InstalledSoftware;
use crate::views::software::LastSoftwareScan;
use crate::views::software::SoftwareFile;
use crate::views::software::SoftwareProduct;
use crate::views::updates::Compliance;
use crate::views::updates::UpdateInfo;
use wqlkit_core::ViewDef;

/// The table for one view: a specific generator when one knows the view, an
/// array view, or the generic fallback.
pub(crate) fn table_for(view: &ViewDef) -> (Box<dyn DynTable>, bool) {
    fn b<T: Table>(t: T, view: &ViewDef) -> Option<Box<dyn DynTable>> {
        Some(Box::new(Bound::new(t, view)))
    }
    let n = view.name.to_ascii_lowercase();
    let specific = match n.as_str() {
        "v_r_system" => b(RSystem { valid_only: false }, view),
        "v_r_system_valid" => b(RSystem { valid_only: true }, view),
        "v_r_user" => b(RUser, view),
        "v_r_usergroup" => b(RUserGroup, view),
        "v_gs_operating_system" => b(OperatingSystem { history: false }, view),
        "v_hs_operating_system" => b(OperatingSystem { history: true }, view),
        "v_gs_computer_system" => b(ComputerSystem, view),
        "v_gs_system" => b(SystemClass, view),
        "v_gs_pc_bios" => b(PcBios, view),
        "v_gs_add_remove_programs" => b(
            Arp {
                x64: false,
                both: false,
            },
            view,
        ),
        "v_gs_add_remove_programs_64" => b(Arp { x64: true, both: false }, view),
        "v_add_remove_programs" => b(Arp { x64: false, both: true }, view),
        "v_hs_add_remove_programs" => b(ArpHistory, view),
        "v_gs_installed_software" => b(InstalledSoftware, view),
        "v_gs_workstation_status" => b(WorkstationStatus, view),
        "v_gs_system_console_usage" => b(ConsoleUsage, view),
        "v_gs_system_console_user" => b(ConsoleUser, view),
        "v_gs_logical_disk" => b(LogicalDisk, view),
        "v_gs_processor" => b(Processor, view),
        "v_gs_network_adapter_configuration" => b(AdapterConfiguration, view),
        "v_gs_network_adapter" => b(NetworkAdapter, view),
        "v_gs_service" => b(Services, view),
        "v_gs_system_enclosure" => b(Enclosure, view),
        "v_gs_tpm" => b(Tpm, view),
        "v_gs_tpm_status" => b(TpmStatus, view),
        "v_gs_encryptable_volume" => b(EncryptableVolume, view),
        "v_gs_firmware" => b(Firmware, view),
        "v_gs_disk" => b(PhysicalDisk, view),
        "v_gs_physical_memory" => b(PhysicalMemory, view),
        "v_gs_quick_fix_engineering" => b(QuickFix, view),
        "v_gs_usb_device" => b(
            PnpTable {
                kind: PnpKind::UsbDevice,
            },
            view,
        ),
        "v_gs_usb_controller" => b(
            PnpTable {
                kind: PnpKind::UsbController,
            },
            view,
        ),
        "v_gs_sound_device" => b(PnpTable { kind: PnpKind::Sound }, view),
        "v_gs_printer_device" => b(Printers, view),
        "v_gs_office365proplusconfigurations" => b(Office365, view),
        "v_gs_video_controller" => b(Video, view),
        "v_gs_computer_system_product" => b(ComputerSystemProduct, view),
        "v_gs_x86_pc_memory" => b(X86Memory, view),
        "v_gs_partition" => b(Partitions, view),
        "v_gs_desktop_monitor" => b(Monitors, view),
        "v_gs_battery" => b(Battery, view),
        "v_gs_baseboard" => b(Baseboard, view),
        "v_gs_installed_executable" => b(Executables { shortcuts: false }, view),
        "v_gs_software_shortcut" => b(Executables { shortcuts: true }, view),
        "v_gs_volume" => b(Volumes, view),
        "v_gs_softwarefile" => b(SoftwareFile, view),
        "v_gs_softwareproduct" => b(SoftwareProduct, view),
        "v_gs_lastsoftwarescan" => b(LastSoftwareScan, view),
        "v_gs_collectedfile" => b(CollectedFile, view),
        "v_updateinfo" => b(UpdateInfo { with_groups: false }, view),
        "v_configurationitems" => b(UpdateInfo { with_groups: true }, view),
        "v_update_compliancestatusall" => b(
            Compliance {
                required_or_installed: false,
            },
            view,
        ),
        "v_updatecompliancestatus" => b(
            Compliance {
                required_or_installed: true,
            },
            view,
        ),
        "v_authlistinfo" => b(AuthLists, view),
        "v_updatedeploymentsummary" => b(DeploymentSummary, view),
        "v_updateliststatus_live" => b(ListStatus, view),
        "v_cirelation" => b(Relations, view),
        "v_ciassignment" => b(Assignments, view),
        "v_assignmentstate_combined" => b(AssignmentStates, view),
        "v_advertisement" => b(Advertisements, view),
        "v_package" => b(Packages, view),
        "v_clientadvertisementstatus" => b(AdvertStatus, view),
        "v_collection" => b(Collections, view),
        "v_fullcollectionmembership" => b(Membership { devices_only: false }, view),
        "v_clientcollectionmembers" => b(Membership { devices_only: true }, view),
        "v_collectionrulequery" => b(RuleQueries, view),
        "v_collectionruledirect" => b(RuleDirects, view),
        "vsms_collectiondependencies" => b(Dependencies, view),
        "v_ch_clientsummary" => b(ClientSummary, view),
        "v_combineddeviceresources" | "v_collectionmemberclientbaselinestatus" => b(Combined, view),
        "v_clientcomanagementstate" => b(CoManagement, view),
        "v_usermachinerelationship" => b(Affinity, view),
        "v_windowsservicingstates" => b(Servicing, view),
        "v_statenames" => b(StateNames, view),
        _ => Array::for_view(&n).and_then(|a| b(ArrayTable { array: a }, view)),
    };
    match specific {
        Some(t) => (t, true),
        None => (Box::new(Generic::new(view)), false),
    }
}
