retention --period day --tz +08:00 --from 2026-03-01 --to 2026-03-03 data/events_small.csv
