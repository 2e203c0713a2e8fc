"""Ingest on a Dask cluster: the datasets of a local run, whatever happens to the workers.

The tests that need a running scheduler share one LocalCluster of two worker processes,
configured as README says a scheduler and its workers are started for opfolg.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import dask
import pyarrow.parquet as pq
import pytest
from conftest import ALBERTSLUND, opfolg, sample_pdf
from distributed import LocalCluster
from test_bad_input import assert_failed, doc_id, documents
from test_parallel import comparable, files

import pipeline.cluster
import pipeline.ingest
from normalise.registry import Registry
from pipeline.cluster import ClusterError, DaskCluster, died_message
from pipeline.convert import ConvertTask, convert
from pipeline.ingest import Options, code_fingerprint, ingest
from pipeline.isolation import Limits
from pipeline.verify import verify

BAD = ("empty", "not_pdf", "encrypted_user", "broken_xref", "scanned_mixed")
MiB = 1024**2


def dying_convert(task):
    """convert, except that the Dask worker dies under a file named die-once (the first time it
    is converted) or die-always (every time), and a file named hang never finishes."""
    name = Path(task.source_path).name
    if name.startswith("die-once"):
        marker = Path(task.source_path + ".died")
        if not marker.exists():
            marker.touch()
            os.kill(os.getppid(), signal.SIGKILL)  # the Dask worker; this process dies with it
            time.sleep(60)
    if name.startswith("die-always"):
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(60)
    if name.startswith("hang"):
        time.sleep(600)
    return convert(task)


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster as `dask scheduler` and `dask worker` start it for opfolg (README), with
    one retry for a task whose worker died. The settings hold for as long as the cluster runs:
    its nannies read them again when they start a worker anew."""
    settings = {
        "distributed.worker.daemon": False,
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with (
        dask.config.set(settings),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
    ):
        yield cluster.scheduler_address


def inputs(directory: Path, names: dict[str, Path]) -> list[str]:
    """Copies of the files under their new names in ``directory``; each copy has bytes of its
    own, so that no two are one document."""
    directory.mkdir()
    for name, source in names.items():
        (directory / name).write_bytes(source.read_bytes() + f"\n%{name}\n".encode())
    return [str(directory / name) for name in names]


def small_samples() -> dict[str, Path]:
    return {f"{name}.pdf": sample_pdf(name) for name in ALBERTSLUND}


def assert_same_datasets(one: Path, other: Path) -> None:
    mine, theirs = files(one), files(other)
    assert sorted(mine) == sorted(theirs)
    assert sum(name.startswith("documents/") for name in mine) >= 4
    for name in mine:
        assert comparable(name, mine[name]) == comparable(name, theirs[name]), name


def test_local_cluster_gives_the_datasets_of_the_local_pool(bad_corpus, tmp_path):
    arguments = [str(sample_pdf(name)) for name in ALBERTSLUND]
    arguments += [str(bad_corpus[key]) for key in BAD]
    pool = ingest(arguments, tmp_path / "pool", Options(workers=2))
    cluster = ingest(arguments, tmp_path / "dask", Options(dask="local:2"))
    assert_same_datasets(tmp_path / "pool", tmp_path / "dask")
    statuses = sorted(d.status for d in cluster.documents)
    assert statuses == sorted(d.status for d in pool.documents)
    assert (statuses.count("failed"), statuses.count("partial"), statuses.count("ok")) == (3, 1, 5)
    assert cluster.cluster.startswith("Dask LocalCluster tcp://127.0.0.1:")
    assert cluster.cluster.endswith("2 worker(s), 2 thread(s)")
    assert pool.cluster is None
    (log,) = (tmp_path / "dask" / "logs").glob("*.log")
    assert cluster.cluster in log.read_text().splitlines()[0]
    # Only ingested_at may differ: one value per run, the run's start to the second.
    stamps = {r["ingested_at"] for r in pq.read_table(tmp_path / "dask" / "documents").to_pylist()}
    assert len(stamps) == 1


def test_a_worker_killed_mid_run_loses_nothing(scheduler, tmp_path, monkeypatch):
    names = small_samples() | {"die-once.pdf": sample_pdf(ALBERTSLUND[3])}
    arguments = inputs(tmp_path / "in", names)
    pool = tmp_path / "pool"
    ingest(arguments, pool, Options(workers=2))
    monkeypatch.setattr(pipeline.ingest, "convert", dying_convert)
    summary = ingest(arguments, tmp_path / "dask", Options(dask=scheduler))
    assert (tmp_path / "in" / "die-once.pdf.died").exists()  # a worker did die under it
    assert [d.status for d in summary.documents] == ["ok"] * len(names)
    assert_same_datasets(pool, tmp_path / "dask")
    assert verify(tmp_path / "dask").ok


def test_a_file_whose_worker_always_dies_fails_alone_after_the_retries(
    scheduler, tmp_path, monkeypatch
):
    names = small_samples() | {"die-always.pdf": sample_pdf(ALBERTSLUND[3])}
    arguments = inputs(tmp_path / "in", names)
    monkeypatch.setattr(pipeline.ingest, "convert", dying_convert)
    summary = ingest(arguments, tmp_path / "out", Options(dask=scheduler))
    rows = {row["file_name"]: row for row in documents(tmp_path / "out").values()}
    assert_failed(rows.pop("die-always.pdf"), died_message(1))
    assert [row["status"] for row in rows.values()] == ["ok"] * (len(names) - 1)
    assert len(summary.failed) == 1


def test_a_task_past_its_timeout_fails_only_its_document(scheduler, tmp_path, monkeypatch):
    names = small_samples() | {"hang.pdf": sample_pdf(ALBERTSLUND[3])}
    arguments = inputs(tmp_path / "in", names)
    monkeypatch.setattr(pipeline.ingest, "convert", dying_convert)
    summary = ingest(arguments, tmp_path / "out", Options(dask=scheduler, timeout=6))
    rows = {row["file_name"]: row for row in documents(tmp_path / "out").values()}
    assert_failed(rows.pop("hang.pdf"), "timed out after 6 s (--timeout)")
    assert [row["status"] for row in rows.values()] == ["ok"] * (len(names) - 1)
    assert summary.cluster.startswith(f"Dask scheduler {scheduler}")


def test_a_file_over_the_size_limit_fails_with_one_line(scheduler, tmp_path, monkeypatch):
    small = sample_pdf(ALBERTSLUND[3])
    large = tmp_path / "large.pdf"  # what follows %%EOF is never read: it fails before that
    large.write_bytes(small.read_bytes() + b"%" * (3 * MiB // 2))
    monkeypatch.setattr(pipeline.cluster.defaults, "DASK_MAX_FILE", MiB)
    ingest([str(small), str(large)], tmp_path / "out", Options(dask=scheduler))
    rows = {row["file_name"]: row for row in documents(tmp_path / "out").values()}
    assert rows[small.name]["status"] == "ok"
    assert_failed(rows[large.name], "2 MB, more than the 1 MB", "convert it without --dask")


def registry_aliases(task: ConvertTask) -> list[str]:
    """What the conversion's registry holds of the run's overrides."""
    overrides = Path(task.overrides) if task.overrides else None
    return [override.raw for override in Registry.load(overrides).overrides()]


@pytest.mark.parametrize(
    "name, text",
    [
        ("aliases.csv", "municipality,raw,id\nballerup,Sundhedsudvalget,{id}\n"),
        ("aliases.json", '{{"ballerup": {{"Sundhedsudvalget": "{id}"}}}}'),
    ],
)
def test_the_overrides_file_reaches_the_workers(scheduler, tmp_path, name, text):
    overrides = tmp_path / name
    overrides.write_text(text.format(id="ballerup.social-og-sundhedsudvalget"), encoding="utf-8")
    pdf = sample_pdf(ALBERTSLUND[2])
    task = ConvertTask(
        str(pdf),
        str(pdf),
        pdf.name,
        doc_id(pdf),
        datetime.now(UTC),
        "pdfium",
        None,
        10,
        str(overrides),
    )
    with DaskCluster.connect(scheduler, same_fingerprint) as cluster:
        (outcome,) = cluster.run(registry_aliases, [("only", task)], Limits(timeout=60))
    assert outcome.ok, outcome.error
    assert outcome.value == ["Sundhedsudvalget"] == registry_aliases(task)


def test_a_scheduler_lost_mid_run_stops_the_run_and_what_was_written_stays(tmp_path):
    arguments = inputs(tmp_path / "in", small_samples())
    cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=":0")
    out = tmp_path / "out"

    def lose_the_scheduler(done: int, total: int, name: str) -> None:
        if done == 1:
            cluster.close()

    try:
        with pytest.raises(ClusterError, match="lost the Dask scheduler at"):
            ingest(arguments, out, Options(dask=cluster.scheduler_address), lose_the_scheduler)
    finally:
        cluster.close()
    assert verify(out).ok
    written = documents(out)
    assert 1 <= len(written) < len(arguments)
    again = ingest(arguments, out, Options(workers=2))
    assert sorted(d.action for d in again.documents).count("skip") == len(written)
    assert len(documents(out)) == len(arguments)


def test_workers_with_other_code_are_refused_before_anything_is_written(tmp_path):
    # In a cluster of threads, a fingerprint that tells the main thread from the others stands
    # for a worker installed with other code.
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        with pytest.raises(ClusterError, match="runs other conversion code than this client"):
            DaskCluster.connect(cluster.scheduler_address, main_thread_fingerprint)
        with DaskCluster.connect(cluster.scheduler_address, same_fingerprint) as connected:
            assert connected.description.endswith("1 worker(s), 1 thread(s)")


def main_thread_fingerprint() -> str:
    import threading

    return str(threading.current_thread() is threading.main_thread())


def same_fingerprint() -> str:
    return code_fingerprint("pdfium")


def test_daemonic_workers_are_refused_with_the_setting_to_change():
    with (
        dask.config.set({"distributed.worker.daemon": True}),  # Dask's default
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
    ):
        with pytest.raises(ClusterError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"):
            DaskCluster.connect(cluster.scheduler_address, same_fingerprint)


# ------------------------------------------------------------ the command line


def test_cli_names_the_cluster_in_the_summary_and_the_json(scheduler, tmp_path):
    pdf = sample_pdf(ALBERTSLUND[3])
    result = opfolg("ingest", str(pdf), "--out", str(tmp_path / "out"), "--dask", scheduler)
    assert result.returncode == 0, result.stderr
    assert f"converted on: Dask scheduler {scheduler}" in result.stdout
    shutil.rmtree(tmp_path / "out")
    result = opfolg(
        "ingest", str(pdf), "--out", str(tmp_path / "out"), "--dask", scheduler, "--json"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["cluster"].startswith(f"Dask scheduler {scheduler}")
    assert [d["status"] for d in summary["documents"]] == ["ok"]


def test_cli_an_unreachable_scheduler_is_exit_2_and_out_untouched(tmp_path, monkeypatch):
    with socket.socket() as closed:  # a port that nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "1s")
    out = tmp_path / "out"
    pdf = str(sample_pdf(ALBERTSLUND[3]))
    result = opfolg("ingest", pdf, "--out", str(out), "--dask", f"tcp://127.0.0.1:{port}")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"opfolg: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"
    ), result.stderr
    assert not out.exists()


@pytest.mark.parametrize("address", ["local:0", "local:two", "127.0.0.1:8786"])
def test_cli_a_bad_address_is_a_usage_error(address, tmp_path):
    result = opfolg("ingest", "samples", "--out", str(tmp_path / "out"), "--dask", address)
    assert result.returncode == 2
    assert "opfolg: error: argument --dask: not a" in result.stderr
    assert not (tmp_path / "out").exists()
