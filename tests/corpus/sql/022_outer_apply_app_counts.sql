-- Installed programs per device, zero included (OUTER APPLY with an aggregate).
SELECT s.Name0, a.Apps
FROM v_R_System s
OUTER APPLY (SELECT COUNT(*) AS Apps FROM v_Add_Remove_Programs arp WHERE arp.ResourceID = s.ResourceID) a
WHERE s.ResourceID > 104
ORDER BY s.ResourceID

/* expect ordered
Name0|Apps
SRV-SQL-02|1
LT-NYC-006|2
LT-NYC-007|2
KIOSK_01|0
*/
