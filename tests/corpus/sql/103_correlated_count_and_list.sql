-- Correlated COUNT and STRING_AGG … WITHIN GROUP in the select list, one
-- row per collection (a COUNT of nothing is 0, a list of nothing NULL).
SELECT c.CollectionID,
       (SELECT COUNT(*) FROM v_FullCollectionMembership m
        WHERE m.CollectionID = c.CollectionID AND m.IsClient = 1) AS Clients,
       (SELECT STRING_AGG(m.Name, ', ') WITHIN GROUP (ORDER BY m.Name)
        FROM v_FullCollectionMembership m
        WHERE m.CollectionID = c.CollectionID AND m.IsClient = 0) AS NonClients
FROM v_Collection c

/* expect
CollectionID|Clients|NonClients
SMS00001|6|LT-NYC-006, PC-PAR-003
CON00010|3|LT-NYC-006, PC-PAR-003
CON00011|2|NULL
CON00012|2|NULL
CON00013|0|NULL
*/
