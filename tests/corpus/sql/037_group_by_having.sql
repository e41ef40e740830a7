-- Products on more than one device; names differing in case or trailing blanks group together.
SELECT RTRIM(LOWER(DisplayName0)) AS Product, COUNT(DISTINCT ResourceID) AS Devices
FROM v_Add_Remove_Programs
GROUP BY DisplayName0
HAVING COUNT(*) > 1
ORDER BY Product

/* expect ordered
Product|Devices
google chrome|4
microsoft 365 apps for enterprise - en-us|2
*/
