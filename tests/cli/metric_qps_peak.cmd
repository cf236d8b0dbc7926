metric qps_peak data/events_tech.csv
