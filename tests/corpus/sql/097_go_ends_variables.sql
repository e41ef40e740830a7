-- GO ends a batch: its variables end with it, temp tables last the script.
DECLARE @d nvarchar(20) = 'FABRIKAM'
SELECT Name0 INTO #f FROM v_R_System WHERE Resource_Domain_OR_Workgr0 = @d
GO
SELECT Name0 FROM #f WHERE Name0 LIKE @d

/* expect error WQL0505 at 5:39
*/
