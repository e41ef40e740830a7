-- BitLocker protection of the OS volume together with TPM, UEFI and Secure Boot state per workstation.
-- Modelled on published "BitLocker compliance" SQL reports built on the encryptable volume and TPM inventory classes.
SET NOCOUNT ON;

DECLARE @CollectionID varchar(8) = 'SMS00001';

IF OBJECT_ID('tempdb..#BL') IS NOT NULL DROP TABLE #BL;

CREATE TABLE #BL (
    ResourceID        int PRIMARY KEY,
    Computer          nvarchar(256),
    Model             nvarchar(255),
    OSDrive           nvarchar(10),
    ProtectionStatus  int,
    TpmSpec           nvarchar(255),
    TpmReady          int,
    UEFI              int,
    SecureBoot        int,
    BitLockerState    varchar(30)
);

INSERT INTO #BL (ResourceID, Computer, Model)
SELECT sys.ResourceID, sys.Netbios_Name0, cs.Model0
FROM v_R_System sys
JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = sys.ResourceID
LEFT JOIN v_GS_COMPUTER_SYSTEM cs ON cs.ResourceID = sys.ResourceID
WHERE fcm.CollectionID = @CollectionID
  AND sys.Operating_System_Name_and0 LIKE '%Workstation%';

-- OS volume (the C: drive) protection
UPDATE bl
SET OSDrive = ev.DriveLetter0,
    ProtectionStatus = ev.ProtectionStatus0
FROM #BL bl
JOIN v_GS_ENCRYPTABLE_VOLUME ev ON ev.ResourceID = bl.ResourceID
WHERE ev.DriveLetter0 = 'C:';

UPDATE bl
SET TpmSpec = tpm.SpecVersion0
FROM #BL bl
JOIN v_GS_TPM tpm ON tpm.ResourceID = bl.ResourceID;

UPDATE bl
SET TpmReady = ts.IsReady0
FROM #BL bl
JOIN v_GS_TPM_STATUS ts ON ts.ResourceID = bl.ResourceID;

UPDATE bl
SET UEFI = fw.UEFI0,
    SecureBoot = fw.SecureBoot0
FROM #BL bl
JOIN v_GS_FIRMWARE fw ON fw.ResourceID = bl.ResourceID;

UPDATE #BL
SET BitLockerState = CASE ProtectionStatus
                        WHEN 1 THEN 'Protected'
                        WHEN 0 THEN 'Not protected'
                        WHEN 2 THEN 'Unknown'
                        ELSE 'No inventory'
                     END;

SELECT  Computer,
        Model,
        ISNULL(OSDrive, '-')                      AS [OS Drive],
        BitLockerState                            AS [BitLocker],
        ISNULL(LEFT(TpmSpec, CHARINDEX(',', TpmSpec + ',') - 1), 'No TPM') AS [TPM Version],
        CASE TpmReady WHEN 1 THEN 'Yes' WHEN 0 THEN 'No' ELSE '?' END   AS [TPM Ready],
        IIF(UEFI = 1, 'UEFI', 'Legacy BIOS')      AS [Firmware],
        IIF(SecureBoot = 1, 'On', 'Off')          AS [Secure Boot]
FROM #BL
ORDER BY BitLockerState DESC, Computer;

SELECT BitLockerState, COUNT(*) AS Devices
FROM #BL
GROUP BY BitLockerState
ORDER BY Devices DESC;
