-- Devices without hardware inventory in the last 14 days (NOT EXISTS, correlated).
SELECT Name0
FROM v_R_System s
WHERE NOT EXISTS (SELECT 1 FROM v_GS_WORKSTATION_STATUS ws
                  WHERE ws.ResourceID = s.ResourceID AND ws.LastHWScan >= DATEADD(day, -14, GETDATE()))
ORDER BY Name0

/* expect ordered
Name0
KIOSK_01
LT-NYC-006
PC-PAR-003
SRV-SQL-02
*/
