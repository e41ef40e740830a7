-- Clients with no activity for N days; summary by last MP or detail list depending on a report parameter.
-- Modelled on published "inactive / stale clients" reports with a Summary/Detail switch.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @Days int = 30
DECLARE @ReportMode varchar(10) = 'Detail'   -- 'Summary' or 'Detail'

IF OBJECT_ID('tempdb..#Stale') IS NOT NULL DROP TABLE #Stale

SELECT  sys.ResourceID,
        sys.Netbios_Name0       AS Computer,
        sys.User_Name0          AS LastUser,
        sys.Client_Version0     AS ClientVersion,
        ch.LastActiveTime,
        ch.LastPolicyRequest,
        ch.LastDDR,
        ch.LastHW,
        ch.LastMPServerName,
        DATEDIFF(day, ch.LastActiveTime, GETDATE()) AS DaysInactive
INTO    #Stale
FROM    v_R_System sys
        JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = sys.ResourceID
        JOIN v_CH_ClientSummary ch ON ch.ResourceID = sys.ResourceID
WHERE   fcm.CollectionID = @CollectionID
  AND   sys.Client0 = 1
  AND   (ch.LastActiveTime IS NULL OR ch.LastActiveTime < DATEADD(day, -@Days, GETDATE()))

IF @ReportMode = 'Summary'
BEGIN
    SELECT  ISNULL(LastMPServerName, '(none)') AS [Last Management Point],
            COUNT(*)                           AS [Inactive Clients],
            MAX(DaysInactive)                  AS [Max Days Inactive],
            AVG(DaysInactive)                  AS [Avg Days Inactive]
    FROM    #Stale
    GROUP BY LastMPServerName
    ORDER BY [Inactive Clients] DESC
END
ELSE
BEGIN
    SELECT  Computer,
            LastUser,
            ClientVersion,
            CONVERT(varchar(19), LastActiveTime, 120)    AS [Last Active],
            CONVERT(varchar(19), LastPolicyRequest, 120) AS [Last Policy Request],
            CONVERT(varchar(19), LastDDR, 120)           AS [Last Heartbeat],
            CONVERT(varchar(19), LastHW, 120)            AS [Last HW Scan],
            ISNULL(CAST(DaysInactive AS varchar(10)), 'never') AS [Days Inactive]
    FROM    #Stale
    ORDER BY DaysInactive DESC, Computer
END
