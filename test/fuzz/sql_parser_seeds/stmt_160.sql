SET spark.sql.shuffle.partitions=8
