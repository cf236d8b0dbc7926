reviews --labels tests/cli/reviews_labels.json --format json --from 2026-03-16 data/fixtures/reviews_en.csv
