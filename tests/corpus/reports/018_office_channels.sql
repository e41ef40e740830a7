-- Microsoft 365 Apps installs per update channel and version, translating the CDN channel URL to a channel name.
-- Modelled on published "Office 365 ProPlus channel and version" reports over the Office365ProPlusConfigurations class.
SET NOCOUNT ON

DECLARE @CollectionID varchar(8) = 'SMS00001'

IF OBJECT_ID('tempdb..#O365') IS NOT NULL DROP TABLE #O365

SELECT  o.ResourceID,
        o.VersionToReport0                                   AS Version,
        o.Platform0                                          AS Platform,
        COALESCE(o.UpdateChannel0, o.cfgUpdateChannel0, o.CDNBaseUrl0) AS ChannelUrl,
        o.GPOChannel0                                        AS GPOChannel,
        o.SharedComputerLicensing0                           AS SharedLicensing,
        o.TimeStamp,
        CAST('' AS varchar(40))                              AS Channel
INTO    #O365
FROM    v_GS_OFFICE365PROPLUSCONFIGURATIONS o
        INNER JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = o.ResourceID
WHERE   fcm.CollectionID = @CollectionID

UPDATE #O365
SET Channel = CASE
        WHEN ChannelUrl LIKE '%492350f6-3a01-4f97-b9c0-c7c6ddf67d60%' THEN 'Current'
        WHEN ChannelUrl LIKE '%64256afe-f5d9-4f86-8936-8840a6a4f5be%' THEN 'Current (Preview)'
        WHEN ChannelUrl LIKE '%55336b82-a18d-4dd6-b5f6-9e5095c314a6%' THEN 'Monthly Enterprise'
        WHEN ChannelUrl LIKE '%7ffbc6bf-bc32-4f92-8982-f9dd17fd3114%' THEN 'Semi-Annual Enterprise'
        WHEN ChannelUrl LIKE '%b8f9b850-328d-4355-9145-c59439a0c4cf%' THEN 'Semi-Annual (Preview)'
        WHEN ChannelUrl LIKE '%5440fd1f-7ecb-4221-8110-145efaa6372f%' THEN 'Beta'
        WHEN ChannelUrl IS NULL THEN 'Not reported'
        ELSE 'Other'
    END

SELECT  Channel                       AS [Update Channel],
        ISNULL(Version, 'n/a')        AS [Version],
        ISNULL(Platform, '')          AS [Platform],
        COUNT(*)                      AS [Installs],
        SUM(CASE WHEN SharedLicensing = '1' THEN 1 ELSE 0 END) AS [Shared Activation],
        CONVERT(varchar(10), MAX(TimeStamp), 120) AS [Latest Inventory]
FROM    #O365
GROUP BY Channel, Version, Platform
ORDER BY Channel, [Installs] DESC

DROP TABLE #O365
