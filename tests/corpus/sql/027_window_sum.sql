-- Each disk next to its device total (SUM OVER).
SELECT ResourceID, DeviceID0, Size0, SUM(Size0) OVER (PARTITION BY ResourceID) AS DeviceTotal
FROM v_GS_LOGICAL_DISK
WHERE ResourceID IN (101, 105)
ORDER BY ResourceID, DeviceID0

/* expect ordered
ResourceID|DeviceID0|Size0|DeviceTotal
101|C:|476000|1429000
101|D:|953000|1429000
105|C:|61440|573440
105|E:|512000|573440
*/
