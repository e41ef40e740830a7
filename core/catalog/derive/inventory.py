#!/usr/bin/env python3
"""Derives core/catalog/inventory.toml: the hardware inventory classes of the
default catalog (SMS_G_System_<GROUP> -> v_GS_<GROUP>, SMS_GH_System_<GROUP> ->
v_HS_<GROUP>) that core/catalog/default.toml does not already define.

Inputs
  * --classes: the SMS Provider classes of a live ConfigMgr 2002 site, with
    typed properties (`sms_provider_classes_2002.json`, extracted from
    epavvol/WmiQueryableCore b6b8ec2f; described in
    ../shared/reference/catalog_sources.md). Default: the copy in
    ../shared/reference beside this repository.
  * --existing: catalog files whose classes and views are skipped, since a
    catalog may define each name once. Default: core/catalog/default.toml.
  * The view names below (DOCUMENTED_GS, SITE_1806_GS, SITE_1806_HS,
    PUBLIC_QUERY_*): facts copied by name from Microsoft Learn's "Hardware
    inventory views" page (memdocs/configmgr/develop/core/understand/sqlviews/
    hardware-inventory-views-configuration-manager.md), from a public list of
    the views a CM 1806 site grants to smsschm_users (2020-01-17;
    catalog_sources.md section 1b) and from public report queries. They set
    each entry's confidence: medium when the view is named in one of them,
    low-medium when only the naming rule gives it.

Rules (Learn "Configuration Manager schema view mapping" unless noted)
  * A provider class SMS_G_System_<GROUP> is hardware inventory in the
    v_GS_<GROUP> shape when it has ResourceID, GroupID, RevisionID and
    TimeStamp, and either has a history twin SMS_GH_System_<GROUP> or its
    view is named on the Learn page or in the 1806 list. Other SMS_G_System_*
    classes (software inventory, client health, endpoint protection, and
    the like, which the docs map elsewhere or whose columns are not
    published) are left out; the output's header lists them.
  * Current view v_GS_<GROUP>, history view v_HS_<GROUP>, the group spelt as
    in the class name. Learn says view names over 30 characters are
    truncated, but the 1806 list spells long inventory views in full
    (v_GS_ADVANCED_CLIENT_SSL_CONFIGURATIONS, v_HS_NETWORK_ADAPTER_CONFIGURATION),
    so no truncation is applied.
  * A history class is emitted only when the provider has it (SMS_GH_System_*
    in the input); its view must be in the 1806 list or follow from the rule
    above for a class the provider has.
  * Columns: ResourceID, GroupID, RevisionID, AgentID, TimeStamp unsuffixed;
    every other property P is the column P0.
  * Property WMI types from the input's C# types: uint -> uint32,
    ulong -> uint64, bool -> boolean, DateTime -> datetime, string -> string.
    The provider already reports inventory arrays as one string and
    inventory booleans as uint32; both are kept as the provider says.
  * Column SQL types by the inventory rule in
    ../shared/reference/cm_views_schema.md: strings nvarchar(255);
    uint32/uint16/boolean int; uint64 bigint; datetime datetime.
  * Current classes can be evaluated incrementally; SMS_GH_System_* cannot
    (Learn, "How to create collections", incremental updates).
  * Keys as default.toml declares inventory views: v_GS_* (ResourceID,
    GroupID), v_HS_* (ResourceID, GroupID, RevisionID).

Rerun (from the repository root) after changing an input or a rule:
    python3 core/catalog/derive/inventory.py > core/catalog/inventory.toml
"""

import argparse
import json
import pathlib
import sys
import textwrap
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[3]

