-- The FOR XML PATH list idiom in a subquery correlated by BETWEEN: each range's
-- names in ResourceID order; NULL for an empty range or a NULL bound.
SELECT b.Label,
       STUFF((SELECT ', ' + s.Name0 FROM v_R_System s
              WHERE s.ResourceID BETWEEN b.Lo AND b.Hi
              ORDER BY s.ResourceID
              FOR XML PATH('')), 1, 2, '') AS Names
FROM (VALUES ('low', 101, 103), ('high', 106, 110), ('none', 200, 300), ('unknown', NULL, 105)) AS b (Label, Lo, Hi)

/* expect
Label|Names
low|PC-LON-001, pc-lon-002, PC-PAR-003
high|LT-NYC-006, LT-NYC-007, KIOSK_01
none|NULL
unknown|NULL
*/
