metric p95 --property latency_ms --event api_call data/events_tech.csv
