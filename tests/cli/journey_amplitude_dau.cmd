metric dau data/fixtures/journey_amplitude.jsonl
