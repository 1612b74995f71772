"""The configuration file: validated, and every error names what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from ats_pipeline.config import DEFAULT_CONFIG, ConfigError, load_config, parse_config, secret_from_env


def _config(**connection: object) -> dict:
    return {"connections": [{"name": "gh", "vendor": "greenhouse", "options": {"sandbox": True}, **connection}]}


def test_default_config_targets_the_sandbox() -> None:
    config = load_config(DEFAULT_CONFIG)
    assert [c.name for c in config.connections] == ["greenhouse", "lever", "ashby", "workable"]
    assert all(c.uses_sandbox for c in config.connections)
    assert config.connections[0].dataset == "raw_greenhouse"
    assert config.connections[0].restricted_dataset == "raw_greenhouse_restricted"


def test_unknown_top_level_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"warehous: unknown key"):
        parse_config({**_config(), "warehous": {}})


def test_unknown_option_names_the_connection_and_key() -> None:
    with pytest.raises(ConfigError, match=r"connection 'gh': options.per_pgae: unknown key"):
        parse_config(_config(options={"sandbox": True, "per_pgae": 10}))


def test_bad_value_is_named() -> None:
    with pytest.raises(ConfigError, match=r"connection 'gh': options.per_page: .*less than or equal to 500"):
        parse_config(_config(options={"per_page": 900}))


def test_unknown_vendor_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown vendor 'taleo'; expected one of: .*greenhouse"):
        parse_config(_config(vendor="taleo"))


def test_duplicate_connection_names() -> None:
    raw = {"connections": [_config()["connections"][0], _config()["connections"][0]]}
    with pytest.raises(ConfigError, match="repeated: gh"):
        parse_config(raw)


def test_secret_value_in_an_env_option_is_refused() -> None:
    with pytest.raises(ConfigError, match="client_secret_env must be an environment variable name"):
        parse_config(_config(options={"client_secret_env": "s3cr3t-value!"}))


def test_missing_secret_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATS_TEST_SECRET", raising=False)
    with pytest.raises(ConfigError, match="connection 'gh': environment variable ATS_TEST_SECRET"):
        secret_from_env("gh", "client_secret_env", "ATS_TEST_SECRET")
    monkeypatch.setenv("ATS_TEST_SECRET", "value")
    assert secret_from_env("gh", "client_secret_env", "ATS_TEST_SECRET") == "value"


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("connections: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_relative_paths_resolve_next_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cfg.yaml"
    path.write_text("warehouse: {path: wh/w.duckdb}\nconnections: [{name: gh, vendor: greenhouse}]\n")
    config = load_config(path)
    assert config.warehouse_path == (tmp_path / "wh" / "w.duckdb").resolve()


@pytest.mark.parametrize(
    ("warehouse", "limit"),
    [
        ({}, "64MB"),  # lists load in slices: each merge is bounded
        ({"load_slice_records": None}, "256MB"),  # one package per sync needs room
        ({"load_slice_records": None, "load_memory_limit": "1GB"}, "1GB"),
        ({"load_memory_limit": "96MB"}, "96MB"),
    ],
)
def test_the_loader_memory_cap_follows_slicing_unless_set(tmp_path: Path, warehouse: dict, limit: str) -> None:
    from ats_pipeline.sync import pipeline_for
    from ats_pipeline_tests.conftest import make_config

    config = make_config(tmp_path, warehouse=warehouse)
    credentials = pipeline_for(config, "raw_x").destination_client().config.credentials
    assert config.warehouse.loader_memory == limit
    assert credentials.global_config["memory_limit"] == limit


def test_a_bad_memory_cap_is_named() -> None:
    with pytest.raises(ConfigError, match="load_memory_limit"):
        parse_config({"warehouse": {"load_memory_limit": "lots"}, "connections": []}, source="test")
