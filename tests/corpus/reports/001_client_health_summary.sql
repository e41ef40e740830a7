-- Client health summary for one collection: active/inactive buckets with counts and percentages.
-- Modelled on published "client health dashboard" SSRS reports built on v_CH_ClientSummary.
SET NOCOUNT ON

DECLARE @CollectionID nvarchar(8) = 'SMS00001'
DECLARE @Days int = 30

IF OBJECT_ID('tempdb..#ClientHealth') IS NOT NULL
    DROP TABLE #ClientHealth

SELECT  fcm.ResourceID,
        fcm.Name,
        fcm.IsClient,
        ch.ClientActiveStatus,
        ch.LastActiveTime,
        ch.LastHW,
        ch.LastPolicyRequest,
        ch.LastEvaluationHealthy,
        CAST(NULL AS varchar(40)) AS HealthBucket
INTO    #ClientHealth
FROM    v_FullCollectionMembership fcm
        LEFT JOIN v_CH_ClientSummary ch ON ch.ResourceID = fcm.ResourceID
WHERE   fcm.CollectionID = @CollectionID

UPDATE #ClientHealth
SET HealthBucket = CASE
        WHEN ISNULL(IsClient, 0) = 0 THEN '5 - No client'
        WHEN LastActiveTime IS NULL THEN '4 - Never reported'
        WHEN DATEDIFF(day, LastActiveTime, GETDATE()) <= 7 THEN '1 - Active (0-7 days)'
        WHEN DATEDIFF(day, LastActiveTime, GETDATE()) <= @Days THEN '2 - Active (8-' + CAST(@Days AS varchar(5)) + ' days)'
        ELSE '3 - Inactive (> ' + CAST(@Days AS varchar(5)) + ' days)'
    END

DECLARE @Total int
SELECT @Total = COUNT(*) FROM #ClientHealth

SELECT  HealthBucket AS [Client State],
        COUNT(*) AS [Devices],
        FORMAT(COUNT(*) * 100.0 / NULLIF(@Total, 0), 'N2', 'en-US') + ' %' AS [Percent],
        SUM(CASE WHEN LastEvaluationHealthy = 1 THEN 1 ELSE 0 END) AS [Health Eval Passed]
FROM    #ClientHealth
GROUP BY HealthBucket
ORDER BY HealthBucket

DROP TABLE #ClientHealth
