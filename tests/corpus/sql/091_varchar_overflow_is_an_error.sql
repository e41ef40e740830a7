-- A value longer than its varchar column is an error, as on the server
-- ("String or binary data would be truncated"), not a silent cut.
DECLARE @t TABLE (Name varchar(5))
INSERT INTO @t SELECT Name0 FROM v_R_System
SELECT * FROM @t

/* expect error WQL0512 at 4:1
*/
