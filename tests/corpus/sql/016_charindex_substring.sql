-- Site code between the dashes (CHARINDEX, SUBSTRING; CHARINDEX ignores case).
SELECT Name0,
       CHARINDEX('-', Name0) AS FirstDash,
       SUBSTRING(Name0, CHARINDEX('-', Name0) + 1, 3) AS Site,
       CHARINDEX('lon', Name0) AS Lon
FROM v_R_System
WHERE Name0 LIKE '%-%-%'
ORDER BY ResourceID

/* expect ordered
Name0|FirstDash|Site|Lon
PC-LON-001|3|LON|4
pc-lon-002|3|lon|4
PC-PAR-003|3|PAR|0
SRV-DC-01|4|DC-|0
SRV-SQL-02|4|SQL|0
LT-NYC-006|3|NYC|0
LT-NYC-007|3|NYC|0
*/
