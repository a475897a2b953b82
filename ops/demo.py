"""The demo: the two seed stories, loaded through the public HTTP APIs only.

Bengkulu (province 17): the Rakerda of 23 March 2021 in the Hotel Grage auditorium, its three
main programs for 2021-2024, and the inauguration of the province board and the boards of its
10 regencies/cities in one ceremony. Kota Pekalongan (33.75): the rakor of 18 October 2021 in
Ruang Jetayu, the 2021-2026 board inaugurated on 26 October, UMKM training and exhibitions
counted in their programs' KPIs, a new monev of assisted businesses, funding beyond the APBD.

Every step looks before it writes, so a second run changes nothing.
"""

from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ops.demo_accounts import ensure_accounts
from ops.demo_api import Api
from ops.demo_data import BENGKULU, PEKALONGAN, Story


async def load(*, base: str, console: Console, api: Api | None = None) -> Table:
    """Load both stories; returns a summary table."""
    api = api or Api.local(base)
    summary = Table("council", "members", "terms", "programs", "events")
    try:
        with Progress(console=console, transient=False) as progress:
            for story in (BENGKULU, PEKALONGAN):
                task = progress.add_task(story.title, total=len(STEPS))
                state: dict[str, Any] = {}
                for step in STEPS:
                    progress.update(task, description=f"{story.title}: {step.__doc__}")
                    await step(api, story, state)
                    progress.advance(task)
                summary.add_row(
                    story.council,
                    str(len(state["members"])),
                    str(len(state["terms"])),
                    str(len(state["programs"])),
                    str(len(state["events"])),
                )
        await ensure_accounts(api)  # the people who sign in (ops/demo_accounts.py)
    finally:
        await api.close()
    return summary


async def councils(api: Api, story: Story, state: dict[str, Any]) -> None:
    """councils"""
    for code, bidang in story.councils.items():
        await api.ensure_council(code, bidang)


async def members(api: Api, story: Story, state: dict[str, Any]) -> None:
    """members"""
    state["members"] = {m["key"]: await api.ensure_member(story.council, m) for m in story.members}


async def terms(api: Api, story: Story, state: dict[str, Any]) -> None:
    """boards (kepengurusan)"""
    ids = state["members"]
    state["terms"] = {
        t["council"]: await api.ensure_term(story.council, t, ids) for t in story.terms
    }


async def meetings(api: Api, story: Story, state: dict[str, Any]) -> None:
    """rakerda / rakor"""
    state["events"] = {}
    for event in story.meetings:
        found = await api.ensure_event(story.council, event)
        await api.conclude(story.council, found, attendee_ids=[])
        state["events"][event["key"]] = found["id"]


async def inauguration(api: Api, story: Story, state: dict[str, Any]) -> None:
    """inauguration (pengukuhan)"""
    spec = {**story.inauguration, "term_ids": list(state["terms"].values())}
    found = await api.ensure_event(story.council, spec)
    await api.conclude(story.council, found, attendee_ids=[])
    state["events"]["inauguration"] = found["id"]
    for term_id in state["terms"].values():
        await api.wait_term_inaugurated(story.council, term_id)


async def programs(api: Api, story: Story, state: dict[str, Any]) -> None:
    """work programs"""
    term_id = state["terms"][story.council]
    state["programs"] = {}
    for spec in story.programs:
        origin = state["events"].get(spec.get("origin", ""))
        program = await api.ensure_program(story.council, term_id, spec, origin)
        state["programs"][spec["key"]] = program["id"]


async def activities(api: Api, story: Story, state: dict[str, Any]) -> None:
    """trainings and exhibitions"""
    for spec in story.activities:
        program_id = state["programs"][spec["program"]]
        event = await api.ensure_event(story.council, {**spec, "program_id": program_id})
        attendees = [state["members"][key] for key in spec["attendees"]]
        await api.attend(story.council, event, attendees)
        await api.conclude(story.council, event, attendee_ids=None)
        state["events"][spec["key"]] = event["id"]


async def monev(api: Api, story: Story, state: dict[str, Any]) -> None:
    """monev of assisted businesses (UKM binaan)"""
    for spec in story.evaluations:
        program_id = state["programs"][spec["program"]]
        member_id = state["members"][spec["member"]]
        await api.ensure_enrolment(story.council, program_id, member_id, spec["enrolled_on"])
        await api.ensure_evaluation(story.council, program_id, member_id, spec)


STEPS = [councils, members, terms, meetings, inauguration, programs, activities, monev]
