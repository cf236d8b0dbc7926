metric dau --grain month data/events_small.csv
exit 2
