alerts --rules tests/cli/alerts_entity_error.json data/fixtures/shop_scores.csv
exit 1
