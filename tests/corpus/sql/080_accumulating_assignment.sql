-- Building a list row by row with SELECT @v = @v + … is reported, not answered
-- with one row's value.
DECLARE @list nvarchar(max) = '';
SELECT @list = @list + Name0 + ',' FROM v_R_System;
SELECT @list AS Machines

/* expect error WQL0502 at 4:1
*/
