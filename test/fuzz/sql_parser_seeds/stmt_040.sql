SELECT array(1, 2, 3), map('a', 1, 'b', 2), struct(1 AS a, 'x' AS b), named_struct('a', 1)
