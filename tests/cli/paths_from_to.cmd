paths --from 2026-03-02 --to 2026-03-03 data/events_small.csv
