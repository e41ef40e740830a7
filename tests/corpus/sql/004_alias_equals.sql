-- Column aliases written as alias = expression and as a string.
SELECT [Computer] = Name0,
       'Primary User' = ISNULL(User_Name0, N'(none)'),
       Domain = Resource_Domain_OR_Workgr0
FROM v_R_System
WHERE ResourceID IN (103, 104)

/* expect
Computer|Primary User|Domain
PC-PAR-003|(none)|CONTOSO
SRV-DC-01|admin|CONTOSO
*/
