-- BETWEEN and IN (subquery) on text ignore case and trailing blanks.
SELECT Name0
FROM v_R_System
WHERE Name0 BETWEEN 'pc-a' AND 'PC-M'
  AND ResourceID IN (SELECT ResourceID FROM v_Add_Remove_Programs WHERE DisplayName0 = 'GOOGLE CHROME')

/* expect
Name0
PC-LON-001
pc-lon-002
*/
