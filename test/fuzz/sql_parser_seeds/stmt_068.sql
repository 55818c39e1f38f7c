SELECT a, b, sum(c) FROM t GROUP BY CUBE (a, b)
