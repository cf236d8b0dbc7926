metric dau data/fixtures/journey_mixpanel.jsonl
