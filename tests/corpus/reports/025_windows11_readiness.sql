-- Windows 11 hardware readiness for Windows 10 workstations: TPM 2.0, UEFI, Secure Boot, RAM, disk and CPU cores, with the failed checks listed.
-- Modelled on published "Windows 11 upgrade readiness" SQL reports that build a temp table and update one check at a time.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @MinRAMGB int = 4
DECLARE @MinDiskGB int = 64

IF OBJECT_ID('tempdb..#W11') IS NOT NULL DROP TABLE #W11

CREATE TABLE #W11
(
    ResourceID   int PRIMARY KEY,
    Computer     nvarchar(256),
    Build        nvarchar(20),
    Model        nvarchar(255),
    TPM20        bit DEFAULT 0,
    UEFI         bit DEFAULT 0,
    SecureBoot   bit DEFAULT 0,
    RAMOk        bit DEFAULT 0,
    DiskOk       bit DEFAULT 0,
    CpuOk        bit DEFAULT 0
)

INSERT INTO #W11 (ResourceID, Computer, Build, Model)
SELECT  sys.ResourceID, sys.Netbios_Name0, os.BuildNumber0, cs.Model0
FROM    v_R_System sys
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = sys.ResourceID AND fcm.CollectionID = @CollectionID
        JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID
        LEFT JOIN v_GS_COMPUTER_SYSTEM cs ON cs.ResourceID = sys.ResourceID
WHERE   os.ProductType0 = 1
  AND   TRY_CAST(os.BuildNumber0 AS int) < 22000

-- TPM: SpecVersion looks like '2.0, 0, 1.38'
UPDATE w SET TPM20 = 1
FROM #W11 w JOIN v_GS_TPM t ON t.ResourceID = w.ResourceID
WHERE TRY_CAST(LEFT(t.SpecVersion0, CHARINDEX(',', t.SpecVersion0 + ',') - 1) AS decimal(3, 1)) >= 2.0

UPDATE w SET UEFI = ISNULL(f.UEFI0, 0), SecureBoot = ISNULL(f.SecureBoot0, 0)
FROM #W11 w JOIN v_GS_FIRMWARE f ON f.ResourceID = w.ResourceID

UPDATE w SET RAMOk = 1
FROM #W11 w JOIN v_GS_X86_PC_MEMORY m ON m.ResourceID = w.ResourceID
WHERE m.TotalPhysicalMemory0 / 1024 / 1024 >= @MinRAMGB - 1      -- KB; allow for reserved memory

UPDATE w SET DiskOk = 1
FROM #W11 w JOIN v_GS_LOGICAL_DISK d ON d.ResourceID = w.ResourceID
WHERE d.DeviceID0 = 'C:' AND d.Size0 / 1024 >= @MinDiskGB

UPDATE w SET CpuOk = 1
FROM #W11 w
JOIN (SELECT ResourceID, SUM(NumberOfCores0) AS Cores, MAX(MaxClockSpeed0) AS MHz
      FROM v_GS_PROCESSOR GROUP BY ResourceID) p ON p.ResourceID = w.ResourceID
WHERE p.Cores >= 2 AND p.MHz >= 1000

SELECT  Computer,
        Model,
        Build,
        CASE WHEN TPM20 & UEFI & SecureBoot & RAMOk & DiskOk & CpuOk = 1 THEN 'Ready' ELSE 'Not ready' END AS [Windows 11],
        ISNULL(NULLIF(STUFF(
              IIF(TPM20 = 0, ', TPM 2.0', '')
            + IIF(UEFI = 0, ', UEFI', '')
            + IIF(SecureBoot = 0, ', Secure Boot', '')
            + IIF(RAMOk = 0, ', RAM < ' + CAST(@MinRAMGB AS varchar(3)) + ' GB', '')
            + IIF(DiskOk = 0, ', Disk < ' + CAST(@MinDiskGB AS varchar(4)) + ' GB', '')
            + IIF(CpuOk = 0, ', CPU', ''), 1, 2, ''), ''), '-') AS [Failed Checks]
FROM    #W11
ORDER BY [Windows 11], Computer

DROP TABLE #W11
