-- Filtering on a date formatted with CONVERT style 120.
SELECT COUNT(*) AS n
FROM v_R_System
WHERE CONVERT(varchar(10), Creation_Date0, 120) = '2024-03-02'

/* expect
n
1
*/
