-- Publishers with more than one install (derived table).
SELECT t.Publisher, t.Installs
FROM (SELECT Publisher0 AS Publisher, COUNT(*) AS Installs
      FROM v_Add_Remove_Programs
      GROUP BY Publisher0) AS t
WHERE t.Installs > 1
ORDER BY t.Installs DESC, t.Publisher

/* expect ordered
Publisher|Installs
Google LLC|4
Microsoft Corporation|4
Igor Pavlov|2
*/
