-- Fixed disks below a free-space threshold, with size/free in GB and a severity bucket.
-- Modelled on published "low free disk space" SCCM SQL reports.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @MinFreePercent int = 15
DECLARE @MinFreeGB int = 10

IF OBJECT_ID('tempdb..#Disks') IS NOT NULL DROP TABLE #Disks

CREATE TABLE #Disks
(
    ResourceID   int,
    Computer     nvarchar(256),
    Drive        nvarchar(10),
    VolumeName   nvarchar(255),
    SizeGB       decimal(10, 2),
    FreeGB       decimal(10, 2),
    FreePct      decimal(5, 2),
    ScanDate     datetime,
    Bucket       varchar(20)
)

INSERT INTO #Disks (ResourceID, Computer, Drive, VolumeName, SizeGB, FreeGB, FreePct, ScanDate)
SELECT  ld.ResourceID,
        sys.Netbios_Name0,
        ld.DeviceID0,
        ld.VolumeName0,
        CAST(ld.Size0 / 1024.0 AS decimal(10, 2)),          -- inventory stores MB
        CAST(ld.FreeSpace0 / 1024.0 AS decimal(10, 2)),
        CAST(ld.FreeSpace0 * 100.0 / NULLIF(ld.Size0, 0) AS decimal(5, 2)),
        ld.TimeStamp
FROM    v_GS_LOGICAL_DISK ld
        JOIN v_R_System sys ON sys.ResourceID = ld.ResourceID
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = ld.ResourceID AND fcm.CollectionID = @CollectionID
WHERE   ld.DriveType0 = 3

DELETE FROM #Disks WHERE FreePct >= @MinFreePercent AND FreeGB >= @MinFreeGB

UPDATE #Disks
SET Bucket = CASE
                WHEN FreePct < 5 OR FreeGB < 2 THEN 'Critical'
                WHEN FreePct < 10 THEN 'Warning'
                ELSE 'Low'
             END

PRINT 'Disks under threshold: ' + CAST((SELECT COUNT(*) FROM #Disks) AS varchar(10))

SELECT  Computer,
        Drive,
        VolumeName,
        FORMAT(SizeGB, 'N1', 'en-US') AS [Size (GB)],
        FORMAT(FreeGB, 'N1', 'en-US') AS [Free (GB)],
        FreePct AS [Free %],
        Bucket AS [Status],
        CONVERT(varchar(20), ScanDate, 120) AS [Last Inventory]
FROM    #Disks
ORDER BY FreePct, Computer
