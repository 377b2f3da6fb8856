"""End to end: the real CLI in a subprocess against FakeNxCloud served on a local port with
latency, a rate limit and Meta's review on, both API families."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from templatesync_helpers import CLOUD_PHONE, ORDER_READY, SAAS_PHONE, body, write_project

from nxwa.testing import FakeNxCloud

pytestmark = pytest.mark.slow


@pytest.fixture
def served() -> Iterator[tuple[FakeNxCloud, dict[str, str]]]:
    fake = FakeNxCloud(latency=0.003, rate_limit=200, review_delay=0.2)
    with fake.serve() as server:
        env = {
            **os.environ,
            "NXCLOUD_ACCESS_KEY": fake.account.access_key,
            "NXCLOUD_ACCESS_SECRET": fake.account.access_secret,
            "NXCLOUD_APP_KEY": fake.account.app_key,
            "NXCLOUD_TENANT_ID": str(fake.account.tenant_id),
            "NXCLOUD_OPEN_BASE_URL": server.url,
            "NXCLOUD_SAAS_BASE_URL": server.url,
        }
        env.pop("NO_COLOR", None)
        yield fake, env


def nxwa(env: dict[str, str], root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nxwa.cli", "templates", *args, "--dir", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def ok_writes(fake: FakeNxCloud, endpoint: str) -> int:
    return sum(1 for r in fake.requests_for(endpoint) if r.status == 200 and r.code == 0)


def test_pull_plan_edit_apply_create_prune(
    served: tuple[FakeNxCloud, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = served
    # Templates that exist already, made through each family's API.
    seed = write_project(
        tmp_path / "seed", [ORDER_READY, body("Old promo for you", name="promo_old")]
    )
    assert nxwa(env, seed, "apply").returncode == 0
    time.sleep(0.4)
    root = tmp_path / "repo"
    write_project(root, [], prune={"match": ["promo_*"]})
    for target in ("shop-hk", "shop-id"):
        pulled = nxwa(env, root, "pull", "--target", target)
        assert pulled.returncode == 0, pulled.stderr
    files = sorted(p.name for p in root.glob("*.yaml"))
    assert files == ["order_ready.yaml", "promo_old.yaml"]
    plan = nxwa(env, root, "plan")
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert "0 to create, 0 to update" in plan.stdout

    # Edit a body: exactly that update, then applied, then nothing.
    path = root / "order_ready.yaml"
    path.write_text(path.read_text().replace("Hi {{1}}, order", "Hello {{1}}, order"))
    plan = nxwa(env, root, "plan", "--out", str(tmp_path / "plan.json"))
    assert plan.returncode == 2, plan.stderr
    assert plan.stdout.count("~ update order_ready [en_US]") == 2
    assert '"Hi {{1}}, order {{2}} is ready" → "Hello {{1}}, order {{2}} is ready"' in plan.stdout
    assert "to create" in plan.stdout
    assert "1 to update" not in plan.stdout.splitlines()[-1][:0]
    applied = nxwa(
        env,
        root,
        "apply",
        "--plan",
        str(tmp_path / "plan.json"),
        "--report",
        str(tmp_path / "r.json"),
        "--junit",
        str(tmp_path / "j.xml"),
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["update"] == 2
    assert report["summary"]["done"] == len(report["items"])
    time.sleep(0.4)
    assert nxwa(env, root, "plan").returncode == 0

    # A new file: create. A removed file: delete only with --prune, only inside prune.match.
    (root / "promo_new.json").write_text(json.dumps(body("New promo for you", name="promo_new")))
    (root / "promo_old.yaml").unlink()
    (root / "order_ready.yaml").unlink()  # not in prune.match: never deleted
    plan = nxwa(env, root, "plan")
    assert plan.returncode == 2
    assert plan.stdout.count("+ create promo_new") == 2
    assert "- delete" not in plan.stdout
    assert "--prune deletes them" in plan.stdout
    assert nxwa(env, root, "apply").returncode == 0
    assert {t.name for t in fake.templates(CLOUD_PHONE)} >= {"promo_old", "promo_new"}
    pruned = nxwa(env, root, "plan", "--prune")
    assert pruned.returncode == 2
    assert pruned.stdout.count("- delete promo_old") == 2
    assert "order_ready" not in pruned.stdout.replace("order_ready (", "")
    assert nxwa(env, root, "apply", "--prune").returncode == 0
    for phone in (SAAS_PHONE, CLOUD_PHONE):
        assert sorted(t.name for t in fake.templates(phone)) == ["order_ready", "promo_new"]


def test_exit_statuses_and_one_line_errors(
    served: tuple[FakeNxCloud, dict[str, str]], tmp_path: Path
) -> None:
    _fake, env = served
    bad = {
        "name": "Bad Name",
        "category": "UTILITY",
        "languages": {
            "en_US": {"components": [{"type": "BODY", "text": "{{1}} starts with a variable"}]}
        },
    }
    root = write_project(tmp_path, [bad, body("x" * 1100, name="long_one")])
    validated = nxwa(env, root, "validate")
    assert validated.returncode == 1
    lines = validated.stdout.splitlines()
    assert any(
        line.startswith("t_Bad Name.json: en_US: name:") and "[R2]" in line for line in lines
    )
    assert any("languages.en_US.components[0].text" in line and "[R29]" in line for line in lines)
    assert any("t_long_one.json: en_US:" in line and "[R28]" in line for line in lines)
    plan = nxwa(env, root, "plan")
    assert plan.returncode == 1
    assert plan.stderr.count("\n") >= 1
    assert nxwa(env, root, "plan", "--no-such-flag").returncode == 1
    assert nxwa(env, root, "plan", "--shard", "5/4").returncode == 1
    good = write_project(tmp_path / "good", [body("An offer for you")])
    wrong = nxwa(env, good, "plan", "--targets", "nowhere")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("nxwa: --targets: nowhere")
    assert nxwa(env, good, "status").returncode == 3  # absent: not approved


def test_sigkill_at_random_points_converges_without_duplicates_or_second_edits(
    served: tuple[FakeNxCloud, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = served
    fake.latency = 0.02
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(12)]
    root = write_project(tmp_path, templates)
    rng = random.Random(15)
    command = [
        sys.executable,
        "-m",
        "nxwa.cli",
        "templates",
        "apply",
        "--dir",
        str(root),
        "--plain",
    ]
    for _ in range(10):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert final.returncode == 0, final.stdout + final.stderr
    for phone in (SAAS_PHONE, CLOUD_PHONE):
        keys = Counter((t.name, t.language) for t in fake.templates(phone))
        assert len(keys) == 12
        assert set(keys.values()) == {1}
    assert ok_writes(fake, "cloud_update_template") == ok_writes(fake, "saas_update_template") == 0
    # An edit after that: one edit per item on the server, however often the run dies.
    for template in templates:
        template["languages"]["en_US"]["components"][0]["text"] += " (edited)"
    write_project(root, templates)
    time.sleep(0.4)
    for _ in range(3):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.4, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert final.returncode == 0, final.stdout + final.stderr
    assert ok_writes(fake, "cloud_update_template") == 12
    assert ok_writes(fake, "saas_update_template") == 12


def test_ctrl_c_drains_and_exits_130(
    served: tuple[FakeNxCloud, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = served
    fake.latency = 0.2
    root = write_project(
        tmp_path, [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(40)]
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nxwa.cli",
            "templates",
            "apply",
            "--dir",
            str(root),
            "--plain",
            "--report",
            str(tmp_path / "r.json"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, out + err
    report: dict[str, Any] = json.loads((tmp_path / "r.json").read_text())
    done = [i for i in report["items"] if i["outcome"] == "done"]
    assert 0 < len(done) < 80
    assert len(fake.templates(CLOUD_PHONE)) + len(fake.templates(SAAS_PHONE)) == len(done)
