metric wau data/fixtures/journey_mixpanel.jsonl
