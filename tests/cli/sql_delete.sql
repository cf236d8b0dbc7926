DELETE FROM subscriptions
