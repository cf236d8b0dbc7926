alerts --rules tests/cli/alerts_bad_condition.json data/fixtures/shop_scores.csv
exit 1
