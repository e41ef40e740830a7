-- Discoveries per year and quarter (DATEPART in GROUP BY).
SELECT DATEPART(year, Creation_Date0) AS [Year], DATEPART(quarter, Creation_Date0) AS Q, COUNT(*) AS Devices
FROM v_R_System
WHERE Creation_Date0 IS NOT NULL
GROUP BY DATEPART(year, Creation_Date0), DATEPART(quarter, Creation_Date0)
ORDER BY [Year], Q

/* expect ordered
Year|Q|Devices
2022|4|1
2023|2|1
2024|1|2
2025|4|1
2026|1|1
2026|4|1
*/
