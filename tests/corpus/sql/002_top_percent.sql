-- Half of the devices by name (TOP n PERCENT rounds up).
SELECT TOP 50 PERCENT Name0
FROM v_R_System
ORDER BY Name0

/* expect ordered
Name0
KIOSK_01
LT-NYC-006
LT-NYC-007
PC-LON-001
*/
