-- Devices with their IPv4 addresses, subnets, MAC addresses and AD site, one line per device.
-- Modelled on published "computers by IP subnet / network details" reports over the discovery array views.
SET NOCOUNT ON

DECLARE @SubnetFilter varchar(20) = '%'      -- e.g. '10.1.%'

IF OBJECT_ID('tempdb..#Net') IS NOT NULL DROP TABLE #Net

SELECT  sys.ResourceID,
        sys.Netbios_Name0     AS Computer,
        sys.AD_Site_Name0     AS ADSite,
        sys.Active0           AS Active
INTO    #Net
FROM    v_R_System sys
WHERE   ISNULL(sys.Obsolete0, 0) = 0
  AND   EXISTS (SELECT 1 FROM v_RA_System_IPSubnets sn
                WHERE sn.ResourceID = sys.ResourceID AND sn.IP_Subnets0 LIKE @SubnetFilter)

SELECT  n.Computer,
        ISNULL(n.ADSite, '')                                   AS [AD Site],
        STUFF((SELECT ', ' + ip.IP_Addresses0
               FROM v_RA_System_IPAddresses ip
               WHERE ip.ResourceID = n.ResourceID
                 AND CHARINDEX(':', ip.IP_Addresses0) = 0       -- IPv4 only
                 AND ip.IP_Addresses0 NOT LIKE '169.254.%'
               ORDER BY ip.IP_Addresses0
               FOR XML PATH('')), 1, 2, '')                   AS [IPv4 Addresses],
        STUFF((SELECT DISTINCT ', ' + sn.IP_Subnets0
               FROM v_RA_System_IPSubnets sn
               WHERE sn.ResourceID = n.ResourceID
               FOR XML PATH('')), 1, 2, '')                   AS [Subnets],
        STUFF((SELECT ', ' + mac.MAC_Addresses0
               FROM v_RA_System_MACAddresses mac
               WHERE mac.ResourceID = n.ResourceID
               FOR XML PATH('')), 1, 2, '')                   AS [MAC Addresses],
        CASE WHEN n.Active = 1 THEN 'Yes' ELSE 'No' END        AS [Active]
FROM    #Net n
ORDER BY [Subnets], n.Computer

DROP TABLE #Net
