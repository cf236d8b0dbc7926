lifecycle --period week --tz +08:00 data/fixtures/journey_amplitude.jsonl
