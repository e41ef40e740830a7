-- CONVERT styles 100, 106, 111; CHAR, CONCAT_WS, CHOOSE.
SELECT CONVERT(varchar(30), Creation_Date0, 100) AS Style100,
       CONVERT(varchar(11), Creation_Date0, 106) AS Style106,
       CONVERT(varchar(10), Creation_Date0, 111) AS Style111,
       Name0 + CHAR(45) + CAST(Client0 AS varchar(1)) AS Tagged,
       CONCAT_WS(', ', Name0, User_Name0, Resource_Domain_OR_Workgr0) AS Joined,
       CHOOSE(Client0 + 1, 'no client', 'client') AS ClientText
FROM v_R_System
WHERE ResourceID IN (101, 103)
ORDER BY ResourceID

/* expect ordered
Style100|Style106|Style111|Tagged|Joined|ClientText
Jan 15 2024  9:30AM|15 Jan 2024|2024/01/15|PC-LON-001-1|PC-LON-001, anna, CONTOSO|client
Dec 31 2025 12:00PM|31 Dec 2025|2025/12/31|PC-PAR-003-0|PC-PAR-003, CONTOSO|no client
*/
