-- Hardware inventory age in buckets (GROUP BY a CASE).
SELECT CASE WHEN DATEDIFF(day, ws.LastHWScan, GETDATE()) <= 7 THEN '0-7 days'
            WHEN DATEDIFF(day, ws.LastHWScan, GETDATE()) <= 30 THEN '8-30 days'
            ELSE 'over 30 days' END AS Age,
       COUNT(*) AS Devices
FROM v_GS_WORKSTATION_STATUS ws
GROUP BY CASE WHEN DATEDIFF(day, ws.LastHWScan, GETDATE()) <= 7 THEN '0-7 days'
              WHEN DATEDIFF(day, ws.LastHWScan, GETDATE()) <= 30 THEN '8-30 days'
              ELSE 'over 30 days' END
ORDER BY Age

/* expect ordered
Age|Devices
0-7 days|4
over 30 days|2
*/
