-- Expressions without an alias are named Column1, Column2, ….
SELECT Name0, LEN(Name0), UPPER(LEFT(Name0, 2))
FROM v_R_System
WHERE ResourceID = 104

/* expect
Name0|Column1|Column2
SRV-DC-01|9|SR
*/
