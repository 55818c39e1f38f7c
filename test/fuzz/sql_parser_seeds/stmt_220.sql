COPY INTO t FROM '/data/in' FILEFORMAT = PARQUET FILES = ('a.parquet', 'b.parquet')
