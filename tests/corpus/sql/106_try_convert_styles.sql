-- TRY_CONVERT of text to datetime with the style the text is written in
-- (101: mm/dd/yyyy, 120: ODBC canonical), NULL where the text is no date.
SELECT TRY_CONVERT(datetime, '03/15/2024', 101) AS Us,
       TRY_CONVERT(datetime, '2024-03-15 10:20:30', 120) AS Odbc,
       TRY_CONVERT(datetime, 'not a date', 101) AS Bad

/* expect
Us|Odbc|Bad
2024-03-15 00:00:00|2024-03-15 10:20:30|NULL
*/
