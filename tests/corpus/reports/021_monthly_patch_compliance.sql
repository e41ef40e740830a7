-- Patch compliance by the month updates were released: required vs installed per month for one collection.
-- Modelled on published "monthly software update compliance trend" reports, written as several GO batches.
SET NOCOUNT ON
GO

IF OBJECT_ID('tempdb..#Monthly') IS NOT NULL DROP TABLE #Monthly
GO

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @Months int = 12

SELECT  FORMAT(ui.DatePosted, 'yyyy-MM', 'en-US')      AS ReleaseMonth,
        ui.CI_ID,
        ucs.ResourceID,
        ucs.Status
INTO    #Monthly
FROM    v_UpdateInfo ui
        JOIN v_Update_ComplianceStatusAll ucs ON ucs.CI_ID = ui.CI_ID
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = ucs.ResourceID
WHERE   fcm.CollectionID = @CollectionID
  AND   ui.DatePosted >= DATEADD(month, -@Months, GETDATE())
  AND   ui.IsExpired = 0
  AND   ucs.Status IN (2, 3)          -- only applicable updates

PRINT 'Rows collected: ' + CAST(@@ROWCOUNT AS varchar(12))
GO

-- one row per month; a device counts as compliant for a month when nothing from that month is still required
;WITH perDevice AS
(
    SELECT  ReleaseMonth,
            ResourceID,
            MAX(CASE WHEN Status = 2 THEN 1 ELSE 0 END) AS AnyRequired
    FROM    #Monthly
    GROUP BY ReleaseMonth, ResourceID
)
SELECT  m.ReleaseMonth                                           AS [Release Month],
        COUNT(DISTINCT m.CI_ID)                                   AS [Updates],
        SUM(CASE WHEN m.Status = 3 THEN 1 ELSE 0 END)             AS [Installed],
        SUM(CASE WHEN m.Status = 2 THEN 1 ELSE 0 END)             AS [Required],
        (SELECT COUNT(*) FROM perDevice d WHERE d.ReleaseMonth = m.ReleaseMonth AND d.AnyRequired = 0) AS [Compliant Devices],
        (SELECT COUNT(*) FROM perDevice d WHERE d.ReleaseMonth = m.ReleaseMonth)                       AS [Applicable Devices],
        FORMAT(1.0 * SUM(CASE WHEN m.Status = 3 THEN 1 ELSE 0 END) / NULLIF(COUNT(*), 0), 'P2', 'en-US') AS [Install Rate]
FROM    #Monthly m
GROUP BY m.ReleaseMonth
ORDER BY m.ReleaseMonth DESC
GO

DROP TABLE #Monthly
GO
