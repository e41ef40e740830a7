-- A NEWID() DEFAULT gives every inserted row its own value, in one INSERT … SELECT
-- as in several; a GETDATE() DEFAULT is one value per statement.
CREATE TABLE #tagged (Name varchar(20), Id uniqueidentifier DEFAULT NEWID(),
                      Label varchar(40) DEFAULT 'row ' + CONVERT(varchar(36), NEWID()),
                      Added datetime DEFAULT GETDATE())
INSERT INTO #tagged (Name) SELECT Name0 FROM v_R_System
INSERT INTO #tagged DEFAULT VALUES
SELECT COUNT(*) AS Rows, COUNT(DISTINCT Id) AS Ids, COUNT(DISTINCT Label) AS Labels,
       MIN(LEN(CONVERT(varchar(36), Id))) AS Shortest, COUNT(DISTINCT Added) AS Times
FROM #tagged WHERE Name IS NOT NULL

/* expect
Rows|Ids|Labels|Shortest|Times
8|8|8|36|1
*/
