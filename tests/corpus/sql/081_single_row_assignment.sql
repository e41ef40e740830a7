-- Without FROM, a SELECT assigns from one row: reading the variable itself is fine.
DECLARE @n int = 41;
SELECT @n = @n + 1;
SELECT @n AS Answer

/* expect
Answer
42
*/
