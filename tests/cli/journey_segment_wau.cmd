metric wau data/fixtures/journey_segment.jsonl
