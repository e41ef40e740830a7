-- CONVERT of text to datetime reads the numbers in the style's order
-- ("Date and time styles" in CAST and CONVERT: 101 mm/dd/yyyy, 103
-- dd/mm/yyyy, 104 dd.mm.yyyy, 105 dd-mm-yyyy, 111 yyyy/mm/dd, 112 yyyymmdd,
-- 113 dd mon yyyy hh:mi:ss:mmm); the results are written back with style 121.
-- TRY_CONVERT of a 31 February is NULL.
SELECT CONVERT(varchar(23), CONVERT(datetime, '01/15/2024 13:45:30', 101), 121) AS US,
       CONVERT(varchar(23), CONVERT(datetime, '15/01/2024 13:45:30', 103), 121) AS British,
       CONVERT(varchar(23), CONVERT(datetime, '15.01.2024', 104), 121) AS German,
       CONVERT(varchar(23), CONVERT(datetime, '15-01-2024', 105), 121) AS Italian,
       CONVERT(varchar(23), CONVERT(datetime, '2024/01/15', 111), 121) AS Japan,
       CONVERT(varchar(23), CONVERT(datetime, '20240115', 112), 121) AS ISO,
       CONVERT(varchar(23), CONVERT(datetime, '15 Jan 2024 13:45:30:120', 113), 121) AS Europe,
       TRY_CONVERT(datetime, '31/02/2024', 103) AS Impossible

/* expect
US|British|German|Italian|Japan|ISO|Europe|Impossible
2024-01-15 13:45:30.000|2024-01-15 13:45:30.000|2024-01-15 00:00:00.000|2024-01-15 00:00:00.000|2024-01-15 00:00:00.000|2024-01-15 00:00:00.000|2024-01-15 13:45:30.120|NULL
*/
