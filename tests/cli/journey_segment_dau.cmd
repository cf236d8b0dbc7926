metric dau data/fixtures/journey_segment.jsonl
