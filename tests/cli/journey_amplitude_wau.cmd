metric wau data/fixtures/journey_amplitude.jsonl
