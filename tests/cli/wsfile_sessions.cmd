metric sessions tests/cli/wsfile_small.lodestar.sqlite
