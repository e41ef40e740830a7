-- Users without the domain part (STUFF, CHARINDEX).
SELECT Name0, STUFF(Resource_Domain_OR_Workgr0 + '\' + User_Name0, 1, CHARINDEX('\', Resource_Domain_OR_Workgr0 + '\' + User_Name0), '') AS [User]
FROM v_R_System
WHERE User_Name0 IS NOT NULL AND ResourceID < 104
ORDER BY ResourceID

/* expect ordered
Name0|User
PC-LON-001|anna
pc-lon-002|Bob
*/
