metric dau tests/cli/wsfile_small.lodestar.sqlite