# v_GS_<GROUP> views named on Learn's "Hardware inventory views" page.
DOCUMENTED_GS = {
    "1394_CONTROLLER", "ACTIVESYNC_CONNECTED_DEVICE", "ACTIVESYNC_SERVICE",
    "ADD_REMOVE_PROGRAMS", "ADD_REMOVE_PROGRAMS_64", "ADVANCED_CLIENT_SSL_CONFIGURATIONS",
    "APPV_CLIENT_APPLICATION", "APPV_CLIENT_PACKAGE", "AUTOSTART_SOFTWARE", "BASEBOARD",
    "BATTERY", "BOOT_CONFIGURATION", "BROWSER_HELPER_OBJECT", "CCM_RECENTLY_USED_APPS",
    "CDROM", "COMPUTER_SYSTEM", "COMPUTER_SYSTEM_PRODUCT", "DESKTOP", "DESKTOP_MONITOR",
    "DEVICE_CERTIFICATES", "DEVICE_COMPUTERSYSTEM", "DEVICE_DISPLAY", "DEVICE_MEMORY",
    "DEVICE_OSINFORMATION", "DEVICE_POWER", "DISK", "DMA_CHANNEL", "EMBEDDED_DEVICE_INFO",
    "ENCRYPTABLE_VOLUME", "ENVIRONMENT", "FOLDER_REDIRECTION_HEALTH", "IDE_CONTROLLER",
    "INSTALLED_EXECUTABLE", "INSTALLED_SOFTWARE", "INSTALLED_SOFTWARE_CATEGORIZED",
    "INSTALLED_SOFTWARE_MS", "IRQ", "KEYBOARD_DEVICE", "LOGICAL_DISK", "MODEM_DEVICE",
    "MOTHERBOARD_DEVICE", "NETWORK_ADAPTER", "NETWORK_ADAPTER_CONFIGURATION",
    "NETWORK_CLIENT", "NETWORK_LOGIN_PROFILE", "NT_EVENTLOG_FILE", "OPERATING_SYSTEM",
    "OS_RECOVERY_CONFIGURATION", "PAGE_FILE_SETTING", "PARALLEL_PORT", "PARTITION",
    "PC_BIOS", "PCMCIA_CONTROLLER", "PHYSICAL_MEMORY", "PORT", "PORTABLE_BATTERY",
    "POWER_SUPPLY", "POINTING_DEVICE", "PNP_DEVICE_DRIVER", "PRINT_JOB",
    "PRINTER_CONFIGURATION", "PRINTER_DEVICE", "PROCESS", "PROCESSOR",
    "PROTECTED_VOLUME_INFO", "PROTOCOL", "QUICK_FIX_ENGINEERING", "REGISTRY",
    "SCSI_CONTROLLER", "SERVER_FEATURE", "SERIAL_PORT", "SERIAL_PORT_CONFIGURATION",
    "SERVICE", "SHARE", "SMS_ADVANCED_CLIENT_STATE", "SOFTWARE_LICENSING_PRODUCT",
    "SOFTWARE_LICENSING_SERVICE", "SOFTWARE_SHORTCUT", "SOUND_DEVICE", "SYSTEM",
    "SYSTEM_ACCOUNT", "SYSTEM_CONSOLE_USAGE", "SYSTEM_CONSOLE_USAGE_MAXGROUP",
    "SYSTEM_CONSOLE_USER", "SYSTEM_DEVICES", "SYSTEM_DRIVER", "SYSTEM_ENCLOSURE",
    "SYSTEM_ENCLOSURE_UNIQUE", "SYSTEMBOOTDATA", "SYSTEMBOOTSUMMARY", "TAPE_DRIVE",
    "TIME_ZONE", "TPM", "TS_ISSUED_LICENSE", "TS_LICENSE_KEY_PACK", "USB_CONTROLLER",
    "USB_DEVICE", "USER_PROFILE", "VIDEO_CONTROLLER", "VIRTUAL_APPLICATION_PACKAGES",
    "VIRTUAL_APPLICATIONS", "VIRTUAL_MACHINE", "WEBAPP_APPLICATION", "WINDOWS8_APPLICATION",
    "WINDOWS8_APPLICATION_USER_INFO", "WINDOWSUPDATEAGENTVERSION", "WORKSTATION_STATUS",
    "WRITE_FILTER_STATE", "X86_PC_MEMORY",
}

