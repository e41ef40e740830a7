-- Disk size and free space as rows (UNPIVOT).
SELECT ResourceID, Metric, Amount
FROM (SELECT ResourceID, Size0, FreeSpace0 FROM v_GS_LOGICAL_DISK WHERE ResourceID = 104) d
UNPIVOT (Amount FOR Metric IN (Size0, FreeSpace0)) u
ORDER BY Amount

/* expect ordered
ResourceID|Metric|Amount
104|FreeSpace0|20480
104|Size0|102400
*/
