-- LEFT with a negative length is an error in SQL Server, not the string less its end.
SELECT LEFT(User_Name0, CHARINDEX('x', User_Name0) - 1) AS Short
FROM v_R_System

/* expect error WQL0507 at 2:1
*/
