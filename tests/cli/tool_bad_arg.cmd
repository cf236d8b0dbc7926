tool run_sql {"query":"SELECT/**/COUNT(*)/**/AS/**/n/**/FROM/**/subscriptions","limit":1} data/subscriptions_small.csv
exit 1
