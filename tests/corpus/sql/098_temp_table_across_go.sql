-- A temp table made before GO is read after it.
SELECT Name0 INTO #f FROM v_R_System WHERE Resource_Domain_OR_Workgr0 = 'FABRIKAM'
GO
SELECT Name0 FROM #f WHERE Name0 LIKE 'LT%'

/* expect
Name0
LT-NYC-006
LT-NYC-007
*/
