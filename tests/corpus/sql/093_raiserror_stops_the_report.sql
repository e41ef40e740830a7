-- RAISERROR of severity 16 stops the report with its message.
DECLARE @n int
SELECT @n = COUNT(*) FROM v_R_System WHERE Client0 = 1
IF @n > 5
    RAISERROR('too many clients: %d', 16, 1, @n)
SELECT @n AS N

/* expect error WQL0509 at 5:5
*/
