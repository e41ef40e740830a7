-- A WHILE loop whose condition never changes stops at the round limit.
DECLARE @i int = 0
WHILE @i < 10
    SET @i = @i
SELECT @i AS I

/* expect error WQL0511 at 3:7
*/
