-- `&`, `|` and `^` of two bits are a bit, compared with 0 and 1; with an int they are
-- an int; NULL on either side gives NULL (not AND's three-valued FALSE).
SELECT Name,
       CASE WHEN A & B = 1 THEN 'yes' ELSE 'no' END AS BothSet,
       A | B AS Either,
       A ^ B AS Differ,
       A | 6 AS WithInt
FROM (SELECT Name, CAST(A AS bit) AS A, CAST(B AS bit) AS B
      FROM (VALUES ('both', 1, 1), ('one', 1, 0), ('none', 0, 0), ('unknown', 0, NULL)) AS f (Name, A, B)) AS flags

/* expect
Name|BothSet|Either|Differ|WithInt
both|yes|1|0|7
one|no|1|1|7
none|no|0|0|6
unknown|no|NULL|NULL|6
*/
