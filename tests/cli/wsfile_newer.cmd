metric mrr tests/cli/wsfile_newer.lodestar.sqlite
exit 1
