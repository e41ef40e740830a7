-- Installed RAM (summed from memory modules) and CPU cores/threads per device, with RAM upgrade candidates flagged.
-- Modelled on published "RAM and processor inventory" reports that sum v_GS_PHYSICAL_MEMORY.
SET NOCOUNT ON;

DECLARE @CollectionID varchar(8) = 'SMS00001';
DECLARE @MinRAMGB int = 8;

WITH mem AS (
    SELECT  pm.ResourceID,
            COUNT(*)                                   AS Modules,
            SUM(TRY_CAST(pm.Capacity0 AS bigint)) / 1024 AS TotalGB,    -- Capacity is in MB
            MAX(pm.Speed0)                             AS SpeedMHz,
            STRING_AGG(CAST(pm.Capacity0 / 1024 AS varchar(10)) + 'GB', ' + ') AS Layout
    FROM    v_GS_PHYSICAL_MEMORY pm
    GROUP BY pm.ResourceID
),
cpu AS (
    SELECT  p.ResourceID,
            MAX(p.Name0)                      AS CpuName,
            COUNT(*)                          AS Sockets,
            SUM(p.NumberOfCores0)             AS Cores,
            SUM(p.NumberOfLogicalProcessors0) AS Threads,
            MAX(p.MaxClockSpeed0)             AS MaxMHz
    FROM    v_GS_PROCESSOR p
    GROUP BY p.ResourceID
)
SELECT  sys.Netbios_Name0                          AS [Computer],
        cs.Manufacturer0                           AS [Manufacturer],
        cs.Model0                                  AS [Model],
        LTRIM(RTRIM(cpu.CpuName))                  AS [CPU],
        cpu.Sockets, cpu.Cores, cpu.Threads,
        FORMAT(cpu.MaxMHz / 1000.0, '0.00', 'en-US') + ' GHz' AS [Clock],
        mem.Modules                                AS [DIMMs],
        mem.Layout                                 AS [Module Layout],
        mem.TotalGB                                AS [RAM (GB)],
        CASE
            WHEN mem.TotalGB IS NULL THEN 'No inventory'
            WHEN mem.TotalGB < 4 THEN 'Replace'
            WHEN mem.TotalGB < @MinRAMGB THEN 'Upgrade RAM'
            WHEN mem.TotalGB < 16 THEN 'OK'
            ELSE 'Good'
        END                                        AS [RAM Rating],
        RANK() OVER (ORDER BY mem.TotalGB DESC)    AS [RAM Rank]
FROM    v_FullCollectionMembership fcm
        JOIN v_R_System sys ON sys.ResourceID = fcm.ResourceID
        LEFT JOIN v_GS_COMPUTER_SYSTEM cs ON cs.ResourceID = sys.ResourceID
        LEFT JOIN mem ON mem.ResourceID = sys.ResourceID
        LEFT JOIN cpu ON cpu.ResourceID = sys.ResourceID
WHERE   fcm.CollectionID = @CollectionID
ORDER BY [RAM (GB)], [Computer];
