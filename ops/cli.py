"""The `dekranasda` command: run the platform locally, load the demo, inspect, replay."""

import asyncio
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ops import local
from ops.dlq_cli import app as dlq_app
from ops.tables import print_wide, waiting
from shared.auth import ROLES, Role
from shared.regions import is_known
from shared.settings import ServiceSettings
from shared.tokens import issue_token

app = typer.Typer(
    help="Dekranasda platform: local runs, demo data, tokens, replays.", no_args_is_help=True
)
console = Console()
T = TypeVar("T")


class _Local(ServiceSettings):
    service = "local"


@app.command()
def up(
    region: Annotated[str, typer.Option(help="The council this deployment owns")] = "ID",
    name: Annotated[str, typer.Option(help="Deployment name")] = "local",
) -> None:
    """Start the devstack, the three services and the console; wait until all are ready."""
    local.devstack("up")
    env = {"DEPLOYMENT_REGION": region, "DEPLOYMENT_NAME": name}
    procs = local.processes()
    with console.status("starting services"):
        for proc in procs:
            local.start(proc, env)
        late = local.wait_ready(procs)
    table = Table("service", "URL", "API docs", "ready")
    for proc in procs:
        docs = "" if proc.name == "console" else f"{proc.url}/docs"
        table.add_row(proc.name, proc.url, docs, "no" if proc in late else "yes")
    console.print(table)
    if late:
        console.print(f"[red]not ready: {', '.join(p.name for p in late)}[/]; see var/log/")
        raise typer.Exit(1)
    _print_console()


def _print_console() -> None:
    """Where the console is, and the demo sign-ins (`dekranasda demo` creates them)."""
    url = next(p.url for p in local.processes() if p.name == "console")
    console.print(f"\n[bold]Console:[/] {url}  (Bahasa Indonesia; EN at the top right)")
    table = Table("demo sign-in", "role", "council", title=f"password: {local.DEMO_PASSWORD}")
    for email, role, council in local.DEMO_SIGN_INS:
        table.add_row(email, role, council)
    console.print(table)


@app.command()
def down(
    keep_devstack: bool = typer.Option(False, help="Leave Kafka and FerretDB running"),
) -> None:
    """Stop the services gracefully (SIGTERM), then the devstack."""
    for proc in local.processes():
        if local.stop(proc):
            console.print(f"{proc.name} stopped")
    if not keep_devstack:
        local.devstack("down")


@app.command()
def status() -> None:
    """Each process, and each topic with its consumer groups' lag."""
    from ops.lag import lag_table

    table = Table("service", "pid", "ready", "log")
    for proc in local.processes():
        pid = proc.pid()
        table.add_row(
            proc.name, str(pid or "-"), "yes" if pid and proc.ready() else "no", str(proc.logfile)
        )
    console.print(table)
    local.devstack("status")
    settings = _Local()
    kafka = (settings.kafka_bootstrap_servers, settings.kafka_security)
    print_wide(asyncio.run(lag_table(*kafka)))
    console.print(asyncio.run(waiting(*kafka)))


@app.command()
def token(
    region: Annotated[str, typer.Option(help="Council code the token covers")],
    role: Annotated[str, typer.Option(help="admin, secretariat or viewer")] = "secretariat",
    sub: Annotated[str, typer.Option(help="Subject")] = "local-user",
) -> None:
    """Print a bearer token for local use (signed with JWT_SECRET)."""
    if not is_known(region):
        raise typer.BadParameter(
            f"{region!r} is not a Kemendagri council code", param_hint="--region"
        )
    if role not in ROLES:
        raise typer.BadParameter(f"must be one of {', '.join(ROLES)}", param_hint="--role")
    secret = _Local().jwt_secret.get_secret_value()
    typer.echo(issue_token(secret=secret, region=region, roles=[role], sub=sub))


