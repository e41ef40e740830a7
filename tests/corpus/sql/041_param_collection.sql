-- Client members of a collection given as a report parameter.
-- param: CollectionID=CON00010
SELECT fcm.Name
FROM v_FullCollectionMembership fcm
WHERE fcm.CollectionID = @CollectionID AND fcm.IsClient = 1
ORDER BY fcm.Name

/* expect ordered
Name
LT-NYC-007
PC-LON-001
pc-lon-002
*/
