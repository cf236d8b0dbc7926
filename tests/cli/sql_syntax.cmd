sql --query SELEC data/subscriptions_small.csv
exit 1
