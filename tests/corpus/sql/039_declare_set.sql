-- Recent devices of a domain held in variables (DECLARE, SET, DECLARE with a value).
DECLARE @Domain nvarchar(50)
SET @Domain = N'fabrikam'
DECLARE @Cutoff datetime = DATEADD(day, -30, GETDATE())
SELECT Name0, Creation_Date0
FROM v_R_System
WHERE Resource_Domain_OR_Workgr0 = @Domain AND Creation_Date0 >= @Cutoff

/* expect
Name0|Creation_Date0
LT-NYC-006|2026-10-30 17:45:00
*/
