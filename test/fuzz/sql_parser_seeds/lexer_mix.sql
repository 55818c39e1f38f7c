SELECT a FROM t /* nested /* comment */ */ -- line
WHERE b = r'x\y' AND c = X'00ff' AND d = :p AND e = ?;
SELECT 1;