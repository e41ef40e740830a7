-- A parameter without a value is an error naming it.
SELECT Name0 FROM v_R_System WHERE Name0 = @ComputerName

/* expect error WQL0505 at 2:44
*/
