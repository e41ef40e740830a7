-- Text compared with a number is converted to the number, so 977878 < 5000000.
SELECT COUNT(*) AS Newer
FROM v_UpdateInfo
WHERE ArticleID > 5000000

/* expect
Newer
3
*/
