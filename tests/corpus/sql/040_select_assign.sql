-- SELECT @v = … keeps the last row; a later assignment replaces it.
DECLARE @Newest nvarchar(64), @Count int
SELECT @Newest = Name0, @Count = 1 FROM v_R_System WHERE Creation_Date0 IS NOT NULL ORDER BY Creation_Date0
SELECT @Count = COUNT(*) FROM v_R_System
SELECT @Newest AS Newest, @Count AS Devices

/* expect
Newest|Devices
LT-NYC-006|8
*/
