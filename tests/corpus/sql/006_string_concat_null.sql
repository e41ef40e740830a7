-- String + is concatenation, and NULL when either side is NULL.
SELECT Name0 + N' \ ' + User_Name0 AS [Who]
FROM v_R_System
WHERE Resource_Domain_OR_Workgr0 = 'contoso'
ORDER BY Name0

/* expect ordered
Who
PC-LON-001 \ anna
pc-lon-002 \ Bob
NULL
SRV-DC-01 \ admin
*/