# v_GS_<GROUP> views a CM 1806 site grants to smsschm_users (site-specific
# custom classes, whose names end in 0, left out).
SITE_1806_GS = {
    "1394_CONTROLLER", "ACTIVESYNC_CONNECTED_DEVICE", "ACTIVESYNC_SERVICE",
    "ADD_REMOVE_PROGRAMS", "ADD_REMOVE_PROGRAMS_64", "ADVANCED_CLIENT_PORTS",
    "ADVANCED_CLIENT_SSL_CONFIGURATIONS", "AMT_AGENT", "AntimalwareHealthStatus",
    "AntimalwareInfectionStatus", "APPV_CLIENT_APPLICATION", "APPV_CLIENT_PACKAGE",
    "AUTOSTART_SOFTWARE", "BASEBOARD", "BATTERY", "BOOT_CONFIGURATION",
    "BROWSER_HELPER_OBJECT", "CCM_RECENTLY_USED_APPS", "CDROM", "ClientEvents",
    "CollectedFile", "COMPUTER_SYSTEM", "COMPUTER_SYSTEM_PRODUCT", "DEFAULT_BROWSER",
    "DESKTOP", "DESKTOP_MONITOR", "DEVICE_BLUETOOTH", "DEVICE_CAMERA", "DEVICE_CERTIFICATES",
    "DEVICE_CLIENT", "DEVICE_CLIENTAGENTVERSION", "DEVICE_COMPUTERSYSTEM", "DEVICE_DISPLAY",
    "DEVICE_EMAIL", "DEVICE_ENCRYPTION", "DEVICE_EXCHANGE", "DEVICE_INFO",
    "DEVICE_INSTALLEDAPPLICATIONS", "DEVICE_IRDA", "DEVICE_MEMORY", "DEVICE_MEMORY_ADDRESS",
    "DEVICE_OSINFORMATION", "DEVICE_PASSWORD", "DEVICE_POLICY", "DEVICE_POWER",
    "DEVICE_WINDOWSSECURITYPOLICY", "DEVICE_WLAN", "DISK", "DMA_CHANNEL", "DRIVER_VXD",
    "EMBEDDED_DEVICE_INFO", "ENCRYPTABLE_VOLUME", "ENVIRONMENT", "EPDeploymentState",
    "FIRMWARE", "FOLDER_REDIRECTION_HEALTH", "IDE_CONTROLLER", "INSTALLED_EXECUTABLE",
    "INSTALLED_SOFTWARE", "INSTALLED_SOFTWARE_CATEGORIZED", "INSTALLED_SOFTWARE_MS", "IRQ",
    "KEYBOARD_DEVICE", "LastSoftwareScan", "LOAD_ORDER_GROUP", "LOGICAL_DISK",
    "Mapped_Add_Remove_Programs", "MDM_DEVDETAIL_EXT01", "MDM_RemoteFind",
    "MDM_SecurityStatus", "MODEM_DEVICE", "MONITORDETAILS", "MOTHERBOARD_DEVICE", "NAPCLIENT",
    "NETWORK_ADAPTER", "NETWORK_ADAPTER_CONFIGURATION", "NETWORK_CLIENT", "NETWORK_DRIVERS",
    "NETWORK_LOGIN_PROFILE", "NT_EVENTLOG_FILE", "OFFICE365PROPLUSCONFIGURATIONS",
    "OPERATING_SYSTEM", "OPTIONAL_FEATURE", "OS_RECOVERY_CONFIGURATION", "PAGE_FILE_SETTING",
    "PARALLEL_PORT", "PARTITION", "PC_BIOS", "PCMCIA_CONTROLLER", "PHYSICAL_MEMORY",
    "PNP_DEVICE_DRIVER", "POINTING_DEVICE", "PORT", "PORTABLE_BATTERY",
    "POWER_MANAGEMENT_CAPABILITIES", "POWER_MANAGEMENT_CLIENTOPTOUT_SETTINGS",
    "POWER_MANAGEMENT_CONFIGURATION", "POWER_MANAGEMENT_DAY", "POWER_MANAGEMENT_MONTH",
    "POWER_MANAGEMENT_SETTINGS", "POWER_MANAGEMENT_SUSPEND_ERROR", "POWER_SUPPLY", "PRINT_JOB",
    "PRINTER_CONFIGURATION", "PRINTER_DEVICE", "PROCESS", "PROCESSOR", "PROTECTED_VOLUME_INFO",
    "PROTOCOL", "QUICK_FIX_ENGINEERING", "RAX_APPLICATION", "REGISTRY", "SCSI_CONTROLLER",
    "SERIAL_PORT", "SERIAL_PORT_CONFIGURATION", "SERVER_FEATURE", "SERVICE", "SHARE",
    "SMS_ADVANCED_CLIENT_STATE", "SOFTWARE_LICENSING_PRODUCT", "SOFTWARE_LICENSING_SERVICE",
    "SOFTWARE_SHORTCUT", "SOFTWARE_TAG", "SoftwareFile", "SoftwareProduct",
    "SoftwareUsageData", "SOUND_DEVICE", "SYSTEM", "SYSTEM_ACCOUNT", "SYSTEM_CONSOLE_USAGE",
    "SYSTEM_CONSOLE_USAGE_MAXGROUP", "SYSTEM_CONSOLE_USER", "SYSTEM_DEVICES", "SYSTEM_DRIVER",
    "SYSTEM_ENCLOSURE", "SYSTEM_ENCLOSURE_UNIQUE", "SYSTEMHEALTHAGENT", "TAPE_DRIVE", "Threats",
    "TIME_ZONE", "TPM", "TPM_STATUS", "TS_ISSUED_LICENSE", "TS_LICENSE_KEY_PACK", "UnknownFile",
    "USB_CONTROLLER", "USB_DEVICE", "USER_PROFILE", "VIDEO_CONTROLLER",
    "VIRTUAL_APPLICATION_PACKAGES", "VIRTUAL_APPLICATIONS", "VIRTUAL_MACHINE",
    "VIRTUAL_MACHINE_64", "VIRTUAL_MACHINE_EXT", "VOLUME", "WEBAPP_APPLICATION",
    "WINDOWS8_APPLICATION", "WINDOWS8_APPLICATION_USER_INFO", "WINDOWSUPDATE",
    "WINDOWSUPDATEAGENTVERSION", "WORKSTATION_STATUS", "WRITE_FILTER_STATE", "X86_PC_MEMORY",
}

