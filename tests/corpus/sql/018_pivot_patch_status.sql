-- Patch states per update, pivoted (COUNT gives 0 where there is none).
SELECT ArticleID, [Installed], [Required], [Not Required], [Unknown]
FROM (SELECT ui.ArticleID,
             CASE ucs.Status WHEN 3 THEN 'Installed' WHEN 2 THEN 'Required' WHEN 1 THEN 'Not Required' ELSE 'Unknown' END AS State,
             ucs.ResourceID
      FROM v_Update_ComplianceStatusAll ucs
      JOIN v_UpdateInfo ui ON ui.CI_ID = ucs.CI_ID) AS src
PIVOT (COUNT(ResourceID) FOR State IN ([Installed], [Required], [Not Required], [Unknown])) AS p
ORDER BY ArticleID

/* expect ordered
ArticleID|Installed|Required|Not Required|Unknown
5031356|4|1|1|0
5032007|3|1|1|1
5032189|2|3|1|0
977878|1|0|0|0
980232|0|1|0|0
*/
