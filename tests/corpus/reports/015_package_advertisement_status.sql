-- Legacy package deployment status: per advertisement, counts of each last state and a success rate.
-- Modelled on published "advertisement status summary" reports over v_ClientAdvertisementStatus.
SET NOCOUNT ON;

DECLARE @PackageID varchar(8) = '';      -- blank = all packages

IF OBJECT_ID('tempdb..#AdvStatus') IS NOT NULL DROP TABLE #AdvStatus;

SELECT  adv.AdvertisementID,
        adv.AdvertisementName,
        pkg.PackageID,
        pkg.Name            AS PackageName,
        adv.ProgramName,
        adv.CollectionID,
        cas.ResourceID,
        cas.LastStateName,
        cas.LastStatusTime,
        cas.LastExecutionResult
INTO    #AdvStatus
FROM    v_Advertisement adv
        JOIN v_Package pkg ON pkg.PackageID = adv.PackageID
        JOIN v_ClientAdvertisementStatus cas ON cas.AdvertisementID = adv.AdvertisementID
WHERE   (@PackageID = '' OR adv.PackageID = @PackageID);

SELECT  p.AdvertisementID   AS [Advertisement],
        p.PackageName       AS [Package],
        p.ProgramName       AS [Program],
        p.CollectionID      AS [Collection],
        ISNULL(p.[Succeeded], 0) AS [Succeeded],
        ISNULL(p.[Failed], 0)    AS [Failed],
        ISNULL(p.[Running], 0)   AS [Running],
        ISNULL(p.[Waiting], 0)   AS [Waiting],
        ISNULL(p.[No Status], 0) AS [No Status],
        CAST(100.0 * ISNULL(p.[Succeeded], 0)
             / NULLIF(ISNULL(p.[Succeeded], 0) + ISNULL(p.[Failed], 0) + ISNULL(p.[Running], 0)
                      + ISNULL(p.[Waiting], 0) + ISNULL(p.[No Status], 0), 0) AS numeric(5, 1)) AS [Success %]
FROM (
    SELECT  AdvertisementID, PackageName, ProgramName, CollectionID, ResourceID,
            CASE
                WHEN LastStateName IN ('Succeeded', 'Success') THEN 'Succeeded'
                WHEN LastStateName = 'Failed' THEN 'Failed'
                WHEN LastStateName = 'Running' THEN 'Running'
                WHEN LastStateName LIKE 'Waiting%' THEN 'Waiting'
                ELSE 'No Status'
            END AS StateGroup
    FROM #AdvStatus
) s
PIVOT (COUNT(ResourceID) FOR StateGroup IN ([Succeeded], [Failed], [Running], [Waiting], [No Status])) p
ORDER BY [Package], [Advertisement];

DROP TABLE #AdvStatus;
