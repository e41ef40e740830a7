-- MIN and MAX of text follow the case-insensitive collation (Bob sorts after anna).
SELECT UPPER(Resource_Domain_OR_Workgr0) AS Domain, MIN(User_Name0) AS FirstUser, MAX(User_Name0) AS LastUser
FROM v_R_System
GROUP BY Resource_Domain_OR_Workgr0
ORDER BY Domain

/* expect ordered
Domain|FirstUser|LastUser
CONTOSO|admin|Bob
FABRIKAM|carol|dave
WORKGROUP|NULL|NULL
*/
