-- REPLACE matches case-insensitively; UPPER, LOWER, LTRIM, RTRIM.
SELECT REPLACE(Name0, 'pc-', 'WKS-') AS Renamed,
       UPPER(Name0) AS U,
       LOWER(Resource_Domain_OR_Workgr0) AS D,
       LTRIM(RTRIM('  padded  ')) AS T
FROM v_R_System
WHERE ResourceID IN (101, 102, 104)
ORDER BY ResourceID

/* expect ordered
Renamed|U|D|T
WKS-LON-001|PC-LON-001|contoso|padded
WKS-lon-002|PC-LON-002|contoso|padded
SRV-DC-01|SRV-DC-01|contoso|padded
*/
