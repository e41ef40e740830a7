-- FOR XML PATH with named columns ("Use PATH mode with FOR XML"): '@name' columns are
-- attributes of the row element and come first, other names are child elements, a NULL
-- writes nothing (PC-PAR-003 has no user), datetimes are ISO 8601 and ROOT wraps the
-- rows; PATH('') with a named column writes its elements alone; with no rows, ROOT
-- gives NULL. Client0 is NULL for LT-NYC-006, so its row element is written empty.
SELECT
  (SELECT ResourceID AS [@id], Name0 AS Name, User_Name0 AS [User], Creation_Date0 AS Created
   FROM v_R_System WHERE ResourceID IN (103, 101) ORDER BY ResourceID
   FOR XML PATH('device'), ROOT('devices')) AS Devices,
  (SELECT Name0 FROM v_R_System WHERE ResourceID = 104 FOR XML PATH('')) AS Bare,
  (SELECT Client0 AS Client FROM v_R_System WHERE ResourceID = 106 FOR XML PATH) AS Empty,
  (SELECT Name0 AS Name FROM v_R_System WHERE ResourceID = 0 FOR XML PATH, ROOT('none')) AS Nothing

/* expect
Devices|Bare|Empty|Nothing
<devices><device id="101"><Name>PC-LON-001</Name><User>anna</User><Created>2024-01-15T09:30:00</Created></device><device id="103"><Name>PC-PAR-003</Name><Created>2025-12-31T12:00:00</Created></device></devices>|<Name0>SRV-DC-01</Name0>|<row />|NULL
*/
