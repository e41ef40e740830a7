-- FOR XML PATH string aggregation is reported as unsupported.
SELECT STUFF((SELECT ',' + Name0 FROM v_R_System FOR XML PATH('')), 1, 1, '') AS Names

/* expect error WQL0502 at 2:15
*/
