"""`newsfacet serve`: the web app on a local port, for one person (use gunicorn in production)."""
from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="NEWSFACET_HOST",
              help="Address to listen on (127.0.0.1 keeps it private to this machine).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), envvar="NEWSFACET_PORT",
              help="TCP port.")
@click.option("--debug", is_flag=True, help="Reload on code changes and show Flask's debugger (never in production).")
@click.pass_obj
def serve(app, host: str, port: int, debug: bool) -> None:
    """Serve the search web app. For production run: gunicorn -w 2 "newsfacet.webapp:create_app()"."""
    from newsfacet.webapp import create_app  # here, not at the top: other commands need not load Flask

    web = create_app(dict(app.settings))
    click.echo(f"newsfacet web app on http://{host}:{port}/ (data: {app.settings['data_dir']})")
    web.run(host=host, port=port, debug=debug, use_reloader=debug, threaded=True)
