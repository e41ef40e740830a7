-- Devices discovered in the last nine months (DATEADD from GETDATE, pinned to the snapshot time).
SELECT Name0
FROM v_R_System
WHERE Creation_Date0 >= DATEADD(month, -9, GETDATE())
ORDER BY Name0

/* expect ordered
Name0
LT-NYC-006
LT-NYC-007
*/
