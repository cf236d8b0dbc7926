metric wau --tz UTC tests/cli/wsfile_small.lodestar.sqlite
