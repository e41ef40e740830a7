-- Hardware asset list: make, model, serial, chassis type, BIOS, RAM and OS per device in a collection.
-- Modelled on published "hardware inventory / asset report" queries joining the v_GS_* hardware views.
SET NOCOUNT ON;

DECLARE @CollectionID varchar(8) = 'SMS00001';

IF OBJECT_ID('tempdb..#Asset') IS NOT NULL DROP TABLE #Asset;

SELECT  sys.ResourceID,
        sys.Netbios_Name0                   AS ComputerName,
        sys.Resource_Domain_OR_Workgr0      AS Domain,
        cs.Manufacturer0                    AS Manufacturer,
        cs.Model0                           AS Model,
        bios.SerialNumber0                  AS SerialNumber,
        bios.SMBIOSBIOSVersion0             AS BIOSVersion,
        bios.ReleaseDate0                   AS BIOSDate,
        se.ChassisTypes0                    AS ChassisType,
        CAST(NULL AS varchar(20))           AS FormFactor,
        os.Caption0                         AS OperatingSystem,
        os.BuildNumber0                     AS Build,
        os.InstallDate0                     AS OSInstallDate,
        CAST(ROUND(cs.TotalPhysicalMemory0 / 1024.0 / 1024.0, 0) AS int) AS RAM_GB
INTO    #Asset
FROM    v_R_System sys
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = sys.ResourceID
        LEFT JOIN v_GS_COMPUTER_SYSTEM cs ON cs.ResourceID = sys.ResourceID
        LEFT JOIN v_GS_PC_BIOS bios ON bios.ResourceID = sys.ResourceID
        LEFT JOIN v_GS_SYSTEM_ENCLOSURE se ON se.ResourceID = sys.ResourceID
        LEFT JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID
WHERE   fcm.CollectionID = @CollectionID
  AND   ISNULL(sys.Obsolete0, 0) = 0;

-- chassis type codes from Win32_SystemEnclosure
UPDATE #Asset
SET FormFactor = CASE
        WHEN ChassisType IN ('8', '9', '10', '11', '12', '14', '18', '21', '31', '32') THEN 'Laptop'
        WHEN ChassisType IN ('3', '4', '5', '6', '7', '15', '16', '35') THEN 'Desktop'
        WHEN ChassisType IN ('17', '23', '28') THEN 'Server'
        WHEN ChassisType IN ('30') THEN 'Tablet'
        WHEN ChassisType = '1' THEN 'Virtual / Other'
        ELSE 'Unknown'
    END;

SELECT  ComputerName,
        Domain,
        Manufacturer,
        Model,
        SerialNumber,
        FormFactor,
        BIOSVersion,
        CONVERT(varchar(10), BIOSDate, 103)      AS [BIOS Date],
        OperatingSystem,
        Build,
        CONVERT(varchar(10), OSInstallDate, 103) AS [OS Installed],
        RAM_GB                                   AS [RAM (GB)]
FROM    #Asset
ORDER BY Manufacturer, Model, ComputerName;

DROP TABLE #Asset;
