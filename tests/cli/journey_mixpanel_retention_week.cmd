retention --period week data/fixtures/journey_mixpanel.jsonl
