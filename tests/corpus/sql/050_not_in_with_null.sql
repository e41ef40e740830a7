-- NOT IN over a set holding NULL is empty.
SELECT COUNT(*) AS n
FROM v_R_System
WHERE User_Name0 NOT IN (SELECT User_Name0 FROM v_R_System WHERE ResourceID > 104)

/* expect
n
0
*/
