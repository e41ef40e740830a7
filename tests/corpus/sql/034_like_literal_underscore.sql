-- A bracketed underscore matches only an underscore.
SELECT Name0 FROM v_R_System WHERE Name0 LIKE '%[_]%'

/* expect
Name0
KIOSK_01
*/
