-- A value outside its column's type is an error, as on the server
-- (tinyint holds 0 to 255).
DECLARE @t TABLE (Percentage tinyint)
INSERT INTO @t SELECT COUNT(*) * 100 FROM v_R_System

/* expect error WQL0512 at 4:1
*/
