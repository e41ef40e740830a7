-- SELECT … INTO a temp table, @@ROWCOUNT kept in a variable, a table
-- variable filled from the temp table and updated.
DECLARE @counts TABLE (Domain nvarchar(20), Devices int, Staged int)
SELECT UPPER(Resource_Domain_OR_Workgr0) AS Domain, ResourceID
INTO #sys
FROM v_R_System WHERE Client0 = 1
DECLARE @staged int = @@ROWCOUNT
INSERT INTO @counts (Domain, Devices)
SELECT Domain, COUNT(*) FROM #sys GROUP BY Domain
UPDATE @counts SET Staged = @staged
SELECT c.Domain, c.Devices, c.Staged FROM @counts AS c

/* expect
Domain|Devices|Staged
CONTOSO|3|6
FABRIKAM|2|6
WORKGROUP|1|6
*/
