-- Users and their primary devices (user device affinity), with the devices listed on one line and the affinity source.
-- Modelled on published "primary user / user device affinity" reports over v_UserMachineRelationship.
SET NOCOUNT ON;

DECLARE @UserFilter nvarchar(100) = N'CONTOSO\%';

DECLARE @Affinity TABLE (
    UserName      nvarchar(256),
    FullName      nvarchar(256),
    Department    nvarchar(256),
    Device        nvarchar(256),
    SourceLabel   varchar(30),
    CreatedOn     datetime
);

INSERT INTO @Affinity (UserName, FullName, Device, SourceLabel, CreatedOn)
SELECT  umr.UniqueUserName,
        u.Full_User_Name0,
        umr.MachineResourceName,
        CASE
            WHEN umr.Sources & 4 = 4 THEN 'Usage (automatic)'
            WHEN umr.Sources & 2 = 2 THEN 'Administrator'
            WHEN umr.Sources & 1 = 1 THEN 'Self-service'
            ELSE 'Other'
        END,
        umr.CreationTime
FROM    v_UserMachineRelationship umr
        LEFT JOIN v_R_User u ON u.Unique_User_Name0 = umr.UniqueUserName
WHERE   umr.RelationActive = 1
  AND   umr.UniqueUserName LIKE @UserFilter;

-- OU of the user as a stand-in for department
UPDATE a
SET Department = ou.User_OU_Name0
FROM @Affinity a
JOIN v_R_User u ON u.Unique_User_Name0 = a.UserName
JOIN (SELECT ResourceID, MAX(User_OU_Name0) AS User_OU_Name0
      FROM v_RA_User_UserOUName
      GROUP BY ResourceID) ou ON ou.ResourceID = u.ResourceID;

SELECT  UserName                                   AS [User],
        ISNULL(FullName, '')                       AS [Name],
        ISNULL(Department, '')                     AS [OU],
        COUNT(*)                                   AS [Primary Devices],
        STRING_AGG(Device, ', ') WITHIN GROUP (ORDER BY Device) AS [Devices],
        STRING_AGG(SourceLabel, ', ')              AS [Sources],
        CONVERT(varchar(10), MIN(CreatedOn), 126)  AS [First Affinity]
FROM    @Affinity
GROUP BY UserName, FullName, Department
HAVING  COUNT(*) >= 1
ORDER BY [Primary Devices] DESC, [User];
