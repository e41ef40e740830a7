-- A report never changes the snapshot: an UPDATE of a view is an error naming it.
UPDATE v_R_System SET Name0 = 'X' WHERE ResourceID = 101
SELECT Name0 FROM v_R_System

/* expect error WQL0510 at 2:1
*/
