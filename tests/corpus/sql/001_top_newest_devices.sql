-- The three most recently discovered devices (TOP (n), NULLs last when descending).
SELECT TOP (3) Name0 AS [Device Name], Creation_Date0 AS Created
FROM dbo.v_R_System
ORDER BY Creation_Date0 DESC

/* expect ordered
Device Name|Created
LT-NYC-006|2026-10-30 17:45:00
LT-NYC-007|2026-03-01 00:00:00
PC-PAR-003|2025-12-31 12:00:00
*/
