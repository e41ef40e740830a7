-- Correlated aggregates in the select list: a COUNT (0 where nothing
-- matches), STRING_AGG … WITHIN GROUP, and FOR XML PATH('') escaping < and >.
SELECT c.CollectionID,
       (SELECT COUNT(*) FROM v_FullCollectionMembership m
        WHERE m.CollectionID = c.CollectionID AND m.IsClient = 1) AS Clients,
       (SELECT STRING_AGG(m.Name, ';') WITHIN GROUP (ORDER BY m.Name DESC)
        FROM v_FullCollectionMembership m
        WHERE m.CollectionID = c.CollectionID AND m.Name LIKE 'SRV%') AS Servers,
       (SELECT '<' + m.Name + '>' FROM v_FullCollectionMembership m
        WHERE m.CollectionID = c.CollectionID AND m.Name LIKE 'KIOSK%' FOR XML PATH('')) AS Kiosk
FROM v_Collection c

/* expect
CollectionID|Clients|Servers|Kiosk
SMS00001|6|SRV-SQL-02;SRV-DC-01|&lt;KIOSK_01&gt;
CON00010|3|NULL|NULL
CON00011|2|SRV-SQL-02;SRV-DC-01|NULL
CON00012|2|NULL|NULL
CON00013|0|NULL|NULL
*/
