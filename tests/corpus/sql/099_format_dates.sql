-- FORMAT of dates with .NET standard and custom formats (en-US), EOMONTH,
-- DATETRUNC and FORMATMESSAGE.
SELECT Name0,
       FORMAT(Creation_Date0, 'yyyy-MM-dd') AS Created,
       FORMAT(Creation_Date0, 'd') AS Short,
       FORMAT(Creation_Date0, 'dddd, MMM d') AS Day,
       FORMAT(EOMONTH(Creation_Date0), 'yyyy-MM-dd') AS MonthEnd,
       DATETRUNC(month, Creation_Date0) AS MonthStart,
       FORMAT(ResourceID, 'D6') AS Id,
       FORMATMESSAGE('%s (%d)', Name0, ResourceID) AS Label
FROM v_R_System
WHERE ResourceID IN (101, 102)

/* expect
Name0|Created|Short|Day|MonthEnd|MonthStart|Id|Label
PC-LON-001|2024-01-15|1/15/2024|Monday, Jan 15|2024-01-31|2024-01-01 00:00:00|000101|PC-LON-001 (101)
pc-lon-002|2024-03-02|3/2/2024|Saturday, Mar 2|2024-03-31|2024-03-01 00:00:00|000102|pc-lon-002 (102)
*/
