-- CONVERT of datetimes to text with styles 101, 103, 120 and 121.
SELECT Name0,
       CONVERT(varchar(10), Creation_Date0, 101) AS US,
       CONVERT(varchar(10), Creation_Date0, 103) AS UK,
       CONVERT(varchar(19), Creation_Date0, 120) AS ODBC,
       CONVERT(varchar(23), Creation_Date0, 121) AS ODBCms
FROM v_R_System
WHERE ResourceID IN (101, 102)

/* expect
Name0|US|UK|ODBC|ODBCms
PC-LON-001|01/15/2024|15/01/2024|2024-01-15 09:30:00|2024-01-15 09:30:00.000
pc-lon-002|03/02/2024|02/03/2024|2024-03-02 23:59:00|2024-03-02 23:59:00.000
*/
