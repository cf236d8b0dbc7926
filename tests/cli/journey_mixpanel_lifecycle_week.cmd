lifecycle --period week data/fixtures/journey_mixpanel.jsonl
