SET= øspaòk.sql.shufÿÿÿÿ=8