# v_HS_<GROUP> views of the same list.
SITE_1806_HS = {
    "1394_CONTROLLER", "ACTIVESYNC_CONNECTED_DEVICE", "ACTIVESYNC_SERVICE",
    "ADD_REMOVE_PROGRAMS", "ADD_REMOVE_PROGRAMS_64", "ADVANCED_CLIENT_PORTS",
    "ADVANCED_CLIENT_SSL_CONFIGURATIONS", "AMT_AGENT", "APPV_CLIENT_APPLICATION",
    "APPV_CLIENT_PACKAGE", "AUTOSTART_SOFTWARE", "BASEBOARD", "BATTERY", "BOOT_CONFIGURATION",
    "BROWSER_HELPER_OBJECT", "CDROM", "ClientEvents", "COMPUTER_SYSTEM",
    "COMPUTER_SYSTEM_PRODUCT", "DEFAULT_BROWSER", "DESKTOP", "DESKTOP_MONITOR",
    "DEVICE_BLUETOOTH", "DEVICE_CAMERA", "DEVICE_CERTIFICATES", "DEVICE_CLIENT",
    "DEVICE_CLIENTAGENTVERSION", "DEVICE_COMPUTERSYSTEM", "DEVICE_DISPLAY", "DEVICE_EMAIL",
    "DEVICE_ENCRYPTION", "DEVICE_EXCHANGE", "DEVICE_INSTALLEDAPPLICATIONS", "DEVICE_IRDA",
    "DEVICE_MEMORY", "DEVICE_MEMORY_ADDRESS", "DEVICE_OSINFORMATION", "DEVICE_PASSWORD",
    "DEVICE_POLICY", "DEVICE_POWER", "DEVICE_WINDOWSSECURITYPOLICY", "DEVICE_WLAN", "DISK",
    "DMA_CHANNEL", "DRIVER_VXD", "EMBEDDED_DEVICE_INFO", "ENCRYPTABLE_VOLUME", "ENVIRONMENT",
    "FIRMWARE", "IDE_CONTROLLER", "INSTALLED_EXECUTABLE", "INSTALLED_SOFTWARE", "IRQ",
    "KEYBOARD_DEVICE", "LOAD_ORDER_GROUP", "LOGICAL_DISK", "MDM_DEVDETAIL_EXT01",
    "MDM_RemoteFind", "MDM_SecurityStatus", "MODEM_DEVICE", "MONITORDETAILS",
    "MOTHERBOARD_DEVICE", "NAPCLIENT", "NETWORK_ADAPTER", "NETWORK_ADAPTER_CONFIGURATION",
    "NETWORK_CLIENT", "NETWORK_DRIVERS", "NETWORK_LOGIN_PROFILE", "NT_EVENTLOG_FILE",
    "OFFICE365PROPLUSCONFIGURATIONS", "OPERATING_SYSTEM", "OPTIONAL_FEATURE",
    "OS_RECOVERY_CONFIGURATION", "PAGE_FILE_SETTING", "PARALLEL_PORT", "PARTITION", "PC_BIOS",
    "PCMCIA_CONTROLLER", "PHYSICAL_MEMORY", "POINTING_DEVICE", "PORT", "PORTABLE_BATTERY",
    "POWER_SUPPLY", "PRINT_JOB", "PRINTER_CONFIGURATION", "PRINTER_DEVICE", "PROCESS",
    "PROCESSOR", "PROTECTED_VOLUME_INFO", "PROTOCOL", "QUICK_FIX_ENGINEERING",
    "RAX_APPLICATION", "REGISTRY", "SCSI_CONTROLLER", "SERIAL_PORT",
    "SERIAL_PORT_CONFIGURATION", "SERVER_FEATURE", "SERVICE", "SHARE",
    "SMS_ADVANCED_CLIENT_STATE", "SOFTWARE_LICENSING_PRODUCT", "SOFTWARE_LICENSING_SERVICE",
    "SOFTWARE_SHORTCUT", "SOFTWARE_TAG", "SOUND_DEVICE", "SYSTEM", "SYSTEM_ACCOUNT",
    "SYSTEM_CONSOLE_USAGE", "SYSTEM_CONSOLE_USER", "SYSTEM_DRIVER", "SYSTEM_ENCLOSURE",
    "SYSTEMHEALTHAGENT", "TAPE_DRIVE", "TIME_ZONE", "TPM", "TPM_STATUS", "TS_ISSUED_LICENSE",
    "TS_LICENSE_KEY_PACK", "USB_CONTROLLER", "USB_DEVICE", "VIDEO_CONTROLLER",
    "VIRTUAL_APPLICATION_PACKAGES", "VIRTUAL_APPLICATIONS", "VIRTUAL_MACHINE",
    "VIRTUAL_MACHINE_64", "VIRTUAL_MACHINE_EXT", "VOLUME", "WEBAPP_APPLICATION",
    "WINDOWS8_APPLICATION", "WINDOWS8_APPLICATION_USER_INFO", "WINDOWSUPDATE",
    "WINDOWSUPDATEAGENTVERSION", "WRITE_FILTER_STATE", "X86_PC_MEMORY",
}

