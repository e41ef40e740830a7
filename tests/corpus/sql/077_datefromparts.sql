-- Devices discovered before a date built with DATEFROMPARTS.
SELECT COUNT(*) AS Before2024
FROM v_R_System
WHERE Creation_Date0 < DATEFROMPARTS(2024, 1, 1)

/* expect
Before2024
2
*/
