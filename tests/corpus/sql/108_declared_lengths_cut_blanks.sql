-- A temp table's varchar(n) keeps n characters: trailing blanks beyond the
-- length are dropped without an error, as SQL Server drops them.
CREATE TABLE #t (Code varchar(3), Name nvarchar(12))
INSERT INTO #t VALUES ('abc   ', 'PC-LON-001  ')
SELECT Code + ']' AS Code, Name + ']' AS Name, LEN(Name) AS Length FROM #t

/* expect
Code|Name|Length
abc]|PC-LON-001  ]|10
*/
