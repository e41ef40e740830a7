-- Windows Server version from the caption (PATINDEX with a character class).
SELECT s.Name0, SUBSTRING(os.Caption0, PATINDEX('%[0-9]%', os.Caption0), 4) AS Version
FROM v_R_System s
JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
WHERE PATINDEX('%server%', os.Caption0) > 0
ORDER BY s.Name0

/* expect ordered
Name0|Version
SRV-DC-01|2022
SRV-SQL-02|2012
*/
