metric dau --property latency_ms data/events_tech.csv
exit 2
