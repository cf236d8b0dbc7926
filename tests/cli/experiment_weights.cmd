experiment --variant ab_bucket --goal buy --weight control=1 --weight test=3 --control test --to 2026-03-02 tests/cli/experiment_small.csv
