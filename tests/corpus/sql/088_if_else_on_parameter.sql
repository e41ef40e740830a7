-- IF … ELSE on a report parameter, with BEGIN … END blocks: only the chosen
-- branch runs, and its result is the report's.
-- param: Scope=servers
IF @Scope = 'servers'
BEGIN
    SELECT Name0 FROM v_R_System WHERE Operating_System_Name_and0 LIKE '%Server%'
END
ELSE
BEGIN
    SELECT Name0 FROM v_R_System WHERE Operating_System_Name_and0 LIKE '%Workstation%'
END

/* expect
Name0
SRV-DC-01
SRV-SQL-02
*/
