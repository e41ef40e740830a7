-- IIF with a NULL condition, and a searched CASE over LIKE.
SELECT Name0,
       IIF(Client0 = 1, 'Yes', 'No') AS [Has Client],
       CASE WHEN Operating_System_Name_and0 LIKE '%Server%' THEN 'Server'
            WHEN Operating_System_Name_and0 LIKE '%Workstation%' THEN 'Workstation'
            ELSE 'Unknown' END AS Role
FROM v_R_System
ORDER BY Name0

/* expect ordered
Name0|Has Client|Role
KIOSK_01|Yes|Unknown
LT-NYC-006|No|Workstation
LT-NYC-007|Yes|Workstation
PC-LON-001|Yes|Workstation
pc-lon-002|Yes|Workstation
PC-PAR-003|No|Workstation
SRV-DC-01|Yes|Server
SRV-SQL-02|Yes|Server
*/
