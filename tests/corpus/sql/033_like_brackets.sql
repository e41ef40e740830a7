-- LIKE with character classes and ranges.
SELECT Name0
FROM v_R_System
WHERE Name0 LIKE '[lp][ct]-[a-n]%'
ORDER BY Name0

/* expect ordered
Name0
LT-NYC-006
LT-NYC-007
PC-LON-001
pc-lon-002
*/
