SELECT a + 1 AS b, * FROM VALUES (1, 'x'), (2, 'y') AS t(a, c) WHERE a > 1 LIMIT 5 OFFSET 1
