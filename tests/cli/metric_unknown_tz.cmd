metric dau --tz Mars/Olympus data/events_small.csv
exit 2
