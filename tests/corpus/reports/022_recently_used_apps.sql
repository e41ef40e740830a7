-- Software metering-style usage: executables launched in the last N days, by product, with users and last use.
-- Modelled on published "recently used applications" reports built on the CCM_RecentlyUsedApps inventory class.
SET NOCOUNT ON;

DECLARE @Days int = 30;
DECLARE @ProductLike nvarchar(100) = N'%';

IF OBJECT_ID('tempdb..#Usage') IS NOT NULL DROP TABLE #Usage;

CREATE TABLE #Usage (
    ResourceID    int,
    ExeName       nvarchar(255),
    ProductName   nvarchar(255),
    Company       nvarchar(255),
    Version       nvarchar(255),
    LastUser      nvarchar(255),
    LastUsed      datetime,
    LaunchCount   int
);

INSERT INTO #Usage
SELECT  rua.ResourceID,
        rua.ExplorerFileName0,
        COALESCE(NULLIF(rua.ProductName0, ''), rua.msiDisplayName0, rua.ExplorerFileName0),
        COALESCE(NULLIF(rua.CompanyName0, ''), rua.msiPublisher0),
        rua.ProductVersion0,
        rua.LastUserName0,
        rua.LastUsedTime0,
        rua.LaunchCount0
FROM    v_GS_CCM_RECENTLY_USED_APPS rua
WHERE   rua.LastUsedTime0 >= DATEADD(day, -@Days, GETDATE())
  AND   ISNULL(rua.ProductName0, rua.ExplorerFileName0) LIKE @ProductLike;

-- Windows components are not interesting for license reviews
DELETE FROM #Usage
WHERE Company LIKE 'Microsoft%'
  AND (ProductName LIKE '%Windows%Operating System%' OR ExeName IN ('explorer.exe', 'svchost.exe', 'dllhost.exe'));

SELECT  ProductName                                        AS [Product],
        ISNULL(Company, '')                                AS [Publisher],
        COUNT(DISTINCT ResourceID)                         AS [Computers],
        COUNT(DISTINCT LastUser)                           AS [Users],
        SUM(ISNULL(LaunchCount, 0))                        AS [Launches],
        CONVERT(varchar(20), MAX(LastUsed), 113)           AS [Last Used],
        MIN(DATEDIFF(day, LastUsed, GETDATE()))            AS [Days Since Last Use]
FROM    #Usage
GROUP BY ProductName, Company
ORDER BY [Computers] DESC, [Product];

DROP TABLE #Usage;
