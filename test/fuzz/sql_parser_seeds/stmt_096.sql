SELECT * FROM delta.`/data/events` e
