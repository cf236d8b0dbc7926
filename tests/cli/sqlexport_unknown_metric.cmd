sql-export --dialect postgres --metric dau --metric bogus
exit 2
