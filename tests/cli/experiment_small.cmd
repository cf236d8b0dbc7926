experiment --variant ab_bucket --goal buy --no-cuped --min-exposures 2 --min-conversions 1 tests/cli/experiment_small.csv
