SELECT * FROM read_parquet('/data/x.parquet')
