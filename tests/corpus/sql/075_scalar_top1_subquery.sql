-- The first program of each device by name, from a correlated TOP (1) subquery in the select list.
SELECT s.Name0,
       ISNULL((SELECT TOP (1) a.DisplayName0
               FROM v_Add_Remove_Programs a
               WHERE a.ResourceID = s.ResourceID
               ORDER BY a.DisplayName0), 'none') AS FirstApp
FROM v_R_System s
WHERE s.ResourceID IN (101, 102, 107, 108)
ORDER BY s.Name0

/* expect ordered
Name0|FirstApp
KIOSK_01|none
LT-NYC-007|7-Zip 23.01 (x64)
PC-LON-001|7-Zip 19.00 (x64)
pc-lon-002|Google Chrome
*/
