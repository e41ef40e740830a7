-- EOMONTH with a month offset, and LOG in base e and in a given base.
SELECT s.Name0,
       EOMONTH(Creation_Date0, 1) AS NextMonthEnd,
       ROUND(LOG(Size0 / 1000), 3) AS LnGB,
       LOG(8, 2) AS Three
FROM v_R_System s JOIN v_GS_LOGICAL_DISK d ON d.ResourceID = s.ResourceID
WHERE s.ResourceID = 104

/* expect
Name0|NextMonthEnd|LnGB|Three
SRV-DC-01|2023-07-31|4.625|3
*/