account_app = typer.Typer(
    help="Accounts (straight on membership's database, as an admin of DEPLOYMENT_REGION).",
    no_args_is_help=True,
)
keys_app = typer.Typer(help="The platform's token signing keys.", no_args_is_help=True)
app.add_typer(account_app, name="account")
app.add_typer(keys_app, name="keys")
app.add_typer(dlq_app, name="dlq")
RoleOption = Annotated[str, typer.Option(help="admin, secretariat or viewer")]
CouncilOption = Annotated[str, typer.Option(help="Council code, e.g. 17 or 33.75")]


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run an operator command; a broken rule prints its message and exits 1."""
    from shared.aggregate import DomainError

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        return asyncio.run(work)
    except DomainError as exc:
        where = f"{exc.field}: " if exc.field else ""
        console.print(f"[red]{where}{exc.message}[/]")
        raise typer.Exit(1) from None


def _role(role: str) -> Role:
    if role not in ROLES:
        raise typer.BadParameter(f"must be one of {', '.join(ROLES)}", param_hint="--role")
    return role


def _show(account: Any) -> None:
    grants = ", ".join(f"{g.role} {g.council}" for g in account.grants) or "no grants"
    console.print(f"{account.email} ({account.name}): {account.status}; {grants}; id {account.id}")


@account_app.command("create")
def account_create(
    email: Annotated[str, typer.Argument(help="The person's e-mail address")],
    name: Annotated[str, typer.Option(help="Display name")],
    council: CouncilOption,
    role: RoleOption = "admin",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="DEKRANASDA_PASSWORD",
            help="Asked for when not given (at least 10 characters)",
        ),
    ] = "",
) -> None:
    """Create an account with a first grant (the first admin of a deployment comes from here)."""
    from ops import accounts

    _show(_run(accounts.create(email, name, password, council, _role(role))))


@account_app.command("grant")
def account_grant(
    email: Annotated[str, typer.Argument()], council: CouncilOption, role: RoleOption
) -> None:
    """Give (or change) a role in a council."""
    from ops import accounts

    _show(_run(accounts.grant(email, council, _role(role))))


@account_app.command("revoke")
def account_revoke(email: Annotated[str, typer.Argument()], council: CouncilOption) -> None:
    """Withdraw the grant of a council (sessions on it end at their next refresh)."""
    from ops import accounts

    _show(_run(accounts.revoke(email, council)))


@account_app.command("disable")
def account_disable(email: Annotated[str, typer.Argument()]) -> None:
    """Disable an account: no sign-in or refresh; access tokens lapse within their lifetime."""
    from ops import accounts

    _show(_run(accounts.set_status(email, active=False)))


@account_app.command("enable")
def account_enable(email: Annotated[str, typer.Argument()]) -> None:
    """Enable a disabled account."""
    from ops import accounts

    _show(_run(accounts.set_status(email, active=True)))


@account_app.command("list")
def account_list() -> None:
    """Every account of the deployment's region."""
    from ops import accounts

    console.print(_run(accounts.listing()))


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Sign with a new key; the old one stays published until its tokens have expired."""
    from ops import accounts

    console.print(f"signing with {_run(accounts.rotate_keys())}; the previous key retires soon")


@keys_app.command("list")
def keys_list() -> None:
    """The signing keys and their state."""
    from ops import accounts

    console.print(_run(accounts.keys_table()))


@app.command()
def demo(
    base: Annotated[str, typer.Option(help="Host of the services")] = "http://127.0.0.1",
) -> None:
    """Load the two seed stories (Bengkulu, Kota Pekalongan) and the demo accounts."""
    from ops.demo import load

    summary = asyncio.run(load(base=base, console=console))  # the demo accounts too
    console.print(summary)
    _print_console()


@app.command()
def replay(service: Annotated[str, typer.Argument(help="programs or events")]) -> None:
    """Rebuild a service's read models from its topics (from offset 0)."""
    from ops.replay import rebuild

    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the table is the output, not the logs
    counts = asyncio.run(rebuild(service))
    for name, count in counts.items():
        console.print(f"{service}.{name}: {count} events applied")


ServiceArgument = Annotated[str, typer.Argument(help="membership, programs or events")]


@app.command()
def backup(
    service: ServiceArgument,
    out: Annotated[
        Path | None, typer.Option(help="Folder; var/backup/<db>-<time> if not given")
    ] = None,
) -> None:
    """Back up a service's database (mongodump when on PATH, else BSON through the driver)."""
    from datetime import UTC, datetime

    from ops.backup import backup as run_backup
    from ops.backup import settings_of

    settings = settings_of(service)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = out or local.ROOT / "var" / "backup" / f"{settings.database}-{stamp}"
    manifest = _run(run_backup(service, folder, settings))
    total = sum(manifest["collections"].values())
    console.print(f"{manifest['database']}: {total} documents in {folder}")
    console.print(f"state hash {manifest['state_hash']}")


@app.command()
def restore(
    service: ServiceArgument,
    source: Annotated[Path, typer.Option("--from", help="A folder `backup` wrote")],
) -> None:
    """Restore a backup into the service's database, which must be empty; then run `replay`."""
    from ops.backup import RestoreRefused
    from ops.backup import restore as run_restore

    try:
        manifest = _run(run_restore(service, source))
    except RestoreRefused as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    total = sum(manifest["collections"].values())
    console.print(f"{manifest['database']}: {total} documents restored")
    console.print(f"state hash {manifest['state_hash']} (as backed up)")


@app.command()
def docs(out: Annotated[Path, typer.Option(help="Folder")] = local.ROOT / "docs") -> None:
    """Regenerate the OpenAPI, AsyncAPI and JSON Schema documents under docs/."""
    from ops import docs as generator

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    changed = generator.write(out)
    console.print(f"{len(changed)} document(s) changed" if changed else "docs are up to date")


if __name__ == "__main__":
    app()
