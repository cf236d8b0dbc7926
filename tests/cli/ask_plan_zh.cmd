ask data/subscriptions_small.csv 哪个套餐的月经常性收入最高？
