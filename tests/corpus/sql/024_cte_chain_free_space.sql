-- Devices with under a quarter of their disk space free (two CTEs).
WITH Disks AS (
    SELECT ResourceID, SUM(Size0) AS Total, SUM(FreeSpace0) AS Free
    FROM v_GS_LOGICAL_DISK
    GROUP BY ResourceID
), Pct AS (
    SELECT ResourceID, Free * 100 / Total AS PctFree FROM Disks
)
SELECT s.Name0, p.PctFree
FROM Pct p
JOIN v_R_System s ON s.ResourceID = p.ResourceID
WHERE p.PctFree < 25
ORDER BY p.PctFree

/* expect ordered
Name0|PctFree
pc-lon-002|3
LT-NYC-007|10
SRV-DC-01|20
*/
