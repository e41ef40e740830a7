-- TRY_CAST and TRY_CONVERT: NULL where the conversion fails, the value where it succeeds.
SELECT Name0,
       TRY_CAST(RIGHT(Name0, 3) AS int) AS Number,
       TRY_CONVERT(int, LEFT(Name0, 2)) AS Prefix,
       TRY_CAST('2024-02-30' AS datetime) AS BadDate,
       TRY_CONVERT(datetime, '20240228') AS GoodDate
FROM v_R_System
WHERE ResourceID IN (101, 104, 108)

/* expect
Name0|Number|Prefix|BadDate|GoodDate
PC-LON-001|1|NULL|NULL|2024-02-28 00:00:00
SRV-DC-01|-1|NULL|NULL|2024-02-28 00:00:00
KIOSK_01|NULL|NULL|NULL|2024-02-28 00:00:00
*/
