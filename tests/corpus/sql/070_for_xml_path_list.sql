-- The FOR XML PATH('') list idiom inside STUFF: each domain with its
-- devices in name order (the correlation compares under the collation).
SELECT d.Domain,
       STUFF((SELECT ', ' + s.Name0
              FROM v_R_System s
              WHERE s.Resource_Domain_OR_Workgr0 = d.Domain
              ORDER BY s.Name0
              FOR XML PATH('')), 1, 2, '') AS Devices
FROM (SELECT DISTINCT UPPER(Resource_Domain_OR_Workgr0) AS Domain FROM v_R_System) d
ORDER BY d.Domain

/* expect ordered
Domain|Devices
CONTOSO|PC-LON-001, pc-lon-002, PC-PAR-003, SRV-DC-01
FABRIKAM|LT-NYC-006, LT-NYC-007, SRV-SQL-02
WORKGROUP|KIOSK_01
*/
