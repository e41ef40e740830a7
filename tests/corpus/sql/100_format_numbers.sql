-- FORMAT of numbers: N, P and custom #,##0 (en-US).
SELECT FORMAT(SUM(Size0) * 1.0 / 1024, 'N1') AS TotalGB,
       FORMAT(SUM(FreeSpace0) * 1.0 / SUM(Size0), 'P1') AS Free,
       FORMAT(SUM(Size0), '#,##0') AS MB,
       FORMAT(COUNT(*), '00') AS Disks
FROM v_GS_LOGICAL_DISK

/* expect
TotalGB|Free|MB|Disks
3,214.7|54.2 %|3,291,840|09
*/
