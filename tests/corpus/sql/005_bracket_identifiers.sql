-- Bracketed aliases with spaces and punctuation, ordered by one of them.
SELECT s.Name0 AS [Name (NetBIOS)], d.DeviceID0 AS [Drive/Letter], d.FreeSpace0 AS [Free Space, MB]
FROM v_R_System AS s
INNER JOIN v_GS_LOGICAL_DISK AS d ON d.ResourceID = s.ResourceID
WHERE d.FreeSpace0 < 10000
ORDER BY [Free Space, MB]

/* expect ordered
Name (NetBIOS)|Drive/Letter|Free Space, MB
SRV-SQL-02|C:|2048
pc-lon-002|C:|9000
*/
