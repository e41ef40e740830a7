-- A subquery correlated by BETWEEN rather than `=`: a count per range; an empty
-- range counts 0, and so does a range with a NULL bound.
SELECT b.Label,
       (SELECT COUNT(*) FROM v_R_System s WHERE s.ResourceID BETWEEN b.Lo AND b.Hi) AS Devices
FROM (VALUES ('low', 101, 103), ('high', 106, 110), ('none', 200, 300), ('unknown', NULL, 105)) AS b (Label, Lo, Hi)

/* expect
Label|Devices
low|3
high|3
none|0
unknown|0
*/
