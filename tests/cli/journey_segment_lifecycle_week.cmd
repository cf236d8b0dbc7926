lifecycle --period week data/fixtures/journey_segment.jsonl
