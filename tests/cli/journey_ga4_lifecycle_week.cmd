lifecycle --period week data/fixtures/journey_ga4.jsonl
