alerts --rules tests/cli/alerts_flapping.json tests/cli/alerts_flapping.csv
