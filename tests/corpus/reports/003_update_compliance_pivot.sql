-- Per-update compliance counts (Installed / Required / Not Required / Unknown) for one collection, pivoted.
-- Modelled on published "software update compliance by collection with PIVOT" SQL reports.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @OnlySecurity bit = 1

IF OBJECT_ID('tempdb..#UpdateState') IS NOT NULL DROP TABLE #UpdateState

SELECT  ui.CI_ID,
        ui.ArticleID,
        ui.BulletinID,
        ui.Title,
        ui.Severity,
        ucs.ResourceID,
        CASE ucs.Status
            WHEN 0 THEN 'Unknown'
            WHEN 1 THEN 'Not Required'
            WHEN 2 THEN 'Required'
            WHEN 3 THEN 'Installed'
        END AS ComplianceState
INTO    #UpdateState
FROM    v_UpdateInfo ui
        JOIN v_Update_ComplianceStatusAll ucs ON ucs.CI_ID = ui.CI_ID
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = ucs.ResourceID
WHERE   fcm.CollectionID = @CollectionID
  AND   ui.IsExpired = 0
  AND   ui.IsSuperseded = 0

IF @OnlySecurity = 1
BEGIN
    DELETE FROM #UpdateState WHERE ISNULL(Severity, 0) = 0
END

SELECT  ArticleID AS [KB],
        Title,
        CASE Severity WHEN 10 THEN 'Critical' WHEN 8 THEN 'Important'
                      WHEN 6 THEN 'Moderate' WHEN 2 THEN 'Low' ELSE 'None' END AS [Severity],
        ISNULL([Installed], 0) AS [Installed],
        ISNULL([Required], 0) AS [Required],
        ISNULL([Not Required], 0) AS [Not Required],
        ISNULL([Unknown], 0) AS [Unknown],
        CAST(100.0 * (ISNULL([Installed], 0) + ISNULL([Not Required], 0))
             / NULLIF(ISNULL([Installed], 0) + ISNULL([Required], 0) + ISNULL([Not Required], 0) + ISNULL([Unknown], 0), 0)
             AS decimal(5, 2)) AS [Compliant %]
FROM (
        SELECT ArticleID, Title, Severity, ComplianceState, ResourceID
        FROM #UpdateState
     ) src
PIVOT ( COUNT(ResourceID) FOR ComplianceState IN ([Installed], [Required], [Not Required], [Unknown]) ) pvt
ORDER BY [Required] DESC, ArticleID
