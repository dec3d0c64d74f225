"""An error's text reaches logs, dead letters' headers (kept for days, listed by tools.dlq) and
tracebacks: it names what failed, never the personal data it was about."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import Column, Date, MetaData, String, Table, insert
from sqlalchemy.exc import IntegrityError

from shared.db import make_engine
from shared.kafka.consumer import without_values


class Person(BaseModel):
    name: str
    date_of_birth: date


def test_a_models_validation_error_names_the_field_not_the_value():
    with pytest.raises(ValidationError) as refused:
        Person.model_validate({"name": "Aigerim Nurlanovna", "date_of_birth": "14 March 2004"})
    said = without_values(refused.value)
    assert "date_of_birth" in said and said.startswith("ValidationError")
    assert "14 March 2004" not in said and "Aigerim" not in said
    assert "14 March 2004" in str(refused.value)  # pydantic's own text quotes it: why this exists


async def test_a_database_error_names_the_statement_not_its_values(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/people.db")
    people = Table("people", MetaData(), Column("name", String, primary_key=True), Column("born", Date))
    async with engine.begin() as conn:
        await conn.run_sync(people.metadata.create_all)
        await conn.execute(insert(people).values(name="Aigerim Nurlanovna", born=date(2004, 3, 14)))
    with pytest.raises(IntegrityError) as refused:
        async with engine.begin() as conn:
            await conn.execute(insert(people).values(name="Aigerim Nurlanovna", born=date(2004, 3, 14)))
    await engine.dispose()
    said = without_values(refused.value)
    assert "INSERT INTO people" in said and "UNIQUE" in said
    assert "Aigerim" not in said and "2004-03-14" not in said
