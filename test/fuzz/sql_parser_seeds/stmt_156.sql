DESCRIBE HISTORY main.default.t
