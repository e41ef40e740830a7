-- A simple CASE compares its operand case-insensitively.
SELECT Name0,
       CASE Resource_Domain_OR_Workgr0 WHEN 'contoso' THEN 'HQ' WHEN 'fabrikam' THEN 'Subsidiary' ELSE 'Other' END AS Site
FROM v_R_System
ORDER BY ResourceID

/* expect ordered
Name0|Site
PC-LON-001|HQ
pc-lon-002|HQ
PC-PAR-003|HQ
SRV-DC-01|HQ
SRV-SQL-02|Subsidiary
LT-NYC-006|Subsidiary
LT-NYC-007|Subsidiary
KIOSK_01|Other
*/
