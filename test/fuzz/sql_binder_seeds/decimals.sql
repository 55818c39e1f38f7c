SELECT 1.5 * 2, 10.00 / 4, 1.0 / 3, 2147483647L + 1, 7 div 2, -7 % 3, try_divide(1, 0), CAST(3.14159 AS DECIMAL(5,2)), date '2024-01-31', 1 <=> NULL
