-- The fullest disk of each device with disks (CROSS APPLY of TOP 1 … ORDER BY).
SELECT s.Name0, d.DeviceID0, d.FreeSpace0
FROM v_R_System s
CROSS APPLY (SELECT TOP 1 DeviceID0, FreeSpace0
             FROM v_GS_LOGICAL_DISK d
             WHERE d.ResourceID = s.ResourceID
             ORDER BY FreeSpace0) d
ORDER BY s.Name0

/* expect ordered
Name0|DeviceID0|FreeSpace0
LT-NYC-006|C:|400000
LT-NYC-007|c:|23700
PC-LON-001|C:|52000
pc-lon-002|C:|9000
PC-PAR-003|C:|120000
SRV-DC-01|C:|20480
SRV-SQL-02|C:|2048
*/
