"""The logging sections of the alembic.ini files the benchmarks write: warnings
only, so that Alembic's output costs the same as retort's."""

# Substituted into each script's ALEMBIC_INI template as a value, so its
# percent signs are written as they stand.
LOGGING_SECTIONS = """\
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""
