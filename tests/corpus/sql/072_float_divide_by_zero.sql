-- Dividing a float by zero is an error, as in SQL Server, not infinity.
SELECT s.Name0, CAST(d.FreeSpace0 AS float) / (d.Size0 - d.Size0) AS Ratio
FROM v_GS_LOGICAL_DISK d JOIN v_R_System s ON s.ResourceID = d.ResourceID

/* expect error WQL0507 at 2:1
*/
