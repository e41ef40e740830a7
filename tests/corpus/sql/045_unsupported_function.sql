-- A function with no offline equivalent is reported, not guessed.
SELECT Name0, SOUNDEX(Name0) FROM v_R_System

/* expect error WQL0502 at 2:15
*/
