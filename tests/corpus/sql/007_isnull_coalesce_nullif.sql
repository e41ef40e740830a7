-- ISNULL, COALESCE and NULLIF.
SELECT Name0,
       ISNULL(User_Name0, 'unknown') AS [User],
       COALESCE(CAST(Client0 AS varchar(5)), 'n/a') AS Client,
       NULLIF(Resource_Domain_OR_Workgr0, 'WORKGROUP') AS Domain
FROM v_R_System
WHERE ResourceID >= 105
ORDER BY ResourceID

/* expect ordered
Name0|User|Client|Domain
SRV-SQL-02|unknown|1|FABRIKAM
LT-NYC-006|carol|n/a|Fabrikam
LT-NYC-007|dave|1|FABRIKAM
KIOSK_01|unknown|1|NULL
*/
