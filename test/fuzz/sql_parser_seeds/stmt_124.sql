SELECT * FROM t PIVOT (sum(v) FOR k IN ('a', 'b'))
