-- The last-named program not from Google on each device, NULL where there is none (OUTER APPLY of TOP (1)).
SELECT s.Name0, a.DisplayName0
FROM v_R_System s
OUTER APPLY (SELECT TOP (1) arp.DisplayName0
             FROM v_Add_Remove_Programs arp
             WHERE arp.ResourceID = s.ResourceID AND arp.Publisher0 <> 'Google LLC'
             ORDER BY arp.DisplayName0 DESC) a
ORDER BY s.Name0

/* expect ordered
Name0|DisplayName0
KIOSK_01|NULL
LT-NYC-006|Zoom
LT-NYC-007|Microsoft 365 Apps for enterprise - en-us
PC-LON-001|7-Zip 19.00 (x64)
pc-lon-002|Microsoft 365 Apps for enterprise - en-us
PC-PAR-003|NULL
SRV-DC-01|Microsoft SQL Server 2019 (64-bit)
SRV-SQL-02|Microsoft SQL Server 2014 (64-bit)
*/
