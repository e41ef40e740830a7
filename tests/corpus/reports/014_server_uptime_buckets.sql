-- Server uptime in days from the last boot time, grouped into uptime buckets built by a loop.
-- Modelled on published "server uptime / reboot pending" SQL reports.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @BucketSize int = 15
DECLARE @MaxDays int = 90
DECLARE @i int = 0

DECLARE @Buckets TABLE (FromDay int, ToDay int, Label varchar(20))

WHILE @i < @MaxDays
BEGIN
    INSERT INTO @Buckets (FromDay, ToDay, Label)
    VALUES (@i, @i + @BucketSize - 1,
            RIGHT('00' + CAST(@i AS varchar(3)), 3) + '-' + RIGHT('00' + CAST(@i + @BucketSize - 1 AS varchar(3)), 3) + ' days')
    SET @i = @i + @BucketSize
END

INSERT INTO @Buckets (FromDay, ToDay, Label) VALUES (@MaxDays, 100000, CAST(@MaxDays AS varchar(3)) + '+ days')

IF OBJECT_ID('tempdb..#Uptime') IS NOT NULL DROP TABLE #Uptime

SELECT  sys.ResourceID,
        sys.Netbios_Name0 AS Server,
        os.Caption0       AS OS,
        os.LastBootUpTime0 AS LastBoot,
        DATEDIFF(day, os.LastBootUpTime0, GETDATE()) AS UptimeDays
INTO    #Uptime
FROM    v_R_System sys
        JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = sys.ResourceID
WHERE   fcm.CollectionID = @CollectionID
  AND   os.ProductType0 IN (2, 3)          -- domain controller, server

PRINT 'Servers with inventory: ' + CONVERT(varchar(10), @@ROWCOUNT)

SELECT  b.Label                 AS [Uptime],
        COUNT(u.ResourceID)     AS [Servers],
        ISNULL(STUFF((SELECT ', ' + u2.Server
                      FROM #Uptime u2
                      WHERE u2.UptimeDays BETWEEN b.FromDay AND b.ToDay
                      ORDER BY u2.Server
                      FOR XML PATH('')), 1, 2, ''), '') AS [Server Names]
FROM    @Buckets b
        LEFT JOIN #Uptime u ON u.UptimeDays BETWEEN b.FromDay AND b.ToDay
GROUP BY b.FromDay, b.ToDay, b.Label
ORDER BY b.FromDay
