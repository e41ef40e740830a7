-- Staging with SELECT … INTO, then a report over the temp table joined to a view.
SELECT ResourceID, SUM(FreeSpace0) AS FreeMB
INTO #free
FROM v_GS_LOGICAL_DISK
GROUP BY ResourceID
SELECT s.Name0, f.FreeMB
FROM #free AS f JOIN v_R_System AS s ON s.ResourceID = f.ResourceID
WHERE f.FreeMB < 100000

/* expect
Name0|FreeMB
pc-lon-002|9000
SRV-DC-01|20480
LT-NYC-007|23700
*/
