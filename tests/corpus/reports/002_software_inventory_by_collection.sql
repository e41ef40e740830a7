-- Installed software (32- and 64-bit Add/Remove Programs) in a collection, one row per product with install count and versions.
-- Modelled on published "software inventory by collection" reports.
SET NOCOUNT ON;

DECLARE @CollectionID varchar(8) = 'SMS00001';
DECLARE @SoftwareFilter nvarchar(100) = '%';

IF OBJECT_ID('tempdb..#ARP') IS NOT NULL DROP TABLE #ARP;

CREATE TABLE #ARP (
    ResourceID   int            NOT NULL,
    DisplayName  nvarchar(255)  NULL,
    Version      nvarchar(255)  NULL,
    Publisher    nvarchar(255)  NULL,
    Arch         varchar(3)     NOT NULL
);

-- 32-bit entries
INSERT INTO #ARP (ResourceID, DisplayName, Version, Publisher, Arch)
SELECT arp.ResourceID, arp.DisplayName0, arp.Version0, arp.Publisher0, 'x86'
FROM v_GS_ADD_REMOVE_PROGRAMS arp
INNER JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = arp.ResourceID
WHERE fcm.CollectionID = @CollectionID
  AND arp.DisplayName0 LIKE @SoftwareFilter;

-- 64-bit entries
INSERT INTO #ARP (ResourceID, DisplayName, Version, Publisher, Arch)
SELECT arp.ResourceID, arp.DisplayName0, arp.Version0, arp.Publisher0, 'x64'
FROM v_GS_ADD_REMOVE_PROGRAMS_64 arp
INNER JOIN v_FullCollectionMembership fcm ON fcm.ResourceID = arp.ResourceID
WHERE fcm.CollectionID = @CollectionID
  AND arp.DisplayName0 LIKE @SoftwareFilter;

-- drop the noise: hotfixes, language packs and blank names
DELETE FROM #ARP
WHERE DisplayName IS NULL
   OR LTRIM(RTRIM(DisplayName)) = ''
   OR DisplayName LIKE '%(KB%)%'
   OR DisplayName LIKE 'Security Update for%'
   OR DisplayName LIKE '%Language Pack%';

SELECT  a.DisplayName AS [Product],
        MAX(a.Publisher) AS [Publisher],
        COUNT(DISTINCT a.ResourceID) AS [Installed On],
        STUFF((SELECT DISTINCT ', ' + ISNULL(b.Version, 'n/a')
               FROM #ARP b
               WHERE b.DisplayName = a.DisplayName
               FOR XML PATH('')), 1, 2, '') AS [Versions]
FROM #ARP a
GROUP BY a.DisplayName
ORDER BY [Installed On] DESC, [Product];

DROP TABLE #ARP;
