-- Software update deployment enforcement failures per device with the error code in hex and the state name.
-- Modelled on published "software update errors by deployment" troubleshooting reports.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'
DECLARE @Days int = 30

IF OBJECT_ID('tempdb..#Errors') IS NOT NULL DROP TABLE #Errors

CREATE TABLE #Errors
(
    AssignmentID   int,
    Deployment     nvarchar(256),
    ResourceID     int,
    Computer       nvarchar(256),
    StateID        int,
    StateName      nvarchar(255),
    StateTime      datetime,
    ErrorCode      int,
    ErrorHex       varchar(10)
)

INSERT INTO #Errors (AssignmentID, Deployment, ResourceID, Computer, StateID, StateTime, ErrorCode)
SELECT  asc1.AssignmentID,
        cia.AssignmentName,
        asc1.ResourceID,
        sys.Netbios_Name0,
        asc1.StateID,
        asc1.StateTime,
        asc1.LastErrorCode
FROM    v_AssignmentState_Combined asc1
        INNER JOIN v_CIAssignment cia ON cia.AssignmentID = asc1.AssignmentID
        INNER JOIN v_R_System sys ON sys.ResourceID = asc1.ResourceID
        INNER JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = asc1.ResourceID AND fcm.CollectionID = @CollectionID
WHERE   asc1.StateType = 301              -- enforcement state
  AND   asc1.StateTime >= DATEADD(dd, -@Days, GETDATE())
  AND   cia.AssignmentType IN (1, 5)      -- update deployments

UPDATE  e
SET     StateName = sn.StateName
FROM    #Errors e
        INNER JOIN v_StateNames sn ON sn.TopicType = 301 AND sn.StateID = e.StateID

-- keep only failed states or anything that reported an error code
DELETE FROM #Errors
WHERE ISNULL(ErrorCode, 0) = 0
  AND StateName NOT LIKE 'Failed%'

UPDATE #Errors
SET ErrorHex = '0x' + CONVERT(varchar(8), CONVERT(varbinary(4), ErrorCode), 2)
WHERE ErrorCode IS NOT NULL

SELECT  Deployment,
        Computer,
        StateName                                 AS [Enforcement State],
        ErrorCode                                 AS [Error],
        ErrorHex                                  AS [Error (hex)],
        CONVERT(varchar(20), StateTime, 113)      AS [State Time]
FROM    #Errors
ORDER BY Deployment, ErrorHex, Computer

SELECT  ErrorHex AS [Error (hex)], COUNT(DISTINCT ResourceID) AS [Devices]
FROM    #Errors
GROUP BY ErrorHex
ORDER BY [Devices] DESC
