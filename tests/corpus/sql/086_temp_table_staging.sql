-- Staging in a temp table: drop if left over, CREATE with declared types,
-- INSERT … SELECT into some columns, UPDATE from another column, DELETE, then join it.
IF OBJECT_ID('tempdb..#disks') IS NOT NULL DROP TABLE #disks
CREATE TABLE #disks (ResourceID int NOT NULL, Drive varchar(2), FreeGB decimal(9,2), Low bit)
INSERT INTO #disks (ResourceID, Drive, FreeGB)
SELECT ResourceID, UPPER(DeviceID0), FreeSpace0 / 1024.0 FROM v_GS_LOGICAL_DISK
UPDATE #disks SET Low = CASE WHEN FreeGB < 10 THEN 1 ELSE 0 END
DELETE FROM #disks WHERE Drive <> 'C:'
SELECT d.ResourceID, s.Name0, d.FreeGB, d.Low
FROM #disks d JOIN v_R_System s ON s.ResourceID = d.ResourceID
WHERE d.Low = 1

/* expect
ResourceID|Name0|FreeGB|Low
102|pc-lon-002|8.79|1
105|SRV-SQL-02|2.00|1
*/
