-- Disks under 15% free per device (CROSS APPLY with a correlated filter; integer division).
SELECT s.Name0, d.DeviceID0, d.FreeSpace0
FROM v_R_System s
CROSS APPLY (SELECT DeviceID0, FreeSpace0
             FROM v_GS_LOGICAL_DISK ld
             WHERE ld.ResourceID = s.ResourceID AND ld.FreeSpace0 * 100 / ld.Size0 < 15) d
ORDER BY s.Name0

/* expect ordered
Name0|DeviceID0|FreeSpace0
LT-NYC-007|c:|23700
PC-LON-001|C:|52000
pc-lon-002|C:|9000
SRV-SQL-02|C:|2048
*/
