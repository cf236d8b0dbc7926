metric wau data/fixtures/journey_ga4.jsonl
