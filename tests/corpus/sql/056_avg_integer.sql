-- AVG of an integer column is an integer (truncated); AVG of a decimal expression is not.
SELECT AVG(Client0) AS AvgClient, AVG(ResourceID) AS AvgId, AVG(ResourceID * 1.0) AS AvgExact
FROM v_R_System

/* expect
AvgClient|AvgId|AvgExact
0|104|104.5
*/
