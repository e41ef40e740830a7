-- ORDER BY text ignores case, and NULLs come first.
SELECT User_Name0 FROM v_R_System ORDER BY User_Name0

/* expect ordered
User_Name0
NULL
NULL
NULL
admin
anna
Bob
carol
dave
*/
