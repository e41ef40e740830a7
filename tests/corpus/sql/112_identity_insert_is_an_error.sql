-- A value for an IDENTITY column is refused while IDENTITY_INSERT is OFF, as on the server.
DECLARE @t TABLE (Id int IDENTITY, Name varchar(20))
INSERT INTO @t (Id, Name) VALUES (7, 'seven')
SELECT * FROM @t

/* expect error WQL0512 at 3:1
*/
