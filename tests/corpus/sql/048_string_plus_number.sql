-- Text + text concatenates; text + number adds.
SELECT Name0 + '-' + CAST(ResourceID AS varchar(10)) AS Tag, '5' + 1 AS Six
FROM v_R_System
WHERE ResourceID = 101

/* expect
Tag|Six
PC-LON-001-101|6
*/
