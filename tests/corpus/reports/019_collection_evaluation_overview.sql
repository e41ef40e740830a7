-- Collection overview: refresh type, member counts, last refresh age and the collections each one includes or excludes.
-- Modelled on published "collection refresh schedule / incremental update audit" reports.
SET NOCOUNT ON

DECLARE @OnlyIncremental bit = 0

IF OBJECT_ID('tempdb..#Coll') IS NOT NULL DROP TABLE #Coll

SELECT  c.CollectionID,
        c.Name,
        c.MemberCount,
        c.LimitToCollectionName,
        c.RefreshType,
        CASE c.RefreshType
            WHEN 1 THEN 'Manual'
            WHEN 2 THEN 'Scheduled'
            WHEN 4 THEN 'Incremental'
            WHEN 6 THEN 'Scheduled + Incremental'
            ELSE 'Other (' + CAST(c.RefreshType AS varchar(5)) + ')'
        END AS RefreshLabel,
        c.LastRefreshTime,
        c.LastMemberChangeTime,
        (SELECT COUNT(*) FROM v_CollectionRuleQuery q WHERE q.CollectionID = c.CollectionID)  AS QueryRules,
        (SELECT COUNT(*) FROM v_CollectionRuleDirect d WHERE d.CollectionID = c.CollectionID) AS DirectRules
INTO    #Coll
FROM    v_Collection c
WHERE   c.CollectionType = 2          -- device collections

IF @OnlyIncremental = 1
BEGIN
    DELETE FROM #Coll WHERE RefreshType NOT IN (4, 6)
END

SELECT  c.CollectionID,
        c.Name                                        AS [Collection],
        c.LimitToCollectionName                       AS [Limited To],
        c.RefreshLabel                                AS [Refresh],
        c.MemberCount                                 AS [Members],
        c.QueryRules                                  AS [Query Rules],
        c.DirectRules                                 AS [Direct Rules],
        STUFF((SELECT ', ' + src.Name
               FROM vSMS_CollectionDependencies dep
               JOIN v_Collection src ON src.CollectionID = dep.SourceCollectionID
               WHERE dep.DependentCollectionID = c.CollectionID
                 AND dep.RelationshipType = 2
               FOR XML PATH('')), 1, 2, '')           AS [Includes],
        STUFF((SELECT ', ' + src.Name
               FROM vSMS_CollectionDependencies dep
               JOIN v_Collection src ON src.CollectionID = dep.SourceCollectionID
               WHERE dep.DependentCollectionID = c.CollectionID
                 AND dep.RelationshipType = 3
               FOR XML PATH('')), 1, 2, '')           AS [Excludes],
        CONVERT(varchar(16), c.LastRefreshTime, 120)  AS [Last Refresh],
        DATEDIFF(day, c.LastMemberChangeTime, GETDATE()) AS [Days Since Member Change]
FROM    #Coll c
ORDER BY c.RefreshType DESC, c.Name

DROP TABLE #Coll
