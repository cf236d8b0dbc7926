metric dau --tz -05:00 data/events_dst.csv
