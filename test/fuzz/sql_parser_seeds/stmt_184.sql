DROP TABLE IF EXISTS main.default.t
