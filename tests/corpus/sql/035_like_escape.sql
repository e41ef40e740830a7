-- LIKE with an ESCAPE character.
SELECT DisplayName0
FROM v_Add_Remove_Programs
WHERE DisplayName0 LIKE '7-Zip __!.%' ESCAPE '!'

/* expect
DisplayName0
7-Zip 19.00 (x64)
7-Zip 23.01 (x64)
*/
