-- UNION removes duplicates case-insensitively.
SELECT COUNT(*) AS Domains
FROM (SELECT Resource_Domain_OR_Workgr0 AS d FROM v_R_System
      UNION
      SELECT N'Contoso') u

/* expect
Domains
3
*/
