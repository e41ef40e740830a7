-- A datetime or bit cast to text reads as SQL Server writes it.
SELECT Name0, CAST(Creation_Date0 AS varchar(20)) AS Created, CAST(CAST(Client0 AS bit) AS varchar(1)) AS Flag
FROM v_R_System
WHERE ResourceID IN (101, 103)

/* expect
Name0|Created|Flag
PC-LON-001|Jan 15 2024  9:30AM|1
PC-PAR-003|Dec 31 2025 12:00PM|0
*/
