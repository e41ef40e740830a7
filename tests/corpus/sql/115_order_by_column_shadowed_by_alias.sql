-- ORDER BY s.Creation_Date0 sorts by the view's datetime column, not by the select
-- list's text of the same name (which would put 12/31/2025 first); TOP takes the
-- first rows of that order.
SELECT TOP 4 s.Name0, CONVERT(varchar(10), CAST(s.Creation_Date0 AS datetime), 101) AS Creation_Date0
FROM v_R_System s
ORDER BY s.Creation_Date0 DESC

/* expect ordered
Name0|Creation_Date0
LT-NYC-006|10/30/2026
LT-NYC-007|03/01/2026
PC-PAR-003|12/31/2025
pc-lon-002|03/02/2024
*/
