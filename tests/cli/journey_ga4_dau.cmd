metric dau data/fixtures/journey_ga4.jsonl
