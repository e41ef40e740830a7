-- The FOR XML PATH list idiom escapes &, < and > as XML does; with TYPE read back by
-- .value('.', 'nvarchar(max)') the list is plain text.
SELECT STUFF((SELECT '; ' + Name FROM (VALUES (2, 'R&D'), (1, 'A<B'), (3, 'Ops')) AS n (Pos, Name)
              ORDER BY Pos FOR XML PATH('')), 1, 2, '') AS Escaped,
       STUFF((SELECT '; ' + Name FROM (VALUES (2, 'R&D'), (1, 'A<B'), (3, 'Ops')) AS n (Pos, Name)
              ORDER BY Pos FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 2, '') AS AsText

/* expect
Escaped|AsText
A&lt;B; R&amp;D; Ops|A<B; R&D; Ops
*/
