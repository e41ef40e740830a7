-- Top console user per device with the user's display name and mail, plus the primary device count per user.
-- Modelled on published "last logged on / top console user" reports joining v_GS_SYSTEM_CONSOLE_USAGE to v_R_User.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'

;WITH ConsoleUsers AS
(
    SELECT  cu.ResourceID,
            cu.SystemConsoleUser0,
            cu.TotalUserConsoleMinutes0,
            cu.NumberOfConsoleLogons0,
            cu.LastConsoleUse0,
            ROW_NUMBER() OVER (PARTITION BY cu.ResourceID
                               ORDER BY cu.TotalUserConsoleMinutes0 DESC, cu.LastConsoleUse0 DESC) AS rn
    FROM    v_GS_SYSTEM_CONSOLE_USER cu
    WHERE   cu.SystemConsoleUser0 NOT LIKE '%\adm-%'
),
PrimaryDevices AS
(
    SELECT  UniqueUserName, COUNT(DISTINCT MachineResourceID) AS PrimaryDeviceCount
    FROM    v_UserMachineRelationship
    WHERE   RelationActive = 1
    GROUP BY UniqueUserName
)
SELECT  sys.Netbios_Name0                              AS [Computer],
        usage.TopConsoleUser0                          AS [Top Console User (inventory)],
        cu.SystemConsoleUser0                          AS [Most Minutes User],
        usr.Full_User_Name0                            AS [Full Name],
        usr.Mail0                                      AS [Mail],
        cu.NumberOfConsoleLogons0                      AS [Logons],
        CAST(cu.TotalUserConsoleMinutes0 / 60.0 AS decimal(10, 1)) AS [Console Hours],
        CONVERT(varchar(10), cu.LastConsoleUse0, 101)  AS [Last Console Use],
        ISNULL(pd.PrimaryDeviceCount, 0)               AS [User's Primary Devices]
FROM    v_FullCollectionMembership fcm
        JOIN v_R_System sys ON sys.ResourceID = fcm.ResourceID
        LEFT JOIN v_GS_SYSTEM_CONSOLE_USAGE usage ON usage.ResourceID = sys.ResourceID
        LEFT JOIN ConsoleUsers cu ON cu.ResourceID = sys.ResourceID AND cu.rn = 1
        LEFT JOIN v_R_User usr ON usr.Unique_User_Name0 = cu.SystemConsoleUser0
        LEFT JOIN PrimaryDevices pd ON pd.UniqueUserName = cu.SystemConsoleUser0
WHERE   fcm.CollectionID = @CollectionID
ORDER BY [Computer]
