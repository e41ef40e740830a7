-- Workstations and servers per domain, pivoted (SUM gives NULL where there is none).
SELECT Domain, [Workstation], [Server]
FROM (SELECT UPPER(Resource_Domain_OR_Workgr0) AS Domain,
             CASE WHEN Operating_System_Name_and0 LIKE '%Server%' THEN 'Server' ELSE 'Workstation' END AS Kind,
             1 AS One
      FROM v_R_System) s
PIVOT (SUM(One) FOR Kind IN ([Workstation], [Server])) p
ORDER BY Domain

/* expect ordered
Domain|Workstation|Server
CONTOSO|3|1
FABRIKAM|2|1
WORKGROUP|1|NULL
*/
