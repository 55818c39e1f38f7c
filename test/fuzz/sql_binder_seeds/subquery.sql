SELECT * EXCEPT (b) FROM (SELECT a, a * 2 AS b, 'k' AS c FROM VALUES (1), (2) AS t(a)) s WHERE s.a <> 2 AND (b > 0 OR c IS NULL)
