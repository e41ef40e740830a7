-- Operating system summary per collection as an SSRS dataset, using the role-based fn_rbac_ functions with the @UserSIDs report parameter.
-- Modelled on published console-style SSRS reports ("Count operating system versions in a specific collection").
SET NOCOUNT ON

DECLARE @UserSIDs varchar(16) = 'disabled'
DECLARE @CollID varchar(8) = 'SMS00001'

DECLARE @OS TABLE
(
    Caption   nvarchar(255),
    Version   nvarchar(255),
    Arch      nvarchar(255),
    Devices   int
)

INSERT INTO @OS (Caption, Version, Arch, Devices)
SELECT  os.Caption0, os.Version0, os.OSArchitecture0, COUNT(DISTINCT sys.ResourceID)
FROM    fn_rbac_R_System(@UserSIDs) sys
        INNER JOIN fn_rbac_FullCollectionMembership(@UserSIDs) fcm ON fcm.ResourceID = sys.ResourceID
        INNER JOIN fn_rbac_GS_OPERATING_SYSTEM(@UserSIDs) os ON os.ResourceID = sys.ResourceID
WHERE   fcm.CollectionID = @CollID
GROUP BY os.Caption0, os.Version0, os.OSArchitecture0

SELECT  col.Name                                       AS [Collection],
        o.Caption                                      AS [Operating System],
        o.Version,
        ISNULL(o.Arch, '')                             AS [Architecture],
        o.Devices,
        CONVERT(decimal(5, 2), 100.0 * o.Devices / SUM(o.Devices) OVER ()) AS [Percent]
FROM    @OS o
        CROSS JOIN (SELECT Name FROM fn_rbac_Collection(@UserSIDs) WHERE CollectionID = @CollID) col
ORDER BY o.Devices DESC, o.Caption
