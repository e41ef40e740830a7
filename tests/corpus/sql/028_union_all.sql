-- Devices without a client and members of London Workstations (UNION ALL).
SELECT Name0 AS Name, 'Device' AS Kind FROM v_R_System WHERE Client0 = 0
UNION ALL
SELECT Name, 'Member' FROM v_FullCollectionMembership WHERE CollectionID = 'CON00012'
ORDER BY Name

/* expect ordered
Name|Kind
PC-LON-001|Member
pc-lon-002|Member
PC-PAR-003|Device
*/
