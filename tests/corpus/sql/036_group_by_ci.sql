-- Devices per manufacturer: LENOVO and Lenovo are one group.
SELECT UPPER(Manufacturer0) AS Vendor, COUNT(*) AS Devices
FROM v_GS_COMPUTER_SYSTEM
GROUP BY Manufacturer0
ORDER BY Devices DESC, Vendor

/* expect ordered
Vendor|Devices
DELL INC.|2
LENOVO|2
HP|1
MICROSOFT CORPORATION|1
VMWARE, INC.|1
*/
