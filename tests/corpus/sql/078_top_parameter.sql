-- TOP (@Count) with the count given as a report parameter (text).
-- param: Count=2
SELECT TOP (@Count) Name0
FROM v_R_System
ORDER BY Creation_Date0

/* expect ordered
Name0
KIOSK_01
SRV-SQL-02
*/
