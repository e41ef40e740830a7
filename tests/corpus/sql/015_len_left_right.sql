-- LEN ignores trailing blanks; LEFT and RIGHT.
SELECT Name0, LEN(Name0) AS L, LEFT(Name0, 2) AS Prefix, RIGHT(Name0, 3) AS Suffix, LEN(N'abc  ') AS Trailing
FROM v_R_System
WHERE ResourceID IN (101, 108)

/* expect
Name0|L|Prefix|Suffix|Trailing
PC-LON-001|10|PC|001|3
KIOSK_01|8|KI|_01|3
*/
