-- Start of today with the DATEADD/DATEDIFF idiom (day 0 is 1900-01-01), DATENAME.
SELECT CAST(0 AS datetime) AS DayZero,
       DATEADD(dd, DATEDIFF(dd, 0, GETDATE()), 0) AS Today,
       DATENAME(month, GETDATE()) AS [Month],
       DATENAME(weekday, GETDATE()) AS [Weekday]

/* expect
DayZero|Today|Month|Weekday
1900-01-01 00:00:00|2026-11-01 00:00:00|November|Sunday
*/
