-- datetime + n adds days.
SELECT Name0, Creation_Date0 + 30 AS [Review By]
FROM v_R_System
WHERE ResourceID = 107

/* expect
Name0|Review By
LT-NYC-007|2026-03-31 00:00:00
*/
