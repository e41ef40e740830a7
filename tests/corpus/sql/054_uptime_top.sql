-- The two longest-running devices (TOP, ORDER BY a bracketed alias).
SELECT TOP 2 s.Name0, DATEDIFF(day, os.LastBootUpTime0, GETDATE()) AS [Uptime (days)]
FROM v_R_System s
JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
ORDER BY [Uptime (days)] DESC

/* expect ordered
Name0|Uptime (days)
SRV-SQL-02|305
SRV-DC-01|92
*/
