-- DATEDIFF counts boundaries crossed, not elapsed time.
SELECT s.Name0,
       DATEDIFF(day, s.Creation_Date0, '2024-03-03 00:01:00') AS [Days],
       DATEDIFF(month, s.Creation_Date0, '2024-03-03') AS [Months],
       DATEDIFF(year, s.Creation_Date0, GETDATE()) AS [Years]
FROM v_R_System s
WHERE s.ResourceID IN (101, 102)

/* expect
Name0|Days|Months|Years
PC-LON-001|48|2|2
pc-lon-002|1|0|2
*/
