-- CAST to int, bigint, float, numeric(p,s), datetime, date, bit and nvarchar.
SELECT CAST('42' AS int) AS i,
       CAST(2147483648 AS bigint) AS b,
       CAST(1 AS float) / 4 AS f,
       CAST(2.345 AS numeric(5,2)) AS n,
       CAST('2024-02-29 13:45:00' AS datetime) AS dt,
       CAST('2024-02-29 13:45:00' AS date) AS d,
       CAST(1 AS bit) AS flag,
       CONVERT(nvarchar(10), 12345) AS s

/* expect
i|b|f|n|dt|d|flag|s
42|2147483648|0.25|2.35|2024-02-29 13:45:00|2024-02-29|1|12345
*/
