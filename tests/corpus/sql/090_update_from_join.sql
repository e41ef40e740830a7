-- UPDATE … FROM a join and DELETE … FROM a join on a temp table: each
-- device's name from v_R_System, then the devices without a client removed.
CREATE TABLE #d (ResourceID int, Name nvarchar(30), Disks int)
INSERT #d (ResourceID, Disks)
SELECT ResourceID, COUNT(*) FROM v_GS_LOGICAL_DISK GROUP BY ResourceID
UPDATE d SET d.Name = s.Name0
FROM #d AS d INNER JOIN v_R_System AS s ON s.ResourceID = d.ResourceID
DELETE d FROM #d d JOIN v_R_System s ON s.ResourceID = d.ResourceID
WHERE s.Client0 = 0 OR s.Client0 IS NULL
SELECT Name, Disks FROM #d

/* expect
Name|Disks
PC-LON-001|2
pc-lon-002|1
SRV-DC-01|1
SRV-SQL-02|2
LT-NYC-007|1
*/
