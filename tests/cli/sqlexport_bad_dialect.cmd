sql-export --dialect oracle --metric dau
exit 2
