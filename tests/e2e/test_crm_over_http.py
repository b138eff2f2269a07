"""`make run` end to end: the server starts its Leap simulator; a chat moves a job and the
simulator shows the move; a customer created over several turns waits for a yes."""

from __future__ import annotations

import httpx

from hard_e.crm.simulator.server import DEMO_TOKEN
from tests.e2e.conftest import RunningServer, free_port
from tests.e2e.test_local_server import login


def test_chat_moves_a_job_in_the_simulated_crm(server_factory: type[RunningServer]) -> None:
    sim_port = free_port()
    server = server_factory(env={"HARD_E_LEAP_SIM_PORT": str(sim_port)}).start()
    auth = {"Authorization": f"Bearer {login(server.url)}"}
    leap = f"http://127.0.0.1:{sim_port}/api/v3"

    asked = httpx.post(
        f"{server.url}/api/v1/chat",
        json={"message": "move the Peterson job to punch list"},
        headers=auth,
        timeout=30,
    ).json()
    assert "Are you sure?" in asked["reply"]  # it is paid in full: moving it back asks first
    reply = httpx.post(
        f"{server.url}/api/v1/chat",
        json={"message": "yes", "session_id": asked["session_id"]},
        headers=auth,
        timeout=30,
    ).json()["reply"]

    assert "moved from" in reply and "Punch List" in reply
    jobs = httpx.get(
        f"{leap}/jobs",
        params={"keyword": "Peterson"},
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
    ).json()["data"]
    assert [j["current_stage"]["name"] for j in jobs if j["name"].startswith("Peterson")] == [
        "Punch List"
    ]


def test_customer_created_across_turns_needs_a_yes(server_factory: type[RunningServer]) -> None:
    sim_port = free_port()
    server = server_factory(env={"HARD_E_LEAP_SIM_PORT": str(sim_port)}).start()
    auth = {"Authorization": f"Bearer {login(server.url)}"}

    def say(message: str, session_id: str | None = None) -> dict[str, object]:
        body: dict[str, object] = {"message": message}
        if session_id:
            body["session_id"] = session_id
        response = httpx.post(f"{server.url}/api/v1/chat", json=body, headers=auth, timeout=30)
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result

    sid = str(say("create a customer named Nora Quinn")["session_id"])
    say("six one four five five five zero one seven seven", sid)
    say("nora dot quinn at example dot com", sid)
    prompt = say("skip", sid)
    assert "needs approval" in str(prompt["reply"])
    posts = lambda: [  # noqa: E731
        r
        for r in httpx.get(f"http://127.0.0.1:{sim_port}/__sim__/requests").json()["data"]
        if r["method"] == "POST"
    ]
    assert posts() == []

    done = say("yes please", sid)

    assert str(done["reply"]).startswith("Done: Create customer Nora Quinn")
    assert [p["form"]["email"] for p in posts()] == [["nora.quinn@example.com"]]
