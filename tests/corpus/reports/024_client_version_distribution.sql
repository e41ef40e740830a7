-- ConfigMgr client version distribution with share of the fleet and a current / outdated flag against the newest version seen.
-- Modelled on published "client version summary after site upgrade" reports.
SET NOCOUNT ON
GO

DECLARE @Current varchar(30)
DECLARE @Total int

-- the highest version present is treated as the current build
SELECT TOP (1) @Current = Client_Version0
FROM v_R_System
WHERE Client0 = 1 AND Client_Version0 IS NOT NULL
ORDER BY TRY_CAST(PARSENAME(Client_Version0, 2) AS int) DESC,
         TRY_CAST(PARSENAME(Client_Version0, 1) AS int) DESC

SELECT @Total = COUNT(*) FROM v_R_System WHERE Client0 = 1

PRINT 'Current client version: ' + ISNULL(@Current, '(none)')
PRINT 'Clients: ' + CAST(@Total AS varchar(10))

SELECT  ISNULL(sys.Client_Version0, 'Unknown')                 AS [Client Version],
        COUNT(*)                                               AS [Clients],
        FORMAT(COUNT(*) * 1.0 / @Total, 'P1', 'en-US')         AS [Share],
        SUM(COUNT(*)) OVER (ORDER BY sys.Client_Version0 DESC
                            ROWS UNBOUNDED PRECEDING)          AS [Running Total],
        CASE WHEN sys.Client_Version0 = @Current THEN 'Current' ELSE 'Upgrade needed' END AS [Status],
        MAX(CONVERT(varchar(10), ch.LastActiveTime, 120))      AS [Latest Activity]
FROM    v_R_System sys
        LEFT JOIN v_CH_ClientSummary ch ON ch.ResourceID = sys.ResourceID
WHERE   sys.Client0 = 1
GROUP BY sys.Client_Version0
ORDER BY sys.Client_Version0 DESC
GO