# Views outside both lists whose names public report queries use (found by a
# code search of public repositories).
PUBLIC_QUERY_GS = {"BITLOCKER_DETAILS", "BROWSER_USAGE", "MBAM_POLICY", "OFFICE_PRODUCTINFO"}
PUBLIC_QUERY_HS = {"BITLOCKER_DETAILS"}

STANDARD = ["ResourceID", "GroupID", "RevisionID", "AgentID", "TimeStamp"]
SHAPE = {"ResourceID", "GroupID", "RevisionID", "TimeStamp"}
WMI = {"uint": "uint32", "ulong": "uint64", "bool": "boolean", "DateTime": "datetime", "string": "string"}
SQL = {"uint32": "int", "uint64": "bigint", "boolean": "int", "datetime": "datetime", "string": "nvarchar(255)"}
SQL_STANDARD = {"TimeStamp": "datetime"}

G, GH = "SMS_G_System_", "SMS_GH_System_"

# Every entry's note is short (each command parses them all on start); the
# header of the generated file spells the rules out.
SOURCE = "properties of SMS_{kind}_System_{group} on a live CM 2002 provider"
COLUMNS = "columns <Prop>0 (Learn schema view mapping); types: cm_views_schema.md inventory rule"


def where_named(prefix, group):
    """How the view's name is known, and the confidence that follows."""
    seen = []
    if prefix == "v_GS_" and group in DOCUMENTED_GS:
        seen.append("Learn's hardware inventory views page")
    if group in (SITE_1806_GS if prefix == "v_GS_" else SITE_1806_HS):
        seen.append("a CM 1806 site's view list")
    if group in (PUBLIC_QUERY_GS if prefix == "v_GS_" else PUBLIC_QUERY_HS):
        seen.append("public report queries")
    if seen:
        return "medium", "view named on " + " and ".join(seen)
    return "low-medium", f"view name by the Learn {prefix}<group> rule only"


