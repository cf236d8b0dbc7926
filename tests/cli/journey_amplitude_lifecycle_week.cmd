lifecycle --period week data/fixtures/journey_amplitude.jsonl
