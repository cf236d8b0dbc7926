sql-export --dialect postgres --mapping tests/cli/warehouse/events_mapping.json --metric active_users --grain week
