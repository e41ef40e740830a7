-- Date literals in the forms SQL Server reads: yyyymmdd and mm/dd/yyyy hh:mm.
SELECT Name0
FROM v_R_System
WHERE Creation_Date0 >= '20240301' AND Creation_Date0 < '12/31/2025 13:00'
ORDER BY Creation_Date0

/* expect ordered
Name0
pc-lon-002
PC-PAR-003
*/
