-- A bit among numbers is a number (ISNULL(IsClient, 0)); an error code in
-- hexadecimal through varbinary(4); a correlated DISTINCT list in a grouped select.
SELECT m.CollectionID,
       SUM(ISNULL(m.IsClient, 0)) AS Clients,
       CONVERT(varchar(10), CONVERT(varbinary(4), -2145107924), 1) AS Hex,
       STUFF((SELECT DISTINCT ', ' + UPPER(LEFT(s.Name0, 2))
              FROM v_R_System s
              JOIN v_FullCollectionMembership x ON x.ResourceID = s.ResourceID
              WHERE x.CollectionID = m.CollectionID
              FOR XML PATH('')), 1, 2, '') AS Prefixes
FROM v_FullCollectionMembership m
GROUP BY m.CollectionID

/* expect
CollectionID|Clients|Hex|Prefixes
SMS00001|6|0x8024402C|KI, LT, PC, SR
CON00010|3|0x8024402C|LT, PC
CON00011|2|0x8024402C|SR
CON00012|2|0x8024402C|PC
*/
