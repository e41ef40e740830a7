-- The limiting chain of a collection (a CTE that reads itself).
WITH Chain AS (
    SELECT CollectionID, LimitToCollectionID, 0 AS Depth
    FROM v_Collection WHERE CollectionID = 'CON00012'
    UNION ALL
    SELECT c.CollectionID, c.LimitToCollectionID, ch.Depth + 1
    FROM v_Collection c
    JOIN Chain ch ON c.CollectionID = ch.LimitToCollectionID
)
SELECT CollectionID, Depth FROM Chain ORDER BY Depth

/* expect ordered
CollectionID|Depth
CON00012|0
CON00010|1
SMS00001|2
*/
