-- Devices with required (missing) updates, listing the missing KB numbers on one line per device.
-- Modelled on published "missing updates per computer" reports using the FOR XML PATH list idiom.
SET NOCOUNT ON;

DECLARE @CollectionID nvarchar(8) = N'SMS00001';

IF OBJECT_ID('tempdb..#Missing') IS NOT NULL
    DROP TABLE #Missing;

SELECT  ucs.ResourceID,
        ui.CI_ID,
        'KB' + ui.ArticleID AS KB,
        ui.Severity,
        ui.DatePosted
INTO    #Missing
FROM    v_Update_ComplianceStatusAll ucs
        INNER JOIN v_UpdateInfo ui ON ui.CI_ID = ucs.CI_ID
WHERE   ucs.Status = 2            -- required
  AND   ui.IsExpired = 0
  AND   ui.IsSuperseded = 0
  AND   ucs.ResourceID IN (SELECT ResourceID FROM v_FullCollectionMembership WHERE CollectionID = @CollectionID);

SELECT  sys.Netbios_Name0 AS [Computer],
        sys.Operating_System_Name_and0 AS [OS],
        COUNT(m.CI_ID) AS [Missing Count],
        SUM(CASE WHEN m.Severity = 10 THEN 1 ELSE 0 END) AS [Critical],
        CONVERT(varchar(10), MIN(m.DatePosted), 101) AS [Oldest Missing Posted],
        STUFF((SELECT ', ' + m2.KB
               FROM #Missing m2
               WHERE m2.ResourceID = sys.ResourceID
               ORDER BY m2.KB
               FOR XML PATH('')), 1, 2, '') AS [Missing KBs]
FROM    v_R_System sys
        INNER JOIN #Missing m ON m.ResourceID = sys.ResourceID
GROUP BY sys.ResourceID, sys.Netbios_Name0, sys.Operating_System_Name_and0
ORDER BY [Missing Count] DESC, [Computer];

DROP TABLE #Missing;
