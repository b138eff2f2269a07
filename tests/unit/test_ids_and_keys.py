"""Generated ids and tenant-first keys."""

from __future__ import annotations

import pytest

from hard_e import keys
from hard_e.ids import TENANT_ID_LENGTH, is_id, is_tenant_id, new_id, new_tenant_id


def test_tenant_ids_are_fixed_length_and_never_prefix_each_other() -> None:
    ids = {new_tenant_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert {len(i) for i in ids} == {TENANT_ID_LENGTH}
    assert all(is_tenant_id(i) for i in ids)
    pks = [keys.tenant_pk(i, "USER") for i in ids]
    assert not any(a != b and b.startswith(a.removesuffix("USER")) for a in pks[:50] for b in pks)


def test_ids_sort_by_creation_time() -> None:
    first, second = new_id("ses"), new_id("ses")
    assert is_id(first, "ses") and first[:14] <= second[:14]
    assert not is_id(first, "usr")


def test_ids_made_in_the_same_millisecond_keep_the_order_they_were_made_in() -> None:
    made = [new_id("aud") for _ in range(5000)]  # many share a millisecond
    assert len({i[4:14] for i in made}) < len(made)
    assert made == sorted(made) and len(set(made)) == len(made)
    assert all(is_id(i, "aud") for i in made)


@pytest.mark.parametrize("bad", ["", "short", "T#abc", "0123456789ABCDEF", "0123456789abcdef#"])
def test_keys_refuse_anything_but_a_generated_tenant_id(bad: str) -> None:
    with pytest.raises(ValueError):
        keys.tenant_pk(bad, "USER")
