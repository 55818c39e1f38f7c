UPDATE t AS x SET x.a = x.a + 1, b = 'z' WHERE x.c IS NULL
