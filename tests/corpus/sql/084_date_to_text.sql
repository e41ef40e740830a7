-- A date as text is yyyy-mm-dd; a datetime uses style 0 (mon dd yyyy hh:miAM).
SELECT CAST(CAST('2024-05-01 13:45' AS date) AS varchar(30)) AS DateText,
       CAST(CAST('2024-05-01 13:45' AS datetime) AS varchar(30)) AS DateTimeText

/* expect
DateText|DateTimeText
2024-05-01|May  1 2024  1:45PM
*/