def names_in(paths):
    views, classes = set(), set()
    for p in paths:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
        views |= {v["name"].lower() for v in data.get("view", [])}
        classes |= {c["name"].lower() for c in data.get("class", [])}
    return views, classes


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def column_of(prop):
    return prop if prop in STANDARD else prop + "0"


def typed(cls, props):
    out = []
    for name, cs in props:
        if cs not in WMI:
            raise SystemExit(f"{cls}.{name}: C# type {cs} has no rule")
        out.append((name, WMI[cs]))
    # The standard properties first, as default.toml lists them; the rest in the input's order.
    first = [p for s in STANDARD for p in out if p[0] == s]
    return first + [p for p in out if p[0] not in STANDARD]


def emit_pair(out, cls, view, kind, key, incremental, confidence_view, confidence_class, props):
    cols = [(s, SQL_STANDARD.get(s, "int")) for s in STANDARD]
    cols += [(column_of(n), SQL[t]) for n, t in props if n not in STANDARD]
    out.append("[[view]]")
    out.append(f"name = {toml_str(view)}")
    out.append("key = [" + ", ".join(toml_str(k) for k in key) + "]")
    out.append(f"confidence = {toml_str(confidence_view)}")
    out.append("columns = [")
    for n, t in cols:
        out.append(f"  {{ name = {toml_str(n)}, type = {toml_str(t)} }},")
    out.append("]")
    out.append("")
    out.append("[[class]]")
    out.append(f"name = {toml_str(cls)}")
    out.append(f"view = {toml_str(view)}")
    out.append(f"kind = {toml_str(kind)}")
    out.append('resource_column = "ResourceID"')
    out.append(f"incremental = {'true' if incremental else 'false'}")
    out.append(f"confidence = {toml_str(confidence_class)}")
    out.append("properties = [")
    for n, t in props:
        out.append(f"  {{ name = {toml_str(n)}, type = {toml_str(t)}, column = {toml_str(column_of(n))} }},")
    out.append("]")
    out.append("")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--classes", type=pathlib.Path,
                    default=ROOT.parent / "shared" / "reference" / "sms_provider_classes_2002.json")
    ap.add_argument("--existing", type=pathlib.Path, action="append",
                    default=None, help="catalog file whose names are skipped (repeatable)")
    args = ap.parse_args()
    existing = args.existing or [ROOT / "core" / "catalog" / "default.toml"]

    provider = json.loads(args.classes.read_text(encoding="utf-8"))
    have_views, have_classes = names_in(existing)

    current, history, left_out, skipped = [], [], [], []
    for cls in sorted(provider, key=str.lower):
        if not cls.startswith(G):
            continue
        group = cls[len(G):]
        props = {p for p, _ in provider[cls]}
        has_history = GH + group in provider
        named = group in DOCUMENTED_GS or group in SITE_1806_GS
        if not SHAPE <= props:
            why = "not in the v_GS shape (no GroupID/RevisionID/TimeStamp)"
            if cls.lower() in have_classes:
                why += "; default.toml maps it"
            left_out.append((cls, why))
            continue
        if not (has_history or named):
            left_out.append((cls, "no history twin and no documented v_GS_ view"))
            continue
        if cls.lower() in have_classes or f"v_gs_{group}".lower() in have_views:
            skipped.append(cls)
        else:
            current.append(group)
        if has_history:
            if (GH + group).lower() in have_classes or f"v_hs_{group}".lower() in have_views:
                skipped.append(GH + group)
            else:
                history.append(group)

    out = [
        "# GENERATED by core/catalog/derive/inventory.py from the SMS Provider class dump",
        "# (sms_provider_classes_2002.json) and the view names listed in that script; do not",
        "# edit by hand: change the script or its inputs and rerun",
        "#     python3 core/catalog/derive/inventory.py > core/catalog/inventory.toml",
        "#",
        "# Hardware inventory classes of the default catalog that default.toml does not define:",
        "# SMS_G_System_<GROUP> -> v_GS_<GROUP> and SMS_GH_System_<GROUP> -> v_HS_<GROUP>. Rules",
        "# and sources are in the script's header. Column types follow the inventory rule of",
        "# ../shared/reference/cm_views_schema.md (strings nvarchar(255); uint32/uint16/boolean",
        "# int; uint64 bigint; datetime datetime). Property types are the provider's own: it",
        "# reports inventory arrays as one string and inventory booleans as uint32.",
        "#",
        f"# {len(current)} current and {len(history)} history classes, each with its view.",
        "# Skipped because default.toml defines them:",
        *textwrap.wrap(", ".join(skipped) + ".", 88, initial_indent="#   ", subsequent_indent="#   "),
        "# Left out (SMS_G_System_* classes that are not hardware inventory in the v_GS shape):",
    ]
    for cls, why in left_out:
        out.append(f"#   {cls}: {why}")
    out += ["", "format = 1", ""]

    out.append("# " + "=" * 84)
    out.append("#  Hardware inventory (SMS_G_System_<GROUP> -> v_GS_<GROUP>)")
    out.append("# " + "=" * 84)
    out.append("")
    for group in current:
        cls = G + group
        level, named = where_named("v_GS_", group)
        src = SOURCE.format(kind="G", group=group)
        emit_pair(
            out, cls, f"v_GS_{group}", "inventory", ["ResourceID", "GroupID"], True,
            f"{level}: {named}; {src}; {COLUMNS}",
            f"{level}: {src}; {named}",
            typed(cls, provider[cls]),
        )

    out.append("# " + "=" * 84)
    out.append("#  Hardware inventory history (SMS_GH_System_<GROUP> -> v_HS_<GROUP>): no incremental evaluation")
    out.append("# " + "=" * 84)
    out.append("")
    for group in history:
        cls = GH + group
        level, named = where_named("v_HS_", group)
        src = SOURCE.format(kind="GH", group=group)
        emit_pair(
            out, cls, f"v_HS_{group}", "inventory_history", ["ResourceID", "GroupID", "RevisionID"], False,
            f"{level}: {named}; {src}; {COLUMNS}; a row per revision",
            f"{level}: {src}; {named}; not incremental (Learn)",
            typed(cls, provider[cls]),
        )

    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")
    print(f"{len(current)} current, {len(history)} history, {len(skipped)} skipped, "
          f"{len(left_out)} left out", file=sys.stderr)


if __name__ == "__main__":
    main()
