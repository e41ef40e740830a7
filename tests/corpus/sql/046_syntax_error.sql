-- A missing AND is a syntax error at the next word.
SELECT Name0 FROM v_R_System WHERE Client0 = 1 Name0 LIKE 'PC%'

/* expect error WQL0501 at 2:48
*/
