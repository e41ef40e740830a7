-- Paging with OFFSET/FETCH; OPTION (RECOMPILE) and PRINT change nothing.
PRINT 'second page of workstations'
SELECT Name0
FROM v_R_System
WHERE Operating_System_Name_and0 LIKE N'%Workstation%'
ORDER BY Name0
OFFSET 2 ROWS FETCH NEXT 2 ROWS ONLY
OPTION (RECOMPILE)

/* expect ordered
Name0
PC-LON-001
pc-lon-002
*/
