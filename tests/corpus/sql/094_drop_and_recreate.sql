-- DROP TABLE IF EXISTS, a table dropped and created again in one script,
-- TRUNCATE TABLE, and IF EXISTS over a temp table.
DROP TABLE IF EXISTS #t
SELECT ResourceID INTO #t FROM v_R_System
TRUNCATE TABLE #t
IF EXISTS (SELECT * FROM #t) SELECT 'rows' AS State ELSE SELECT 'empty' AS State
DROP TABLE #t
CREATE TABLE #t (State varchar(10))
INSERT INTO #t VALUES ('again'), ('twice')
SELECT State FROM #t

/* expect
State
again
twice
*/
