SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1
