-- AVG(DISTINCT) of an integer column is an integer too: the distinct clients flags {0, 1} average to 0.
SELECT AVG(DISTINCT Client0) AS AvgDistinct, COUNT(DISTINCT Client0) AS Flags
FROM v_R_System

/* expect
AvgDistinct|Flags
0|2
*/
