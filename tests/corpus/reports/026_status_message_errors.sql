-- Site component error status messages from the last N hours with their insertion strings joined into one text.
-- Modelled on published "component status messages with errors" queries over v_StatusMessage and v_StatMsgInsStrings.
SET NOCOUNT ON

DECLARE @Hours int = 72
DECLARE @SiteCode nvarchar(3) = (SELECT TOP 1 SiteCode FROM v_Site ORDER BY SiteCode)

IF OBJECT_ID('tempdb..#Msgs') IS NOT NULL
    DROP TABLE #Msgs

SELECT  sm.RecordID,
        sm.SiteCode,
        sm.MachineName,
        sm.Component,
        sm.MessageID,
        CASE sm.Severity
            WHEN -1073741824 THEN 'Error'
            WHEN -2147483648 THEN 'Warning'
            WHEN 1073741824  THEN 'Informational'
            ELSE CAST(sm.Severity AS varchar(12))
        END AS SeverityName,
        sm.Time
INTO    #Msgs
FROM    v_StatusMessage sm
WHERE   sm.Time >= DATEADD(hour, -@Hours, GETDATE())
  AND   sm.Severity IN (-1073741824, -2147483648)
  AND   sm.SiteCode = @SiteCode

SELECT  m.SeverityName                          AS [Severity],
        m.MachineName                           AS [System],
        m.Component,
        m.MessageID                             AS [Message ID],
        CONVERT(varchar(19), m.Time, 120)       AS [Time],
        STUFF((SELECT ' | ' + ins.InsStrValue
               FROM v_StatMsgInsStrings ins
               WHERE ins.RecordID = m.RecordID
               ORDER BY ins.InsStrIndex
               FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 3, '') AS [Insertion Strings]
FROM    #Msgs m
ORDER BY m.Time DESC

SELECT  Component, SeverityName AS [Severity], COUNT(*) AS [Messages]
FROM    #Msgs
GROUP BY Component, SeverityName
ORDER BY [Messages] DESC

DROP TABLE #Msgs
