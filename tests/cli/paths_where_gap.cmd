paths --gap 5 --where distinct_id=u1 data/events_small.csv
