-- Chrome coverage of client workstations by operating system, staged in temp
-- tables as published inventory reports do (five statements after the set-up).
SET NOCOUNT ON
IF OBJECT_ID('tempdb..#clients') IS NOT NULL DROP TABLE #clients
IF OBJECT_ID('tempdb..#chrome') IS NOT NULL DROP TABLE #chrome

SELECT s.ResourceID, s.Name0, os.Caption0 AS OS
INTO #clients
FROM v_R_System s
JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
WHERE s.Client0 = 1

DELETE FROM #clients WHERE OS LIKE '%Server%'

CREATE TABLE #chrome (ResourceID int NOT NULL, Version nvarchar(255))

INSERT INTO #chrome (ResourceID, Version)
SELECT a.ResourceID, MAX(a.Version0)
FROM v_GS_ADD_REMOVE_PROGRAMS a
WHERE a.DisplayName0 LIKE 'Google Chrome%'
GROUP BY a.ResourceID

SELECT c.OS,
       COUNT(*) AS Devices,
       SUM(CASE WHEN ch.ResourceID IS NULL THEN 1 ELSE 0 END) AS WithoutChrome
FROM #clients c
LEFT JOIN #chrome ch ON ch.ResourceID = c.ResourceID
GROUP BY c.OS
ORDER BY Devices DESC, c.OS
