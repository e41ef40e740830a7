-- Devices by number of required updates (CTE).
WITH Required AS (
    SELECT ResourceID, COUNT(*) AS Missing
    FROM v_Update_ComplianceStatusAll
    WHERE Status = 2
    GROUP BY ResourceID
)
SELECT s.Name0, r.Missing
FROM Required r
JOIN v_R_System s ON s.ResourceID = r.ResourceID
WHERE r.Missing >= 1
ORDER BY r.Missing DESC, s.Name0

/* expect ordered
Name0|Missing
PC-PAR-003|2
LT-NYC-006|1
PC-LON-001|1
pc-lon-002|1
SRV-SQL-02|1
*/
