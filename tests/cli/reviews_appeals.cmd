reviews --grain month --appeals data/fixtures/reviews_zh.csv
