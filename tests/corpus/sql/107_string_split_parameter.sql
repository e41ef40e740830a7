-- A multi-value report parameter split with STRING_SPLIT.
-- param: Collections=CON00011,CON00012
SELECT m.CollectionID, COUNT(*) AS Members
FROM v_FullCollectionMembership m
WHERE m.CollectionID IN (SELECT value FROM STRING_SPLIT(@Collections, ','))
GROUP BY m.CollectionID

/* expect
CollectionID|Members
CON00011|2
CON00012|2
*/
