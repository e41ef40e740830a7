-- Percent free on C: as numeric(5,2) (exact decimals, rounded).
SELECT s.Name0, CAST(d.FreeSpace0 * 100.0 / d.Size0 AS numeric(5,2)) AS [% Free]
FROM v_GS_LOGICAL_DISK d
JOIN v_R_System s ON s.ResourceID = d.ResourceID
WHERE d.DeviceID0 = 'C:' AND d.FreeSpace0 * 100.0 / d.Size0 < 12
ORDER BY [% Free]

/* expect ordered
Name0|% Free
SRV-SQL-02|3.33
pc-lon-002|3.80
LT-NYC-007|10.00
PC-LON-001|10.92
*/
