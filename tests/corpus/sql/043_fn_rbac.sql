-- fn_rbac_* functions read their plain view (with a warning).
SELECT COUNT(*) AS Devices
FROM fn_rbac_R_System(@UserSIDs) sys
WHERE sys.Client0 = 1

/* expect
Devices
6
*/
