-- SET NOCOUNT / isolation level are ignored; old-style (NOLOCK) hints too; ORDER BY a quoted alias.
SET NOCOUNT ON
SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED
SELECT sys.Name0 AS 'Computer', ws.LastHWScan AS 'Last Scan'
FROM v_R_System sys (NOLOCK)
JOIN v_GS_WORKSTATION_STATUS ws (NOLOCK) ON ws.ResourceID = sys.ResourceID
WHERE ws.LastHWScan < '2026-10-01'
ORDER BY 'Last Scan'

/* expect ordered
Computer|Last Scan
SRV-SQL-02|2026-07-04 10:00:00
PC-PAR-003|2026-09-01 12:00:00
*/
