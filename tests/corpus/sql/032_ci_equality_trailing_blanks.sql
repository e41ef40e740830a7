-- = and IN ignore case and trailing blanks.
SELECT Name0
FROM v_R_System
WHERE Name0 = 'PC-LON-002  ' OR Name0 IN ('kiosk_01')

/* expect
Name0
pc-lon-002
KIOSK_01
*/
