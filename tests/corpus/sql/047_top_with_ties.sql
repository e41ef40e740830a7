-- TOP … WITH TIES is reported as unsupported.
SELECT TOP (1) WITH TIES Name0 FROM v_R_System ORDER BY Client0

/* expect error WQL0502 at 2:1
*/
