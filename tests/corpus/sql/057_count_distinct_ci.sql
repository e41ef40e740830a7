-- COUNT(DISTINCT) treats names differing in case or trailing blanks as one.
SELECT COUNT(DISTINCT DisplayName0) AS Products, COUNT(DISTINCT Publisher0) AS Publishers
FROM v_Add_Remove_Programs

/* expect
Products|Publishers
7|4
*/
