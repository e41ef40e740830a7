-- Windows 10/11 feature-update version distribution, mapping build numbers to marketing versions with a lookup table variable.
-- Modelled on published "Windows 10 / 11 build and servicing version" reports.
SET NOCOUNT ON

DECLARE @Builds TABLE
(
    Build      nvarchar(10) PRIMARY KEY,
    OSName     nvarchar(20),
    Version    nvarchar(10),
    EndOfService date
)

INSERT INTO @Builds (Build, OSName, Version, EndOfService) VALUES
    ('17763', 'Windows 10', '1809', '2020-11-10'),
    ('18363', 'Windows 10', '1909', '2022-05-10'),
    ('19041', 'Windows 10', '2004', '2021-12-14'),
    ('19042', 'Windows 10', '20H2', '2023-05-09'),
    ('19043', 'Windows 10', '21H1', '2022-12-13'),
    ('19044', 'Windows 10', '21H2', '2024-06-11'),
    ('19045', 'Windows 10', '22H2', '2025-10-14'),
    ('22000', 'Windows 11', '21H2', '2024-10-08'),
    ('22621', 'Windows 11', '22H2', '2025-10-14'),
    ('22631', 'Windows 11', '23H2', '2026-11-10'),
    ('26100', 'Windows 11', '24H2', '2027-10-12')

;WITH osinfo AS
(
    SELECT  sys.ResourceID,
            sys.Netbios_Name0,
            os.BuildNumber0,
            os.Caption0
    FROM    v_R_System sys
            INNER JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID
    WHERE   os.ProductType0 = 1                  -- workstations only
)
SELECT  ISNULL(b.OSName, o.Caption0)                 AS [Operating System],
        ISNULL(b.Version, 'Build ' + o.BuildNumber0) AS [Version],
        o.BuildNumber0                               AS [Build],
        COUNT(*)                                     AS [Devices],
        CAST(COUNT(*) * 100.0 / SUM(COUNT(*)) OVER () AS decimal(5, 1)) AS [% of Fleet],
        CASE
            WHEN b.EndOfService IS NULL THEN 'Unknown'
            WHEN b.EndOfService < CAST(GETDATE() AS date) THEN 'Out of support'
            WHEN DATEDIFF(day, GETDATE(), b.EndOfService) <= 180 THEN 'Ends within 6 months'
            ELSE 'Supported'
        END                                          AS [Servicing],
        CONVERT(varchar(11), b.EndOfService, 113)    AS [End of Service]
FROM    osinfo o
        LEFT JOIN @Builds b ON b.Build = o.BuildNumber0
GROUP BY b.OSName, o.Caption0, b.Version, o.BuildNumber0, b.EndOfService
ORDER BY [Operating System], [Build]
