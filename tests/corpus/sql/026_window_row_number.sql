-- The fullest disk of each device (ROW_NUMBER over a partition).
SELECT Name0, Drive, FreeSpace0
FROM (SELECT s.Name0, d.DeviceID0 AS Drive, d.FreeSpace0,
             ROW_NUMBER() OVER (PARTITION BY d.ResourceID ORDER BY d.FreeSpace0) AS rn
      FROM v_GS_LOGICAL_DISK d
      JOIN v_R_System s ON s.ResourceID = d.ResourceID) x
WHERE rn = 1 AND x.FreeSpace0 < 100000
ORDER BY FreeSpace0

/* expect ordered
Name0|Drive|FreeSpace0
SRV-SQL-02|C:|2048
pc-lon-002|C:|9000
SRV-DC-01|C:|20480
LT-NYC-007|c:|23700
PC-LON-001|C:|52000
*/
