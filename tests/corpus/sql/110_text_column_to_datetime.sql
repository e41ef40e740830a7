-- Text in a column (not only a literal) converts to datetime in the forms
-- SQL Server reads, mm/dd/yyyy included; TRY_CONVERT gives NULL for other text.
SELECT Name0,
       TRY_CONVERT(datetime, Name0, 101) AS FromName,
       TRY_CONVERT(datetime, CONVERT(varchar(10), Creation_Date0, 101), 101) AS RoundTrip
FROM v_R_System
WHERE ResourceID IN (101, 107)

/* expect
Name0|FromName|RoundTrip
PC-LON-001|NULL|2024-01-15 00:00:00
LT-NYC-007|NULL|2026-03-01 00:00:00
*/
