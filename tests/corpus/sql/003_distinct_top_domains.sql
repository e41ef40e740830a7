-- Distinct domains, first two (DISTINCT TOP).
SELECT DISTINCT TOP (2) UPPER(Resource_Domain_OR_Workgr0) AS Domain
FROM v_R_System
ORDER BY Domain

/* expect ordered
Domain
CONTOSO
FABRIKAM
*/
