-- A view the snapshot does not have is reported where it is named.
SELECT * FROM v_GS_NOT_A_VIEW

/* expect error WQL0503 at 2:15
*/
