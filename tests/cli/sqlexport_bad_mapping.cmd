sql-export --dialect duckdb --mapping tests/cli/warehouse/bad_mapping.json --metric dau
exit 1
