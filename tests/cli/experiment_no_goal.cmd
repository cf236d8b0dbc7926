experiment --variant ab_bucket tests/cli/experiment_small.csv
exit 2
