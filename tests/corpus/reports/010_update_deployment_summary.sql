-- Software update deployment status: success, in progress, error and unknown counts per deployment with compliance %.
-- Modelled on published "software update deployment summary" reports over v_UpdateDeploymentSummary.
SET NOCOUNT ON

DECLARE @Days int = 90

DECLARE @Deployments TABLE
(
    AssignmentID   int,
    Deployment     nvarchar(256),
    Collection     nvarchar(255),
    StartTime      datetime,
    Deadline       datetime,
    Total          int,
    Success        int,
    InProgress     int,
    Errors         int,
    Unknown        int,
    CompliancePct  decimal(5, 2)
)

INSERT INTO @Deployments (AssignmentID, Deployment, Collection, StartTime, Deadline, Total, Success, InProgress, Errors, Unknown)
SELECT  AssignmentID,
        AssignmentName,
        CollectionName,
        StartTime,
        EnforcementDeadline,
        NumberTotal,
        NumberSuccess,
        NumberInProgress,
        NumberErrors,
        NumberUnknown
FROM    v_UpdateDeploymentSummary
WHERE   StartTime >= DATEADD(day, -@Days, GETDATE())

UPDATE @Deployments
SET CompliancePct = CASE WHEN Total = 0 THEN 0 ELSE CAST(Success * 100.0 / Total AS decimal(5, 2)) END

SELECT  Deployment,
        Collection,
        FORMAT(StartTime, 'yyyy-MM-dd HH:mm', 'en-US')           AS [Available],
        ISNULL(FORMAT(Deadline, 'yyyy-MM-dd HH:mm', 'en-US'), '') AS [Deadline],
        Total, Success, InProgress AS [In Progress], Errors, Unknown,
        FORMAT(CompliancePct / 100.0, 'P1', 'en-US')              AS [Compliance],
        CASE
            WHEN CompliancePct >= 95 THEN 'Green'
            WHEN CompliancePct >= 80 THEN 'Amber'
            ELSE 'Red'
        END                                                       AS [RAG]
FROM    @Deployments
ORDER BY StartTime DESC, Deployment
