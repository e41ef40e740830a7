-- NULLIF compares under the collation: case and trailing blanks do not count.
SELECT NULLIF(N'ABC  ', N'abc') AS Blanked, NULLIF(N'x', N'y') AS Kept

/* expect
Blanked|Kept
NULL|x
*/
