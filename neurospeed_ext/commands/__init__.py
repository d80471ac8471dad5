"""The `neurospeed` command's data tools: one module per subcommand.

`stream`, `record`, `export` and `listen` (each with NAME, HELP, `add_arguments` and
`run`, registered in `neurospeed_ext.cli`) over the facade; `credentials` finds the
server and logins (flags, environment, config file), `sessions` logs in with them,
`failures` maps errors to exit statuses, `options` holds shared flags and `sample_files`
reads the files `stream` sends. Results go to stdout; progress and diagnostics go to
stderr (logging, progress bars). Heavy imports wait until a command runs, so `--help`
stays fast.
"""
