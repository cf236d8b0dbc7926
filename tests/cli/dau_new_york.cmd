metric dau --tz America/New_York data/events_dst.csv
