experiment --variant ab_bucket --goal buy --weight control=1 --weight test=x tests/cli/experiment_small.csv
exit 2
