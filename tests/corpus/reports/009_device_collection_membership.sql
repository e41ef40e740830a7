-- Which collections a given computer belongs to, with deployments targeting those collections.
-- Modelled on published "collections a device is a member of" troubleshooting queries.
SET NOCOUNT ON;

DECLARE @ComputerName nvarchar(256) = N'PC-LON-00007';
DECLARE @ResourceID int;

SELECT @ResourceID = ResourceID
FROM v_R_System
WHERE Netbios_Name0 = @ComputerName;

IF @ResourceID IS NULL
BEGIN
    PRINT 'Computer ' + @ComputerName + ' was not found in v_R_System.';
    RETURN;
END

PRINT 'ResourceID for ' + @ComputerName + ' is ' + CAST(@ResourceID AS varchar(12));

DECLARE @Memberships TABLE (
    CollectionID   nvarchar(8),
    CollectionName nvarchar(255),
    IsDirect       bit,
    MemberCount    int,
    Deployments    nvarchar(max)
);

INSERT INTO @Memberships (CollectionID, CollectionName, IsDirect, MemberCount)
SELECT  col.CollectionID, col.Name, fcm.IsDirect, col.MemberCount
FROM    v_FullCollectionMembership fcm
        JOIN v_Collection col ON col.CollectionID = fcm.CollectionID
WHERE   fcm.ResourceID = @ResourceID;

UPDATE m
SET Deployments = d.Names
FROM @Memberships m
JOIN (SELECT a.CollectionID, STRING_AGG(a.AssignmentName, '; ') AS Names
      FROM v_CIAssignment a
      GROUP BY a.CollectionID) d ON d.CollectionID = m.CollectionID;

SELECT  CollectionID,
        CollectionName,
        CASE WHEN IsDirect = 1 THEN 'Direct rule' ELSE 'Query / include' END AS [Membership],
        MemberCount,
        ISNULL(Deployments, '') AS [Deployments to this collection]
FROM    @Memberships
ORDER BY CollectionName;
