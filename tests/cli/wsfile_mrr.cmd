metric mrr tests/cli/wsfile_small.lodestar.sqlite
