sql-export --dialect clickhouse --mapping tests/cli/warehouse/no_time_mapping.json --metric dau
exit 2
