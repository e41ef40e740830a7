-- WHILE with CONTINUE and BREAK filling a table variable: odd numbers below 8.
DECLARE @n TABLE (N int)
DECLARE @i int = 0
WHILE @i < 100
BEGIN
    SET @i = @i + 1
    IF @i % 2 = 0 CONTINUE
    IF @i > 7 BREAK
    INSERT INTO @n VALUES (@i)
END
SELECT N, @i AS LastI FROM @n ORDER BY N

/* expect ordered
N|LastI
1|9
3|9
5|9
7|9
*/
