-- Clients in All Workstations (dbo. names, WITH (NOLOCK) hints).
SELECT COUNT(*) AS Clients
FROM dbo.v_R_System sys WITH (NOLOCK)
INNER JOIN dbo.v_FullCollectionMembership fcm WITH (NOLOCK) ON fcm.ResourceID = sys.ResourceID
WHERE fcm.CollectionID = 'CON00010' AND sys.Client0 = 1

/* expect
Clients
3
*/
