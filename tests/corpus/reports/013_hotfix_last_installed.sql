-- Most recent hotfix per computer from Win32_QuickFixEngineering and how many days ago it was installed.
-- Modelled on published "last patch installed date per machine" QFE reports.
SET NOCOUNT ON;

DECLARE @CollectionID varchar(8) = 'SMS00001';
DECLARE @StaleDays int = 45;

IF OBJECT_ID('tempdb..#QFE') IS NOT NULL
    DROP TABLE #QFE;

-- InstalledOn is a string written by the OS (usually M/d/yyyy), so convert defensively
SELECT  qfe.ResourceID,
        qfe.HotFixID0                               AS HotFixID,
        qfe.Description0                            AS FixType,
        qfe.InstalledBy0                            AS InstalledBy,
        TRY_CONVERT(datetime, qfe.InstalledOn0, 101) AS InstalledOn
INTO    #QFE
FROM    v_GS_QUICK_FIX_ENGINEERING qfe
WHERE   qfe.ResourceID IN (SELECT ResourceID FROM v_FullCollectionMembership WHERE CollectionID = @CollectionID);

DELETE FROM #QFE WHERE InstalledOn IS NULL;

WITH ranked AS (
    SELECT  q.*,
            ROW_NUMBER() OVER (PARTITION BY q.ResourceID ORDER BY q.InstalledOn DESC, q.HotFixID DESC) AS rn,
            COUNT(*) OVER (PARTITION BY q.ResourceID) AS HotfixCount
    FROM    #QFE q
)
SELECT  s.Netbios_Name0                          AS [Computer],
        s.Operating_System_Name_and0             AS [OS],
        r.HotFixID                               AS [Last Hotfix],
        r.FixType                                AS [Type],
        CONVERT(varchar(10), r.InstalledOn, 103) AS [Installed On],
        DATEDIFF(day, r.InstalledOn, GETDATE())  AS [Days Ago],
        r.HotfixCount                            AS [Hotfixes Listed],
        CASE WHEN DATEDIFF(day, r.InstalledOn, GETDATE()) > @StaleDays
             THEN 'Not patched in ' + CAST(@StaleDays AS varchar(4)) + '+ days'
             ELSE 'OK' END                       AS [Patch Age]
FROM    ranked r
        JOIN v_R_System s ON s.ResourceID = r.ResourceID
WHERE   r.rn = 1
ORDER BY [Days Ago] DESC, [Computer];

DROP TABLE #QFE;
