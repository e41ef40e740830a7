-- The same report in DuckDB: temp tables, and SQL Server's case-insensitive
-- collation written out (ILIKE; grouping on lower(rtrim(text))).
CREATE TEMP TABLE clients AS
SELECT s.ResourceID, s.Name0, os.Caption0 AS OS
FROM v_R_System s
JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
WHERE s.Client0 = 1;

DELETE FROM clients WHERE OS ILIKE '%server%';

CREATE TEMP TABLE chrome (ResourceID INTEGER NOT NULL, Version VARCHAR);

INSERT INTO chrome (ResourceID, Version)
SELECT a.ResourceID, MAX(a.Version0)
FROM v_GS_ADD_REMOVE_PROGRAMS a
WHERE a.DisplayName0 ILIKE 'google chrome%'
GROUP BY a.ResourceID;

SELECT any_value(c.OS) AS OS,
       COUNT(*) AS Devices,
       SUM(CASE WHEN ch.ResourceID IS NULL THEN 1 ELSE 0 END) AS WithoutChrome
FROM clients c
LEFT JOIN chrome ch ON ch.ResourceID = c.ResourceID
GROUP BY lower(rtrim(c.OS))
ORDER BY Devices DESC, OS;
