-- ROW_NUMBER partitions domains case-insensitively and orders NULL users first.
SELECT Name0, ROW_NUMBER() OVER (PARTITION BY Resource_Domain_OR_Workgr0 ORDER BY User_Name0) AS N
FROM v_R_System
ORDER BY Name0

/* expect ordered
Name0|N
KIOSK_01|1
LT-NYC-006|2
LT-NYC-007|3
PC-LON-001|3
pc-lon-002|4
PC-PAR-003|1
SRV-DC-01|2
SRV-SQL-02|1
*/
