"""Stored documents and HTTP schemas of programs: round trips and what a PATCH may clear."""

from datetime import UTC, date, datetime

import pytest

from services.programs.domain import BudgetLine, Kpi, create_program
from services.programs.monev.domain import Beneficiary, Indicators, evaluate
from services.programs.monev.repository import evaluation_of
from services.programs.repository import program_document, program_of
from services.programs.schemas import ProgramPublic, ProgramUpdate
from shared.aggregate import DomainError
from shared.documents import to_document


def test_a_program_survives_its_document() -> None:
    program = create_program(
        council="33.75",
        term_id="term-1",
        title="Pameran batik",
        category="exhibition",
        at=datetime(2021, 10, 1, tzinfo=UTC),
        planned_start=date(2021, 11, 1),
        kpis=[Kpi(key="participants", name="Pengunjung", unit="orang", target=500)],
        budget=[
            BudgetLine(source="APBD", amount=40_000_000),
            BudgetLine(source="sponsor", amount=1),
        ],
    )
    program.counted_event_ids = {"ev-2", "ev-1"}
    program.kpis[0].set_actual(120, at=datetime(2021, 11, 2, 3, 4, 5, 678000, tzinfo=UTC))
    doc = program_document(program)
    assert doc["planned_start"] == "2021-11-01" and doc["counted_event_ids"] == ["ev-1", "ev-2"]
    loaded = program_of({**doc, "revision": 3, "updated_at": datetime.now(UTC)})
    assert loaded.revision == 3
    loaded.revision = program.revision
    assert loaded == program
    assert ProgramPublic.of(loaded).kpis[0].ratio == 120 / 500


def test_an_evaluation_survives_its_document() -> None:
    beneficiary = Beneficiary(
        id="p:m", council="33.75", program_id="p", member_id="m", enrolled_on=date(2021, 11, 1)
    )
    evaluation = evaluate(
        beneficiary=beneficiary,
        evaluated_on=date(2021, 12, 1),
        score=3,
        indicators=Indicators(monthly_revenue=10_000_000, certifications=("halal", "sni")),
        at=datetime(2021, 12, 1, 3, tzinfo=UTC),
    )
    loaded = evaluation_of({**to_document(evaluation), "revision": 1})
    loaded.revision, loaded.pending = evaluation.revision, evaluation.pending
    assert loaded == evaluation


def test_a_patch_changes_only_what_it_sends_and_refuses_null_for_required_fields() -> None:
    assert ProgramUpdate.model_validate({"bidang": None}).changes() == {"bidang": None}
    with pytest.raises(DomainError) as refused:
        ProgramUpdate.model_validate({"title": None}).changes()
    assert refused.value.field == "title"
