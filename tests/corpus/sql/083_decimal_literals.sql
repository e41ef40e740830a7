-- Literals with a decimal point are numeric in T-SQL, not float: 0.1 + 0.2 is exactly 0.3.
SELECT CASE WHEN 0.1 + 0.2 = 0.3 THEN 1 ELSE 0 END AS Exact, 2.50 * 4 AS Product

/* expect
Exact|Product
1|10.00
*/
