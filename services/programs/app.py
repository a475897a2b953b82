"""Composition root of the programs service."""

from fastapi import FastAPI

from services import SERVICES
from shared.clock import utc_now
from shared.contracts import ProgramApproved, ProgramCompleted, UkmEnrolled, UkmEvaluated
from shared.service import Runtime
from shared.settings import ServiceSettings
from shared.webapp import build_app

from . import api
from .amendments import api as amendment_api
from .consumers import subscriptions
from .migrations import MIGRATIONS, MOVES
from .monev import api as monev_api
from .monev.repository import Beneficiaries, Evaluations
from .ports import Planning
from .projections import MemberViews, TermViews
from .repository import INDEXES, MEMBER_VIEWS, OUTBOX_COLLECTIONS, TERM_VIEWS, Programs, WorkPlans


class ProgramsSettings(ServiceSettings):
    """Settings of the programs service (env prefix `PROGRAMS_`)."""

    service = "programs"
    default_port = SERVICES["programs"]


PUBLISHES = [t.topic for t in (ProgramApproved, ProgramCompleted, UkmEnrolled, UkmEvaluated)]


def create_app(
    settings: ProgramsSettings | None = None, *, runtime: Runtime | None = None
) -> FastAPI:
    """The programs app; tests may pass their own settings or runtime."""
    settings = settings or ProgramsSettings()
    runtime = runtime or Runtime.create(
        settings, outbox_collections=OUTBOX_COLLECTIONS, publishes=PUBLISHES
    )
    runtime.indexes.update(INDEXES)
    runtime.migrations.extend(MIGRATIONS)
    runtime.moves.update(MOVES)
    members, terms = MemberViews(runtime.db[MEMBER_VIEWS]), TermViews(runtime.db[TERM_VIEWS])
    uow = Planning(
        programs=Programs(runtime.store("programs")),
        work_plans=WorkPlans(runtime.store("workplans")),
        beneficiaries=Beneficiaries(runtime.store("beneficiaries")),
        evaluations=Evaluations(runtime.store("evaluations")),
        members=members,
        terms=terms,
        deployment_region=settings.deployment_region,
        clock=utc_now,
    )
    return build_app(
        runtime,
        title="Dekranasda programs",
        description="Work programs, work plans, assisted businesses (UKM binaan) and monev.",
        routers=[api.router, monev_api.router, amendment_api.router],
        uow=uow,
        subscriptions=subscriptions(uow, members=members, terms=terms),
    )
