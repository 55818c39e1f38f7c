SELECT row_number() OVER (ORDER BY a) FROM t
