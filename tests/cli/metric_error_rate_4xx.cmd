metric error_rate --set error_status=4xx data/events_tech.csv
