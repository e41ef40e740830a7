-- IDENTITY numbers the rows an INSERT adds (from its seed, by its increment, across
-- statements); a column left out takes its DEFAULT, or NULL; INSERT without a column
-- list fills every column but the identity; DEFAULT VALUES adds one row of defaults.
CREATE TABLE #seen (Id int IDENTITY(10, 5), Name varchar(20), Checked bit DEFAULT 0,
                    Tag varchar(10) NOT NULL DEFAULT 'none', Note varchar(10))
INSERT INTO #seen (Name) SELECT Name0 FROM v_R_System WHERE ResourceID IN (101, 104)
INSERT INTO #seen VALUES ('extra', 1, 'manual', 'x')
INSERT INTO #seen DEFAULT VALUES
INSERT INTO #seen (Name, Tag) VALUES ('last', 'kept')
SELECT Id, Name, Checked, Tag, Note, @@ROWCOUNT AS Added FROM #seen ORDER BY Id

/* expect ordered
Id|Name|Checked|Tag|Note|Added
10|PC-LON-001|0|none|NULL|1
15|SRV-DC-01|0|none|NULL|1
20|extra|1|manual|x|1
25|NULL|0|none|NULL|1
30|last|0|kept|NULL|1
*/
