-- Operating systems of the members of a collection (ANSI nested joins without parentheses).
SELECT c.Name AS Collection, s.Name0 AS Device, os.Caption0 AS OS
FROM dbo.v_Collection c INNER JOIN
     dbo.v_FullCollectionMembership fcm INNER JOIN
     dbo.v_R_System s LEFT OUTER JOIN dbo.v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
     ON s.ResourceID = fcm.ResourceID
     ON fcm.CollectionID = c.CollectionID
WHERE c.CollectionID = 'CON00011'
ORDER BY s.Name0

/* expect ordered
Collection|Device|OS
All Servers|SRV-DC-01|Microsoft Windows Server 2022 Standard
All Servers|SRV-SQL-02|Microsoft Windows Server 2012 R2 Standard
*/
